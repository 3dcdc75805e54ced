// Package cite writes citations of a passage of an archival document in
// the styles scholars paste into their work: Chicago-like plain text,
// BibTeX (biblatex fields) and CSL-JSON, which reference managers import.
package cite

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Passage is what a citation names: a document, the words cited, where
// they are and when they were read there.
type Passage struct {
	DocumentID string
	Title      string
	// Date is the document's date as the archive gives it (YYYY[-MM[-DD]]
	// or free text).
	Date string
	// Citation is the archive's own citation of the document.
	Citation string
	Lang     string
	// Start and End are the passage's code-point range in the base text.
	Start, End int
	Quote      string
	URL        string
	Accessed   time.Time
}

// quoteMax is the most code points of the passage a citation quotes.
const quoteMax = 300

// quote is the passage as quoted, cut at quoteMax code points.
func (p Passage) quote() string {
	q := strings.Join(strings.Fields(p.Quote), " ")
	if utf8.RuneCountInString(q) <= quoteMax {
		return q
	}
	return strings.TrimSpace(string([]rune(q)[:quoteMax])) + "…"
}

// dateParts reads a date YYYY, YYYY-MM or YYYY-MM-DD; nil otherwise.
func dateParts(s string) []int {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return []int{t.Year(), int(t.Month()), t.Day()}[:strings.Count(layout, "-")+1]
		}
	}
	return nil
}

// humanDate is a date as an English reader writes it: October 5, 1950.
func humanDate(s string) string {
	d := dateParts(s)
	switch len(d) {
	case 3:
		return fmt.Sprintf("%s %d, %d", time.Month(d[1]), d[2], d[0])
	case 2:
		return fmt.Sprintf("%s %d", time.Month(d[1]), d[0])
	}
	return s
}

// Chicago is a Chicago-style note for the passage: title, date, the
// archive's citation, the words cited, the URL and the access date.
func Chicago(p Passage) string {
	var b strings.Builder
	fmt.Fprintf(&b, "“%s,”", p.Title)
	if p.Date != "" {
		fmt.Fprintf(&b, " %s", humanDate(p.Date))
	}
	b.WriteString(".")
	if c := strings.TrimSpace(p.Citation); c != "" {
		fmt.Fprintf(&b, " %s", c)
		if !strings.HasSuffix(c, ".") {
			b.WriteString(".")
		}
	}
	if q := p.quote(); q != "" {
		fmt.Fprintf(&b, " Passage: “%s”.", q)
	}
	fmt.Fprintf(&b, " %s (accessed %s).", p.URL, p.Accessed.Format("January 2, 2006"))
	return b.String()
}

// key is the citation key: the document, the language and the range.
func (p Passage) key() string {
	id := strings.Map(func(r rune) rune {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, p.DocumentID)
	return fmt.Sprintf("sverka-%s-%s-%d-%d", id, p.Lang, p.Start, p.End)
}

// bibtexEscaper keeps BibTeX's special characters literal.
var bibtexEscaper = strings.NewReplacer(`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `%`, `\%`, `&`, `\&`,
	`$`, `\$`, `#`, `\#`, `_`, `\_`, `^`, `\^{}`, `~`, `\~{}`)

// BibTeX is a @misc entry for the passage, with biblatex's date, url and
// urldate fields.
func BibTeX(p Passage) string {
	var b strings.Builder
	fmt.Fprintf(&b, "@misc{%s,\n", p.key())
	field := func(name, value string, escape bool) {
		if value == "" {
			return
		}
		if escape {
			value = bibtexEscaper.Replace(value)
		}
		fmt.Fprintf(&b, "  %s = {%s},\n", name, value)
	}
	field("title", p.Title, true)
	if d := dateParts(p.Date); d != nil {
		field("date", p.Date, false)
		field("year", fmt.Sprint(d[0]), false)
	} else {
		field("note", p.Date, true)
	}
	field("howpublished", strings.TrimSpace(p.Citation), true)
	if q := p.quote(); q != "" {
		field("addendum", "Passage: “"+q+"”", true)
	}
	field("langid", p.Lang, true)
	field("url", p.URL, false)
	field("urldate", p.Accessed.Format("2006-01-02"), false)
	b.WriteString("}\n")
	return b.String()
}

// cslItem is a CSL-JSON item (citeproc-js, Zotero, Pandoc read it).
type cslItem struct {
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Title    string   `json:"title"`
	Issued   *cslDate `json:"issued,omitempty"`
	Note     string   `json:"note,omitempty"`
	Archive  string   `json:"archive,omitempty"`
	Language string   `json:"language,omitempty"`
	Abstract string   `json:"abstract,omitempty"`
	URL      string   `json:"URL"`
	Accessed cslDate  `json:"accessed"`
}

type cslDate struct {
	DateParts [][]int `json:"date-parts,omitempty"`
	Literal   string  `json:"literal,omitempty"`
}

// CSL is the passage as a CSL-JSON item, indented.
func CSL(p Passage) ([]byte, error) {
	item := cslItem{ID: p.key(), Type: "document", Title: p.Title, Note: strings.TrimSpace(p.Citation),
		Archive: "Sverka", Language: p.Lang, Abstract: p.quote(), URL: p.URL,
		Accessed: cslDate{DateParts: [][]int{{p.Accessed.Year(), int(p.Accessed.Month()), p.Accessed.Day()}}}}
	if d := dateParts(p.Date); d != nil {
		item.Issued = &cslDate{DateParts: [][]int{d}}
	} else if p.Date != "" {
		item.Issued = &cslDate{Literal: p.Date}
	}
	b, err := json.MarshalIndent([]cslItem{item}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("csl: %w", err)
	}
	return b, nil
}
