package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"sverka"
	"sverka/internal/pgtest"
)

// TestSearchIndexFollowsWrites: what a write changes is searchable when the
// write returns (a small document), or after the background indexer caught
// up (a large one), meanwhile the search says how far indexing is; a
// replaced document's old words are gone and other documents keep their
// index rows.
func TestSearchIndexFollowsWrites(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	createDocuments(t, db, pairDocument("small", "1950-01-01", true, [2]string{"Снег выпал рано.", "Snow fell early."}))
	if got, _ := found(t, db, SearchQuery{Text: "снег"}); !slices.Equal(got, []string{"small/ru/1"}) {
		t.Fatalf("right after the import: got %v, want small/ru/1", got)
	}
	rowsOf := func(id string) int {
		t.Helper()
		var n int
		err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM search_passages m JOIN search_documents d
			ON m.id BETWEEN d.seq << 32 AND (d.seq << 32) + 4294967295 WHERE d.document_id = ?`, id).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	seedRows := rowsOf("117313")
	replaced := pairDocument("small", "1950-01-01", true, [2]string{"Дождь шёл весь день.", "Rain fell all day."}, [2]string{"Потом снова.", "Then again."})
	if err := db.ImportDocument(ctx, &sverka.Archive{Document: replaced}, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := found(t, db, SearchQuery{Text: "снег"}); len(got) != 0 {
		t.Errorf("the replaced text: got %v, want nothing", got)
	}
	// The new first link holds other words than link 1 did: it gets a new
	// number, 2, since a number is never given to other words.
	if got, _ := found(t, db, SearchQuery{Text: "дождь"}); !slices.Equal(got, []string{"small/ru/2"}) {
		t.Errorf("the new text: got %v, want small/ru/2", got)
	}
	if n := rowsOf("small"); n != 4 {
		t.Errorf("got %d index rows for the replaced document, want its 4 passages", n)
	}
	if n := rowsOf("117313"); n != seedRows {
		t.Errorf("the letter's index rows went from %d to %d", seedRows, n)
	}

	// A document larger than a write indexes itself: the indexer takes it
	// in the background, in chunks, and a search says so meanwhile.
	var pairs [][2]string
	for i := range inlineBudget {
		pairs = append(pairs, [2]string{fmt.Sprintf("Верста %d пройдена.", i), fmt.Sprintf("Mile %d done.", i)})
	}
	createDocuments(t, db, pairDocument("long", "1950-02-01", true, pairs...))
	_, res := found(t, db, SearchQuery{Text: "верста"})
	if res.Indexing != nil && (res.Indexing.Indexed >= res.Indexing.Documents || res.Indexing.Ready) {
		t.Errorf("while indexing: got %+v", res.Indexing)
	}
	if err := db.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	_, res = found(t, db, SearchQuery{Text: "верста", Limit: 10})
	if res.Total != inlineBudget || res.Indexing != nil {
		t.Errorf("after indexing: got total %d, indexing %+v; want %d and done", res.Total, res.Indexing, inlineBudget)
	}
	if n := rowsOf("long"); n != 2*inlineBudget {
		t.Errorf("got %d index rows, want %d", n, 2*inlineBudget)
	}
}

// TestSearchCommonWordPages: a word in more passages than are ranked at
// once pages through every one of them exactly once.
func TestSearchCommonWordPages(t *testing.T) {
	db := openTest(t)
	var pairs [][2]string
	for i := range rankAll + 300 {
		pairs = append(pairs, [2]string{fmt.Sprintf("Пункт %d.", i), fmt.Sprintf("Item %d of the list%s.", i, strings.Repeat(" list", i%5))})
	}
	createDocuments(t, db, pairDocument("list", "1950-01-01", true, pairs...))
	if err := db.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for offset := 0; ; offset += 190 {
		got, res := found(t, db, SearchQuery{Text: "list", Limit: 190, Offset: offset})
		for _, g := range got {
			if seen[g] {
				t.Fatalf("offset %d: %s again", offset, g)
			}
			seen[g] = true
		}
		if res.Total != rankAll+300 {
			t.Fatalf("got total %d, want %d", res.Total, rankAll+300)
		}
		if !res.More {
			break
		}
	}
	if len(seen) != rankAll+300 {
		t.Errorf("got %d distinct hits over all pages, want %d", len(seen), rankAll+300)
	}
}

// TestOtherKeysReindexEverything: an index built with other keys (before
// a dictionary was installed, say) is queued again whole, on either
// engine, its forms are keyed again, and the index then names the keys it
// is built with.
func TestOtherKeysReindexEverything(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	createDocuments(t, db, pairDocument("small", "1950-01-01", true, [2]string{"Снегопад начался рано.", "Snowfall began early."}))
	// The other keys keyed снегопад as the new keys key the English "other".
	res, err := db.writer.ExecContext(ctx, `UPDATE search_forms SET keys = 'other' WHERE form = 'снегопад'`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("the form снегопад is in search_forms %d times, want once", n)
	}
	if _, err := db.writer.ExecContext(ctx, `UPDATE search_keyer SET name = 'other keys'`); err != nil {
		t.Fatal(err)
	}
	keyer := sharedKeyer()
	if err := db.useKeyer(ctx, keyer); err != nil {
		t.Fatalf("queue the index again for new keys: %v", err)
	}
	if err := db.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := found(t, db, SearchQuery{Text: "снегоп*"}); !slices.Equal(got, []string{"small/ru/1"}) {
		t.Errorf("a prefix after the index was built again: got %v, want small/ru/1", got)
	}
	var name string
	if err := db.reader.QueryRowContext(ctx, `SELECT name FROM search_keyer`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	if name != keyer.Name() {
		t.Errorf("the index names its keys %q, want %q", name, keyer.Name())
	}
}

// TestSearchCommonWordArchiveOrder: a word in more passages than are
// ranked at once, spread over more documents than are read at a time,
// lists its hits in archive order (by document id) or by date, every one
// once, though documents were indexed in another order.
func TestSearchCommonWordArchiveOrder(t *testing.T) {
	db := openTest(t)
	const docs, per = 24, 90
	dates := map[string]string{}
	for _, i := range rand.New(rand.NewPCG(10, 10)).Perm(docs) {
		var pairs [][2]string
		for j := range per {
			pairs = append(pairs, [2]string{fmt.Sprintf("Пункт %d.", j), fmt.Sprintf("Item %d of the list.", j)})
		}
		id := fmt.Sprintf("d%02d", i)
		dates[id] = fmt.Sprintf("1950-01-%02d", 1+(i*7)%10) // some documents share a date
		createDocuments(t, db, pairDocument(id, dates[id], true, pairs...))
	}
	if err := db.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, sort := range []string{"", "date"} {
		var got []SearchHit
		for offset := 0; ; offset += 170 {
			res, err := db.Search(context.Background(), SearchQuery{Text: "list", Sort: sort, Limit: 170, Offset: offset})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, res.Hits...)
			if !res.More {
				break
			}
		}
		if len(got) != docs*per {
			t.Fatalf("sort %q: got %d hits, want %d", sort, len(got), docs*per)
		}
		key := func(h SearchHit) string {
			if sort == "date" {
				return fmt.Sprintf("%s %s %06d", dates[h.DocumentID], h.DocumentID, h.Start)
			}
			return fmt.Sprintf("%s %06d", h.DocumentID, h.Start)
		}
		for i := 1; i < len(got); i++ {
			if key(got[i-1]) >= key(got[i]) {
				t.Fatalf("sort %q: hit %d (%s) after %s", sort, i, key(got[i]), key(got[i-1]))
			}
		}
	}
}

// TestFormsOfARolledBackWrite: a word form written by a transaction that
// rolls back is not in search_forms, so the next transaction to use it
// must write it again rather than take it for written.
func TestFormsOfARolledBackWrite(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	form := indexForm{form: "плацдарм", keys: "плацдарм", shape: "плацдарм", sound: "плцдрм"}
	failed := fmt.Errorf("the rest of the write failed")
	err := db.writeIndex(ctx, func(tx *sql.Tx) error {
		if err := db.writeForms(ctx, tx, []indexForm{form}); err != nil {
			return err
		}
		return failed
	})
	if err != failed {
		t.Fatalf("rolled-back write: got %v, want %v", err, failed)
	}
	if err := db.writeIndex(ctx, func(tx *sql.Tx) error { return db.writeForms(ctx, tx, []indexForm{form}) }); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM search_forms WHERE form = ?`, form.form).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("search_forms has %q %d times after a rolled-back and a committed write, want once", form.form, n)
	}
}

