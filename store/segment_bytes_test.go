package store

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"sverka/internal/pgtest"
)

// TestSegmentBytes: every segment knows where it lies in the bytes of its
// base text, stored with it by an import and by an alignment edit, and
// filled in by the background indexer for segments stored without (a
// database from before migration 000035); a page of hits is the same
// whether its passages are cut out by bytes or by code points.
func TestSegmentBytes(t *testing.T) {
	if pgtest.On() {
		t.Skip("PostgreSQL cuts passages by code points")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sverka.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	createDocuments(t, db, pairDocument("bytes", "1950-01-01", true,
		[2]string{"Ёж 𝔸 шёл домой.", "The hedgehog 𝔸 went home."},
		[2]string{"Кот пришёл с е\u0301жиком 😀.", "A cat came with a hedgehog 😀."},
	), pairDocument("other", "1950-01-02", true,
		[2]string{"Другой 😀 ёж пришёл.", "Another 😀 hedgehog came."},
	))
	d, err := db.FindDocumentByID(ctx, "bytes")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SplitSentence(ctx, AlignmentEdit{DocumentID: "bytes", Revision: d.Revision}, "ru", 0, 5); err != nil {
		t.Fatal(err)
	}
	if err := db.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	checkSegmentBytes(t, db, 7)
	queries := []string{"ёж", "hedgehog", "кот", "пришёл", "𝔸", "ежиком"}
	search := func() [][]SearchHit {
		t.Helper()
		db.baseTexts = newTextCache(1) // nothing cached: every passage is cut by SQL
		var out [][]SearchHit
		for _, q := range queries {
			res, err := db.Search(ctx, SearchQuery{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, res.Hits)
		}
		return out
	}
	byBytes := search()
	if len(byBytes[0]) < 2 || byBytes[0][0].Text == "" {
		t.Fatalf("ёж: got %+v, want hits with text", byBytes[0])
	}
	if _, err := db.writer.ExecContext(ctx, `UPDATE segments SET start_byte = NULL, end_byte = NULL`); err != nil {
		t.Fatal(err)
	}
	if byCodePoints := search(); !reflect.DeepEqual(byCodePoints, byBytes) {
		t.Errorf("cut by code points %+v, by bytes %+v", byCodePoints, byBytes)
	}
	// Opened again, as a database from before the bytes were stored.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; {
		left, err := segmentsWithoutBytes(ctx, db.reader)
		if err != nil {
			t.Fatal(err)
		}
		if !left {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the indexer did not fill in the segments' bytes")
		}
		time.Sleep(20 * time.Millisecond)
	}
	checkSegmentBytes(t, db, 7)
	if filled := search(); !reflect.DeepEqual(filled, byBytes) {
		t.Errorf("cut by bytes filled in %+v, stored with the segments %+v", filled, byBytes)
	}
}

// checkSegmentBytes checks that each of the n segments of db's texts has
// the bytes of its code points.
func checkSegmentBytes(t *testing.T, db *DB, n int) {
	t.Helper()
	rows, err := db.reader.Query(`
		SELECT s.start_offset, s.end_offset, coalesce(s.start_byte, -1), coalesce(s.end_byte, -1), b.text
		FROM segments s JOIN base_texts b ON b.id = s.base_text_id WHERE b.document_id IN ('bytes', 'other')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var start, end, startByte, endByte int
		var text string
		if err := rows.Scan(&start, &end, &startByte, &endByte, &text); err != nil {
			t.Fatal(err)
		}
		seen++
		want := string([]rune(text)[start:end])
		if startByte < 0 || endByte < startByte || endByte > len(text) || text[startByte:endByte] != want {
			t.Errorf("segment [%d, %d) of %q: bytes [%d, %d), want %q", start, end, text, startByte, endByte, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != n {
		t.Errorf("%d segments, want %d", seen, n)
	}
}
