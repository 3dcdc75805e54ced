package ingest

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"sverka"
	"sverka/derive"
	"sverka/segment"
	"sverka/wca"
)

// Plain-text pairs. A pair is a Russian original and its English translation
// as two UTF-8 texts in which blank lines separate paragraphs. The raw source
// of the document is both texts, each after a header line:
//
//	=== ru ===
//	…the Russian text…
//	=== en ===
//	…the English text…
//
// and each base text is derived from its part as a translation is (lines of
// a paragraph joined, blank lines kept as paragraph breaks), every join
// recorded as a derivation step.
const (
	plainRussianHeader = "=== ru ===\n"
	plainEnglishHeader = "=== en ===\n"
)

// PlainPair is a plain-text pair on its way in.
type PlainPair struct {
	// ID names the document (sverka.ValidDocumentID); Title is shown.
	ID, Title string
	// Russian and English are the texts, already through Decode.
	Russian, English string
}

// ErrNoText means a text has no sentence in it.
var ErrNoText = errors.New("no text")

// Plain builds a document from a plain-text pair.
func Plain(p PlainPair) (*sverka.Document, error) {
	d, _, err := pair(p, "plain", func(raw string, sec wca.Section) (derive.Result, error) {
		return derive.Translation(raw, sec)
	})
	return d, err
}

// pair builds a document of format from a Russian and an English text,
// deriving the Russian base text with deriveRU, and returns the Russian
// derivation too (for its Origin) and the offset of the Russian text in the
// raw source.
func pair(p PlainPair, format string, deriveRU func(raw string, sec wca.Section) (derive.Result, error)) (*sverka.Document, pairOrigin, error) {
	if !sverka.ValidDocumentID(p.ID) {
		return nil, pairOrigin{}, fmt.Errorf("%q is not a valid document id (letters, digits, '.', '_', '-'; at most 64)", p.ID)
	}
	if strings.TrimSpace(p.Title) == "" {
		p.Title = p.ID
	}
	for _, t := range []struct{ name, text string }{{"Russian", p.Russian}, {"English", p.English}} {
		if !utf8.ValidString(t.text) {
			return nil, pairOrigin{}, fmt.Errorf("the %s text: %w", t.name, ErrEncoding)
		}
		if strings.TrimSpace(t.text) == "" {
			return nil, pairOrigin{}, fmt.Errorf("the %s text is empty: %w", t.name, ErrNoText)
		}
	}
	ru := strings.TrimSuffix(p.Russian, "\n")
	var b strings.Builder // one copy of the texts, not one a concatenation
	b.Grow(len(plainRussianHeader) + len(ru) + 1 + len(plainEnglishHeader) + len(p.English))
	for _, s := range []string{plainRussianHeader, ru, "\n", plainEnglishHeader, p.English} {
		b.WriteString(s)
	}
	raw := b.String()
	ruStart := utf8.RuneCountInString(plainRussianHeader)
	ruEnd := ruStart + utf8.RuneCountInString(ru) + 1
	enStart := ruEnd + utf8.RuneCountInString(plainEnglishHeader)
	enEnd := enStart + utf8.RuneCountInString(p.English)
	orig, err := deriveRU(raw, wca.Section{Lang: "ru", Start: ruStart, End: ruEnd})
	if err != nil {
		return nil, pairOrigin{}, fmt.Errorf("derive the Russian text: %w", err)
	}
	tr, err := derive.Translation(raw, wca.Section{Lang: "en", Start: enStart, End: enEnd})
	if err != nil {
		return nil, pairOrigin{}, fmt.Errorf("derive the English text: %w", err)
	}
	d := &sverka.Document{
		ID: p.ID, Title: strings.TrimSpace(p.Title), OriginalLanguage: "Russian",
		SourceFormat: format, RawSource: raw, Public: true,
	}
	build(d,
		Text{Lang: "ru", Role: "original", Text: orig.Text, Steps: orig.Steps},
		Text{Lang: "en", Role: "translation", Text: tr.Text, Steps: tr.Steps})
	for i, name := range []string{"Russian", "English"} {
		if len(d.Texts[i].Segments) == 0 {
			return nil, pairOrigin{}, fmt.Errorf("the %s text has no sentence: %w", name, ErrNoText)
		}
	}
	return d, pairOrigin{derived: orig, ruStart: ruStart}, nil
}

// pairOrigin ties the Russian base text of a pair back to the raw source:
// derived.Origin()[i] is the raw offset of base code point i (or -1), and
// the Russian text starts at ruStart in the raw source.
type pairOrigin struct {
	derived derive.Result
	ruStart int
}

// PlainFiles reads a plain-text pair from two files. An empty id is taken
// from the Russian file's name ("letter-12.ru.txt" is "letter-12"), an
// empty title from the id.
func PlainFiles(ruPath, enPath, id, title string, created time.Time) (*sverka.Document, error) {
	if id == "" {
		id = PairStem(ruPath)
	}
	ru, err := ReadSource(ruPath)
	if err != nil {
		return nil, err
	}
	en, err := ReadSource(enPath)
	if err != nil {
		return nil, err
	}
	d, err := Plain(PlainPair{ID: id, Title: title, Russian: ru, English: en})
	if err != nil {
		return nil, fmt.Errorf("%s + %s: %w", ruPath, enPath, err)
	}
	d.CreatedAt = created
	return d, nil
}

// PairStem is the shared name of a plain pair's files: "a/letter-12.ru.txt"
// and "a/letter-12.en.txt" are "letter-12"; it is "" for other names.
func PairStem(path string) string {
	base := filepath.Base(path)
	for _, suffix := range []string{".ru.txt", ".en.txt"} {
		if stem, ok := strings.CutSuffix(base, suffix); ok {
			return stem
		}
	}
	return ""
}

// Realign aligns the sentences of d from from[lang] on (the original's and
// the translation's) with the importer's aligner, paragraphs of the base
// texts as soft anchors, and the word pairs its confirmed links attest added
// to the dictionary (with the corpus's, see UseLearned), and returns the
// links over them. It is the sverka.Realigner of the alignment editor.
func Realign(d *sverka.Document, from map[string]int) []sverka.Link {
	if len(d.Texts) != 2 {
		return nil
	}
	texts := [2]Text{}
	var segs [2][]segment.Span
	for i, t := range d.Texts[:2] {
		texts[i] = Text{Lang: t.Lang, Role: t.Role, Text: t.Text}
		for _, s := range t.Segments[min(from[t.Lang], len(t.Segments)):] {
			segs[i] = append(segs[i], segment.Span{Start: s.Start, End: s.End})
		}
	}
	links := alignSpans(texts, segs, dictionary().Learn(confirmedPairs(d)))
	for i := range links {
		for _, t := range texts {
			for k := range links[i].Segments[t.Lang] {
				links[i].Segments[t.Lang][k] += from[t.Lang]
			}
		}
	}
	return links
}

// confirmedPairs returns the text of each confirmed link of d, original then
// translation.
func confirmedPairs(d *sverka.Document) [][2]string {
	var out [][2]string
	for _, l := range d.Links {
		if l.Status != "confirmed" {
			continue
		}
		var p [2]string
		for i, t := range d.Texts[:2] {
			runes := []rune(t.Text)
			for _, k := range l.Segments[t.Lang] {
				if k >= 0 && k < len(t.Segments) {
					p[i] += string(runes[t.Segments[k].Start:t.Segments[k].End]) + " "
				}
			}
		}
		out = append(out, p)
	}
	return out
}
