package store

import (
	"context"
	"errors"
	"testing"

	"sverka"
)

// TestRenderingsOnlyOfWhatTheirRevisionShows: a rendering is kept and
// found by the build that made it while its document stays as it was read;
// another build never sees it, an edit drops it, and one made of what a
// reader read before an edit, or before the document was purged and
// imported again with the same revision, or of a document now in the
// trash, is not kept.
func TestRenderingsOnlyOfWhatTheirRevisionShows(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	doc := func(text string) *sverka.Document {
		return &sverka.Document{
			ID: "doc-r", Title: "Kept", SourceFormat: "plain", RawSource: text + "\n\nHouse.", Public: true,
			Texts: []sverka.BaseText{
				{Lang: "ru", Role: "original", Text: text, Segments: []sverka.Segment{{Start: 0, End: 4}}},
				{Lang: "en", Role: "translation", Text: "House.", Segments: []sverka.Segment{{Start: 0, End: 6}}},
			},
			Links: []sverka.Link{{Status: "auto", Segments: map[string][]int{"ru": {0}, "en": {0}}}},
		}
	}
	if err := db.CreateDocument(ctx, doc("Дом.")); err != nil {
		t.Fatal(err)
	}
	read := func() RenderSource {
		t.Helper()
		src, err := db.FindRenderSource(ctx, "doc-r", false)
		if err != nil {
			t.Fatal(err)
		}
		return src
	}
	keep := func(src RenderSource) {
		t.Helper()
		r := KeptRendering{DocumentID: "doc-r", Stamp: src.Stamp, Rendering: Rendering{Kind: "api", Revision: src.Doc.Revision, Body: []byte(src.Doc.Texts[0].Text)}}
		if err := db.SaveRenderings(ctx, "b1", []KeptRendering{r}); err != nil {
			t.Fatal(err)
		}
	}
	kept := func() string {
		t.Helper()
		r, err := db.FindRendering(ctx, "doc-r", "api", "b1")
		if errors.Is(err, sverka.ErrNotFound) {
			return ""
		}
		if err != nil {
			t.Fatal(err)
		}
		return string(r.Body)
	}

	keep(read())
	if got := kept(); got != "Дом." {
		t.Fatalf("rendering kept: got %q, want %q", got, "Дом.")
	}
	if _, err := db.FindRendering(ctx, "doc-r", "api", "b2"); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("rendering of another build: got %v, want ErrNotFound", err)
	}
	before := read()
	title := "Edited"
	if _, err := db.UpdateDocumentMetadata(ctx, "doc-r", 0, DocumentMetadata{Title: &title}, 0); err != nil {
		t.Fatal(err)
	}
	if got := kept(); got != "" {
		t.Errorf("rendering after an edit: got %q, want none", got)
	}
	keep(before)
	if got := kept(); got != "" {
		t.Errorf("rendering made before an edit, kept after it: got %q, want none", got)
	}

	before = read()
	if err := db.TrashDocument(ctx, "doc-r", 0); err != nil {
		t.Fatal(err)
	}
	keep(before)
	if got := kept(); got != "" {
		t.Errorf("rendering of a document in the trash: got %q, want none", got)
	}
	if _, err := db.PurgeDocument(ctx, "doc-r", "doc-r", 0); err != nil {
		t.Fatal(err)
	}
	again := doc("Сад.")
	again.Revision = before.Doc.Revision
	if _, err := db.Import(ctx, &sverka.Archive{Document: again}, false); err != nil {
		t.Fatal(err)
	}
	if now := read(); now.Doc.Revision != before.Doc.Revision {
		t.Fatalf("revision imported: got %d, want %d again, the case this guards", now.Doc.Revision, before.Doc.Revision)
	}
	keep(before)
	if got := kept(); got != "" {
		t.Errorf("rendering of the purged text, kept after an import at its revision: got %q, want none", got)
	}
	keep(read())
	if got := kept(); got != "Сад." {
		t.Errorf("rendering of the text imported: got %q, want %q", got, "Сад.")
	}
}
