package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/ingest"
	"sverka/internal/browsertest"
)

// TestOCRJobInBrowser presses "OCR the scan" on the details page of a
// scanned document in a headless Chromium while another job holds
// Tesseract: the page says the job waits; once Tesseract is free the page,
// asking how far the job has got, reloads itself when it has ended and
// reports the coverage; the reading view then shows the words' boxes on
// the scan, and clicking the box of either part of a word hyphenated
// across lines there selects the whole word.
func TestOCRJobInBrowser(t *testing.T) {
	needTesseract(t)
	url, srv, db := startTestServer(t)
	t.Cleanup(srv.Shutdown)
	text := "Уважаемый товарищ редактор!\n\nНаправляю Вам рукопись статьи о работе районной библиотеки."
	importPlain(t, db, ingest.PlainPair{ID: "ocr-b", Title: "Письмо", Russian: text, English: "Dear comrade editor!\n\nI am sending you an article."}, "", "")
	pages := renderPages(t, strings.Replace(text, "библиотеки", "библио-\nтеки", 1), 10)
	body, ct := scanUpload(t, map[string][]byte{"1.png": pages[0].png}, "1.png")
	if rec := do(t, srv, http.MethodPost, "/api/documents/ocr-b/scans", body, "Content-Type", ct, "Authorization", tokenFor(t, db, "oleg", sverka.RoleEditor)); rec.Code != http.StatusCreated {
		t.Fatalf("attach: got %d %s", rec.Code, rec.Body.String())
	}
	if _, err := db.CreateUser(context.Background(), "vera", sverka.RoleEditor, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	bctx := signInBrowser(t, url, "vera", "correct horse battery")
	if err := chromedp.Do(bctx, chromedp.Navigate(url+"/documents/ocr-b/edit"), chromedp.WaitVisible(chromedp.CSS(`form.doc-ocr button[type=submit]`))); err != nil {
		t.Fatal(err)
	}
	srv.ocr.slot <- struct{}{} // another job is reading
	if err := chromedp.Do(bctx, chromedp.Click(`form.doc-ocr button[type=submit]`), chromedp.WaitReady(`p.ocr-job`)); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "the job waits", `(() => { const s = document.querySelector(".ocr-job"); return !!s && s.dataset.state === "queued" && s.textContent.startsWith("Waiting for Tesseract"); })()`)
	run(t, bctx, "mark this page", `(window.beforeTheJobEnded = true, !document.querySelector("form.doc-ocr"))`)
	<-srv.ocr.slot
	if err := chromedp.Do(bctx, chromedp.WaitReady(`p.ocr-job[data-state=done]`)); err != nil {
		t.Fatalf("the page does not show the job done: %v", err)
	}
	run(t, bctx, "the page reloaded itself", `!window.beforeTheJobEnded`)
	job, err := db.LatestOCRJob(context.Background(), "ocr-b")
	if err != nil || job.State != "done" || job.Boxed == 0 {
		t.Fatalf("job: got %+v, %v", job, err)
	}
	run(t, bctx, "coverage reported", `document.querySelector(".ocr-job").textContent.includes("`+strings.TrimSpace(ocrStatus(job)[len("The scan was read: "):])+`")`)
	run(t, bctx, "offers to read again", `document.querySelector("form.doc-ocr input[name=replace]")?.value === "true"`)

	if err := chromedp.Do(bctx, chromedp.Navigate(url+"/documents/ocr-b")); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "pane ready", `document.querySelector("article").dataset.facsimile === "ready"`)
	var fx facsimileJSON
	if rec := do(t, srv, http.MethodGet, "/api/documents/ocr-b/facsimile", ""); json.Unmarshal(rec.Body.Bytes(), &fx) != nil || len(fx.Words) != job.Boxed+1 {
		t.Fatalf("facsimile: got %d %s, want %d boxes (two for библиотеки)", rec.Code, rec.Body.String(), job.Boxed+1)
	}
	if n, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll("rect.fx-word").length`)); err != nil || n != len(fx.Words) {
		t.Errorf("boxes on the scan: got %d %v, want %d", n, err, len(fx.Words))
	}
	for i := 1; i < len(fx.Words); i++ {
		if fx.Words[i-1][1] == fx.Words[i][0] { // the two parts of библиотеки
			for _, part := range []int{i - 1, i} {
				run(t, bctx, "clear the selection", `(getSelection().removeAllRanges(), true)`)
				if err := chromedp.Do(bctx, chromedp.ScrollIntoView(fmt.Sprintf(`rect.fx-word[data-i="%d"]`, part)), chromedp.Click(fmt.Sprintf(`rect.fx-word[data-i="%d"]`, part))); err != nil {
					t.Fatal(err)
				}
				wait(t, bctx, "the whole word selected", `getSelection().toString() === "библиотеки" && document.querySelectorAll(".fx-word.fx-hl").length === 2`)
			}
			return
		}
	}
	t.Errorf("no word has two boxes: %v", fx.Words)
}

// TestTranslationScanInBrowser switches the facsimile pane of a document
// whose original and translation both have scans: the original's first,
// the switch shows the translation's and back, and selecting words of the
// translation shows its scan.
func TestTranslationScanInBrowser(t *testing.T) {
	url, srv, db := startTestServer(t)
	importPlain(t, db, ingest.PlainPair{ID: "two-scans", Title: "Записка", Russian: "Первая страница.\n\nВторая страница.", English: "The first page.\n\nThe second page."}, "", "")
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	all := map[string][]byte{"ru1.png": testPNG(t, 400, 300, 10), "ru2.png": testPNG(t, 400, 300, 20), "en1.png": testPNG(t, 500, 700, 30)}
	for _, lang := range []string{"ru", "en"} { // pages 1 and 2, then 3
		body, ct := scanUpload(t, all, map[string][]string{"ru": {"ru1.png", "ru2.png"}, "en": {"en1.png"}}[lang]...)
		if rec := do(t, srv, http.MethodPost, "/api/documents/two-scans/scans?lang="+lang, body, "Content-Type", ct, "Authorization", editor); rec.Code != http.StatusCreated {
			t.Fatalf("attach %s: got %d %s", lang, rec.Code, rec.Body.String())
		}
	}
	bctx := browsertest.New(t, 60*time.Second)
	if err := chromedp.Do(bctx, chromedp.Navigate(url+"/documents/two-scans")); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "pane ready", `document.querySelector("article").dataset.facsimile === "ready"`)
	shows := func(lang, service, role, pages string) string {
		return `(() => {
			const pressed = [...document.querySelectorAll(".fx-langs button[aria-pressed=true]")].map(b => b.dataset.lang).join();
			const img = document.querySelector(".fx-img");
			return pressed === "` + lang + `" && img.getAttribute("src").startsWith("` + service + `/") && img.complete && img.naturalWidth > 0 &&
				document.querySelector(".facsimile").getAttribute("aria-label") === "Scan of the ` + role + `" &&
				document.querySelector(".fx-label").textContent === "Page 1 of ` + pages + `";
		})()`
	}
	wait(t, bctx, "the original's scan", shows("ru", "/iiif/two-scans/1", "original", "2"))
	run(t, bctx, "switch to en", `(document.querySelector(".fx-langs button[data-lang=en]").click(), true)`)
	wait(t, bctx, "the translation's scan", shows("en", "/iiif/two-scans/3", "translation", "1"))
	run(t, bctx, "switch to ru", `(document.querySelector(".fx-langs button[data-lang=ru]").click(), true)`)
	wait(t, bctx, "the original's scan again", shows("ru", "/iiif/two-scans/1", "original", "2"))
	run(t, bctx, "select English words", selectJS("en", "second page"))
	wait(t, bctx, "the translation's scan for them", shows("en", "/iiif/two-scans/3", "translation", "1"))
}
