package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"sverka"
)

func TestDocumentPages(t *testing.T) {
	srv, _ := newTestServer(t)
	tests := []struct {
		name, target string
		want         []string
	}{
		{"list", "/", []string{`href="/documents/117313"`, "Filippov", "<td class=\"num\">22</td>"}},
		{"reading view", "/documents/117313", []string{`id="link-1"`, `id="link-22"`, "Баш ответ получил.", "I received your reply.", `lang="ru"`, "Citation:", "2–1", "0–1"}},
		{"source", "/documents/117313/source", []string{"IBRARY", "noise.", "Sverka seed editors"}},
		{"russian base text", "/documents/117313/ru", []string{"ПЕНИН СОВПОСОЛ"}},
		{"english base text", "/documents/117313/en", []string{"I received your reply."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tc.target, "")
			if rec.Code != http.StatusOK {
				t.Fatalf("got %d, want 200: %s", rec.Code, rec.Body)
			}
			for _, w := range tc.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("%s does not contain %q", tc.target, w)
				}
			}
		})
	}
}

// TestEveryPageRenders renders each parsed template through a real request,
// so a template that fails at run time fails here.
func TestEveryPageRenders(t *testing.T) {
	srv, _ := newTestServer(t)
	reached := map[string]bool{}
	for target, page := range map[string]string{
		"/": "document_list", "/documents/117313": "document_view",
		"/documents/117313/source": "document_source", "/documents/nope": "error", "/search?q=reply": "search",
	} {
		rec := do(t, srv, http.MethodGet, target, "")
		if rec.Code >= 500 || !strings.Contains(rec.Body.String(), "</html>") {
			t.Errorf("%s: got %d, a page that does not end", target, rec.Code)
		}
		reached[page] = true
	}
	for _, name := range srv.pages.Pages() {
		if !reached[name] && !pageRenderedElsewhere[name] {
			t.Errorf("page %q is rendered by no test", name)
		}
	}
}

// pageRenderedElsewhere lists pages whose rendering other tests cover.
var pageRenderedElsewhere = map[string]bool{}

func TestAPIDocument(t *testing.T) {
	srv, _ := newTestServer(t)
	rec := do(t, srv, http.MethodGet, "/api/documents/117313", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("got %d, want 200", rec.Code)
	}
	var d apiDocument
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Texts) != 2 || d.Texts[0].Lang != "ru" || d.Texts[1].Lang != "en" {
		t.Fatalf("got texts %+v, want ru then en", d.Texts)
	}
	if got := len(d.Texts[0].Segments); got != 22 {
		t.Errorf("got %d Russian segments, want 22", got)
	}
	if got := len(d.Links); got != 22 {
		t.Errorf("got %d links, want 22", got)
	}
	// Every segment's text is its range of the base text, in code points.
	for _, tx := range d.Texts {
		runes := []rune(tx.Text)
		for _, s := range tx.Segments {
			if string(runes[s.Start:s.End]) != s.Text {
				t.Errorf("%s segment %d: range [%d,%d) is not its text %q", tx.Lang, s.Number, s.Start, s.End, s.Text)
			}
		}
	}
	// Links name segment ids that exist.
	ids := map[int64]bool{}
	for _, tx := range d.Texts {
		for _, s := range tx.Segments {
			ids[s.ID] = true
		}
	}
	for _, l := range d.Links {
		for _, lang := range []string{"ru", "en"} {
			for _, id := range l.Segments[lang] {
				if !ids[id] {
					t.Errorf("link %d names unknown segment %d", l.Position, id)
				}
			}
		}
	}
	etag := rec.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	if rec := do(t, srv, http.MethodGet, "/api/documents/117313", "", "If-None-Match", etag); rec.Code != http.StatusNotModified {
		t.Errorf("got %d with If-None-Match, want 304", rec.Code)
	}
	list := do(t, srv, http.MethodGet, "/api/documents", "")
	if !strings.Contains(list.Body.String(), `"linkCount":22`) {
		t.Errorf("document list %s lacks the letter's 22 links", list.Body)
	}
}

