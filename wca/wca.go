// Package wca parses pages in the Wilson Center Digital Archive format.
//
// A page is markdown-like text: a "# <date> <title>" heading, metadata fields
// under headings ("Citation:", "Summary:", "Credits:", "Original Language:",
// "Contents:"), then the body. The body is the OCR text of the original scan
// (with scan noise) followed by the English translation.
//
// Parse does not copy the body; it returns the two parts as Sections: Unicode
// code point offsets into the raw page, so that later steps (see package
// derive) can record exactly which source text they kept or removed.
//
// Rules:
//   - The original starts at the line after the first paragraph that follows
//     the "Contents:" heading (the list of what the page contains). Without a
//     "Contents:" heading it starts after the first paragraph that follows the
//     last metadata heading.
//   - The translation is the trailing run of body paragraphs whose letters are
//     predominantly Latin script; paragraphs without letters (such as "1950")
//     inside or after that run belong to it. Latin stamp noise inside the
//     original does not end the original because Cyrillic (or other non-Latin)
//     paragraphs follow it. An original in Latin script therefore cannot be
//     told apart from its translation and yields ErrNoOriginal.
//   - Sections start at the beginning of their first line and end at the end
//     of their last non-blank line, so whole lines can be judged.
package wca

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Errors returned (wrapped) by Parse; test for them with errors.Is.
var (
	// ErrEmpty means the page holds nothing but whitespace.
	ErrEmpty = errors.New("empty page")
	// ErrInvalidUTF8 means the page is not valid UTF-8, so code point offsets
	// would not be well defined.
	ErrInvalidUTF8 = errors.New("page is not valid UTF-8")
	// ErrNoTitle means the page has no title heading.
	ErrNoTitle = errors.New("no title heading")
	// ErrNoOriginal means no original text was found after the metadata.
	ErrNoOriginal = errors.New("no original text")
	// ErrNoTranslation means the body does not end with a Latin-script translation.
	ErrNoTranslation = errors.New("no translation")
)

// Section is a part of the raw page: [Start, End) in Unicode code points.
type Section struct {
	// Lang is the BCP-47 language tag of the section ("ru", "en"), or "und"
	// when the page does not name a language Parse knows.
	Lang string
	// Start and End are code point offsets into the raw page.
	Start, End int
}

// Page is a parsed Wilson Center Digital Archive page.
type Page struct {
	// Title is the title heading as written, including its leading date.
	Title string
	// Date is the document date parsed from the title: "yyyy-mm-dd", or
	// "yyyy-mm" / "yyyy" when the title names only a month or a year, or "".
	Date string
	// Citation, Summary, Credits and Contents are the field values, with
	// paragraphs separated by a blank line.
	Citation, Summary, Credits, Contents string
	// OriginalLanguage is the language name as written ("Russian").
	OriginalLanguage string
	// SourceURL is the first URL in the citation.
	SourceURL string
	// ArchiveID is the number at the end of SourceURL (".../document/42" gives "42"), or "".
	ArchiveID string
	// Original is the OCR text of the original scan.
	Original Section
	// Translation is the published translation.
	Translation Section
}

type line struct{ start, end int } // code points, end excludes '\n'

// Parse parses a page in the Wilson Center Digital Archive format. Errors wrap
// ErrEmpty, ErrInvalidUTF8, ErrNoTitle, ErrNoOriginal or ErrNoTranslation.
func Parse(raw string) (*Page, error) {
	if !utf8.ValidString(raw) {
		return nil, fmt.Errorf("parse page: %w", ErrInvalidUTF8)
	}
	if strings.TrimSpace(raw) == "" {
		return nil, fmt.Errorf("parse page: %w", ErrEmpty)
	}
	rs := []rune(raw)
	var lines []line
	s := 0
	for i, r := range rs {
		if r == '\n' {
			lines = append(lines, line{s, i})
			s = i + 1
		}
	}
	lines = append(lines, line{s, len(rs)})
	text := func(l line) string { return string(rs[l.start:l.end]) }
	blank := func(l line) bool { return strings.TrimSpace(text(l)) == "" }

	p := &Page{}
	haveTitle := false
	field := ""          // label of the heading whose value is being read
	var value []string   // paragraphs of that value
	var para []string    // lines of the current paragraph
	bodyLine := -1       // first line of the body
	lastHeadingDone := 0 // line after the first paragraph following the last heading
	lastHeadingSeen := false
	flushPara := func() {
		if len(para) > 0 {
			value = append(value, strings.TrimSpace(strings.Join(para, "\n")))
			para = nil
		}
	}
	flushField := func() {
		flushPara()
		v := strings.Join(value, "\n\n")
		switch field {
		case "citation":
			p.Citation = v
		case "summary":
			p.Summary = v
		case "credits":
			p.Credits = v
		case "original language":
			p.OriginalLanguage = v
		case "contents":
			p.Contents = v
		}
		value = nil
	}
	for i := 0; i < len(lines) && bodyLine < 0; i++ {
		t := strings.TrimSpace(text(lines[i]))
		if strings.HasPrefix(t, "#") {
			flushField()
			label := headingText(t)
			key := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(label, ":")))
			switch {
			case isField(key):
				field = key
				lastHeadingSeen = true
				lastHeadingDone = -1
			case !haveTitle && label != "":
				p.Title, haveTitle = label, true
				field = ""
			default:
				field = ""
			}
			continue
		}
		if t == "" {
			if len(para) > 0 {
				flushPara()
				if lastHeadingSeen && lastHeadingDone < 0 {
					lastHeadingDone = i
				}
				if field == "contents" {
					bodyLine = i
				}
			}
			continue
		}
		para = append(para, t)
	}
	flushField()
	if !haveTitle {
		return nil, fmt.Errorf("parse page: %w", ErrNoTitle)
	}
	if bodyLine < 0 {
		if lastHeadingSeen && lastHeadingDone >= 0 {
			bodyLine = lastHeadingDone
		} else {
			return nil, fmt.Errorf("parse page: no paragraph after the metadata: %w", ErrNoOriginal)
		}
	}
	p.Date = parseDate(p.Title)
	p.SourceURL = strings.TrimRight(urlRE.FindString(p.Citation), ".,;:)]")
	if m := idRE.FindStringSubmatch(p.SourceURL); m != nil {
		p.ArchiveID = m[1]
	}

	// Body paragraphs as ranges of lines.
	type block struct{ first, last int }
	var paras []block
	for i := bodyLine; i < len(lines); i++ {
		if blank(lines[i]) {
			continue
		}
		if n := len(paras); n > 0 && paras[n-1].last == i-1 {
			paras[n-1].last = i
		} else {
			paras = append(paras, block{i, i})
		}
	}
	tr := -1 // first translation paragraph
	for k := len(paras) - 1; k >= 0; k-- {
		c := scriptOf(rs[lines[paras[k].first].start:lines[paras[k].last].end])
		if c > 0 {
			tr = k
		} else if c < 0 {
			break
		}
	}
	if tr < 0 {
		return nil, fmt.Errorf("parse page: the body does not end in Latin script: %w", ErrNoTranslation)
	}
	if tr == 0 {
		return nil, fmt.Errorf("parse page: the whole body is in Latin script: %w", ErrNoOriginal)
	}
	p.Original = Section{
		Lang:  languageTag(p.OriginalLanguage),
		Start: lines[paras[0].first].start,
		End:   lines[paras[tr-1].last].end,
	}
	trLang := "en"
	if m := trLangRE.FindStringSubmatch(p.Contents); m != nil {
		if tag := languageTag(m[1]); tag != "und" {
			trLang = tag
		}
	}
	p.Translation = Section{
		Lang:  trLang,
		Start: lines[paras[tr].first].start,
		End:   lines[paras[len(paras)-1].last].end,
	}
	return p, nil
}

