package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"sverka"
	"sverka/ingest"
	"sverka/store"
)

// TestAnnotationVersionsInWords: each version of an annotation says in
// words what it changed from the one before: what was made, the words of
// its text taken out and put in, privacy, a move with the text when its
// document was replaced with words before it, orphaning when its words
// were dropped, and attaching again when they came back.
func TestAnnotationVersionsInWords(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	anna := signedIn(t, db, "anna", sverka.RoleEditor)
	pair := func(before string, keep bool) ingest.PlainPair {
		var ru, en strings.Builder
		en.WriteString(before)
		for _, w := range []string{"one", "two", "three"} {
			ru.WriteString("Строка " + w + " о зерне.\n\n")
			if w != "two" || keep {
				en.WriteString("Line " + w + " about grain.\n\n")
			}
		}
		return ingest.PlainPair{ID: "grain", Title: "Grain", Russian: ru.String(), English: en.String()}
	}
	importPlain(t, db, pair("", true), "1951-03-07", "")
	note := &sverka.Annotation{DocumentID: "grain", Motivation: sverka.MotivationNote, CreatorID: anna.user.ID, Body: "wheat and rye",
		Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "two about grain"}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	body, private := "wheat, barley and rye", true
	if _, err := db.UpdateAnnotation(ctx, note.ID, store.AnnotationUpdate{IfVersion: 1, UserID: anna.user.ID, Body: &body, Private: &private}); err != nil {
		t.Fatal(err)
	}
	replace := func(p ingest.PlainPair) {
		t.Helper()
		d, err := ingest.Plain(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ReplaceDocument(ctx, d, anna.user.ID); err != nil {
			t.Fatal(err)
		}
	}
	replace(pair("A preface.\n\n", true))
	replace(pair("A preface.\n\n", false))
	replace(pair("A preface.\n\n", true))
	rec := do(t, srv, http.MethodGet, "/api/documents/grain/annotations/"+itoa(int(note.ID))+"/versions", "", anna.withSession()...)
	var got struct {
		Versions []struct {
			Version int
			Action  string
			Changes []string
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("versions: %d %s (%v)", rec.Code, rec.Body, err)
	}
	var lines []string
	for _, v := range got.Versions {
		lines = append(lines, itoa(v.Version)+" "+v.Action+": "+strings.Join(v.Changes, "; "))
	}
	want := []string{
		"5 reanchor: attached again to “two about grain”",
		"4 reanchor: its words are gone: orphaned",
		"3 reanchor: moved with the text: its words are now at characters 40–55 (were 28–43)",
		"2 update: text taken out: “wheat”; text put in: “wheat, barley”; made private",
		"1 create: a note on “two about grain”",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("the versions in words:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
