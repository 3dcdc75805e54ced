package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"sverka"
)

// TestImportPreparedIndexesInItsWrite: archives imported together are
// searchable when the import returns, even in a process that leaves the
// rest of indexing to the background (sverka import), with the index the
// background indexer makes of them; a document too large for one write
// follows in chunks; one that fails leaves nothing behind while the others
// are stored.
func TestImportPreparedIndexesInItsWrite(t *testing.T) {
	ctx := context.Background()
	dsn, images := testDSN(t)
	db, err := Open(ctx, dsn, WithImages(images), Yielding())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	var archives []*sverka.Archive
	for i := range 6 {
		d := pairDocument(fmt.Sprintf("batch-%d", i), fmt.Sprintf("1950-0%d-01", i+1), true,
			[2]string{fmt.Sprintf("Снег выпал рано, в %d году.", 1940+i), fmt.Sprintf("Snow fell early, in %d.", 1940+i)},
			[2]string{"Дивизии ушли весной.", "The divisions left in the spring."})
		archives = append(archives, &sverka.Archive{Document: d})
	}
	// A reviewer's name no user may have fails inside the write.
	at := time.Date(1951, 1, 1, 0, 0, 0, 0, time.UTC)
	note := sverka.AnnotationState{Version: 1, Body: "Снег?", Modified: at, Reviewer: "no such name!",
		Target: sverka.TextTarget{Lang: "ru", Start: 0, End: 4, Exact: "Снег"}}
	archives[3].Annotations = []sverka.ArchivedAnnotation{{N: 1, Motivation: sverka.MotivationNote, Creator: "archivist", Created: at, Current: note}}
	var pairs [][2]string
	for i := range chunkPassages/2 + 1 {
		pairs = append(pairs, [2]string{fmt.Sprintf("Верста %d пройдена.", i), fmt.Sprintf("Mile %d done.", i)})
	}
	archives = append(archives, &sverka.Archive{Document: pairDocument("batch-long", "1950-09-01", true, pairs...)})
	var list []*Prepared
	for _, a := range archives {
		list = append(list, db.PrepareImport(ctx, a))
	}
	_, errs := db.ImportPrepared(ctx, list, false)
	for i, err := range errs {
		if (err != nil) != (i == 3) {
			t.Errorf("archive %d: got error %v, want one only for archive 3", i, err)
		}
	}
	var queued int
	if err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM search_queue`).Scan(&queued); err != nil {
		t.Fatal(err)
	}
	if queued != 0 {
		t.Errorf("right after the import: %d documents wait for the indexer, want none", queued)
	}
	queries := []SearchQuery{{Text: "снег"}, {Text: "дивизия"}, {Text: "spring", Lang: "en"}, {Text: "верста", Limit: 10}, {Text: "mile 7"}}
	var before [][]string
	for _, q := range queries {
		hits, _ := found(t, db, q)
		before = append(before, hits)
	}
	if want := []string{"batch-0/ru/1", "batch-1/ru/1", "batch-2/ru/1", "batch-4/ru/1", "batch-5/ru/1"}; !sameSet(before[0], want) {
		t.Errorf("снег: got %v, want %v", before[0], want)
	}
	if _, err := db.FindDocumentByID(ctx, "batch-3"); err == nil {
		t.Error("the archive that failed was stored")
	}
	if _, err := db.FindUserByName(ctx, "archivist"); err == nil {
		t.Error("the failed archive's author was created")
	}
	// The background indexer, indexing them all again, makes the same
	// index.
	if _, err := db.writer.ExecContext(ctx, `INSERT INTO search_queue (document_id) SELECT id FROM documents WHERE id LIKE 'batch-%' ON CONFLICT (document_id) DO UPDATE SET stamp = search_queue.stamp + 1`); err != nil {
		t.Fatal(err)
	}
	db.search.nudge()
	if err := db.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	for i, q := range queries {
		if hits, _ := found(t, db, q); !slices.Equal(hits, before[i]) {
			t.Errorf("%q indexed again: got %v, want %v as imported", q.Text, hits, before[i])
		}
	}
}

func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}
