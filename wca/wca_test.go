package wca

import (
	"errors"
	"os"
	"strings"
	"testing"
)

const seedFile = "testdata/117313-filippov-to-mao-1950-10-05.txt"

func readSeed(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sectionText(raw string, s Section) string {
	return string([]rune(raw)[s.Start:s.End])
}

func TestParseSeed(t *testing.T) {
	raw := readSeed(t)
	p, err := Parse(raw)
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	checks := []struct{ name, got, want string }{
		{"title", p.Title, "October 5, 1950 Letter, Cde. Filippov [Stalin] for Mao Zedong"},
		{"date", p.Date, "1950-10-05"},
		{"source URL", p.SourceURL, "https://wilson-center-digital-archive.dvincitest.com/document/117313"},
		{"archive ID", p.ArchiveID, "117313"},
		{"original language", p.OriginalLanguage, "Russian"},
		{"original lang", p.Original.Lang, "ru"},
		{"translation lang", p.Translation.Lang, "en"},
		{"contents", p.Contents, "Original Scan Translation - English"},
		{"credits", p.Credits, "This document was made possible with support from Leon Levy Foundation"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if !strings.HasPrefix(p.Citation, `"Letter, Cde. Filippov [Stalin] for Mao Zedong", October 5, 1950`) {
		t.Errorf("citation: got %q", p.Citation)
	}
	if !strings.HasPrefix(p.Summary, "Stalin describes the US inability") {
		t.Errorf("summary: got %q", p.Summary)
	}
	orig := sectionText(raw, p.Original)
	if got, want := strings.SplitN(orig, "\n", 2)[0], "Nilson Center Digital Archive\t\t\t\t\tOriginal Scan (("; got != want {
		t.Errorf("original first line: got %q, want %q", got, want)
	}
	if want := "С уважением ФИЛИППОВ 5 октября 1950 г. 6 2 2 2 min S con pilop S. . . . ."; !strings.HasSuffix(orig, want) {
		t.Errorf("original end: got %q, want suffix %q", orig[len(orig)-80:], want)
	}
	tr := sectionText(raw, p.Translation)
	if want := "From cde. FILIPPOV [Stalin] for Mao Zedong\n\nI received your reply."; !strings.HasPrefix(tr, want) {
		t.Errorf("translation start: got %q, want prefix %q", tr[:60], want)
	}
	if want := "at 23 hours, 5 October."; !strings.HasSuffix(tr, want) {
		t.Errorf("translation end: got %q, want suffix %q", tr[len(tr)-40:], want)
	}
	if p.Original.End > p.Translation.Start {
		t.Errorf("original ends at %d, after the translation starts at %d", p.Original.End, p.Translation.Start)
	}
}

const smallPage = `# March 1953 Note, Somebody to Somebody

#### Citation:

"Note", Wilson Center Digital Archive https://example.org/document/42/

## **Original Language:**

Bulgarian

#### **Contents:**

Original Scan Translation - English

Wilson Center Digital Archive Original Scan
Първи ред на бележката.

ROM

Втори ред.

First line of the note.

1953
`

func TestParseSmallPage(t *testing.T) {
	p, err := Parse(smallPage)
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	if p.Date != "1953-03" || p.ArchiveID != "42" || p.Original.Lang != "bg" || p.Translation.Lang != "en" {
		t.Errorf("got date %q id %q langs %q/%q, want 1953-03 42 bg/en", p.Date, p.ArchiveID, p.Original.Lang, p.Translation.Lang)
	}
	if got, want := sectionText(smallPage, p.Original), "Wilson Center Digital Archive Original Scan\nПърви ред на бележката.\n\nROM\n\nВтори ред."; got != want {
		t.Errorf("original: got %q, want %q", got, want)
	}
	if got, want := sectionText(smallPage, p.Translation), "First line of the note.\n\n1953"; got != want {
		t.Errorf("translation: got %q, want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, raw string
		want      error
	}{
		{"empty", "", ErrEmpty},
		{"whitespace", " \n\t\n", ErrEmpty},
		{"invalid UTF-8", "# Title\xff", ErrInvalidUTF8},
		{"no title", "Just text.\n\nMore text.", ErrNoTitle},
		{"only metadata", "# October 5, 1950 Letter\n\n#### Contents:\n\nOriginal Scan", ErrNoOriginal},
		{"no translation", "# Letter\n\n#### Contents:\n\nOriginal Scan\n\nТекст письма.", ErrNoTranslation},
		{"no original", "# Letter\n\n#### Contents:\n\nTranslation - English\n\nThe text of the letter.", ErrNoOriginal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.raw)
			if !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			if p != nil {
				t.Errorf("got page %+v, want nil", p)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ title, want string }{
		{"October 5, 1950 Letter", "1950-10-05"},
		{"June 25 1950 Telegram", "1950-06-25"},
		{"Letter of January 31, 1951", "1951-01-31"},
		{"February 30, 1950 Letter", "1950-02"},
		{"March 1953 Note", "1953-03"},
		{"1956 Report", "1956"},
		{"Undated Note", ""},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			if got := parseDate(tc.title); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add(smallPage)
	f.Add("")
	f.Add("#")
	f.Add("# T\n\n#### Contents:\n\nx\n\nТекст\n\nText")
	f.Add("# T\n#### Contents:\nx")
	f.Add("# T\n\n## Original Language:\n\nRussian\n\nТекст\n\nText\n")
	f.Add("\xff")
	if b, err := os.ReadFile(seedFile); err == nil {
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := Parse(raw)
		if err != nil {
			if p != nil {
				t.Fatalf("got page and error %v", err)
			}
			return
		}
		n := len([]rune(raw))
		o, tr := p.Original, p.Translation
		if o.Start < 0 || o.Start >= o.End || o.End > tr.Start || tr.Start >= tr.End || tr.End > n {
			t.Fatalf("got sections %+v %+v in %d code points", o, tr, n)
		}
	})
}
