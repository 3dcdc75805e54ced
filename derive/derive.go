// Package derive turns a section of a raw source page into a base text and
// records every change made on the way, so that nothing from the source is
// lost: each dropped, joined or moved piece of source is a Step with its exact
// text and its Unicode code point offsets in the raw page.
//
// The base text is the kept paragraphs joined by "\n\n". Inside a paragraph
// every run of whitespace (spaces, tabs, single newlines) becomes one space and
// the paragraph is trimmed. This whitespace normalisation is not recorded as
// steps; in particular, the space next to inline noise (for example the space
// after a folio number, or before trailing garbage) is not part of the drop
// step's Text and disappears with the normalisation.
//
// Scan derives the base text of an OCR'd scan in three passes. First the
// editorial edits, in the order given:
//
//   - edit.move: Edit.Text (found exactly once in the section) is taken out of
//     its place and put after Edit.After (found exactly once), joined by one
//     space.
//
// Then the noise rules, judged line by line (a line is the text between two
// newlines; the section's script comes from Section.Lang, Cyrillic for "ru"):
//
//   - noise.header: an archive page header, "Wilson Center Digital Archive" or
//     "Original Scan", matched word by word with capitalised words and at most
//     one wrong, missing, extra or swapped letter per word of four or more
//     letters ("Wilsen", "Centre"), and extended over adjacent markup, markdown
//     emphasis and dashes ("</u>--- Wilson Center Digital Archive",
//     "**Original Scan**"), but not over a word's own hyphen ("разде-").
//   - noise.stamp: a whole line with no word of two or more letters in the
//     section's script once headers and markup are ignored (stamp letters, page
//     numbers, Latin stamp fragments such as "ROM"). Header and stamp lines
//     before the body fall under the same rule. A whole line that contains a
//     header is recorded as noise.header instead. The step's Text is the whole
//     line, with its tabs and spaces.
//   - noise.markup: leftover HTML tags without attributes ("<u>", "</sub>").
//   - noise.folio: a number of one to four digits opening the first line after
//     a page break (a dropped header or stamp), followed by a space and a
//     lowercase letter ("27 ницы").
//   - noise.trailing-garbage: at the end of a line, a run of four or more
//     whitespace-separated tokens made only of Latin letters, digits and
//     punctuation, with at least one Latin word of two letters, at least half of
//     them not such a word (single letters, digits, dots), and at least one token
//     of real text before them. Only for sections in a non-Latin script.
//
// Then the page-break repairs between consecutive kept paragraphs, made only
// when a page break (a dropped header or stamp) lies between them:
//
//   - pagebreak.glued-header: the earlier paragraph ends in a word that a
//     header was glued to ("сло" + "Wilson Center…"), and the later one starts
//     with a lowercase letter: joined with no space ("слово").
//   - pagebreak.hyphen: the earlier paragraph ends in letter + hyphen and the
//     later one starts with a lowercase letter: the hyphen is dropped and the
//     parts are joined with no space ("разде-" + "ленное").
//   - pagebreak.paragraph: the earlier paragraph does not end in . ? ! : ; …
//     (closing quotes and brackets aside) and the later one starts with a
//     lowercase letter: joined with one space.
//
// Translation derives the base text of a published translation: paragraphs,
// plus the pagebreak.hyphen and pagebreak.paragraph joins, which there need no
// evidence of a page break (a published text has no page noise left).
//
// A join step's SourceStart and SourceEnd span the whole source gap it closes,
// from just after the last kept character of the earlier paragraph (from the
// dropped hyphen, for pagebreak.hyphen) to the first kept character of the
// later one; the gap may also hold noise recorded by its own drop steps.
// Steps are returned in source order.
package derive

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"sverka/segment"
	"sverka/wca"
)

// Step ops.
const (
	// OpDrop removes source text from the base text.
	OpDrop = "drop"
	// OpJoin joins two paragraphs across the source gap between them.
	OpJoin = "join"
	// OpMove moves source text to another place in the base text.
	OpMove = "move"
)

