// Package goldtest builds test documents from gold TSV files (segments of
// both languages, their alignment and the OCR errors), so that tests can
// store a real document with store.CreateDocument whatever the migrations
// seed, and check corrections against the gold corrected text.
package goldtest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"sverka"
)

// Dir is the folder of the gold data of document 117313 kept with this package.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata", "117313")
}

// RuSegment is a Russian segment as OCR'd and as corrected.
type RuSegment struct {
	OCR, Corrected string
}

// OCRError is one row of ocr_errors.tsv: in Russian segment Segment
// (1-based), Form, which occurs once there, should read Correction.
type OCRError struct {
	Segment          int
	Form, Correction string
	Type             string
}

// Gold is the gold data of one document.
type Gold struct {
	Ru     []RuSegment
	En     []string
	Links  [][2][]int // per link: Russian and English segment indexes (0-based)
	Errors []OCRError
}

func readTSV(path string, cols int) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		if sc.Text() == "" {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != cols {
			return nil, fmt.Errorf("%s: %d fields, want %d: %q", path, len(f), cols, sc.Text())
		}
		rows = append(rows, f)
	}
	return rows, sc.Err()
}

func indexes(s string) ([]int, error) {
	out := []int{}
	if s == "" {
		return out, nil
	}
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, err
		}
		out = append(out, n-1)
	}
	return out, nil
}

// Load reads the gold TSVs of dir.
func Load(dir string) (*Gold, error) {
	g := &Gold{}
	ru, err := readTSV(filepath.Join(dir, "ru_segments.tsv"), 3)
	if err != nil {
		return nil, err
	}
	for _, r := range ru {
		g.Ru = append(g.Ru, RuSegment{OCR: r[1], Corrected: r[2]})
	}
	en, err := readTSV(filepath.Join(dir, "en_segments.tsv"), 2)
	if err != nil {
		return nil, err
	}
	for _, r := range en {
		g.En = append(g.En, r[1])
	}
	al, err := readTSV(filepath.Join(dir, "alignment.tsv"), 3)
	if err != nil {
		return nil, err
	}
	for _, r := range al {
		a, err := indexes(r[0])
		if err != nil {
			return nil, err
		}
		b, err := indexes(r[1])
		if err != nil {
			return nil, err
		}
		g.Links = append(g.Links, [2][]int{a, b})
	}
	errs, err := readTSV(filepath.Join(dir, "ocr_errors.tsv"), 4)
	if err != nil {
		return nil, err
	}
	for _, r := range errs {
		n, err := strconv.Atoi(r[0])
		if err != nil {
			return nil, err
		}
		g.Errors = append(g.Errors, OCRError{Segment: n, Form: r[1], Correction: r[2], Type: r[3]})
	}
	return g, nil
}

// joinSegments joins segments with blank lines and returns the text and
// each segment's code-point range.
func joinSegments(segs []string) (string, []sverka.Segment) {
	var b strings.Builder
	var out []sverka.Segment
	at := 0
	for i, s := range segs {
		if i > 0 {
			b.WriteString("\n\n")
			at += 2
		}
		n := utf8.RuneCountInString(s)
		out = append(out, sverka.Segment{Start: at, End: at + n})
		b.WriteString(s)
		at += n
	}
	return b.String(), out
}

// Document builds a document with id from the gold data: the Russian base
// text is the OCR'd segments joined by blank lines, the English the English
// segments, linked as the gold alignment says.
func (g *Gold) Document(id string) *sverka.Document {
	var ru []string
	for _, s := range g.Ru {
		ru = append(ru, s.OCR)
	}
	ruText, ruSegs := joinSegments(ru)
	enText, enSegs := joinSegments(g.En)
	d := &sverka.Document{
		ID: id, Title: "Test letter " + id, SourceFormat: "text", RawSource: ruText + "\n\n" + enText,
		OriginalLanguage: "Russian", Public: true,
		Texts: []sverka.BaseText{
			{Lang: "ru", Role: "original", Text: ruText, Segments: ruSegs},
			{Lang: "en", Role: "translation", Text: enText, Segments: enSegs},
		},
	}
	for _, l := range g.Links {
		d.Links = append(d.Links, sverka.Link{Status: "confirmed", Segments: map[string][]int{"ru": l[0], "en": l[1]}})
	}
	return d
}

// ErrorRange finds where e's form lies in the Russian text of doc: the
// code-point range of its one occurrence in its segment.
func ErrorRange(doc *sverka.Document, e OCRError) (start, end int, err error) {
	t := doc.Text("ru")
	if t == nil || e.Segment < 1 || e.Segment > len(t.Segments) {
		return 0, 0, fmt.Errorf("no Russian segment %d", e.Segment)
	}
	s := t.Segments[e.Segment-1]
	seg := string([]rune(t.Text)[s.Start:s.End])
	i := strings.Index(seg, e.Form)
	if i < 0 || strings.Count(seg, e.Form) != 1 {
		return 0, 0, fmt.Errorf("%q does not occur once in segment %d", e.Form, e.Segment)
	}
	start = s.Start + utf8.RuneCountInString(seg[:i])
	return start, start + utf8.RuneCountInString(e.Form), nil
}
