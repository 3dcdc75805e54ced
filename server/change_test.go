package server

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sverka"
	"sverka/store"
)

// TestChangesInWords makes changes of every kind a scholar makes and reads
// /changes: each says in words who did what to which document, with the
// old and new words, links to where it happened, shows no JSON, and pages
// back 100 at a time.
func TestChangesInWords(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: vera.user.ID, Body: "Stalin writes to Mao",
		Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "I received your reply."}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	body := "Stalin writes to Mao in October"
	if _, err := db.UpdateAnnotation(ctx, note.ID, store.AnnotationUpdate{IfVersion: 1, UserID: vera.user.ID, Body: &body}); err != nil {
		t.Fatal(err)
	}
	rev, err := db.DocumentRevision(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeLinks(ctx, store.AlignmentEdit{DocumentID: "117313", Revision: rev, UserID: vera.user.ID}, 11); err != nil {
		t.Fatal(err)
	}
	for i := range 101 {
		title := "Letter, draft " + strconv.Itoa(i)
		if _, err := db.UpdateDocumentMetadata(ctx, "117313", 0, store.DocumentMetadata{Title: &title}, vera.user.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.TrashDocument(ctx, "117313", vera.user.ID); err != nil {
		t.Fatal(err)
	}
	first := do(t, srv, http.MethodGet, "/changes", "", vera.withSession()...).Body.String()
	for _, want := range []string{
		`<a href="/changes?user=` + strconv.FormatInt(vera.user.ID, 10) + `">vera</a>`,
		"moved “Letter, draft 100” (117313) to the trash",
		"changed the details of “Letter, draft 100” (117313)",
		"title: “Letter, draft 99” → “Letter, draft 100”",
		`href="/changes?before=`,
	} {
		if !strings.Contains(first, want) {
			t.Errorf("the first page of /changes lacks %q", want)
		}
	}
	m := regexp.MustCompile(`href="(/changes\?before=[0-9]+)"`).FindStringSubmatch(first)
	if m == nil {
		t.Fatal("no link to the older changes")
	}
	older := m[1]
	second := do(t, srv, http.MethodGet, older, "", vera.withSession()...).Body.String()
	for _, want := range []string{
		`merged links 11 and 12 of document 117313`, `href="/documents/117313#link-11"`,
		"edited the note on “I received your reply.”", "text put in: “in October”",
		"added a note on “I received your reply.”",
		"title: “October 5, 1950 Letter, Cde. Filippov [Stalin] for Mao Zedong” → “Letter, draft 0”",
	} {
		if !strings.Contains(second, want) {
			t.Errorf("the older page of /changes (%s) lacks %q", older, want)
		}
	}
	for _, page := range []string{first, second} {
		if strings.Contains(page, `{&#34;`) || strings.Contains(page, `{"`) {
			t.Error("a page of /changes shows JSON")
		}
	}
}

// TestChangesNameLinksByNumber: /changes names the links an alignment edit
// touched by their stable numbers and links to them, as #link-N does, even
// when earlier merges moved their positions; an undo names them too.
func TestChangesNameLinksByNumber(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	importPair(t, db, "grain", 20)
	mergeLinks(t, db, "grain", 1)
	rev, err := db.DocumentRevision(ctx, "grain")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeLinks(ctx, store.AlignmentEdit{DocumentID: "grain", Revision: rev, UserID: vera.user.ID}, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UndoAlignmentEdit(ctx, store.AlignmentEdit{DocumentID: "grain", Revision: rev + 1, UserID: vera.user.ID}); err != nil {
		t.Fatal(err)
	}
	page := do(t, srv, http.MethodGet, "/changes", "", vera.withSession()...).Body.String()
	for _, want := range []string{
		`merged links 6 and 7 of document grain`, `undid: merged links 6 and 7 of document grain`, `href="/documents/grain#link-6"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("/changes lacks %q", want)
		}
	}
}

// TestChangesSayWhatAReplaceDid: /changes tells, under a replace, what
// became of the document's annotations and of the cross-references into it.
func TestChangesSayWhatAReplaceDid(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	if err := db.CreateDocument(ctx, reportPair(t, "Мы получили зерно. Поезд ушёл.")); err != nil {
		t.Fatal(err)
	}
	for _, a := range []*sverka.Annotation{
		{DocumentID: "report", Motivation: sverka.MotivationNote, CreatorID: vera.user.ID, Body: "which grain?",
			Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "получили зерно"}},
		{DocumentID: "117313", Motivation: sverka.MotivationLink, CreatorID: vera.user.ID,
			Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"},
			Link:   &sverka.CrossReference{DocumentID: "report", Lang: "ru", ByQuote: true, Exact: "Поезд ушёл"}},
	} {
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ReplaceDocument(ctx, reportPair(t, "Сначала. Мы получили уголь. Поезд ушёл."), vera.user.ID); err != nil {
		t.Fatal(err)
	}
	page := do(t, srv, http.MethodGet, "/changes?document=report", "", vera.withSession()...).Body.String()
	for _, want := range []string{
		"replaced the texts of “Report” (report) from a new source",
		"its annotations: 1 kept, 0 moved with their words, 1 orphaned (their words are gone)",
		"cross-references into it: 1 moved with their words, 0 orphaned",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("/changes lacks %q", want)
		}
	}
}
