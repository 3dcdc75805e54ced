package store

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestFindDocumentToRead reads the letter as the reading view does: all of
// it but the raw source and the derivation, which it never shows.
func TestFindDocumentToRead(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	whole, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	read, err := db.FindDocumentToRead(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	if whole.RawSource == "" || read.RawSource != "" {
		t.Fatalf("raw source: %d bytes read whole, %d to read; want some, then none", len(whole.RawSource), len(read.RawSource))
	}
	read.RawSource = whole.RawSource
	for i := range read.Texts {
		if len(whole.Texts[i].Steps) == 0 || len(read.Texts[i].Steps) != 0 {
			t.Fatalf("%s derivation: %d steps read whole, %d to read; want some, then none", whole.Texts[i].Lang, len(whole.Texts[i].Steps), len(read.Texts[i].Steps))
		}
		read.Texts[i].Steps = whole.Texts[i].Steps
	}
	if !reflect.DeepEqual(read, whole) {
		t.Error("the document read to read differs from the whole document beyond its raw source and derivation")
	}
}

// TestTextCutter cuts random ranges, in order of their starts as segments
// come, out of texts of one- to four-byte code points, and compares them
// with slices of the text's code points.
func TestTextCutter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aZ ёЖ—€𝄞\n")
	for range 200 {
		runes := make([]rune, rng.IntN(300))
		for i := range runes {
			runes[i] = alphabet[rng.IntN(len(alphabet))]
		}
		cut := textCutter{text: string(runes)}
		start := -1
		for range 20 {
			start += rng.IntN(20) - 3 // now and then back: the cutter starts over
			end := start + rng.IntN(30) - 3
			want := ""
			if start >= 0 && end >= start && end <= len(runes) {
				want = string(runes[start:end])
			}
			if got := cut.slice(start, end); got != want {
				t.Fatalf("%q [%d,%d): got %q, want %q", string(runes), start, end, got, want)
			}
		}
	}
}

// TestSegmentsOfOneStartInOrder: segments that begin at one offset (an
// empty segment beside another) are read in the order of their ends, then
// of their ids, in the text and in each link's list, whatever order they
// were stored in; each link lists the segments whose link it is.
func TestSegmentsOfOneStartInOrder(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	// Empty segments stored after the others, at the starts of the first
	// three segments of the original: each goes before the one it begins
	// with, though its id is higher.
	var tid int64
	if err := db.writer.QueryRowContext(ctx, `SELECT id FROM base_texts WHERE document_id = '117313' AND role = 'original'`).Scan(&tid); err != nil {
		t.Fatal(err)
	}
	if _, err := db.writer.ExecContext(ctx, `
		INSERT INTO segments (base_text_id, link_id, start_offset, end_offset)
		SELECT base_text_id, link_id, start_offset, start_offset FROM segments
		WHERE base_text_id = ? ORDER BY start_offset LIMIT 3`, tid); err != nil {
		t.Fatal(err)
	}
	d, err := db.FindDocumentToRead(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range d.Texts {
		rows, err := db.reader.QueryContext(ctx, `
			SELECT s.id, l.id FROM segments s JOIN base_texts b ON b.id = s.base_text_id JOIN links l ON l.id = s.link_id
			WHERE b.document_id = '117313' AND b.lang = ? ORDER BY s.start_offset, s.end_offset, s.id`, text.Lang)
		if err != nil {
			t.Fatal(err)
		}
		lists := map[int64][]int64{}
		var ids []int64
		for rows.Next() {
			var id, link int64
			if err := rows.Scan(&id, &link); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
			lists[link] = append(lists[link], id)
		}
		rows.Close()
		var got []int64
		for _, s := range text.Segments {
			got = append(got, s.ID)
		}
		if !reflect.DeepEqual(got, ids) {
			t.Errorf("%s: segments %v, want %v", text.Lang, got, ids)
		}
		for _, l := range d.Links {
			var list []int64
			for _, k := range l.Segments[text.Lang] {
				list = append(list, text.Segments[k].ID)
			}
			if !reflect.DeepEqual(list, lists[l.ID]) {
				t.Errorf("%s: link %d lists segments %v, want %v", text.Lang, l.ID, list, lists[l.ID])
			}
		}
	}
}
