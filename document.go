package sverka

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
)

// Document is one archival document with its texts and their alignment.
type Document struct {
	ID               string     `json:"id"`
	Title            string     `json:"title"`
	Date             string     `json:"date"`
	Citation         string     `json:"citation"`
	Summary          string     `json:"summary"`
	SourceURL        string     `json:"sourceURL"`
	OriginalLanguage string     `json:"originalLanguage"`
	Credits          string     `json:"credits"`
	SourceFormat     string     `json:"sourceFormat"`
	RawSource        string     `json:"rawSource,omitempty"`
	Public           bool       `json:"public"`
	Revision         int64      `json:"revision"`
	CreatedAt        time.Time  `json:"createdAt"`
	Texts            []BaseText `json:"texts"`
	Links            []Link     `json:"links"`
	// Pages are the scans of the original, if any, and WordBoxes tie its
	// base text to them word by word.
	Pages     []PageImage `json:"pages,omitempty"`
	WordBoxes []WordBox   `json:"wordBoxes,omitempty"`
	// Refs are the link numbers (LinkRef) the document's links do not
	// account for by their own words: a number merged away, or one whose
	// links once held more words than the link carrying it now. Sverka JSON
	// carries them and an import or a replace stores them, so that every
	// #link-N keeps answering; nil when there are none or they were not
	// read (FindDocumentByID does not).
	Refs []LinkRef `json:"refs,omitempty"`
}

// BaseText is the immutable text of one language of a document, with the
// steps that derived it from the raw source and its segments.
type BaseText struct {
	Lang     string           `json:"lang"`
	Role     string           `json:"role"` // "original" or "translation"
	Text     string           `json:"text"`
	Steps    []DerivationStep `json:"derivation"`
	Segments []Segment        `json:"segments"`
}

// DerivationStep records one thing done to the raw source on the way to a base
// text: a drop, a join or a move, by a rule or by a named editor.
type DerivationStep struct {
	Op          string `json:"op"`
	SourceStart int    `json:"sourceStart"`
	SourceEnd   int    `json:"sourceEnd"`
	SourceText  string `json:"sourceText"`
	Replacement string `json:"replacement"`
	Rule        string `json:"rule"`
	Editor      string `json:"editor,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Segment is a sentence: the range [Start, End) of Unicode code points of its
// base text. Text is filled in when read, never stored.
type Segment struct {
	ID    int64  `json:"id"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Link groups zero or more segments of each language, in order.
type Link struct {
	ID       int64 `json:"id"`
	Position int   `json:"position"`
	// Ref is the link's stable identifier, the N of #link-N: it stays with
	// the link through every alignment edit above or below it and is never
	// given to other words (see LinkRef). 0 in a document not stored yet.
	Ref        int     `json:"ref"`
	Status     string  `json:"status"` // "auto" or "confirmed"
	Confidence float64 `json:"confidence"`
	// Segments by language, as indexes into the base text's Segments.
	Segments map[string][]int `json:"segments"`
}

// DocumentSummary is a line of the document list.
type DocumentSummary struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Date      string `json:"date"`
	LinkCount int    `json:"linkCount"`
	Public    bool   `json:"public"`
	// Orphans counts the annotations and cross-reference ends of the
	// document that lost their words (see the document's Orphans view).
	Orphans int `json:"orphans"`
}

// Text returns the base text of lang, or nil.
func (d *Document) Text(lang string) *BaseText {
	for i := range d.Texts {
		if d.Texts[i].Lang == lang {
			return &d.Texts[i]
		}
	}
	return nil
}

var documentIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ValidDocumentID reports whether id can name a document: letters, digits,
// '.', '_' and '-', at most 64 characters.
func ValidDocumentID(id string) bool { return documentIDPattern.MatchString(id) }

// MayRead is the one rule of who reads a document: a public one anyone, one
// that is not public anyone signed in (viewer not nil). A private annotation
// is its author's alone, and an annotation is read only with every document
// it touches; the store applies the same rule in SQL (store/visibility.go).
func MayRead(viewer *User, public bool) bool { return public || viewer != nil }

// ValidLanguage checks that lang is a well-formed, known BCP 47 language
// tag written the canonical way ("ru", "en-GB", "zh-Hant"). A language code
// names files in exports, attributes in TEI and TMX, and a path segment of
// the reading view, so nothing else may pass: not "x/../../tmp", not
// `e"n <x>`, not "source".
func ValidLanguage(lang string) error {
	tag, err := language.Parse(lang)
	if err != nil {
		return Invalid("lang", "%q is not a BCP 47 language tag (like ru, en or en-GB): %v", lang, err)
	}
	if tag.String() != lang {
		return Invalid("lang", "write the language %q as %q", lang, tag.String())
	}
	return nil
}

// Validate checks everything the schema cannot: ranges inside their texts,
// links covering every segment exactly once and in order.
func (d *Document) Validate() error {
	if !ValidDocumentID(d.ID) {
		return Invalid("id", "%q is not a valid document id (letters, digits, '.', '_', '-'; at most 64)", d.ID)
	}
	if strings.TrimSpace(d.Title) == "" {
		return Invalid("title", "a document needs a title")
	}
	if len(d.Texts) == 0 {
		return Invalid("texts", "a document needs at least one text")
	}
	seen := map[string]bool{}
	for _, t := range d.Texts {
		if seen[t.Lang] {
			return Invalid("texts", "two texts in language %q", t.Lang)
		}
		seen[t.Lang] = true
		if err := ValidLanguage(t.Lang); err != nil {
			return err
		}
		if t.Role != "original" && t.Role != "translation" {
			return Invalid("texts", "role %q (want original or translation)", t.Role)
		}
		if !utf8.ValidString(t.Text) {
			return Invalid("texts", "the %s text is not valid UTF-8", t.Lang)
		}
		n := utf8.RuneCountInString(t.Text)
		prev := 0
		for i, s := range t.Segments {
			if s.Start < prev || s.End < s.Start || s.End > n {
				return Invalid("segments", "%s segment %d [%d,%d) is out of order or outside the text (%d code points)", t.Lang, i+1, s.Start, s.End, n)
			}
			prev = s.End
		}
	}
	used := map[string][]bool{}
	for _, t := range d.Texts {
		used[t.Lang] = make([]bool, len(t.Segments))
	}
	next := map[string]int{}
	for i, l := range d.Links {
		if l.Status != "auto" && l.Status != "confirmed" {
			return Invalid("links", "link %d has status %q (want auto or confirmed)", i+1, l.Status)
		}
		total := 0
		for lang, idx := range l.Segments {
			u, ok := used[lang]
			if !ok {
				return Invalid("links", "link %d names language %q that has no text", i+1, lang)
			}
			for _, k := range idx {
				if k != next[lang] || k >= len(u) {
					return Invalid("links", "link %d: %s segment %d is out of order", i+1, lang, k+1)
				}
				u[k] = true
				next[lang]++
				total++
			}
		}
		if total == 0 {
			return Invalid("links", "link %d is empty", i+1)
		}
	}
	for lang, u := range used {
		for k, ok := range u {
			if !ok {
				return Invalid("links", "%s segment %d belongs to no link", lang, k+1)
			}
		}
	}
	if err := d.validateRefs(); err != nil {
		return err
	}
	return d.ValidateScan()
}

// Realigner aligns the sentences at the end of a document afresh: from[lang]
// is the index of the first segment of each text to align. It returns links
// over exactly those segments (indexes into each text's Segments, in order).
// The importer's aligner is one (ingest.Realign).
type Realigner func(d *Document, from map[string]int) []Link
