package store_test

import (
	"context"
	"fmt"
	"testing"

	"sverka"
	"sverka/ingest"
	"sverka/internal/storetest"
	"sverka/store"
)

// importTitled imports a short plain pair under id and title.
func importTitled(t testing.TB, db *store.DB, id, title string, public bool) {
	t.Helper()
	d, err := ingest.Plain(ingest.PlainPair{ID: id, Title: title, Russian: "Первое предложение. Второе.", English: "The first sentence. The second."})
	if err != nil {
		t.Fatal(err)
	}
	d.Public = public
	if err := db.ImportDocument(context.Background(), &sverka.Archive{Document: d}, false); err != nil {
		t.Fatal(err)
	}
}

func TestFindDocumentSummaries(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	for i := range 12 {
		importTitled(t, db, fmt.Sprintf("memo-%02d", i), fmt.Sprintf("Memorandum %d on 100%% of the grain", i), true)
	}
	importTitled(t, db, "secret-1", "Secret memorandum", false)
	reader := &sverka.User{ID: 1, Name: "r", Role: sverka.RoleReader}
	all, err := db.FindDocuments(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		f         store.DocumentFilter
		wantIDs   []string
		wantTotal int
	}{
		{"first page", store.DocumentFilter{Limit: 2}, []string{all[0].ID, all[1].ID}, len(all)},
		{"third page", store.DocumentFilter{Offset: 4, Limit: 2}, []string{all[4].ID, all[5].ID}, len(all)},
		{"past the end", store.DocumentFilter{Offset: 100, Limit: 2}, nil, len(all)},
		{"title, any case", store.DocumentFilter{Query: "MEMORANDUM 1"}, []string{"memo-01", "memo-10", "memo-11"}, 3},
		{"id", store.DocumentFilter{Query: "memo-07"}, []string{"memo-07"}, 1},
		{"a literal percent sign", store.DocumentFilter{Query: "100%", Limit: 1}, []string{"memo-00"}, 12},
		{"an underscore is no wildcard", store.DocumentFilter{Query: "memo_0"}, nil, 0},
		{"private, anonymous", store.DocumentFilter{Query: "secret"}, nil, 0},
		{"private, signed in", store.DocumentFilter{Query: "secret", Viewer: reader}, []string{"secret-1"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := db.FindDocumentSummaries(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, d := range got {
				ids = append(ids, d.ID)
				if d.LinkCount != 2 && d.ID != "117313" {
					t.Errorf("%s: got %d links, want 2", d.ID, d.LinkCount)
				}
			}
			if fmt.Sprint(ids) != fmt.Sprint(tc.wantIDs) || total != tc.wantTotal {
				t.Errorf("got %v of %d, want %v of %d", ids, total, tc.wantIDs, tc.wantTotal)
			}
		})
	}
}

// TestDocumentListTotal: the list counts, without a query, the documents
// it lists: for an anonymous viewer the public ones, for someone signed in
// all, none in the trash.
func TestDocumentListTotal(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	ed, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	for i, public := range []bool{true, true, true, false, false} {
		importTitled(t, db, fmt.Sprintf("memo-%d", i), "Memorandum", public)
	}
	for _, id := range []string{"memo-0", "memo-3"} { // a public one, a private one
		if err := db.TrashDocument(ctx, id, ed.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, viewer := range []*sverka.User{nil, ed} {
		all, err := db.FindDocuments(ctx, viewer)
		if err != nil {
			t.Fatal(err)
		}
		want := 3 // the letter, memo-1 and memo-2
		if viewer != nil {
			want = 4 // and memo-4
		}
		_, total, err := db.FindDocumentSummaries(ctx, store.DocumentFilter{Viewer: viewer, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != want || total != want {
			t.Errorf("signed in %v: %d listed of %d, want %d of %d", viewer != nil, len(all), total, want, want)
		}
	}
}

// TestNewNotesLeaveWritesAlone: a new note does not count in Writes,
// which the server's caches of the document list and of documents'
// status key on; a change to a document does.
func TestNewNotesLeaveWritesAlone(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	importTitled(t, db, "memo-1", "Memorandum", true)
	author := store.NewTestUser(t, db, "anna", sverka.RoleAnnotator)
	writes := db.Writes()
	note := &sverka.Annotation{DocumentID: "memo-1", Motivation: sverka.MotivationNote, CreatorID: author, Body: "which?",
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Первое"}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	if db.Writes() != writes {
		t.Errorf("a new note: got Writes +%d, want +0", db.Writes()-writes)
	}
	title := "Memorandum of the day"
	if _, err := db.UpdateDocumentMetadata(ctx, "memo-1", 0, store.DocumentMetadata{Title: &title}, author); err != nil {
		t.Fatal(err)
	}
	if db.Writes() != writes+1 {
		t.Errorf("a new title: got Writes +%d, want +1", db.Writes()-writes)
	}
}
