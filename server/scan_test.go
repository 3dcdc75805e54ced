package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"sverka"
	"sverka/facsimile"
	"sverka/ingest"
	"sverka/internal/scantest"
	"sverka/store"
)

// testPNG draws a w×h page with a diagonal stroke whose shade depends on
// seed, so that different seeds give different images.
func testPNG(t testing.TB, w, h int, seed uint8) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetGray(x, y, color.Gray{Y: 255})
		}
		img.SetGray(y*w/h, y, color.Gray{Y: seed})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scanUpload is a multipart body with the files in "files", in order, and
// its Content-Type.
func scanUpload(t testing.TB, files map[string][]byte, order ...string) (string, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, name := range order {
		fw, err := mw.CreateFormFile("files", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(files[name])
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return body.String(), mw.FormDataContentType()
}

// scanState is what an attach may change: the document's pages, its
// revision and the scan entries of the audit trail.
func scanState(t *testing.T, db *store.DB, id string) string {
	t.Helper()
	ctx := context.Background()
	pages, err := db.FindPageImages(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.FindDocumentByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	changes, err := db.FindChanges(ctx, store.ChangeFilter{DocumentID: id, Entity: "scan"})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("pages %v, revision %d, %d changes", pages, d.Revision, len(changes))
}

// An editor attaches two page images to a private document imported
// without a scan: the manifest then has their two canvases, for those who
// may read the document only, and the audit trail says who attached them.
// A second scan is refused and the first stays.
func TestAttachScan(t *testing.T) {
	srv, db := newTestServer(t)
	importPlain(t, db, ingest.PlainPair{ID: "plain-scan", Title: "Записка", Russian: "Первая страница.\n\nВторая страница.", English: "The first page.\n\nThe second page."}, "", "")
	private := false
	if _, err := db.UpdateDocumentMetadata(context.Background(), "plain-scan", 0, store.DocumentMetadata{Public: &private}, 0); err != nil {
		t.Fatal(err)
	}
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	if page := do(t, srv, http.MethodGet, "/documents/plain-scan/edit", "", "Authorization", editor).Body.String(); !strings.Contains(page, `action="/documents/plain-scan/scans"`) {
		t.Error("the details page of a document without a scan has no form to attach one")
	}
	files := map[string][]byte{"p1.png": testPNG(t, 40, 30, 10), "p2.png": testPNG(t, 50, 60, 90)}
	body, ct := scanUpload(t, files, "p1.png", "p2.png")
	rec := do(t, srv, http.MethodPost, "/api/documents/plain-scan/scans", body, "Content-Type", ct, "Authorization", editor)
	if rec.Code != http.StatusCreated {
		t.Fatalf("attach: got %d %s", rec.Code, rec.Body.String())
	}
	if rec := do(t, srv, http.MethodGet, "/iiif/plain-scan/manifest", ""); rec.Code != http.StatusNotFound {
		t.Errorf("anonymous manifest of a private document: got %d, want 404", rec.Code)
	}
	rec = do(t, srv, http.MethodGet, "/iiif/plain-scan/manifest", "", "Authorization", tokenFor(t, db, "rita", sverka.RoleReader))
	var m struct {
		Items []struct {
			Width, Height int
			Items         []struct {
				Items []struct {
					Body struct{ Service []struct{ ID string } }
				}
			}
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("manifest: got %d %v: %.300s", rec.Code, err, rec.Body.String())
	}
	if len(m.Items) != 2 || m.Items[0].Width != 40 || m.Items[0].Height != 30 || m.Items[1].Width != 50 || m.Items[1].Height != 60 {
		t.Fatalf("manifest canvases: got %+v, want 40×30 then 50×60", m.Items)
	}
	if svc := m.Items[1].Items[0].Items[0].Body.Service; len(svc) != 1 || !strings.HasSuffix(svc[0].ID, "/iiif/plain-scan/2") {
		t.Errorf("second canvas's image service: got %+v", svc)
	}
	changes, err := db.FindChanges(context.Background(), store.ChangeFilter{DocumentID: "plain-scan", Entity: "scan"})
	if err != nil || len(changes) != 1 || changes[0].UserName != "vera" || changes[0].Action != "attach" {
		t.Errorf("audit trail: got %+v %v, want one attach by vera", changes, err)
	}
	if page := do(t, srv, http.MethodGet, "/documents/plain-scan/edit", "", "Authorization", editor).Body.String(); !strings.Contains(page, "2 scanned pages are attached") || strings.Contains(page, `id="doc-scan-ru"`) || !strings.Contains(page, `id="doc-scan-en"`) {
		t.Error("the details page of a scanned document does not say so, or offers to attach another scan of the original, or none of the translation")
	}
	before := scanState(t, db, "plain-scan")
	body, ct = scanUpload(t, map[string][]byte{"other.png": testPNG(t, 20, 20, 50)}, "other.png")
	if rec := do(t, srv, http.MethodPost, "/documents/plain-scan/scans", body, "Content-Type", ct, "Authorization", editor); rec.Code != http.StatusConflict {
		t.Errorf("second scan: got %d, want 409", rec.Code)
	}
	if after := scanState(t, db, "plain-scan"); after != before {
		t.Errorf("a refused second scan changed the document:\n%s\n%s", before, after)
	}
}

// Bad uploads are refused with a 4xx and change nothing: no signed-in
// user, a reader, a file that is not an image, no file, an unknown document.
func TestAttachScanRefused(t *testing.T) {
	srv, db := newTestServer(t)
	importPlain(t, db, ingest.PlainPair{ID: "plain-bad", Title: "Записка", Russian: "Страница.", English: "A page."}, "", "")
	page := map[string][]byte{"p.png": testPNG(t, 30, 30, 0), "notes.png": []byte("not an image at all"), "x.pdf": []byte("%PDF-1.4 broken")}
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	reader := tokenFor(t, db, "rita", sverka.RoleReader)
	images, err := db.Images()
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(page["p.png"])
	pngHash := hex.EncodeToString(sum[:])
	tests := []struct {
		name, target, auth string
		files              []string
		status             int
	}{
		{"anonymous", "/api/documents/plain-bad/scans", "", []string{"p.png"}, http.StatusUnauthorized},
		{"reader", "/api/documents/plain-bad/scans", reader, []string{"p.png"}, http.StatusForbidden},
		{"reader's form", "/documents/plain-bad/scans", reader, []string{"p.png"}, http.StatusForbidden},
		{"not an image", "/api/documents/plain-bad/scans", editor, []string{"notes.png"}, http.StatusBadRequest},
		{"an image then not an image", "/api/documents/plain-bad/scans", editor, []string{"p.png", "notes.png"}, http.StatusBadRequest},
		{"no files", "/api/documents/plain-bad/scans", editor, nil, http.StatusBadRequest},
		{"unknown document", "/api/documents/nope/scans", editor, []string{"p.png"}, http.StatusNotFound},
		{"a broken PDF", "/api/documents/plain-bad/scans", editor, []string{"x.pdf"}, http.StatusBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := scanState(t, db, "plain-bad")
			body, ct := scanUpload(t, page, tc.files...)
			header := []string{"Content-Type", ct}
			if tc.auth != "" {
				header = append(header, "Authorization", tc.auth)
			}
			rec := do(t, srv, http.MethodPost, tc.target, body, header...)
			if rec.Code != tc.status {
				t.Errorf("got %d %.200s, want %d", rec.Code, rec.Body.String(), tc.status)
			}
			if strings.Contains(rec.Body.String(), os.TempDir()) {
				t.Errorf("the answer names a server path: %.300s", rec.Body.String())
			}
			if after := scanState(t, db, "plain-bad"); after != before || !strings.HasPrefix(after, "pages [],") {
				t.Errorf("changed:\n%s\n%s", before, after)
			}
			// No refused scan leaves its page in the image store, not even
			// one whose first file was an image.
			if images.Has(pngHash) {
				t.Error("the image store has the page that was refused")
			}
		})
	}
}

// A PDF's pages, rendered at 300 dpi, become the document's pages.
func TestAttachScanPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(facsimile.ErrNoPoppler)
		}
		t.Skip(facsimile.ErrNoPoppler)
	}
	srv, db := newTestServer(t)
	importPlain(t, db, ingest.PlainPair{ID: "plain-pdf", Title: "Записка", Russian: "Страница.", English: "A page."}, "", "")
	body, ct := scanUpload(t, map[string][]byte{"scan.pdf": scantest.TwoPagePDF()}, "scan.pdf")
	rec := do(t, srv, http.MethodPost, "/api/documents/plain-pdf/scans", body, "Content-Type", ct, "Authorization", tokenFor(t, db, "vera", sverka.RoleEditor))
	if rec.Code != http.StatusCreated {
		t.Fatalf("attach: got %d %s", rec.Code, rec.Body.String())
	}
	pages, err := db.FindPageImages(context.Background(), "plain-pdf")
	// A4 (595×842 pt) at 300 dpi is 2480×3509 pixels, rounded up.
	if err != nil || len(pages) != 2 || pages[1].Width != 2480 || pages[1].Height != 3509 || pages[0].Hash == pages[1].Hash {
		t.Errorf("got %+v %v, want two different A4 pages at 300 dpi", pages, err)
	}
}

