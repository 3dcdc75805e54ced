package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"sverka"
	"sverka/ingest"
	"sverka/internal/scantest"
	"sverka/ocr"
	"sverka/store"
)

// needTesseract skips a test without Tesseract, and fails it under CI.
func needTesseract(t *testing.T) {
	t.Helper()
	if err := (ocr.Tesseract{Lang: "rus"}).Available(context.Background()); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// renderedPage is a page set in DejaVu from text: its PNG and its words
// with the boxes their ink took.
type renderedPage struct {
	png   []byte
	words []scantest.Word
}

// renderPages sets text on pages of at most lines lines each.
func renderPages(t *testing.T, text string, lines int) []renderedPage {
	t.Helper()
	var pages []renderedPage
	for seed := uint64(1); text != ""; seed++ {
		img, words, rest, err := scantest.Render(text, scantest.Options{DPI: 200, Noise: 0.01, Seed: seed, MaxLines: lines})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		pages, text = append(pages, renderedPage{buf.Bytes(), words}), rest
	}
	return pages
}

// waitForJob asks the job's status URL until it has ended.
func waitForJob(t *testing.T, srv *Server, status, auth string) ocrJobJSON {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for {
		rec := do(t, srv, http.MethodGet, status, "", "Authorization", auth)
		var j ocrJobJSON
		if err := json.Unmarshal(rec.Body.Bytes(), &j); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("job status: got %d %v: %s", rec.Code, err, rec.Body.String())
		}
		if j.Finished() {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job has not ended after 5 minutes: %+v", j)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// An editor has Tesseract read the two-page scan attached to a document
// whose base text exists already (with a paragraph the scan does not
// have): the job answers 202 with its status URL, reads both pages, and the
// words of the text get the boxes they were drawn in (IoU ≥ 0.5 against
// the renderer's) on the right page, the paragraph that is not on the scan
// none; the base text does not change, the coverage is reported and the
// audit trail names the editor. A second run is refused.
func TestOCRTheScan(t *testing.T) {
	needTesseract(t)
	srv, db := newTestServer(t)
	t.Cleanup(srv.Shutdown)
	letter, err := os.ReadFile("../internal/scantest/testdata/letter.txt")
	if err != nil {
		t.Fatal(err)
	}
	scanned := strings.TrimSpace(string(letter))
	extra := "Этого абзаца на скане нет: редактор дописал его позже карандашом."
	importPlain(t, db, ingest.PlainPair{ID: "ocr-later", Title: "Письмо в редакцию", Russian: scanned + "\n\n" + extra,
		English: "Moscow, 14 March 1951.\n\nDear comrade editor!"}, "", "")
	pages := renderPages(t, scanned, 10)
	if len(pages) != 2 {
		t.Fatalf("rendered %d pages, want 2", len(pages))
	}
	files := map[string][]byte{"1.png": pages[0].png, "2.png": pages[1].png}
	body, ct := scanUpload(t, files, "1.png", "2.png")
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	if rec := do(t, srv, http.MethodPost, "/api/documents/ocr-later/scans", body, "Content-Type", ct, "Authorization", editor); rec.Code != http.StatusCreated {
		t.Fatalf("attach: got %d %s", rec.Code, rec.Body.String())
	}
	ctx := context.Background()
	before, err := db.FindDocumentByID(ctx, "ocr-later")
	if err != nil {
		t.Fatal(err)
	}
	if page := do(t, srv, http.MethodGet, "/documents/ocr-later/edit", "", "Authorization", editor).Body.String(); !strings.Contains(page, `action="/documents/ocr-later/ocr"`) {
		t.Error("the details page of a scanned document without word boxes does not offer to OCR the scan")
	}

	rec := do(t, srv, http.MethodPost, "/api/documents/ocr-later/ocr", "", "Authorization", editor)
	var started ocrJobJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &started); err != nil || rec.Code != http.StatusAccepted || rec.Header().Get("Location") != started.Status || started.Pages != 2 {
		t.Fatalf("start: got %d %v %s (Location %q)", rec.Code, err, rec.Body.String(), rec.Header().Get("Location"))
	}
	if rec := do(t, srv, http.MethodPost, "/api/documents/ocr-later/ocr", "", "Authorization", editor); rec.Code != http.StatusConflict {
		t.Errorf("a second job while the first runs: got %d, want 409", rec.Code)
	}
	job := waitForJob(t, srv, started.Status, editor)
	if job.State != "done" || job.PagesDone != 2 {
		t.Fatalf("job: got %+v", job)
	}

	after, err := db.FindDocumentByID(ctx, "ocr-later")
	if err != nil {
		t.Fatal(err)
	}
	text := after.Text("ru").Text
	if text != before.Text("ru").Text {
		t.Fatal("reading the scan changed the base text")
	}
	words := len(strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
	if job.Words != words || job.Boxed != len(after.WordBoxes) || job.Coverage != float64(job.Boxed)/float64(words) {
		t.Errorf("job reports %d of %d words boxed (coverage %v); the text has %d words, %d boxes", job.Boxed, job.Words, job.Coverage, words, len(after.WordBoxes))
	}
	boxAt := map[int]sverka.WordBox{}
	for _, w := range after.WordBoxes {
		boxAt[w.Start] = w
	}
	// Every word of four letters or more as drawn: its box, if it has one,
	// is where it was drawn; most have one.
	runes, at := []rune(text), 0
	chosen, boxed := 0, 0
	for pi, p := range pages {
		for _, w := range p.words {
			word := strings.TrimFunc(w.Text, func(r rune) bool { return !unicode.IsLetter(r) })
			k := strings.Index(string(runes[at:]), word)
			if k < 0 {
				t.Fatalf("%q is not in the base text after code point %d", word, at)
			}
			start := at + utf8.RuneCountInString(string(runes[at:])[:k])
			at = start + utf8.RuneCountInString(word)
			if utf8.RuneCountInString(word) < 4 || strings.IndexFunc(word, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
				continue
			}
			chosen++
			b, ok := boxAt[start]
			if !ok {
				continue
			}
			boxed++
			got := ocr.Box{X0: b.X, Y0: b.Y, X1: b.X + b.W, Y1: b.Y + b.H}
			if b.Page != pi+1 || got.IoU(w.Box) < 0.5 {
				t.Errorf("%q: boxed on page %d at %v, drawn on page %d at %v (IoU %.2f)", word, b.Page, got, pi+1, w.Box, got.IoU(w.Box))
			}
		}
	}
	if chosen < 40 || boxed*10 < chosen*9 {
		t.Errorf("%d of %d chosen words have a box, want 90 %%", boxed, chosen)
	}
	extraAt := utf8.RuneCountInString(scanned)
	for _, w := range after.WordBoxes {
		if w.Start >= extraAt {
			t.Errorf("%q, not on the scan, has a box", string(runes[w.Start:w.End]))
		}
	}
	t.Logf("%d of %d chosen words boxed; coverage %.3f (%d of %d words)", boxed, chosen, job.Coverage, job.Boxed, job.Words)

	changes, err := db.FindChanges(ctx, store.ChangeFilter{DocumentID: "ocr-later", Entity: "scan"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, ch := range changes {
		actions = append(actions, ch.UserName+" "+ch.Action)
	}
	if got := strings.Join(actions, ", "); !strings.Contains(got, "vera ocr") || !strings.Contains(got, "vera word boxes") {
		t.Errorf("audit trail: got %s, want the start and the boxes by vera", got)
	}
	page := do(t, srv, http.MethodGet, "/documents/ocr-later/edit", "", "Authorization", editor).Body.String()
	if want := fmt.Sprintf("%d of the text&#39;s %d words", job.Boxed, job.Words); !strings.Contains(page, want) || !strings.Contains(page, `name="replace" value="true"`) {
		t.Errorf("the details page does not report %q, or does not offer to read the scan again", want)
	}
	if rec := do(t, srv, http.MethodPost, "/api/documents/ocr-later/ocr", "", "Authorization", editor); rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "replace") {
		t.Errorf("OCR of a text that has its boxes, not asked to replace them: got %d %s, want 409", rec.Code, rec.Body.String())
	}
	rerunByAnotherEditor(t, srv, db, after.WordBoxes)
}

// rerunByAnotherEditor has a second editor read the scan of "ocr-later"
// again, asking to replace its boxes: they are replaced in a change
// attributed to that editor whose before state holds every old box.
func rerunByAnotherEditor(t *testing.T, srv *Server, db *store.DB, old []sverka.WordBox) {
	t.Helper()
	editor := tokenFor(t, db, "oleg", sverka.RoleEditor)
	rec := do(t, srv, http.MethodPost, "/api/documents/ocr-later/ocr", "replace=true", "Authorization", editor, "Content-Type", "application/x-www-form-urlencoded")
	var started ocrJobJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &started); err != nil || rec.Code != http.StatusAccepted || !started.Replace {
		t.Fatalf("read again: got %d %v %s", rec.Code, err, rec.Body.String())
	}
	if job := waitForJob(t, srv, started.Status, editor); job.State != "done" || job.Boxed == 0 {
		t.Fatalf("read again: got %+v", job)
	}
	changes, err := db.FindChanges(context.Background(), store.ChangeFilter{DocumentID: "ocr-later", Entity: "scan"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range changes {
		if ch.Action != "word boxes" || ch.UserName != "oleg" {
			continue
		}
		var before struct{ Boxes [][7]int }
		if err := json.Unmarshal(ch.Before.(json.RawMessage), &before); err != nil {
			t.Fatal(err)
		}
		if len(before.Boxes) != len(old) {
			t.Fatalf("the replaced boxes kept: got %d, want %d", len(before.Boxes), len(old))
		}
		for i, w := range old {
			if got := before.Boxes[i]; got != [7]int{w.Start, w.End, w.Page, w.X, w.Y, w.W, w.H} {
				t.Fatalf("replaced box %d: got %v, want %+v", i, got, w)
			}
		}
		return
	}
	t.Error("no change by oleg records the replaced boxes")
}

// Starting a job is refused with a 4xx or 503 that starts nothing: a
// reader, a document without a scan, an unknown language, a server
// without Tesseract (naming it).
func TestOCRTheScanRefused(t *testing.T) {
	srv, db := newTestServer(t)
	t.Cleanup(srv.Shutdown)
	importPlain(t, db, ingest.PlainPair{ID: "ocr-none", Title: "Записка", Russian: "Страница.", English: "A page."}, "", "")
	importPlain(t, db, ingest.PlainPair{ID: "ocr-scan", Title: "Записка", Russian: "Страница.", English: "A page."}, "", "")
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	body, ct := scanUpload(t, map[string][]byte{"p.png": testPNG(t, 30, 30, 0)}, "p.png")
	if rec := do(t, srv, http.MethodPost, "/api/documents/ocr-scan/scans", body, "Content-Type", ct, "Authorization", editor); rec.Code != http.StatusCreated {
		t.Fatalf("attach: got %d %s", rec.Code, rec.Body.String())
	}
	tests := []struct {
		name, target, auth, path string
		status                   int
		says                     string
	}{
		{"reader", "/api/documents/ocr-scan/ocr", tokenFor(t, db, "rita", sverka.RoleReader), "", http.StatusForbidden, ""},
		{"no scan", "/api/documents/ocr-none/ocr", editor, "", http.StatusBadRequest, "no scan"},
		{"no such text", "/api/documents/ocr-scan/ocr?lang=de", editor, "", http.StatusBadRequest, "has no"},
		{"not a language", "/api/documents/ocr-scan/ocr?lang=no+such", editor, "", http.StatusBadRequest, "language tag"},
		{"no tesseract", "/api/documents/ocr-scan/ocr", editor, t.TempDir(), http.StatusServiceUnavailable, "tesseract-ocr"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.path != "" {
				t.Setenv("PATH", tc.path)
			} else {
				needTesseract(t)
			}
			rec := do(t, srv, http.MethodPost, tc.target, "", "Authorization", tc.auth)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.says) {
				t.Errorf("got %d %.300s, want %d saying %q", rec.Code, rec.Body.String(), tc.status, tc.says)
			}
			for _, id := range []string{"ocr-none", "ocr-scan"} {
				if _, err := db.LatestOCRJob(context.Background(), id); err == nil {
					t.Errorf("a job was started on %s", id)
				}
			}
		})
	}
}
