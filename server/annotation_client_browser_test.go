package server

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"sverka"
	"sverka/anno"
)

// TestClientAnnotationsInBrowser shows annotations that Web Annotation
// clients wrote in the reading view, and edits one there: a Hypothesis
// highlight (no body) is marked on its words and labelled as a highlight;
// Recogito's replies (further text bodies) are shown under the note's text
// with who wrote them; and editing the note's text in the page changes that
// text only: the replies, a body Sverka does not read, the keys of the text
// body and of the tag body all stay as they were.
func TestClientAnnotationsInBrowser(t *testing.T) {
	url, _, db := startTestServer(t)
	u, err := db.CreateUser(context.Background(), "anna", sverka.RoleAnnotator, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	token, err := db.CreateToken(context.Background(), u.ID, "a client")
	if err != nil {
		t.Fatal(err)
	}
	d := letterDoc(t, db)
	target := func(p string) map[string]any {
		seg := slices.IndexFunc(d.Text("en").Segments, func(s sverka.Segment) bool { return strings.Contains(s.Text, p) })
		s, e := phrase(t, d, "en", seg+1, p)
		return map[string]any{"type": "SpecificResource", "source": url + "/documents/117313/en",
			"selector": []any{map[string]any{"type": "TextPositionSelector", "start": s, "end": e}, map[string]any{"type": "TextQuoteSelector", "exact": p}}}
	}
	post := func(a map[string]any) map[string]any {
		t.Helper()
		a["@context"], a["type"] = anno.ContextIRI, "Annotation"
		status, _, got := apiCall(t, http.MethodPost, url+"/api/documents/117313/annotations/", token, mustJSON(a), "Content-Type", anno.MediaType)
		if status != http.StatusCreated {
			t.Fatalf("create: got %d: %v", status, got)
		}
		return got
	}
	post(map[string]any{"motivation": "highlighting", "target": target("your reply")})
	vera := map[string]any{"id": "https://orcid.org/0000-0002-1825-0097", "type": "Person", "name": "Vera"}
	note := post(map[string]any{"target": target("received"), "canonical": "urn:uuid:6f1c7a52-2c1e-4b8a-9a57-0d1f3e2b4c5d",
		"body": []any{
			map[string]any{"id": "urn:uuid:1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "type": "TextualBody", "purpose": "commenting",
				"value": "Received *when*?", "language": "en", "creator": vera, "created": "2024-05-07T10:00:00Z"},
			map[string]any{"type": "TextualBody", "purpose": "replying", "value": "In the spring, by the second letter.",
				"creator": map[string]any{"type": "Person", "name": "Lin"}, "created": "2024-05-07T11:30:00Z"},
			map[string]any{"type": "TextualBody", "purpose": "tagging", "value": "dating", "creator": vera},
			map[string]any{"id": "https://example.org/scan/12.png", "type": "Image", "format": "image/png"},
		}})

	ctx := signInBrowser(t, url, "anna", "correct horse battery")
	const highlight = `[...document.querySelectorAll(".anno-item.anno-commenting")].find(li => li.querySelector(".quote")?.textContent.includes("your reply"))`
	const item = `[...document.querySelectorAll(".anno-item.anno-commenting")].find(li => li.querySelector(".quote")?.textContent.includes("received"))`
	wait(t, ctx, "highlight listed as one", highlight+`?.querySelector(".meta").textContent.includes("highlighting") && !`+highlight+`.querySelector(".body")`)
	run(t, ctx, "highlight marked on its words", `[...document.querySelectorAll("td[lang=en] mark.anno")].some(m => m.textContent === "your reply")`)
	run(t, ctx, "reply shown with its writer", `(() => { const c = `+item+`.querySelector(".comment");
		return c.textContent.includes("In the spring, by the second letter.") && c.querySelector(".meta").textContent.includes("Lin"); })()`)

	run(t, ctx, "edit", `(`+item+`.querySelector("button[data-action=edit]").click(), true)`)
	run(t, ctx, "write", `(() => { const t = document.querySelector(".anno-form textarea");
		if (t.value !== "Received *when*?") return false;
		t.value = "Received in *spring*"; document.querySelector(".anno-form button[type=submit]").click(); return true; })()`)
	wait(t, ctx, "edited", item+`?.querySelector(".body")?.textContent.includes("Received in spring")`)

	status, _, got := apiCall(t, http.MethodGet, note["id"].(string), token, "")
	if status != http.StatusOK {
		t.Fatalf("read back: got %d", status)
	}
	// The edit changes the text (and its rendering), the version and the
	// time; nothing else.
	for _, a := range []map[string]any{note, got} {
		delete(a, "modified")
		delete(a, "version")
		text := a["body"].([]any)[0].(map[string]any)
		delete(text, "html")
		text["value"] = "(the text)"
	}
	if !jsonEqual(got, note) {
		t.Errorf("after editing the text in the page: got %s, want as before: %s", mustJSON(got), mustJSON(note))
	}
}
