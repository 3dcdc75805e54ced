package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPassageAPI: a code-point range of a base text is answered with
// exactly its words (an astral character before them counts one), its
// permanent URL and W3C selector, and citations naming the document, its
// archive citation and date, the URL and today; bad ranges are 400.
func TestPassageAPI(t *testing.T) {
	srv, db := newTestServer(t)
	d := importPair(t, db, "grain", 20)
	en := []rune(d.Text("en").Text)
	start := strings.Index(string(en), "row07")
	start = len([]rune(string(en)[:start])) // in code points
	end := start + len("row07 about grain")
	rec := do(t, srv, http.MethodGet, fmt.Sprintf("/api/documents/grain/passage?lang=en&char=%d,%d", start, end), "")
	if rec.Code != http.StatusOK {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
	var p struct {
		Text, URL, Source string
		Links             []int
		Selector          map[string]string
		Citation          struct {
			Chicago, BibTeX string
			CSL             []map[string]any
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Text != "row07 about grain" {
		t.Errorf("got %q, want the words of code points %d–%d", p.Text, start, end)
	}
	wantURL := fmt.Sprintf("http://example.com/documents/grain?lang=en&char=%d,%d", start, end)
	if p.URL != wantURL || p.Source != "http://example.com/documents/grain/en" || p.Selector["value"] != fmt.Sprintf("char=%d,%d", start, end) {
		t.Errorf("addresses %q %q %v, want %q", p.URL, p.Source, p.Selector, wantURL)
	}
	if len(p.Links) != 1 || p.Links[0] != 7 {
		t.Errorf("links %v, want [7]", p.Links)
	}
	for _, want := range []string{"“A grain report,” March 7, 1951.", "Fond 5, op. 2, d. 7.", "“row07 about grain”", wantURL, "(accessed "} {
		if !strings.Contains(p.Citation.Chicago, want) {
			t.Errorf("the Chicago citation %q lacks %q", p.Citation.Chicago, want)
		}
	}
	if !strings.Contains(p.Citation.BibTeX, "url = {"+wantURL+"}") || len(p.Citation.CSL) != 1 || p.Citation.CSL[0]["URL"] != wantURL {
		t.Errorf("BibTeX %q or CSL %v lacks the URL", p.Citation.BibTeX, p.Citation.CSL)
	}
	size := len(en)
	for _, bad := range []string{"lang=en&char=5,5", "lang=en&char=9,3", "char=-1,4", "char=x,4", "char=4", fmt.Sprintf("lang=en&char=0,%d", size+1), "lang=de&char=1,2", "lang=en"} {
		if rec := do(t, srv, http.MethodGet, "/api/documents/grain/passage?"+bad, ""); rec.Code != http.StatusBadRequest {
			t.Errorf("%s: got %d, want 400", bad, rec.Code)
		}
	}
	if rec := do(t, srv, http.MethodGet, "/api/documents/none/passage?char=1,2", ""); rec.Code != http.StatusNotFound {
		t.Errorf("a missing document: got %d, want 404", rec.Code)
	}
}

// TestPassageWindow: the reading view of a long document opened at a
// passage (?lang=L&char=S,E) shows the window holding it.
func TestPassageWindow(t *testing.T) {
	srv, db := newTestServer(t)
	d := importPair(t, db, "grain", 400)
	ru := d.Text("ru")
	s := ru.Segments[349]
	rec := do(t, srv, http.MethodGet, "/documents/grain?"+url.Values{"lang": {"ru"}, "char": {fmt.Sprintf("%d,%d", s.Start+2, s.End)}}.Encode(), "")
	if rec.Code != http.StatusOK {
		t.Fatalf("got %d", rec.Code)
	}
	if body := rec.Body.String(); !strings.Contains(body, fmt.Sprintf(`data-start="%d"`, s.Start)) || !strings.Contains(body, "Links 201–400 of 400") {
		t.Errorf("the window lacks sentence 350")
	}
	if rec := do(t, srv, http.MethodGet, "/documents/grain?char=1,99999999", ""); rec.Code != http.StatusBadRequest {
		t.Errorf("a range past the text: got %d, want 400", rec.Code)
	}
}