// Errors returned (wrapped) by Scan and Translation; test with errors.Is.
var (
	// ErrSection means the section lies outside the raw text.
	ErrSection = errors.New("section out of range")
	// ErrInvalidUTF8 means the raw text is not valid UTF-8.
	ErrInvalidUTF8 = errors.New("source is not valid UTF-8")
	// ErrEditOp means an edit has an op other than "move".
	ErrEditOp = errors.New("unknown edit op")
	// ErrEditNotFound means an edit's Text or After does not occur in the section.
	ErrEditNotFound = errors.New("edit text not found")
	// ErrEditAmbiguous means an edit's Text or After occurs more than once.
	ErrEditAmbiguous = errors.New("edit text found more than once")
	// ErrEditOverlap means an edit's Text and After overlap, or Text is not one
	// piece of the source (it spans an earlier move).
	ErrEditOverlap = errors.New("edit text overlaps")
)

// Step records one change from the source to the base text.
type Step struct {
	// Op is "drop", "join" or "move".
	Op string
	// SourceStart and SourceEnd are code point offsets into the raw page.
	SourceStart, SourceEnd int
	// Text is the source text affected, exactly raw[SourceStart:SourceEnd].
	Text string
	// Replacement is what stands for Text in the base text: "" for drops,
	// "" or " " for joins, and for moves the text as it now reads at its new
	// place (After, a space, Text).
	Replacement string
	// Rule names the rule that made the step ("noise.header", "edit.move", …).
	Rule string
	// Editor is the person who asked for an editorial edit; empty for rules.
	Editor string
	// Note explains the step (the edit's reason, or the words a join joined).
	Note string
}

// Edit is an editorial change a person asks for, applied before the rules.
type Edit struct {
	// Op is "move".
	Op string
	// Text is the exact source text of the fragment (for example a whole line).
	Text string
	// After is the exact text the fragment must follow.
	After string
	// Editor is who made the decision.
	Editor string
	// Reason says why.
	Reason string
}

// Result is a derived base text.
type Result struct {
	// Text is the base text: paragraphs joined by "\n\n".
	Text string
	// Paragraphs are the paragraphs of Text, in code points.
	Paragraphs []segment.Span
	// Steps are the changes from the source, in source order.
	Steps []Step
	// raw and paras are what Text was made of, for Origin.
	raw   string
	paras [][]piece
}

// Origin gives, for each code point of Text, its code point offset in the
// raw page, or -1 for a separator the derivation wrote (a space or newline
// standing for whitespace or a join): what ties a base text back to the
// words of a scan. It is made when asked for (eight bytes a code point).
func (r Result) Origin() []int {
	origin := make([]int, 0, utf8.RuneCountInString(r.Text))
	for i, ps := range r.paras {
		if i > 0 {
			origin = append(origin, -1, -1)
		}
		collapse(r.raw, ps, func(_ rune, pos int) { origin = append(origin, pos) })
	}
	return origin
}

// Scan derives the base text of the OCR'd original sec of raw, applying edits
// first; see the package documentation for the rules.
func Scan(raw string, sec wca.Section, edits []Edit) (Result, error) {
	seq, err := section(raw, sec)
	if err != nil {
		return Result{}, fmt.Errorf("scan: %w", err)
	}
	var steps []Step
	for i, e := range edits {
		var st Step
		seq, st, err = applyEdit(raw, seq, e)
		if err != nil {
			return Result{}, fmt.Errorf("scan: edit %d: %w", i+1, err)
		}
		steps = append(steps, st)
	}
	paras, noise := scanParagraphs(raw, seq, scriptFor(sec.Lang))
	steps = append(steps, noise...)
	return finish(raw, paras, steps, true), nil
}

