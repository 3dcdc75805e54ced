package server

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"sverka"
	"sverka/anno"
	"sverka/ingest"
)

// TestOutsideClientsRoundTrip posts annotations in the shapes Hypothesis
// and Recogito's text annotator write (testdata/clients) and reads them
// back: everything the client sent is there as it was sent, but for what
// the server owns (id, creator, created, modified: the client's kept in via,
// writtenBy, writtenAt) and the text position, which those clients count
// in UTF-16 units after a character outside the BMP and which the quote
// corrects to code points. A Hypothesis highlight (no body) comes back
// without one, and Recogito's replies (further text bodies, each with its
// creator) come back with the annotation.
func TestOutsideClientsRoundTrip(t *testing.T) {
	srv, db := newTestServer(t)
	d, err := ingest.Plain(ingest.PlainPair{ID: "clients-1", Title: "A letter with a sign",
		Russian: "Письмо о знаке 𝔄 и о деле.\n\nВаш ответ получил. Из ответа видно, что Вы считаете положение трудным.\n",
		English: "A letter on the sign 𝔄 and the matter.\n\nI received your reply. It shows that you consider the position difficult.\n"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateDocument(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	for _, tc := range []struct{ file, lang, exact string }{
		{"hypothesis-text.json", "ru", "Ваш ответ получил"},
		{"hypothesis-page.json", "", ""},
		{"recogito.json", "en", "your reply"},
		{"hypothesis-highlight.json", "ru", "положение трудным"},
		{"recogito-replies.json", "en", "the position difficult"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "clients", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var start, end int // code points
			fill := strings.NewReplacer("{{BASE}}", testBase, "{{DOC}}", d.ID)
			if tc.lang != "" {
				text := d.Text(tc.lang).Text
				i := strings.Index(text, tc.exact)
				start, end = utf8.RuneCountInString(text[:i]), utf8.RuneCountInString(text[:i])+utf8.RuneCountInString(tc.exact)
				start16 := len(utf16.Encode([]rune(text[:i])))
				if start16 == start {
					t.Fatalf("the quote is not after the character outside the BMP: nothing to correct")
				}
				fill = strings.NewReplacer("{{BASE}}", testBase, "{{DOC}}", d.ID, "{{START16}}", strconv.Itoa(start16),
					"{{END16}}", strconv.Itoa(start16+len(utf16.Encode([]rune(tc.exact)))))
			}
			body := fill.Replace(string(raw))
			rec := do(t, srv, http.MethodPost, "/api/documents/"+d.ID+"/annotations/", body, anna.withBearer("Content-Type", anno.MediaType)...)
			if rec.Code != http.StatusCreated {
				t.Fatalf("create: got %d: %s", rec.Code, rec.Body)
			}
			got := decode(t, do(t, srv, http.MethodGet, strings.TrimPrefix(rec.Header().Get("Location"), testBase), ""))
			var sent map[string]any
			if err := json.Unmarshal([]byte(body), &sent); err != nil {
				t.Fatal(err)
			}
			for k, v := range map[string]any{"via": sent["id"], "writtenBy": sent["creator"], "writtenAt": sent["created"]} {
				if !jsonEqual(got[k], v) {
					t.Errorf("%s: got %v, want %v", k, got[k], v)
				}
			}
			if c, _ := got["creator"].(map[string]any); c["name"] != "anna" {
				t.Errorf("creator: got %v, want the user who sent it", got["creator"])
			}
			if ctx, _ := got["@context"].([]any); len(ctx) == 0 || ctx[0] != sent["@context"] {
				t.Errorf("@context: got %v, want the Web Annotation context first", got["@context"])
			}
			for _, k := range []string{"@context", "id", "creator", "created", "modified"} {
				delete(sent, k)
			}
			if tc.lang != "" {
				// The position Sverka answers is the quote's, in code points;
				// the prefix and suffix are the text's around it.
				for _, s := range sent["target"].([]any)[0].(map[string]any)["selector"].([]any) {
					s := s.(map[string]any)
					switch s["type"] {
					case "TextPositionSelector":
						s["start"], s["end"] = start, end
					case "TextQuoteSelector":
						delete(s, "prefix")
						delete(s, "suffix")
					}
				}
			}
			if _, ok := sent["body"]; !ok && got["body"] != nil {
				t.Errorf("body: got %v, want none, as sent (a highlight)", got["body"])
			}
			if path, ok := holds(got, sent, ""); !ok {
				t.Errorf("at %s: got %s, want it to hold what was sent: %s", path, mustJSON(got), mustJSON(sent))
			}
			// The document's W3C export carries it as the API serves it.
			var export struct {
				First struct{ Items []map[string]any } `json:"first"`
			}
			if err := json.Unmarshal(do(t, srv, http.MethodGet, "/api/documents/"+d.ID+"/export?format=w3c", "").Body.Bytes(), &export); err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(export.First.Items, func(a map[string]any) bool { return a["via"] == got["via"] })
			if i < 0 {
				t.Fatalf("not in the W3C export")
			}
			if path, ok := holds(export.First.Items[i], sent, ""); !ok {
				t.Errorf("in the W3C export, at %s: got %s, want it to hold what was sent: %s", path, mustJSON(export.First.Items[i]), mustJSON(sent))
			}
		})
	}
}

// holds reports whether got holds want: the same scalars, every key of an
// object, and for an array, each element of want held by its own element
// of got, in any order (a lone value as an array of one). It returns where
// it does not.
func holds(got, want any, at string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return at, false
		}
		for k, v := range w {
			if p, ok := holds(g[k], v, at+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		g, ok := got.([]any)
		if !ok {
			g = []any{got}
		}
		used := make([]bool, len(g))
		for i, v := range w {
			found := false
			for j := range g {
				if _, ok := holds(g[j], v, ""); ok && !used[j] {
					used[j], found = true, true
					break
				}
			}
			if !found {
				return at + "[" + strconv.Itoa(i) + "]", false
			}
		}
		return "", true
	}
	return at, jsonEqual(got, want)
}
