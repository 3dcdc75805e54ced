package server

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka/internal/browsertest"
)

// TestReadingViewInBrowser opens the letter in a real headless Chromium. Set
// SVERKA_SCREENSHOT to a file name to keep a screenshot (the README's).
func TestReadingViewInBrowser(t *testing.T) {
	url, _, _ := startTestServer(t)
	ctx := browsertest.New(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/documents/117313")); err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.alignment tbody tr").length`))
	if err != nil {
		t.Fatal(err)
	}
	if rows != 22 {
		t.Errorf("got %d rows, want 22", rows)
	}
	// The Russian and English of the same row, as a reader sees them.
	pair, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const row = [...document.querySelectorAll("table.alignment tbody tr")]
			.find(r => r.querySelector("td[lang=ru]").innerText.includes("Баш ответ получил."));
		return row ? [row.querySelector("td[lang=ru]").innerText, row.querySelector("td[lang=en]").innerText] : [];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(pair) != 2 || !strings.Contains(pair[1], "I received your reply.") {
		t.Errorf("got row %q, want Баш ответ получил. beside I received your reply.", pair)
	}
	// Phone width: nothing overflows sideways.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow {
		t.Error("the reading view overflows a 390 px wide screen")
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if len(png) == 0 {
		t.Fatal("empty screenshot")
	}
	if name := os.Getenv("SVERKA_SCREENSHOT"); name != "" {
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
