package server

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"os"
	"strings"
	"testing"

	"sverka"
	"sverka/ingest"
	"sverka/internal/iiiftest"
	"sverka/internal/scantest"
	"sverka/ocr"
	"sverka/store"
)

// importScan imports a document made from a page that Tesseract read (its
// hOCR, kept in the ocr package's testdata) and the page rendered again by
// the same renderer, with the scan in the image store. The words sit where
// Tesseract saw them.
func importScan(t testing.TB, db *store.DB, id string, public bool) {
	t.Helper()
	importScanOf(t, db, id, public, 5)
}

// importScanOf is importScan with the page rendered to lines lines (0: as
// many as fit, the text repeated), the words' boxes still those of the
// first five, and the layout changed by edit (if given) before the import.
func importScanOf(t testing.TB, db *store.DB, id string, public bool, lines int, edit ...func(*ocr.Document)) {
	t.Helper()
	f, err := os.Open("../ocr/testdata/tesseract.hocr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	layout, err := ocr.ReadHOCR(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edit {
		e(&layout)
	}
	text, err := os.ReadFile("../internal/scantest/testdata/letter.txt")
	if err != nil {
		t.Fatal(err)
	}
	if lines == 0 {
		text = bytes.Repeat(text, 4)
	}
	img, _, _, err := scantest.Render(string(text), scantest.Options{Noise: 0.01, Seed: 1, MaxLines: lines})
	if err != nil {
		t.Skip(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	images, err := db.Images()
	if err != nil {
		t.Fatal(err)
	}
	stored, err := images.Put(&buf)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ingest.OCR(ingest.OCRPair{ID: id, Title: "Письмо в редакцию", Layout: layout,
		Images:  []sverka.PageImage{{Number: 1, Hash: stored.Hash, Format: stored.Format, Width: stored.Width, Height: stored.Height}},
		English: "Moscow, 14 March 1951.\n\nDear comrade editor!\n\nI am sending you the manuscript of an article on the work of the regional library."})
	if err != nil {
		t.Fatal(err)
	}
	d.Public = public
	if _, err := db.Import(context.Background(), &sverka.Archive{Document: d}, false); err != nil {
		t.Fatal(err)
	}
}

func TestFacsimileRoutes(t *testing.T) {
	srv, db := newTestServer(t)
	importScan(t, db, "scan-1", true)
	tests := []struct {
		target, mediaType string
		status            int
	}{
		{"/api/documents/scan-1/facsimile", "application/json", http.StatusOK},
		{"/iiif/scan-1/1/info.json", "application/ld+json", http.StatusOK},
		{"/iiif/scan-1/1/612,361,155,37/max/0/default.jpg", "image/jpeg", http.StatusOK},
		{"/iiif/scan-1/1/full/!400,400/0/gray.png", "image/png", http.StatusOK},
		{"/iiif/scan-1/1", "", http.StatusSeeOther},
		{"/iiif/scan-1/manifest", "application/ld+json", http.StatusOK},
		{"/iiif/scan-1/1/9000,0,10,10/max/0/default.jpg", "text/html", http.StatusBadRequest},
		{"/iiif/scan-1/1/full/max/90/default.jpg", "text/html", http.StatusBadRequest},
		{"/iiif/scan-1/1/full/max/0/default.gif", "text/html", http.StatusBadRequest},
		{"/iiif/scan-1/2/info.json", "", http.StatusNotFound},
		{"/iiif/scan-1/0/full/max/0/default.jpg", "", http.StatusNotFound},
		{"/iiif/117313/manifest", "", http.StatusNotFound},
		{"/iiif/117313/1/info.json", "", http.StatusNotFound},
		{"/iiif/nope/manifest", "", http.StatusNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			rec := do(t, srv, http.MethodGet, tc.target, "")
			if rec.Code != tc.status || !strings.HasPrefix(rec.Header().Get("Content-Type"), tc.mediaType) {
				t.Errorf("got %d %s, want %d %s: %.200s", rec.Code, rec.Header().Get("Content-Type"), tc.status, tc.mediaType, rec.Body.String())
			}
		})
	}
	var fx facsimileJSON
	rec := do(t, srv, http.MethodGet, "/api/documents/scan-1/facsimile", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &fx); err != nil {
		t.Fatal(err)
	}
	if fx.Lang != "ru" || len(fx.Pages) != 1 || fx.Pages[0].Service != "/iiif/scan-1/1" || len(fx.Words) < 30 {
		t.Errorf("got %+v", fx)
	}
	// The seed letter has no scan: no pages, and its page says so.
	rec = do(t, srv, http.MethodGet, "/api/documents/117313/facsimile", "")
	if !strings.Contains(rec.Body.String(), `"pages":[]`) {
		t.Errorf("seed letter facsimile: got %s, want no pages", rec.Body.String())
	}
	if page := do(t, srv, http.MethodGet, "/documents/117313", "").Body.String(); !strings.Contains(page, "No scan of this document is stored") || strings.Contains(page, "data-scanned") {
		t.Error("the seed letter's page does not say that it has no scan, or loads the facsimile pane")
	}
	if page := do(t, srv, http.MethodGet, "/documents/scan-1", "").Body.String(); !strings.Contains(page, "data-scanned") {
		t.Error("a scanned document's page does not ask for the facsimile pane")
	}
}

// A browser or viewer that holds a scan's image or info.json asks again
// with its ETag and gets 304 without a body; another region has another tag.
func TestIIIFRevalidation(t *testing.T) {
	srv, db := newTestServer(t)
	importScan(t, db, "scan-1", true)
	tags := map[string]bool{}
	for _, target := range []string{"/iiif/scan-1/1/info.json", "/iiif/scan-1/1/612,361,155,37/max/0/default.jpg", "/iiif/scan-1/1/0,0,155,37/max/0/default.jpg"} {
		rec := do(t, srv, http.MethodGet, target, "")
		tag := rec.Header().Get("ETag")
		if rec.Code != http.StatusOK || tag == "" || tags[tag] {
			t.Fatalf("%s: got %d with ETag %q (seen: %v)", target, rec.Code, tag, tags[tag])
		}
		tags[tag] = true
		again := do(t, srv, http.MethodGet, target, "", "If-None-Match", tag)
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("Cache-Control") == "" {
			t.Errorf("%s with If-None-Match %s: got %d, %d bytes, Cache-Control %q; want 304, none, set", target, tag, again.Code, again.Body.Len(), again.Header().Get("Cache-Control"))
		}
	}
}

// A private document's scans are hidden from anonymous visitors as the
// document is, and shown to a signed-in reader.
func TestFacsimilePrivate(t *testing.T) {
	srv, db := newTestServer(t)
	importScan(t, db, "secret", false)
	auth := tokenFor(t, db, "rita", sverka.RoleReader)
	for _, target := range []string{"/api/documents/secret/facsimile", "/iiif/secret/manifest", "/iiif/secret/1", "/iiif/secret/1/info.json", "/iiif/secret/1/full/max/0/default.jpg", "/iiif/secret/1/0,0,100,100/max/0/default.jpg"} {
		if rec := do(t, srv, http.MethodGet, target, ""); rec.Code != http.StatusNotFound || strings.HasPrefix(rec.Header().Get("Content-Type"), "image/") || strings.Contains(rec.Body.String(), "Письмо") {
			t.Errorf("anonymous %s: got %d %s, want a 404 that shows nothing of it", target, rec.Code, rec.Header().Get("Content-Type"))
		}
		rec := do(t, srv, http.MethodGet, target, "", "Authorization", auth)
		if rec.Code != http.StatusOK && rec.Code != http.StatusSeeOther {
			t.Errorf("reader %s: got %d, want it served", target, rec.Code)
		}
		if cc := rec.Header().Get("Cache-Control"); strings.Contains(cc, "public") {
			t.Errorf("reader %s: Cache-Control %q lets shared caches keep a private scan", target, cc)
		}
	}
}

// The manifest validates against the IIIF Presentation 3.0 schema, and a
// correction on a word is an annotation on that word's region.
func TestManifestWithAnnotation(t *testing.T) {
	url, _, db := startTestServer(t)
	importScan(t, db, "scan-2", true)
	token := strings.TrimPrefix(tokenFor(t, db, "vera", sverka.RoleEditor), "Bearer ")
	body := `{"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","motivation":"editing","body":{"type":"TextualBody","value":"Марта"},` +
		`"target":{"source":"` + url + `/documents/scan-2/ru","selector":[{"type":"TextPositionSelector","start":11,"end":16},{"type":"TextQuoteSelector","exact":"марта"}]}}`
	if status, _, m := apiCall(t, http.MethodPost, url+"/api/documents/scan-2/annotations/", token, body, "Content-Type", "application/ld+json"); status != http.StatusCreated {
		t.Fatalf("create correction: got %d %v", status, m)
	}
	resp, err := http.Get(url + "/iiif/scan-2/manifest")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	if err := iiiftest.Validate(t, buf.Bytes()); err != nil {
		t.Errorf("manifest does not validate: %v", err)
	}
	if want := url + `/iiif/scan-2/canvas/1#xywh=612,361,155,37`; !strings.Contains(buf.String(), want) {
		t.Errorf("manifest has no annotation on %s:\n%.2000s", want, buf.String())
	}
}
