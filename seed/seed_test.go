package seed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"sverka/internal/storetest"
)

// TestSeededLetterEqualsGold opens a new database, as a new user does, and
// checks that the seeded letter is the hand-made gold segmentation and
// alignment of testdata/ (copied from shared/gold/117313).
func TestSeededLetterEqualsGold(t *testing.T) {
	db := storetest.Open(t)
	d, err := db.FindDocumentByID(context.Background(), "117313")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang, file string
		column     int
	}{{"ru", "ru_segments.tsv", 1}, {"en", "en_segments.tsv", 1}} {
		t.Run(tc.lang, func(t *testing.T) {
			want := readTSV(t, tc.file)
			text := d.Text(tc.lang)
			if text == nil {
				t.Fatalf("no %s text", tc.lang)
			}
			if len(text.Segments) != len(want) {
				t.Errorf("got %d segments, want %d", len(text.Segments), len(want))
			}
			for i := 0; i < min(len(want), len(text.Segments)); i++ {
				if got := text.Segments[i].Text; got != want[i][tc.column] {
					t.Errorf("%s segment %d: got %q, want %q", tc.lang, i+1, got, want[i][tc.column])
				}
			}
		})
	}
	gold := readTSV(t, "alignment.tsv")
	if len(d.Links) != len(gold) {
		t.Fatalf("got %d links, want %d", len(d.Links), len(gold))
	}
	for i, row := range gold {
		got := fmt.Sprintf("%s\t%s", indexList(d.Links[i].Segments["ru"]), indexList(d.Links[i].Segments["en"]))
		want := row[0] + "\t" + row[1]
		if got != want {
			t.Errorf("link %d: got %q, want %q", i+1, got, want)
		}
	}
}

// TestSeedDerivationKeepsTheSource checks that every derivation step points at
// the exact source text it names, and that the noise removed is the gold
// list of scan noise.
func TestSeedDerivationKeepsTheSource(t *testing.T) {
	docs, err := Documents(".")
	if err != nil {
		t.Fatal(err)
	}
	raw := []rune(docs[0].RawSource)
	var dropped []string
	for _, text := range docs[0].Texts {
		for i, s := range text.Steps {
			if s.SourceStart < 0 || s.SourceEnd > len(raw) || string(raw[s.SourceStart:s.SourceEnd]) != s.SourceText {
				t.Errorf("%s step %d (%s): source range [%d,%d) does not hold %q", text.Lang, i+1, s.Rule, s.SourceStart, s.SourceEnd, s.SourceText)
			}
			if s.Op == "drop" && strings.HasPrefix(s.Rule, "noise.") {
				dropped = append(dropped, strings.TrimSpace(s.SourceText))
			}
		}
	}
	b, err := os.ReadFile("testdata/noise.txt")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		want = append(want, strings.TrimSpace(l))
	}
	if strings.Join(dropped, "\n") != strings.Join(want, "\n") {
		t.Errorf("got noise\n%s\nwant\n%s", strings.Join(dropped, "\n"), strings.Join(want, "\n"))
	}
}

func indexList(idx []int) string {
	var parts []string
	for _, k := range idx {
		parts = append(parts, strconv.Itoa(k+1))
	}
	return strings.Join(parts, ",")
}

// readTSV reads a gold TSV file without its header row.
func readTSV(t *testing.T, name string) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		if i > 0 {
			rows = append(rows, strings.Split(line, "\t"))
		}
	}
	return rows
}
