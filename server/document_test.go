package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
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
		"/documents/117313/source": "document_source", "/documents/nope": "error",
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
