package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka"
)

// TestSplitSentenceAfterCorrectionInBrowser imports, through the upload
// form, a plain pair whose Russian has astral characters, combining marks
// and ё before the words at stake; accepts a correction there; then, in the
// marked-up reading (where the inserted reading is shown but is no part of
// the base text), splits a sentence at the text cursor with "x". The split
// must fall exactly where the cursor is.
func TestSplitSentenceAfterCorrectionInBrowser(t *testing.T) {
	url, _, db := startTestServer(t)
	ctx := context.Background()
	vera, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ru := "Документ 𝔄 и 😀 и 𐌰𐌱 прибыл вчера.\n\nСлово е\u0301 и ещ\u0451 е\u0308 \u0401лка стоит здесь давно.\n"
	en := "Document 𝔄 and 😀 and 𐌰𐌱 arrived yesterday.\n\nThe word e and yet yo Yolka stands here long.\n"
	for name, text := range map[string]string{"qa.ru.txt": ru, "qa.en.txt": en} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bctx := signInBrowser(t, url, "vera", "correct horse battery")
	err = chromedp.Do(bctx,
		chromedp.Navigate(url+"/import"),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=ru]`), []string{filepath.Join(dir, "qa.ru.txt")}),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name=en]`), []string{filepath.Join(dir, "qa.en.txt")}),
		chromedp.Submit(chromedp.CSS(`form.import`)),
		chromedp.WaitVisible(chromedp.CSS(`table.import-results tr.imported`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.FindDocumentByID(ctx, "qa")
	if err != nil {
		t.Fatal(err)
	}
	base := d.Text("ru").Text
	cp := func(s string) int { return len([]rune(base[:strings.Index(base, s)])) }
	fix := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationCorrection, Body: "Елка",
		Target: sverka.TextTarget{Lang: "ru", Start: cp("Ёлка"), End: cp("Ёлка") + 4}, CreatorID: vera.ID}
	if err := db.CreateAnnotation(ctx, fix); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReviewCorrection(ctx, fix.ID, sverka.StatusAccepted, fix.Version, vera.ID); err != nil {
		t.Fatal(err)
	}

	if err := chromedp.Do(bctx, chromedp.Navigate(url+"/documents/qa")); err != nil {
		t.Fatal(err)
	}
	wait(t, bctx, "annotations loaded", `document.querySelector("article").dataset.annotations === "ready" && document.body.dataset.alignEditor === "ready"`)
	run(t, bctx, "marked-up reading", `(document.querySelector(".reading-switch input[value=marked]").click(), true)`)
	wait(t, bctx, "inserted reading shown", `document.querySelector("td[lang=ru] .segtext ins")?.textContent === "Елка"`)
	// Click the sentence, then put the cursor before "стоит" and press x.
	run(t, bctx, "cursor before стоит", `(() => {
		const t = [...document.querySelectorAll("td[lang=ru] .segtext")].find(t => t.textContent.includes("стоит"));
		t.closest(".seg").click();
		const w = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
		for (let n = w.nextNode(); n; n = w.nextNode()) {
			const i = n.data.indexOf("стоит");
			if (i < 0) continue;
			getSelection().collapse(n, i);
			return true;
		}
		return false;
	})()`)
	if err := chromedp.Do(bctx, chromedp.KeyEvent("x")); err != nil {
		t.Fatal(err)
	}
	want := "стоит здесь давно."
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		d, err := db.FindDocumentByID(ctx, "qa")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range d.Text("ru").Segments {
			got = append(got, strings.TrimSpace(string([]rune(d.Text("ru").Text)[s.Start:s.End])))
		}
		if len(got) == 3 {
			if got[2] != want {
				t.Fatalf("after the split the last sentence reads %q, want %q (all: %q)", got[2], want, got)
			}
			break
		}
		if time.Now().After(deadline) {
			msg, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector(".align-status")?.textContent || ""`))
			t.Fatalf("no split: sentences %q, status %q", got, msg)
		}
	}
	// The correction stays on its words.
	a, err := db.FindAnnotationByID(ctx, fix.ID, vera.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := string([]rune(base)[a.Target.Start:a.Target.End]); got != "Ёлка" {
		t.Errorf("the correction is on %q, want %q", got, "Ёлка")
	}
}
