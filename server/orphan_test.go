package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"sverka"
	"sverka/anno"
	"sverka/ingest"
	"sverka/store"
)

// TestOrphanPlaces replaces a text whose words were read again (OCR): a note
// on "получили зерно" and a cross-reference from the letter into "Поезд ушёл"
// are orphaned, and the Orphans view offers each the words most like its
// own ("получили зерна", "Поезд ушел"), in the API and on the page. A place
// offered, posted back with the version it is made against, attaches the
// note there as a new version by whoever accepted it; a place whose words
// are not there is refused and changes nothing.
func TestOrphanPlaces(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	author := signedIn(t, db, "anna", sverka.RoleAnnotator)
	editor := signedIn(t, db, "elena", sverka.RoleEditor)
	if err := db.CreateDocument(ctx, reportPair(t, "Мы получили зерно и уголь. Поезд ушёл вчера.")); err != nil {
		t.Fatal(err)
	}
	note := &sverka.Annotation{DocumentID: "report", Motivation: sverka.MotivationNote, CreatorID: author.user.ID, Body: "which grain?",
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "получили зерно"}}
	xref := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationLink, CreatorID: author.user.ID,
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"},
		Link:   &sverka.CrossReference{DocumentID: "report", Lang: "ru", ByQuote: true, Exact: "Поезд ушёл"}}
	for _, a := range []*sverka.Annotation{note, xref} {
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ReplaceDocument(ctx, reportPair(t, "Мы получили зерна и уголь. Поезд ушел вчера. Поезд пришёл."), editor.user.ID); err != nil {
		t.Fatal(err)
	}

	rec := do(t, srv, http.MethodGet, "/api/documents/report/orphans", "", author.withBearer()...)
	var got struct {
		Suggestions []orphanPlaces `json:"suggestions"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); rec.Code != http.StatusOK || err != nil {
		t.Fatalf("GET orphans: got %d %s (%v)", rec.Code, rec.Body, err)
	}
	best := map[int64]anno.Candidate{}
	for _, o := range got.Suggestions {
		if len(o.Places) > 0 {
			best[o.Annotation] = o.Places[0]
		}
	}
	for _, want := range []struct {
		a     *sverka.Annotation
		exact string
		start int
	}{{note, "получили зерна", 3}, {xref, "Поезд ушел", 27}} {
		p := best[want.a.ID]
		if p.Exact != want.exact || p.Start != want.start || p.End != want.start+len([]rune(want.exact)) || p.Score < 0.5 || p.Score >= 1 {
			t.Errorf("annotation %d: got best place %+v, want %q at %d with a score in [0.5, 1)", want.a.ID, p, want.exact, want.start)
		}
	}
	page := do(t, srv, http.MethodGet, "/documents/report/orphans", "", author.withSession()...)
	if body := page.Body.String(); strings.Count(body, `class="orphan-place"`) < 2 || !strings.Contains(body, "<mark>получили зерна</mark>") {
		t.Errorf("the Orphans view offers no place to attach the note:\n%s", body)
	}

	post := func(body, etag string) int {
		h := editor.withBearer("Content-Type", "application/json", "If-Match", etag)
		return do(t, srv, http.MethodPost, "/api/documents/report/orphans/"+strconv.FormatInt(note.ID, 10), body, h...).Code
	}
	etag := `"a` + strconv.FormatInt(note.ID, 10) + `-v2"`
	if code := post(`{"action": "reattach", "start": 3, "end": 17, "exact": "получили уголь"}`, etag); code != http.StatusBadRequest {
		t.Errorf("a place whose words are not there: got %d, want 400", code)
	}
	if code := post(`{"action": "reattach", "start": 3, "end": 17, "exact": "получили зерна"}`, `"a1-v1"`); code != http.StatusPreconditionFailed {
		t.Errorf("a stale version: got %d, want 412", code)
	}
	b := best[note.ID]
	place, _ := json.Marshal(orphanChange{Action: "reattach", Start: &b.Start, End: &b.End, Exact: b.Exact, Prefix: b.Prefix, Suffix: b.Suffix})
	if code := post(string(place), etag); code != http.StatusOK {
		t.Fatalf("attach to the place offered: got %d, want 200", code)
	}
	a, err := db.FindAnnotationByID(ctx, note.ID, author.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Orphaned || a.Target.Exact != "получили зерна" || a.Target.Start != 3 || a.Version != 3 || a.Body != "which grain?" {
		t.Errorf("got %+v, want the note, version 3, on “получили зерна” at 3", a)
	}
	changes, err := db.FindChanges(ctx, store.ChangeFilter{DocumentID: "report", Limit: 1})
	if err != nil || len(changes) != 1 || changes[0].UserID != editor.user.ID || changes[0].EntityID != strconv.FormatInt(note.ID, 10) {
		t.Errorf("got the last change %+v (%v), want the re-attach by %s", changes, err, editor.user.Name)
	}
}

// reportPair derives the document "report" (title Report) from a Russian
// text and an English one that stays the same, as an import of a pair does.
func reportPair(t testing.TB, ru string) *sverka.Document {
	t.Helper()
	d, err := ingest.Plain(ingest.PlainPair{ID: "report", Title: "Report", Russian: ru, English: "We received grain and coal. The train left yesterday."})
	if err != nil {
		t.Fatal(err)
	}
	return d
}
