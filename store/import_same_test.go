package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"sverka"
	"sverka/internal/pgtest"
)

// TestImportStoresWhatOneWriteADocumentStores: archives imported in
// transactions bounded by time (several small documents to one, a large
// one alone with its word forms and passages after it, in chunks) leave
// every table and every entry of the full-text index as storing and
// indexing each in one write does.
func TestImportStoresWhatOneWriteADocumentStores(t *testing.T) {
	pgtest.SkipOn(t)
	ctx := context.Background()
	// Documents of 3,000 sentences between small ones, so that a
	// transaction cannot take them whole.
	var archives []*sverka.Archive
	for i, a := range longArchives(9, 40, 12) {
		if i%3 == 1 {
			a = longArchives(1, 1500, 10)[0]
			a.Document.ID = fmt.Sprintf("large-%d", i)
		}
		archives = append(archives, a)
	}
	_, bulk := openServerAndBulk(t)
	var list []*Prepared
	for _, a := range archives {
		list = append(list, bulk.PrepareImport(ctx, a))
	}
	if _, errs := bulk.ImportPrepared(ctx, list, false); slices.ContainsFunc(errs, func(err error) bool { return err != nil }) {
		t.Fatal(errs)
	}
	one := openTest(t)
	for _, a := range archives {
		p := one.PrepareImport(ctx, &sverka.Archive{Document: a.Document})
		var users []string
		if err := one.write(ctx, func(tx *sql.Tx) error { return one.importOne(ctx, tx, p, true, &users) }); err != nil {
			t.Fatal(err)
		}
	}
	for _, db := range []*DB{bulk, one} {
		if err := db.WaitIndexed(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got, want := indexDump(t, bulk), indexDump(t, one)
	for name := range want {
		if !slices.Equal(got[name], want[name]) {
			t.Errorf("%s: %d rows imported in timed transactions, %d a document a write; first difference %s", name, len(got[name]), len(want[name]), firstDifference(got[name], want[name]))
		}
	}
	if n := len(want["passage_keys"]); n < 30000 {
		t.Errorf("the full-text index has %d entries, want the documents' words", n)
	}
}

// indexDump reads the tables an import writes, and the entries of the
// full-text index, each row as a string, with the row ids of passages
// given as document, language, offsets and number within the document.
func indexDump(t *testing.T, db *DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	conn, err := db.writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE VIRTUAL TABLE IF NOT EXISTS temp.passage_vocab USING fts5vocab(main, passage_keys, instance)`); err != nil {
		t.Fatal(err)
	}
	const passage = `search_passages p JOIN base_texts b ON b.id = p.base_text_id`
	queries := map[string]string{
		"documents":        `SELECT id, title, date, revision, public, raw_source, created_at FROM documents ORDER BY id`,
		"base_texts":       `SELECT document_id, lang, role, text FROM base_texts ORDER BY 1, 2`,
		"segments":         `SELECT b.document_id, b.lang, s.start_offset, s.end_offset, l.position FROM segments s JOIN base_texts b ON b.id = s.base_text_id JOIN links l ON l.id = s.link_id ORDER BY 1, 2, 3`,
		"links":            `SELECT document_id, position, status FROM links ORDER BY 1, 2`,
		"search_documents": `SELECT document_id, revision, next FROM search_documents ORDER BY 1`,
		"search_forms":     `SELECT form, keys, shape, sound FROM search_forms ORDER BY form`,
		"search_passages":  `SELECT b.document_id, b.lang, p.start_offset, p.end_offset, p.id & 4294967295 FROM ` + passage + ` ORDER BY 1, 2, 3, 5`,
		"passage_keys":     `SELECT b.document_id, b.lang, p.start_offset, v.term, v.col, v.offset FROM temp.passage_vocab v JOIN search_passages p ON p.id = v.doc JOIN base_texts b ON b.id = p.base_text_id ORDER BY 1, 2, 3, 5, 6`,
		"queues":           `SELECT (SELECT count(*) FROM search_queue), (SELECT count(*) FROM search_note_queue)`,
	}
	out := map[string][]string{}
	for name, q := range queries {
		rows, err := conn.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = scanStrings(t, rows)
	}
	return out
}

// scanStrings reads every row as the values of its columns.
func scanStrings(t *testing.T, rows *sql.Rows) []string {
	t.Helper()
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%v", values))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func firstDifference(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("at %d: %s vs %s", i, a[i], b[i])
		}
	}
	return "in length"
}
