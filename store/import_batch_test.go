package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"sverka"
)

// TestImportBatch: a batch imports as one import after the other would:
// new documents go in (and are searchable when it returns), one that
// fails (refused before or by the database half-way) leaves nothing
// behind while the others go on, a document already present or named
// twice is skipped as the very same, and a different one with a present
// id is refused.
func TestImportBatch(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	// The database refuses the links of document "broken", once its row
	// and texts are in.
	if _, err := db.writer.ExecContext(ctx, `CREATE TEMP TRIGGER refuse_broken BEFORE INSERT ON links WHEN NEW.document_id = 'broken'
		BEGIN SELECT RAISE(ABORT, 'refused'); END`); err != nil {
		t.Fatal(err)
	}
	var archives []*sverka.Archive
	for i := range 30 {
		d := pairDocument(fmt.Sprintf("b%02d", i), "1950-01-01", true,
			[2]string{fmt.Sprintf("Сорока%d летит.", i), fmt.Sprintf("Magpie%d flies.", i)}, [2]string{"Снег идёт.", "Snow falls."})
		archives = append(archives, &sverka.Archive{Document: d})
	}
	bad := pairDocument("bad", "1950-01-01", true, [2]string{"Плохо.", "Bad."})
	bad.Texts[0].Segments[0].End = 1000 // outside its text
	archives = slices.Insert(archives, 5, &sverka.Archive{Document: bad})
	broken := pairDocument("broken", "1950-01-01", true, [2]string{"Сломано.", "Broken."})
	archives = slices.Insert(archives, 12, &sverka.Archive{Document: broken})
	same := *archives[0].Document
	archives = append(archives, &sverka.Archive{Document: &same})
	other := pairDocument("117313", "1950-10-05", true, [2]string{"Не то письмо.", "Not that letter."})
	archives = append(archives, &sverka.Archive{Document: other})

	results, errs := db.ImportBatch(ctx, archives, false)
	for i, a := range archives {
		id := a.Document.ID
		switch {
		case id == "bad":
			var ve *sverka.ValidationError
			if !errors.As(errs[i], &ve) {
				t.Errorf("%s: got %v, want a validation error", id, errs[i])
			}
			if _, err := db.FindDocumentByID(ctx, id); !errors.Is(err, sverka.ErrNotFound) {
				t.Errorf("%s: got %v after the batch, want it absent", id, err)
			}
		case id == "broken":
			if errs[i] == nil {
				t.Errorf("%s: got no error, want the database's refusal", id)
			}
			if _, err := db.FindDocumentByID(ctx, id); !errors.Is(err, sverka.ErrNotFound) {
				t.Errorf("%s: got %v after the batch, want it absent", id, err)
			}
		case id == "117313":
			if !errors.Is(errs[i], sverka.ErrConflict) {
				t.Errorf("a different document with a present id: got %v, want a conflict", errs[i])
			}
		case i == len(archives)-2:
			if errs[i] != nil || results[i].Outcome != "skipped" {
				t.Errorf("%s named again: got %+v, %v; want skipped", id, results[i], errs[i])
			}
		default:
			if errs[i] != nil || results[i].Outcome != "imported" {
				t.Errorf("%s: got %+v, %v; want imported", id, results[i], errs[i])
			}
		}
	}
	for _, q := range []string{"сорока7", "magpie29"} {
		if got, res := found(t, db, SearchQuery{Text: q}); len(got) != 1 || res.Indexing != nil {
			t.Errorf("%s right after the batch: got %v (indexing %+v), want one hit and nothing left to index", q, got, res.Indexing)
		}
	}
	if _, res := found(t, db, SearchQuery{Text: "снег"}); res.Total < 30 {
		t.Errorf("снег: got %d hits, want one in each of the 30 documents at least", res.Total)
	}
}
