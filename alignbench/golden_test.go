package alignbench

import (
	"bufio"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"sverka/align"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/links.txt with the links of the code as it is")

// goldenLinks is where TestSameLinks keeps the fingerprints of the links.
const goldenLinks = "testdata/golden/links.txt"

// fingerprint is a SHA-256 of everything an alignment hands on: the segments of both
// sides and every link with its confidence, written out exactly.
func fingerprint(a align.Texts) string {
	h := sha256.New()
	for _, side := range [2]string{fmt.Sprint(a.RU), fmt.Sprint(a.EN)} {
		fmt.Fprintln(h, side)
	}
	for _, l := range a.Links {
		fmt.Fprintln(h, l.RU, l.EN, strconv.FormatFloat(l.Confidence, 'g', -1, 64))
	}
	return fmt.Sprintf("%d %x", len(a.Links), h.Sum(nil))
}

// TestSameLinks holds the aligner to the links it made when testdata/golden/links.txt
// was written, confidences to the last bit: every document of the evaluation set, tuning
// and held out (only fingerprints are kept, nothing that could tune), in every layout
// with the Debian dictionaries, and the 5,000-sentence text of
// BenchmarkAgainstHunalign5000 with and without them. A change meant to make the aligner
// faster must pass it; one meant to change links rewrites the file with -update and says
// why in its commit.
func TestSameLinks(t *testing.T) {
	dict, err := align.Debian()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	var got []string
	add := func(name string, ru, en Text, dict *align.Dictionary) {
		a := align.AlignTexts(align.Input{Text: ru.Text, Lang: "ru"}, align.Input{Text: en.Text, Lang: "en"}, dict)
		got = append(got, name+" "+fingerprint(a))
	}
	for _, dir := range []string{"testdata", "testdata/heldout"} {
		docs, err := Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			for _, v := range Variants {
				ru, en := d.Texts(v)
				add(d.Name+" "+v.String(), ru, en, dict)
			}
		}
	}
	ru, en := fiveThousand(t)
	add("5000 debian", ru, en, dict)
	add("5000 none", ru, en, nil)

	if *update {
		if err := os.WriteFile(goldenLinks, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want := readLines(t, goldenLinks)
	if len(got) != len(want) {
		t.Fatalf("got %d alignments, want %d", len(got), len(want))
	}
	for k := range got {
		if got[k] != want[k] {
			t.Errorf("got %s, want %s", got[k], want[k])
		}
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}