var (
	urlRE    = regexp.MustCompile(`https?://[^\s"<>]+`)
	idRE     = regexp.MustCompile(`(\d+)/?$`)
	trLangRE = regexp.MustCompile(`(?i)translation\s*[-–—:]\s*([a-z]+)`)
	months   = `(January|February|March|April|May|June|July|August|September|October|November|December)`
	dayRE    = regexp.MustCompile(months + `\s+(\d{1,2}),?\s+(\d{4})`)
	monthRE  = regexp.MustCompile(months + `,?\s+(\d{4})`)
	yearRE   = regexp.MustCompile(`\b(1[0-9]{3}|20[0-9]{2})\b`)
)

func isField(key string) bool {
	switch key {
	case "citation", "summary", "credits", "original language", "contents":
		return true
	}
	return false
}

// headingText strips the markdown heading marks and emphasis from a heading line.
func headingText(t string) string {
	t = strings.TrimLeft(t, "#")
	t = strings.TrimSpace(t)
	t = strings.Trim(t, "*_")
	return strings.TrimSpace(t)
}

// parseDate finds the most precise date in s, as ISO 8601.
func parseDate(s string) string {
	if m := dayRE.FindStringSubmatch(s); m != nil {
		if t, err := time.Parse("January 2 2006", m[1]+" "+m[2]+" "+m[3]); err == nil {
			return t.Format("2006-01-02")
		}
		if t, err := time.Parse("January 2006", m[1]+" "+m[3]); err == nil {
			return t.Format("2006-01") // the day is impossible; keep the month
		}
	}
	if m := monthRE.FindStringSubmatch(s); m != nil {
		if t, err := time.Parse("January 2006", m[1]+" "+m[2]); err == nil {
			return t.Format("2006-01")
		}
	}
	if m := yearRE.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// scriptOf returns 1 when most letters of rs are Latin, -1 when most are not,
// and 0 when rs has no letters or as many of each.
func scriptOf(rs []rune) int {
	latin, other := 0, 0
	for _, r := range rs {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.IsLetter(r):
			other++
		}
	}
	switch {
	case latin > other:
		return 1
	case other > latin:
		return -1
	}
	return 0
}

var languageTags = map[string]string{
	"albanian": "sq", "arabic": "ar", "armenian": "hy", "bulgarian": "bg", "chinese": "zh",
	"czech": "cs", "english": "en", "estonian": "et", "french": "fr", "georgian": "ka",
	"german": "de", "greek": "el", "hebrew": "he", "hungarian": "hu", "italian": "it",
	"japanese": "ja", "korean": "ko", "latvian": "lv", "lithuanian": "lt", "mongolian": "mn",
	"persian": "fa", "polish": "pl", "portuguese": "pt", "romanian": "ro", "russian": "ru",
	"serbian": "sr", "slovak": "sk", "spanish": "es", "ukrainian": "uk", "vietnamese": "vi",
}

// languageTag maps an English language name ("Russian") to its BCP-47 tag,
// or "und" when the name is unknown.
func languageTag(name string) string {
	key := strings.ToLower(strings.Trim(strings.TrimSpace(name), "*_. "))
	if f := strings.Fields(key); len(f) > 0 {
		key = f[0]
	}
	if tag, ok := languageTags[key]; ok {
		return tag
	}
	return "und"
}