// Translation derives the base text of the published translation sec of raw.
func Translation(raw string, sec wca.Section) (Result, error) {
	seq, err := section(raw, sec)
	if err != nil {
		return Result{}, fmt.Errorf("translation: %w", err)
	}
	var paras []*para
	var cur *para
	for ln := range lines(raw, seq) {
		if blank(raw, ln) {
			cur = nil
			continue
		}
		if cur == nil {
			cur = &para{}
			paras = append(paras, cur)
		} else {
			cur.pieces = append(cur.pieces, space)
		}
		cur.pieces = append(cur.pieces, ln...)
	}
	return finish(raw, paras, nil, false), nil
}

// section is sec of raw as one piece.
func section(raw string, sec wca.Section) ([]piece, error) {
	if !utf8.ValidString(raw) {
		return nil, ErrInvalidUTF8
	}
	n := utf8.RuneCountInString(raw)
	if sec.Start < 0 || sec.End < sec.Start || sec.End > n {
		return nil, fmt.Errorf("[%d, %d) in %d code points: %w", sec.Start, sec.End, n, ErrSection)
	}
	off, end, k := len(raw), len(raw), 0
	for i := range raw {
		if k == sec.Start {
			off = i
		}
		if k == sec.End {
			end = i
			break
		}
		k++
	}
	return []piece{{off, end, sec.Start}}, nil
}

// findOnce returns the byte offset in hay of the only occurrence of s, and
// the length of s in hay (bytes of s that are not UTF-8 stand for U+FFFD).
func findOnce(hay, s string) (int, int, error) {
	if s == "" {
		return 0, 0, fmt.Errorf("empty text: %w", ErrEditNotFound)
	}
	needle := string([]rune(s))
	at, n := strings.Index(hay, needle), 0
	for i := at; i >= 0; {
		n++
		k := strings.Index(hay[i+1:], needle)
		if k < 0 {
			break
		}
		i += 1 + k
	}
	switch {
	case n == 0:
		return 0, 0, fmt.Errorf("%q: %w", s, ErrEditNotFound)
	case n > 1:
		return 0, 0, fmt.Errorf("%q found %d times: %w", s, n, ErrEditAmbiguous)
	}
	return at, len(needle), nil
}

func applyEdit(raw string, seq []piece, e Edit) ([]piece, Step, error) {
	if e.Op != OpMove {
		return nil, Step{}, fmt.Errorf("op %q: %w", e.Op, ErrEditOp)
	}
	hay := textOf(raw, seq)
	ti, tn, err := findOnce(hay, e.Text)
	if err != nil {
		return nil, Step{}, fmt.Errorf("text: %w", err)
	}
	ai, an, err := findOnce(hay, e.After)
	if err != nil {
		return nil, Step{}, fmt.Errorf("after: %w", err)
	}
	if ti < ai+an && ai < ti+tn {
		return nil, Step{}, fmt.Errorf("%q and %q: %w", e.Text, e.After, ErrEditOverlap)
	}
	frag := cut(raw, seq, ti, ti+tn)
	for k, p := range frag {
		if p.off < 0 || k > 0 && p.off != frag[k-1].end {
			return nil, Step{}, fmt.Errorf("%q is not one piece of the source: %w", e.Text, ErrEditOverlap)
		}
	}
	start, end := frag[0].off, frag[len(frag)-1].end
	moved := append([]piece{space}, frag...)
	insertAt := ai + an
	var out []piece
	if insertAt <= ti {
		out = append(append(append(cut(raw, seq, 0, insertAt), moved...), cut(raw, seq, insertAt, ti)...), cut(raw, seq, ti+tn, len(hay))...)
	} else {
		out = append(append(append(cut(raw, seq, 0, ti), cut(raw, seq, ti+tn, insertAt)...), moved...), cut(raw, seq, insertAt, len(hay))...)
	}
	return out, Step{
		Op:          OpMove,
		SourceStart: frag[0].pos,
		SourceEnd:   frag[0].pos + utf8.RuneCountInString(raw[start:end]),
		Text:        raw[start:end],
		Replacement: e.After + " " + e.Text,
		Rule:        "edit.move",
		Editor:      e.Editor,
		Note:        e.Reason,
	}, nil
}
