package store

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"sverka"
)

// TestSearchCacheFollowsWrites: the passages a query found are kept, and
// served again only while nothing a search reads has changed: a document
// added, a correction accepted, a date or a document's visibility changed,
// a document in the trash are each seen by the next search; a note
// written keeps them (the stamp stays) and is found all the same. Signed-in
// and anonymous searches never share what they found.
func TestSearchCacheFollowsWrites(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	createDocuments(t, db,
		pairDocument("a", "1950-01-01", true, [2]string{"Граница закрыта.", "The border is closed."}, [2]string{"Мост взорван.", "The bridge is blown."}),
		pairDocument("b", "1951-01-01", true, [2]string{"Граница открыта.", "The border is open."}),
		pairDocument("secret", "1952-01-01", false, [2]string{"Граница на замке.", "The border is shut."}),
	)
	byDate := SearchQuery{Text: "граница", Sort: "date", Limit: 20}
	check := func(step string, q SearchQuery, want ...string) {
		t.Helper()
		got, _ := found(t, db, q)
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", step, got, want)
		}
		again, _ := found(t, db, q)
		if !slices.Equal(again, want) {
			t.Errorf("%s, searched again: got %v, want %v", step, again, want)
		}
	}
	stamp := func() int64 {
		t.Helper()
		var n int64
		if err := db.reader.QueryRowContext(ctx, `SELECT n FROM search_stamp`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	check("signed in", SearchQuery{Text: "граница", Sort: "date", Viewer: &sverka.User{ID: u.ID}}, "a/ru/1", "b/ru/1", "secret/ru/1")
	check("anonymous", byDate, "a/ru/1", "b/ru/1")
	if f, ok := db.founds.Get(foundKeyOf(byDate)); !ok || f.stamp != stamp() {
		t.Fatalf("the anonymous search was not kept at the current stamp: %+v, %v", f, ok)
	}

	before := stamp()
	note := &sverka.Annotation{DocumentID: "b", Motivation: sverka.MotivationNote, Body: "Which граница?", CreatorID: u.ID,
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "открыта"}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	if stamp() != before {
		t.Errorf("a note moved the search stamp from %d to %d", before, stamp())
	}
	if _, res := found(t, db, byDate); len(res.Notes) != 1 || res.Notes[0].AnnotationID != note.ID {
		t.Errorf("a note written after the passages were kept: got notes %+v, want it", res.Notes)
	}

	createDocuments(t, db, pairDocument("c", "1949-01-01", true, [2]string{"Граница рядом.", "The border is near."}))
	check("a document added", byDate, "c/ru/1", "a/ru/1", "b/ru/1")

	c := &sverka.Annotation{DocumentID: "a", Motivation: sverka.MotivationCorrection, Body: "Граница", CreatorID: u.ID,
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Мост"}}
	if err := db.CreateAnnotation(ctx, c); err != nil {
		t.Fatal(err)
	}
	check("a correction proposed", byDate, "c/ru/1", "a/ru/1", "b/ru/1")
	if _, err := db.ReviewCorrection(ctx, c.ID, sverka.StatusAccepted, c.Version, u.ID); err != nil {
		t.Fatal(err)
	}
	check("a correction accepted", byDate, "c/ru/1", "a/ru/1", "a/ru/2", "b/ru/1")

	date := "1948-06-01"
	if _, err := db.UpdateDocumentMetadata(ctx, "b", 0, DocumentMetadata{Date: &date}, u.ID); err != nil {
		t.Fatal(err)
	}
	check("a date changed", byDate, "b/ru/1", "c/ru/1", "a/ru/1", "a/ru/2")

	private := false
	if _, err := db.UpdateDocumentMetadata(ctx, "a", 0, DocumentMetadata{Public: &private}, u.ID); err != nil {
		t.Fatal(err)
	}
	check("a document made private", byDate, "b/ru/1", "c/ru/1")

	if err := db.TrashDocument(ctx, "c", u.ID); err != nil {
		t.Fatal(err)
	}
	check("a document in the trash", byDate, "b/ru/1")
}

// TestSearchCacheBudget: found passages are kept within the budget, and a
// budget too small for one query keeps none and still finds the same.
func TestSearchCacheBudget(t *testing.T) {
	db := openTest(t, WithSearchCacheBytes(1))
	q := SearchQuery{Text: "война", Limit: 20}
	first, _ := found(t, db, q)
	again, _ := found(t, db, q)
	if len(first) == 0 || !slices.Equal(first, again) {
		t.Errorf("got %v, then %v; want the same hits twice", first, again)
	}
	if _, ok := db.founds.Get(foundKeyOf(q)); ok {
		t.Error("a cache of 1 byte kept a query's passages")
	}
}

// TestIndexWritesMoveSearchStamp: adding passages to the index and taking
// them out each move the search stamp, whichever write does it (a
// document's own, or the background indexer's long after the write that
// queued it, which moved the stamp before its passages were there).
func TestIndexWritesMoveSearchStamp(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var baseText int64
	if err := db.reader.QueryRowContext(ctx, `SELECT id FROM base_texts WHERE document_id = '117313' AND lang = 'ru'`).Scan(&baseText); err != nil {
		t.Fatal(err)
	}
	stampAfter := func(step string, fn func(tx *sql.Tx, seq, next int64) error) {
		t.Helper()
		var before, after int64
		err := db.write(ctx, func(tx *sql.Tx) error {
			var err error
			if before, err = searchStamp(ctx, tx); err != nil {
				return err
			}
			seq, next, err := documentSeq(ctx, tx, "117313")
			if err != nil {
				return err
			}
			if err := fn(tx, seq, next); err != nil {
				return err
			}
			after, err = searchStamp(ctx, tx)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if after == before {
			t.Errorf("%s left the search stamp at %d", step, before)
		}
	}
	stampAfter("writing a passage", func(tx *sql.Tx, seq, next int64) error {
		return db.writePassages(ctx, tx, seq, next, []indexPassage{{baseTextID: baseText, start: 0, end: 5, lang: "ru", keys: "проба", meta: "pub"}})
	})
	stampAfter("clearing passages", func(tx *sql.Tx, seq, _ int64) error {
		_, err := db.clearPassages(ctx, tx, seq, 1)
		return err
	})
}
