package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/anno"
	"sverka/ingest"
	"sverka/internal/browsertest"
)

// recogitoVersion is the release of @recogito/text-annotator that .ci/run
// installs into .cache/npm.
const recogitoVersion = "4.1.1"

// recogitoText is a BMP-only English text in which "the second reading"
// occurs twice: the annotator counts positions in UTF-16 units, which are
// code points only there, and the annotation on the second occurrence shows
// whether the client puts it on the right words.
const recogitoText = "The first reading is plain. The second reading is not the second reading of the draft.\n\n" +
	"The editor keeps both readings and marks the doubtful words in the margin.\n"

// TestRecogitoTextAnnotatorInBrowser loads a Sverka text and its
// annotations into the real @recogito/text-annotator (the npm package, in
// Chromium, on a page of another origin), through its W3C adapter and the
// server's container: a note, a Hypothesis-style highlight without a body,
// and an annotation with Recogito's replies as further bodies each land on
// their words (the ranges the client revives hold the quotes, at the
// positions Sverka serves). Then words selected with the mouse in the
// client make an annotation that the client posts to Sverka, which stores
// it on those words.
func TestRecogitoTextAnnotatorInBrowser(t *testing.T) {
	dist := filepath.Join(browsertest.NPM(t, "@recogito/text-annotator", recogitoVersion), "dist")
	srv, db := newTestServer(t)
	d, err := ingest.Plain(ingest.PlainPair{ID: "recogito-1", Title: "Two readings",
		Russian: "Первое чтение простое. Второе чтение не второе чтение черновика.\n\nРедактор хранит оба чтения.\n",
		English: recogitoText})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateDocument(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	at := func(lang, exact string, nth int) (int, int) {
		text, i := d.Text(lang).Text, -1
		for range nth {
			i += 1 + strings.Index(text[i+1:], exact)
		}
		start := utf8.RuneCountInString(text[:i])
		return start, start + utf8.RuneCountInString(exact)
	}
	want := map[string]int{}      // the start Sverka serves, by the annotation's path
	quotes := map[string]string{} // the quote it serves, by the same
	post := func(body string) {
		t.Helper()
		rec := do(t, srv, http.MethodPost, "/api/documents/"+d.ID+"/annotations/", body, anna.withBearer("Content-Type", anno.MediaType)...)
		if rec.Code != http.StatusCreated {
			t.Fatalf("create: got %d: %s", rec.Code, rec.Body)
		}
		got := decode(t, rec)
		sel := got["target"].(map[string]any)["selector"].([]any)
		path := strings.TrimPrefix(rec.Header().Get("Location"), testBase)
		want[path] = int(sel[0].(map[string]any)["start"].(float64))
		quotes[path] = sel[1].(map[string]any)["exact"].(string)
	}
	s, e := at("en", "the second reading", 2)
	post(noteBody(d.ID, "en", s, e, "the second reading", "Not the same as the first."))
	s, e = at("en", "doubtful words", 1)
	post(mustJSON(map[string]any{"@context": anno.ContextIRI, "type": "Annotation", "motivation": "highlighting",
		"target": textTarget(d.ID, "en", s, e, "doubtful words")}))
	s, e = at("en", "keeps both readings", 1)
	post(mustJSON(map[string]any{"@context": anno.ContextIRI, "type": "Annotation", "target": textTarget(d.ID, "en", s, e, "keeps both readings"),
		"body": []any{
			map[string]any{"type": "TextualBody", "purpose": "commenting", "value": "Both?", "creator": map[string]any{"type": "Person", "name": "Vera"}},
			map[string]any{"type": "TextualBody", "purpose": "replying", "value": "Both.", "creator": map[string]any{"type": "Person", "name": "Lin"}},
		}}))
	s, e = at("ru", "второе чтение", 1)
	rec := do(t, srv, http.MethodPost, "/api/documents/"+d.ID+"/annotations/", noteBody(d.ID, "ru", s, e, "второе чтение", "On the other text."), anna.withBearer("Content-Type", anno.MediaType)...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: got %d: %s", rec.Code, rec.Body)
	}

	sverkaSide := httptest.NewServer(srv)
	t.Cleanup(sverkaSide.Close)
	mux := http.NewServeMux()
	mux.Handle("/npm/", http.StripPrefix("/npm/", http.FileServer(http.Dir(dist))))
	mux.Handle("/", http.FileServer(http.Dir("testdata/recogito")))
	pages := httptest.NewServer(mux)
	t.Cleanup(pages.Close)
	srv.cfg.CORSOrigins = []string{pages.URL}

	ctx := browsertest.New(t, 60*time.Second)
	q := url.Values{"sverka": {sverkaSide.URL}, "doc": {d.ID}, "lang": {"en"}, "token": {anna.bearer}}
	if err := chromedp.Do(ctx, chromedp.Navigate(pages.URL+"/index.html?"+q.Encode())); err != nil {
		t.Fatal(err)
	}
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.client`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("load the annotations into the client: %v", err)
	}
	for i, id := range ids {
		ids[i] = strings.TrimPrefix(id, sverkaSide.URL)
	}
	slices.Sort(ids)
	if wantIDs := slices.Sorted(func(yield func(string) bool) {
		for id := range want {
			if !yield(id) {
				return
			}
		}
	}); !slices.Equal(ids, wantIDs) {
		t.Fatalf("the client loaded %v, want the English text's %v", ids, wantIDs)
	}
	type shown struct {
		Text  string `json:"text"`
		Start int    `json:"start"`
		Rects int    `json:"rects"`
	}
	for id, start := range want {
		// The range the client revived from the served annotation: its
		// words, where they start in the text, and the highlight it paints.
		got, err := chromedp.Run(ctx, chromedp.Evaluate[shown](`(() => {
			const id = `+jsString(sverkaSide.URL+id)+`, store = window.annotator.state.store;
			const r = store.getAnnotation(id).target.selector[0].range;
			const before = document.createRange();
			before.setStart(document.getElementById("text"), 0);
			before.setEnd(r.startContainer, r.startOffset);
			return {text: r.toString(), start: before.toString().length, rects: store.getAnnotationRects(id).length};
		})()`))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if got.Text != quotes[id] || got.Start != start || got.Rects == 0 {
			t.Errorf("%s shown on %q at %d (%d rectangles), want %q at %d, highlighted", id, got.Text, got.Start, got.Rects, quotes[id], start)
		}
	}

	// A reader selects words with the mouse in the client.
	const words = "marks the doubtful"
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const node = document.getElementById("text").firstChild, i = node.data.indexOf(`+jsString(words)+`);
		const r = document.createRange();
		r.setStart(node, i); r.setEnd(node, i + `+jsString(words)+`.length);
		const b = r.getBoundingClientRect();
		return [b.left + 1, b.right - 1, b.top + b.height / 2];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	x1, x2, y := box[0], box[1], box[2]
	if err := chromedp.Do(ctx,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x1, y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, (x1+x2)/2, y, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x2, y, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x2, y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	); err != nil {
		t.Fatal(err)
	}
	type answer struct {
		Status   int    `json:"status"`
		Location string `json:"location"`
		Sent     any    `json:"sent"`
		Answer   any    `json:"answer"`
	}
	posted, err := chromedp.Run(ctx, chromedp.Poll[[]answer](`window.posted.length > 0 && window.posted`, chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		t.Fatalf("the client posted no annotation after the selection: %v", err)
	}
	if len(posted) != 1 || posted[0].Status != http.StatusCreated {
		t.Fatalf("the client posted %s, want one annotation created", mustJSON(posted))
	}
	t.Logf("the client sent %s", mustJSON(posted[0].Sent))
	got := decode(t, do(t, srv, http.MethodGet, strings.TrimPrefix(posted[0].Location, sverkaSide.URL), ""))
	t.Logf("Sverka keeps %s", mustJSON(got))
	s, e = at("en", words, 1)
	sel, _ := got["target"].(map[string]any)["selector"].([]any)
	if len(sel) < 2 || !jsonEqual(sel[0], map[string]any{"type": "TextPositionSelector", "start": s, "end": e}) ||
		sel[1].(map[string]any)["exact"] != words {
		t.Errorf("stored on %s, want %q at %d–%d (the client sent %s)", mustJSON(got["target"]), words, s, e, mustJSON(posted[0].Sent))
	}
}