func TestSearchPages(t *testing.T) {
	srv, _ := newTestServer(t)
	tests := []struct {
		name, target string
		status       int
		want         string
	}{
		{"form", "/search", http.StatusOK, `name="q"`},
		{"hit", "/search?q=%D0%B2%D0%BE%D0%B9%D0%BD%D0%B0&lang=ru", http.StatusOK, "<mark>войне</mark>"},
		{"hit links to its row", "/search?q=reply", http.StatusOK, `href="/documents/117313#link-2"`},
		{"nothing", "/search?q=zzzzqqq", http.StatusOK, "Nothing found."},
		{"no words", "/search?q=%3B%3B", http.StatusBadRequest, "type one or more words"},
		{"bad offset", "/search?q=reply&offset=-3", http.StatusBadRequest, "offset"},
		{"api", "/api/search?q=reply", http.StatusOK, `"link":2`},
		{"api no words", "/api/search?q=", http.StatusBadRequest, `"error"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tc.target, "")
			if rec.Code != tc.status {
				t.Fatalf("got %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tc.want) {
				t.Errorf("%s does not contain %q", tc.target, tc.want)
			}
		})
	}
}

// TestPrivateDocumentsAreHidden: a document that is not public does not
// exist for anonymous visitors, in pages, the API and search, but does for
// a signed-in reader.
func TestPrivateDocumentsAreHidden(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	d := &sverka.Document{
		ID: "private-1", Title: "Closed file", SourceFormat: "plain", RawSource: "Секрет.\n\nSecret.",
		Texts: []sverka.BaseText{
			{Lang: "ru", Role: "original", Text: "Секрет.", Segments: []sverka.Segment{{Start: 0, End: 7}}},
			{Lang: "en", Role: "translation", Text: "Secret.", Segments: []sverka.Segment{{Start: 0, End: 7}}},
		},
		Links: []sverka.Link{{Status: "auto", Segments: map[string][]int{"ru": {0}, "en": {0}}}},
	}
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(ctx, "reader1", sverka.RoleReader, "")
	if err != nil {
		t.Fatal(err)
	}
	token, err := db.CreateToken(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	note := &sverka.Annotation{DocumentID: "private-1", Motivation: sverka.MotivationNote, Body: "a note",
		CreatorID: u.ID, Target: sverka.TextTarget{Lang: "en", Start: 0, End: 6}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/documents/private-1", "/documents/private-1/source", "/documents/private-1/ru",
		"/api/documents/private-1", "/api/documents/private-1/source", "/api/documents/private-1/annotations/",
		"/api/documents/private-1/export?format=csv", fmt.Sprintf("/api/documents/private-1/annotations/%d", note.ID),
		fmt.Sprintf("/api/documents/private-1/annotations/%d/versions", note.ID),
		fmt.Sprintf("/api/annotations/%d", note.ID), fmt.Sprintf("/api/annotations/%d/versions", note.ID)} {
		if rec := do(t, srv, http.MethodGet, target, ""); rec.Code != http.StatusNotFound {
			t.Errorf("anonymous %s: got %d, want 404", target, rec.Code)
		}
		want := http.StatusOK
		if strings.HasPrefix(target, "/api/annotations/") {
			want = http.StatusPermanentRedirect // to the IRI under the container
		}
		if rec := do(t, srv, http.MethodGet, target, "", "Authorization", "Bearer "+token); rec.Code != want {
			t.Errorf("reader %s: got %d, want %d", target, rec.Code, want)
		}
	}
	for _, target := range []string{"/api/documents", "/api/search?q=secret", "/api/export?format=csv"} {
		if rec := do(t, srv, http.MethodGet, target, ""); strings.Contains(rec.Body.String(), "private-1") {
			t.Errorf("anonymous %s lists the private document", target)
		}
		if rec := do(t, srv, http.MethodGet, target, "", "Authorization", "Bearer "+token); !strings.Contains(rec.Body.String(), "private-1") {
			t.Errorf("reader %s does not list the private document: %s", target, rec.Body)
		}
	}
}

// TestSearchFindsNotes: a note's words lead to it, shown as text with its
// author and passage, linked to its row.
func TestSearchFindsNotes(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, "vera", sverka.RoleAnnotator, "")
	if err != nil {
		t.Fatal(err)
	}
	// ByQuote: the store finds the words by their quote.
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, Body: "Mao's reply of <b>3 October</b> refused", CreatorID: u.ID,
		Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "I received your reply."}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	rec := do(t, srv, http.MethodGet, "/search?q=refusing", "")
	for _, want := range []string{"In what scholars wrote", "Note by vera on “<span>I received your reply.</span>”", `href="/documents/117313#link-2"`, "<mark>refused</mark>", "&lt;b&gt;3 October&lt;/b&gt;"} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("the search page lacks %q", want)
		}
	}
}