// Without pdftoppm a PDF is refused with 503 naming the program to
// install, and nothing changes.
func TestAttachScanWithoutPoppler(t *testing.T) {
	srv, db := newTestServer(t)
	importPlain(t, db, ingest.PlainPair{ID: "plain-nopdf", Title: "Записка", Russian: "Страница.", English: "A page."}, "", "")
	before := scanState(t, db, "plain-nopdf")
	t.Setenv("PATH", t.TempDir())
	body, ct := scanUpload(t, map[string][]byte{"scan.pdf": scantest.TwoPagePDF()}, "scan.pdf")
	rec := do(t, srv, http.MethodPost, "/api/documents/plain-nopdf/scans", body, "Content-Type", ct, "Authorization", tokenFor(t, db, "vera", sverka.RoleEditor))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "pdftoppm") || !strings.Contains(rec.Body.String(), "poppler-utils") {
		t.Errorf("got %d %.300s, want 503 naming pdftoppm and its package", rec.Code, rec.Body.String())
	}
	if after := scanState(t, db, "plain-nopdf"); after != before {
		t.Errorf("changed:\n%s\n%s", before, after)
	}
}

// The translation gets its scan too, after the original's: its pages are
// numbered after the original's, the facsimile answers each text's scan
// by its language, the manifest labels every canvas by its text, and the
// reading view counts both. A second scan of the translation, or one of a
// text the document does not have, is refused and changes nothing.
func TestAttachTranslationScan(t *testing.T) {
	srv, db := newTestServer(t)
	importPlain(t, db, ingest.PlainPair{ID: "two-scans", Title: "Записка", Russian: "Первая страница.\n\nВторая страница.", English: "The first page.\n\nThe second page."}, "", "")
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	attach := func(lang string, files ...string) *httptest.ResponseRecorder {
		t.Helper()
		all := map[string][]byte{"ru1.png": testPNG(t, 40, 30, 10), "ru2.png": testPNG(t, 40, 30, 20), "en1.png": testPNG(t, 50, 70, 30), "en2.png": testPNG(t, 50, 70, 40)}
		body, ct := scanUpload(t, all, files...)
		return do(t, srv, http.MethodPost, "/api/documents/two-scans/scans?lang="+lang, body, "Content-Type", ct, "Authorization", editor)
	}
	if rec := attach("", "ru1.png", "ru2.png"); rec.Code != http.StatusCreated {
		t.Fatalf("attach the original's: got %d %s", rec.Code, rec.Body.String())
	}
	rec := attach("en", "en1.png")
	var got struct{ Pages []sverka.PageImage }
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusCreated || len(got.Pages) != 1 || got.Pages[0].Number != 3 || got.Pages[0].Lang != "en" {
		t.Fatalf("attach the translation's: got %d %v %s, want page 3 in en", rec.Code, err, rec.Body.String())
	}
	var fx facsimileJSON
	for lang, want := range map[string]string{"": "ru original [ru en] 2 /iiif/two-scans/1", "en": "en translation [ru en] 1 /iiif/two-scans/3"} {
		rec := do(t, srv, http.MethodGet, "/api/documents/two-scans/facsimile?lang="+lang, "")
		if err := json.Unmarshal(rec.Body.Bytes(), &fx); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("facsimile %q: got %d %v", lang, rec.Code, err)
		}
		if s := fmt.Sprintf("%s %s %v %d %s", fx.Lang, fx.Role, fx.Scanned, len(fx.Pages), fx.Pages[0].Service); s != want {
			t.Errorf("facsimile %q: got %s, want %s", lang, s, want)
		}
	}
	rec = do(t, srv, http.MethodGet, "/iiif/two-scans/manifest", "")
	var m struct {
		Items []struct{ Label map[string][]string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, c := range m.Items {
		labels = append(labels, fmt.Sprint(c.Label["none"]))
	}
	if s := strings.Join(labels, ","); s != "[ru 1],[ru 2],[en 1]" {
		t.Errorf("canvas labels: got %s", s)
	}
	if rec := do(t, srv, http.MethodGet, "/iiif/two-scans/3/full/25,/0/default.png", ""); rec.Code != http.StatusOK {
		t.Errorf("the translation's page through IIIF: got %d", rec.Code)
	}
	if page := do(t, srv, http.MethodGet, "/documents/two-scans", "").Body.String(); !strings.Contains(page, "Scanned original: 2 pages") || !strings.Contains(page, "Scanned translation: 1 page ") {
		t.Error("the reading view does not count both scans")
	}
	before := scanState(t, db, "two-scans")
	for lang, status := range map[string]int{"en": http.StatusConflict, "de": http.StatusBadRequest} {
		if rec := attach(lang, "en2.png"); rec.Code != status {
			t.Errorf("another scan in %s: got %d %s, want %d", lang, rec.Code, rec.Body.String(), status)
		}
	}
	if after := scanState(t, db, "two-scans"); after != before {
		t.Errorf("a refused scan changed the document:\n%s\n%s", before, after)
	}
}
