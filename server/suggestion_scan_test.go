package server

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"testing"

	"sverka/ocr"
)

// TestSuggestionsReadTheScanAgain imports a scanned page whose OCR text
// misreads one word (библиотеки as библнотеки) while the page shows it
// right, and checks that the suggestion for it carries real Tesseract's
// second reading of the word's crop, agreeing with the first reading.
func TestSuggestionsReadTheScanAgain(t *testing.T) {
	if _, err := exec.LookPath("tesseract"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	srv, db := newTestServer(t)
	misread := func(d *ocr.Document) {
		for pi := range d.Pages {
			for li := range d.Pages[pi].Lines {
				for wi, w := range d.Pages[pi].Lines[li].Words {
					if w.Text == "библиотеки" {
						d.Pages[pi].Lines[li].Words[wi].Text = "библнотеки"
					}
				}
			}
		}
	}
	importScanOf(t, db, "scan-2", true, 5, misread)
	rec := do(t, srv, http.MethodGet, "/api/documents/scan-2/suggestions", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("got %d, want 200: %s", rec.Code, rec.Body)
	}
	var got struct{ Suggestions []apiSuggestion }
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, sg := range got.Suggestions {
		if sg.Form == "библнотеки" {
			if sg.Second != "библиотеки" || sg.Readings[0].Text != "библиотеки" {
				t.Errorf("got second reading %q and first reading %q, want библиотеки both", sg.Second, sg.Readings[0].Text)
			}
			return
		}
	}
	t.Errorf("библнотеки not flagged: %+v", got.Suggestions)
}
