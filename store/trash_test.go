package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"sverka"
	"sverka/ingest"
	"sverka/internal/storetest"
	"sverka/store"
)

// trashFixture is a database with the letter and a pair, a note on the
// pair and a cross-reference from the letter into it.
type trashFixture struct {
	db         *store.DB
	editor     *sverka.User
	note, xref *sverka.Annotation
}

func newTrashFixture(t *testing.T) *trashFixture {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	ed, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := ingest.Plain(ingest.PlainPair{ID: "pair-1", Title: "Grain report", Russian: "Отчёт о зерне нового урожая. Второе предложение.", English: "A report on grain of the new harvest. The second sentence."})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	f := &trashFixture{db: db, editor: ed}
	f.note = &sverka.Annotation{DocumentID: "pair-1", Motivation: sverka.MotivationNote, CreatorID: ed.ID, Body: "on the harvest",
		Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "new harvest"}}
	fix := &sverka.Annotation{DocumentID: "pair-1", Motivation: sverka.MotivationCorrection, CreatorID: ed.ID, Body: "Отчёт",
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Отчёт о"}}
	if err := db.CreateAnnotation(ctx, fix); err != nil {
		t.Fatal(err)
	}
	f.xref = &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationLink, CreatorID: ed.ID,
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "китайских добровольческих дивизиях"},
		Link:   &sverka.CrossReference{DocumentID: "pair-1", Lang: "en", Start: 0, End: 8, Exact: "A report"}}
	for _, a := range []*sverka.Annotation{f.note, f.xref} {
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// listed reports whether the document list shows id to viewer.
func (f *trashFixture) listed(t *testing.T, viewer *sverka.User, id string) bool {
	t.Helper()
	list, err := f.db.FindDocuments(context.Background(), viewer)
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(list, func(s sverka.DocumentSummary) bool { return s.ID == id })
}

// found reports whether a search for "harvest" finds a passage of pair-1.
func (f *trashFixture) found(t *testing.T) bool {
	t.Helper()
	ctx := context.Background()
	if err := f.db.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := f.db.Search(ctx, store.SearchQuery{Text: "harvest", Viewer: f.editor})
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(res.Hits, func(h store.SearchHit) bool { return h.DocumentID == "pair-1" })
}

// TestTrashAndRestore moves a document to the trash: it leaves the list,
// the search, the exports and every read, and its notes with it, but
// nothing is lost: restored, it is all there again. Each step is in the
// audit trail, by whom.
func TestTrashAndRestore(t *testing.T) {
	ctx := context.Background()
	f := newTrashFixture(t)
	db := f.db
	if !f.listed(t, nil, "pair-1") || !f.found(t) {
		t.Fatal("the pair is not listed or found before the trash")
	}
	if err := db.TrashDocument(ctx, "pair-1", f.editor.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashDocument(ctx, "pair-1", f.editor.ID); !errors.Is(err, sverka.ErrConflict) {
		t.Errorf("trash twice: got %v, want ErrConflict", err)
	}
	if f.listed(t, f.editor, "pair-1") || f.found(t) {
		t.Error("a document in the trash is listed or found")
	}
	if _, err := db.FindDocumentByID(ctx, "pair-1"); !errors.Is(err, store.ErrTrashed) {
		t.Errorf("read: got %v, want ErrTrashed", err)
	}
	if _, err := db.FindAnnotationByID(ctx, f.note.ID, f.editor.ID); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("a note on it: got %v, want ErrNotFound", err)
	}
	if fixes, err := db.FindCorrections(ctx, store.CorrectionFilter{DocumentID: "pair-1"}); err != nil || len(fixes) != 0 {
		t.Errorf("the review queue of a document in the trash: got %v, %v, want nothing", fixes, err)
	}
	if _, err := db.FindAnnotationByID(ctx, f.xref.ID, 0); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("anonymous, a cross-reference quoting it: got %v, want ErrNotFound", err)
	}
	var exported []string
	if err := db.Export(ctx, nil, f.editor, func(s *store.ExportSource) error {
		exported = append(exported, s.Document().ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(exported, "pair-1") {
		t.Errorf("exported %v, want no document in the trash", exported)
	}
	if err := db.Export(ctx, []string{"pair-1"}, f.editor, func(*store.ExportSource) error { return nil }); !errors.Is(err, store.ErrTrashed) {
		t.Errorf("export it by id: got %v, want ErrTrashed", err)
	}
	title := "Renamed"
	if _, err := db.UpdateDocumentMetadata(ctx, "pair-1", 0, store.DocumentMetadata{Title: &title}, f.editor.ID); !errors.Is(err, store.ErrTrashed) {
		t.Errorf("edit it: got %v, want ErrTrashed", err)
	}
	pair, _ := ingest.Plain(ingest.PlainPair{ID: "pair-1", Title: "Another", Russian: "Другое.", English: "Another."})
	if _, err := db.Import(ctx, &sverka.Archive{Document: pair}, true); !errors.Is(err, sverka.ErrConflict) {
		t.Errorf("import over it: got %v, want ErrConflict", err)
	}
	trash, err := db.FindTrash(ctx, f.editor)
	if err != nil {
		t.Fatal(err)
	}
	if len(trash) != 1 || trash[0].ID != "pair-1" || trash[0].TrashedBy != "vera" || trash[0].Annotations != 2 || trash[0].Incoming != 1 {
		t.Errorf("got trash %+v, want pair-1 trashed by vera with a note and a correction and 1 link into it", trash)
	}

	if err := db.RestoreDocument(ctx, "pair-1", f.editor.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.RestoreDocument(ctx, "pair-1", f.editor.ID); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("restore twice: got %v, want ErrNotFound", err)
	}
	if !f.listed(t, nil, "pair-1") || !f.found(t) {
		t.Error("a restored document is not listed or found")
	}
	note, err := db.FindAnnotationByID(ctx, f.note.ID, 0)
	if err != nil || note.Target.Exact != "new harvest" || note.Orphaned {
		t.Errorf("the note after restore: got %+v, %v", note, err)
	}
	if fixes, err := db.FindCorrections(ctx, store.CorrectionFilter{DocumentID: "pair-1"}); err != nil || len(fixes) != 1 {
		t.Errorf("the review queue after restore: got %v, %v, want the correction", fixes, err)
	}
	changes, err := db.FindChanges(ctx, store.ChangeFilter{DocumentID: "pair-1", Entity: "document"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, c := range changes {
		if c.UserName != "vera" {
			t.Errorf("change %s by %q, want vera", c.Action, c.UserName)
		}
		actions = append(actions, c.Action)
	}
	if !slices.Equal(actions, []string{"restore", "trash"}) {
		t.Errorf("got audit trail %v, want restore, trash", actions)
	}
}

// TestPurgeOrphansLinks purges a document from the trash: only once its id
// is typed again, only from the trash; the cross-reference into it from
// the letter is then orphaned, listed, and counted among the letter's
// orphans, and the audit trail keeps the purged texts.
func TestPurgeOrphansLinks(t *testing.T) {
	ctx := context.Background()
	f := newTrashFixture(t)
	db := f.db
	if _, err := db.PurgeDocument(ctx, "pair-1", "pair-1", f.editor.ID); !errors.Is(err, sverka.ErrConflict) {
		t.Errorf("purge a document not in the trash: got %v, want ErrConflict", err)
	}
	if err := db.TrashDocument(ctx, "pair-1", f.editor.ID); err != nil {
		t.Fatal(err)
	}
	var invalid *sverka.ValidationError
	if _, err := db.PurgeDocument(ctx, "pair-1", "pair-2", f.editor.ID); !errors.As(err, &invalid) {
		t.Errorf("purge with another id typed: got %v, want a validation error", err)
	}
	p, err := db.PurgeDocument(ctx, "pair-1", "pair-1", f.editor.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Orphaned) != 1 || p.Orphaned[0].AnnotationID != f.xref.ID || p.Orphaned[0].DocumentID != "117313" {
		t.Errorf("got orphaned %+v, want the letter's cross-reference %d", p.Orphaned, f.xref.ID)
	}
	if _, err := db.FindDocumentStatus(ctx, "pair-1"); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("after purge: got %v, want ErrNotFound", err)
	}
	orphans, err := db.FindOrphans(ctx, "117313", f.editor.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(orphans) != 1 || orphans[0].ID != f.xref.ID || !orphans[0].Link.Orphaned || orphans[0].Link.Exact != "A report" {
		t.Errorf("got the letter's orphans %+v, want its cross-reference, orphaned, with its quote", orphans)
	}
	list, err := db.FindDocuments(ctx, f.editor)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Orphans != 1 {
		t.Errorf("got list %+v, want the letter with 1 orphan", list)
	}
	changes, err := db.FindChanges(ctx, store.ChangeFilter{DocumentID: "pair-1", Entity: "document", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].Action != "purge" || !jsonHas(changes[0].Before, "A report on grain") {
		t.Errorf("got %+v, want a purge that keeps the texts", changes)
	}
}

// jsonHas reports whether a change's state, as read, holds s.
func jsonHas(state any, s string) bool {
	raw, ok := state.(json.RawMessage)
	return ok && strings.Contains(string(raw), s)
}