// TestTwoOpeningsKeepEveryForm: a server and a command-line import that
// open a new database at the same moment both find its index keyed by no
// keys yet; the one that switches second (the import, which gives way to
// the server's writes) must not empty search_forms under the forms the
// server has written meanwhile: a process writes a form once, and would
// never write it again.
func TestTwoOpeningsKeepEveryForm(t *testing.T) {
	pgtest.SkipOn(t) // two openings of one SQLite file
	ctx := context.Background()
	for range 20 {
		server, bulk := openServerAndBulk(t)
		var list []*Prepared
		want := map[string]bool{}
		for _, a := range longArchives(4, 30, 8) {
			p := server.PrepareImport(ctx, a)
			for _, f := range p.index.forms {
				want[f.form] = true
			}
			list = append(list, p)
		}
		if _, errs := server.ImportPrepared(ctx, list, false); slices.ContainsFunc(errs, func(err error) bool { return err != nil }) {
			t.Fatal(errs)
		}
		for _, db := range []*DB{server, bulk} {
			if err := db.WaitIndexed(ctx); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := bulk.reader.QueryContext(ctx, `SELECT form FROM search_forms`)
		if err != nil {
			t.Fatal(err)
		}
		for _, form := range scanStrings(t, rows) {
			delete(want, strings.Trim(form, "[]"))
		}
		if len(want) > 0 {
			t.Fatalf("%d of the documents' forms are not in search_forms after the import, %v among them", len(want), slices.Collect(maps.Keys(want))[:1])
		}
	}
}

// TestFormsOfConcurrentWrites: the writer connection goes to the next
// write transaction as one commits, before the committed one has settled
// its forms; a form the next wrote and then rolled back is not remembered
// as written.
func TestFormsOfConcurrentWrites(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	begin := func() *sql.Tx {
		tx, err := db.writer.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	form := func(tx *sql.Tx, f string) {
		if err := db.writeForms(ctx, tx, []indexForm{{form: f, keys: f}}); err != nil {
			t.Fatal(err)
		}
	}
	committed := begin()
	form(committed, "переправа")
	if err := committed.Commit(); err != nil {
		t.Fatal(err)
	}
	next := begin()
	form(next, "плацдарм")
	db.settleForms(committed, true)
	if err := next.Rollback(); err != nil {
		t.Fatal(err)
	}
	db.settleForms(next, false)
	if !db.search.forms["переправа"] || db.search.forms["плацдарм"] {
		t.Errorf("remembered as written: переправа %v (committed), плацдарм %v (rolled back)", db.search.forms["переправа"], db.search.forms["плацдарм"])
	}
}
