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
	"sort"
	"strings"
	"unicode"
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
	// Origin gives, for each code point of Text, its code point offset in the
	// raw page, or -1 for a separator the derivation wrote (a space or
	// newline standing for whitespace or a join): what ties a base text back
	// to the words of a scan.
	Origin []int
}

// unit is one code point of the text being derived and its offset in the raw
// page, or -1 for a space inserted by a move.
type unit struct {
	r   rune
	pos int
}

// Scan derives the base text of the OCR'd original sec of raw, applying edits
// first; see the package documentation for the rules.
func Scan(raw string, sec wca.Section, edits []Edit) (Result, error) {
	rs, err := sectionRunes(raw, sec)
	if err != nil {
		return Result{}, fmt.Errorf("scan: %w", err)
	}
	seq := unitsOf(rs, sec)
	var steps []Step
	for i, e := range edits {
		var st Step
		seq, st, err = applyEdit(rs, seq, e)
		if err != nil {
			return Result{}, fmt.Errorf("scan: edit %d: %w", i+1, err)
		}
		steps = append(steps, st)
	}
	paras, noise := scanParagraphs(rs, seq, scriptFor(sec.Lang))
	steps = append(steps, noise...)
	return finish(rs, paras, steps, true), nil
}

// Translation derives the base text of the published translation sec of raw.
func Translation(raw string, sec wca.Section) (Result, error) {
	rs, err := sectionRunes(raw, sec)
	if err != nil {
		return Result{}, fmt.Errorf("translation: %w", err)
	}
	var paras []*para
	var cur *para
	for _, ln := range splitLines(unitsOf(rs, sec)) {
		if blankUnits(ln) {
			cur = nil
			continue
		}
		if cur == nil {
			cur = &para{}
			paras = append(paras, cur)
		} else {
			cur.units = append(cur.units, unit{' ', -1})
		}
		cur.units = append(cur.units, ln...)
	}
	return finish(rs, paras, nil, false), nil
}

func sectionRunes(raw string, sec wca.Section) ([]rune, error) {
	if !utf8.ValidString(raw) {
		return nil, ErrInvalidUTF8
	}
	rs := []rune(raw)
	if sec.Start < 0 || sec.End < sec.Start || sec.End > len(rs) {
		return nil, fmt.Errorf("[%d, %d) in %d code points: %w", sec.Start, sec.End, len(rs), ErrSection)
	}
	return rs, nil
}

func unitsOf(rs []rune, sec wca.Section) []unit {
	seq := make([]unit, 0, sec.End-sec.Start)
	for i := sec.Start; i < sec.End; i++ {
		seq = append(seq, unit{rs[i], i})
	}
	return seq
}

func textOf(seq []unit) []rune {
	out := make([]rune, len(seq))
	for i, u := range seq {
		out[i] = u.r
	}
	return out
}

// findOnce returns the unit index of the only occurrence of s in seq.
func findOnce(seq []unit, s string) (int, error) {
	needle := []rune(s)
	if len(needle) == 0 {
		return 0, fmt.Errorf("empty text: %w", ErrEditNotFound)
	}
	hay := textOf(seq)
	at, n := -1, 0
	for i := 0; i+len(needle) <= len(hay); i++ {
		if equalRunes(hay[i:i+len(needle)], needle) {
			if n == 0 {
				at = i
			}
			n++
		}
	}
	switch {
	case n == 0:
		return 0, fmt.Errorf("%q: %w", s, ErrEditNotFound)
	case n > 1:
		return 0, fmt.Errorf("%q found %d times: %w", s, n, ErrEditAmbiguous)
	}
	return at, nil
}

func equalRunes(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func applyEdit(rs []rune, seq []unit, e Edit) ([]unit, Step, error) {
	if e.Op != OpMove {
		return nil, Step{}, fmt.Errorf("op %q: %w", e.Op, ErrEditOp)
	}
	ti, err := findOnce(seq, e.Text)
	if err != nil {
		return nil, Step{}, fmt.Errorf("text: %w", err)
	}
	ai, err := findOnce(seq, e.After)
	if err != nil {
		return nil, Step{}, fmt.Errorf("after: %w", err)
	}
	tn, an := utf8.RuneCountInString(e.Text), utf8.RuneCountInString(e.After)
	if ti < ai+an && ai < ti+tn {
		return nil, Step{}, fmt.Errorf("%q and %q: %w", e.Text, e.After, ErrEditOverlap)
	}
	frag := seq[ti : ti+tn]
	for k, u := range frag {
		if u.pos < 0 || u.pos != frag[0].pos+k {
			return nil, Step{}, fmt.Errorf("%q is not one piece of the source: %w", e.Text, ErrEditOverlap)
		}
	}
	start, end := frag[0].pos, frag[len(frag)-1].pos+1
	moved := append([]unit{{' ', -1}}, frag...)
	insertAt := ai + an
	out := make([]unit, 0, len(seq)+1)
	for i := 0; i <= len(seq); i++ {
		if i == insertAt {
			out = append(out, moved...)
		}
		if i < len(seq) && (i < ti || i >= ti+tn) {
			out = append(out, seq[i])
		}
	}
	return out, Step{
		Op:          OpMove,
		SourceStart: start,
		SourceEnd:   end,
		Text:        string(rs[start:end]),
		Replacement: e.After + " " + e.Text,
		Rule:        "edit.move",
		Editor:      e.Editor,
		Note:        e.Reason,
	}, nil
}

func splitLines(seq []unit) [][]unit {
	var out [][]unit
	s := 0
	for i, u := range seq {
		if u.r == '\n' {
			out = append(out, seq[s:i])
			s = i + 1
		}
	}
	return append(out, seq[s:])
}

func blankUnits(ln []unit) bool {
	for _, u := range ln {
		if !unicode.IsSpace(u.r) {
			return false
		}
	}
	return true
}

// para is a paragraph being derived.
type para struct {
	units       []unit
	breakBefore bool // a page break lies between the previous kept paragraph and this one
	glued       bool // ends in a word cut by a page header glued to it
}

// scanParagraphs applies the noise rules line by line and groups the kept
// text into paragraphs.
func scanParagraphs(rs []rune, seq []unit, script *unicode.RangeTable) ([]*para, []Step) {
	var paras []*para
	var steps []Step
	var cur *para
	pending := false // a page break since the last kept text
	for _, ln := range splitLines(seq) {
		if blankUnits(ln) {
			cur = nil
			continue
		}
		res := scanLine(rs, ln, script, cur == nil && pending)
		steps = append(steps, res.steps...)
		var kept []unit
		for i, u := range ln {
			if res.keep[i] {
				kept = append(kept, u)
			}
		}
		if blankUnits(kept) {
			pending = pending || res.breakBefore || res.breakAfter
			continue
		}
		if cur == nil {
			cur = &para{breakBefore: pending || res.breakBefore}
			paras = append(paras, cur)
		} else {
			cur.units = append(cur.units, unit{' ', -1})
		}
		cur.units = append(cur.units, kept...)
		cur.glued = res.glued
		pending = res.breakAfter
	}
	return paras, steps
}

type lineResult struct {
	keep                    []bool
	steps                   []Step
	breakBefore, breakAfter bool
	glued                   bool
}

// scanLine judges one line. folio says whether the line opens a paragraph
// right after a page break.
func scanLine(rs []rune, ln []unit, script *unicode.RangeTable, folio bool) lineResult {
	lr := textOf(ln)
	res := lineResult{keep: make([]bool, len(ln))}
	for i := range res.keep {
		res.keep[i] = true
	}
	drop := func(a, b int, rule string) {
		for i := a; i < b; i++ {
			res.keep[i] = false
		}
		res.steps = append(res.steps, dropSteps(rs, ln[a:b], rule)...)
	}
	headers := findHeaders(lr)
	tags := findTags(lr, headers)

	ignored := make([]bool, len(lr))
	for _, s := range append(append([]span{}, headers...), tags...) {
		for i := s.a; i < s.b; i++ {
			ignored[i] = true
		}
	}
	for i, r := range lr {
		if r == '*' {
			ignored[i] = true
		}
	}
	if !hasWord(lr, ignored, script) {
		rule := "noise.stamp"
		if len(headers) > 0 {
			rule = "noise.header"
		}
		drop(0, len(lr), rule)
		res.breakBefore, res.breakAfter = true, true
		return res
	}
	for _, h := range headers {
		drop(h.a, h.b, "noise.header")
	}
	for _, t := range tags {
		drop(t.a, t.b, "noise.markup")
	}
	first, last := len(lr), -1 // kept text
	for i, r := range lr {
		if res.keep[i] && !unicode.IsSpace(r) {
			first = min(first, i)
			last = i
		}
	}
	for _, h := range headers {
		if h.b <= first {
			res.breakBefore = true
		}
		if h.a > last {
			res.breakAfter = true
			res.glued = h.a > 0 && unicode.IsLetter(lr[h.a-1]) && res.keep[h.a-1]
		}
	}
	if folio || res.breakBefore {
		if a, b, ok := folioAt(lr, res.keep); ok {
			drop(a, b, "noise.folio")
		}
	}
	if script != nil && script != unicode.Latin {
		if a, b, ok := trailingGarbage(lr, res.keep); ok {
			drop(a, b, "noise.trailing-garbage")
		}
	}
	return res
}

// dropSteps records the drop of units as one step per piece of the source
// they come from (units moved by an edit may come from elsewhere).
func dropSteps(rs []rune, units []unit, rule string) []Step {
	var out []Step
	start, prev := -1, -1
	flush := func() {
		if start >= 0 {
			out = append(out, Step{Op: OpDrop, SourceStart: start, SourceEnd: prev + 1,
				Text: string(rs[start : prev+1]), Rule: rule})
		}
		start = -1
	}
	for _, u := range units {
		if u.pos < 0 {
			flush()
			continue
		}
		if start >= 0 && u.pos != prev+1 {
			flush()
		}
		if start < 0 {
			start = u.pos
		}
		prev = u.pos
	}
	flush()
	return out
}

type span struct{ a, b int }

var headerPhrases = [][]string{
	{"wilson", "center", "digital", "archive"},
	{"original", "scan"},
}

// findHeaders finds archive page headers in lr, extended over adjacent
// markup, emphasis and dashes.
func findHeaders(lr []rune) []span {
	// Latin words and their positions.
	var words []span
	for i := 0; i < len(lr); {
		if !unicode.Is(unicode.Latin, lr[i]) {
			i++
			continue
		}
		j := i
		for j < len(lr) && unicode.Is(unicode.Latin, lr[j]) {
			j++
		}
		words = append(words, span{i, j})
		i = j
	}
	var out []span
	for w := 0; w < len(words); w++ {
		for _, phrase := range headerPhrases {
			if w+len(phrase) > len(words) || !phraseAt(lr, words[w:w+len(phrase)], phrase) {
				continue
			}
			s := span{words[w].a, words[w+len(phrase)-1].b}
			s.a = extendLeft(lr, s.a)
			s.b = extendRight(lr, s.b)
			if n := len(out); n > 0 && s.a < out[n-1].b {
				s.a = out[n-1].b
			}
			out = append(out, s)
			w += len(phrase) - 1
			break
		}
	}
	return out
}

func phraseAt(lr []rune, words []span, phrase []string) bool {
	for k, w := range words {
		if !unicode.IsUpper(lr[w.a]) || !fuzzyEqual(strings.ToLower(string(lr[w.a:w.b])), phrase[k]) {
			return false
		}
		if k > 0 {
			for _, r := range lr[words[k-1].b:w.a] {
				if !unicode.IsSpace(r) && r != '*' && r != '_' {
					return false
				}
			}
		}
	}
	return true
}

// fuzzyEqual reports whether a is b with at most one letter substituted,
// inserted, deleted or swapped with its neighbour (words of four or more
// letters), or exactly b.
func fuzzyEqual(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(rb) < 4 {
		return false
	}
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		if equalRunes(ra[i+1:], rb[i+1:]) {
			return true
		}
		// two neighbouring letters swapped ("Centre", "Center")
		return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && equalRunes(ra[i+2:], rb[i+2:])
	}
	return equalRunes(ra[i+1:], rb[i:])
}

func extendLeft(lr []rune, a int) int {
	s := a
loop:
	for s > 0 {
		c := lr[s-1]
		switch {
		case c == '>':
			t := tagEndingAt(lr, s)
			if t < 0 {
				break loop
			}
			s = t
		case c == '-':
			if s >= 2 && unicode.IsLetter(lr[s-2]) {
				break loop // a word's hyphen, not a rule
			}
			s--
		case c == '*' || c == '_' || c == '—' || c == '–' || unicode.IsSpace(c):
			s--
		default:
			break loop
		}
	}
	for s < a && unicode.IsSpace(lr[s]) {
		s++
	}
	return s
}

func extendRight(lr []rune, b int) int {
	for b < len(lr) {
		switch {
		case lr[b] == '*' || lr[b] == '_':
			b++
		case lr[b] == '<' && tagAt(lr, b) > 0:
			b = tagAt(lr, b)
		default:
			return b
		}
	}
	return b
}

// tagAt returns the end of an HTML tag without attributes starting at i
// ("<u>", "</sub>", "<br/>"), or -1.
func tagAt(lr []rune, i int) int {
	if i >= len(lr) || lr[i] != '<' {
		return -1
	}
	j := i + 1
	if j < len(lr) && lr[j] == '/' {
		j++
	}
	n := j
	for j < len(lr) && j-i < 16 && (isASCIILetter(lr[j]) || (j > n && lr[j] >= '0' && lr[j] <= '9')) {
		j++
	}
	if j == n {
		return -1
	}
	for j < len(lr) && lr[j] == ' ' {
		j++
	}
	if j < len(lr) && lr[j] == '/' {
		j++
	}
	if j < len(lr) && lr[j] == '>' {
		return j + 1
	}
	return -1
}

func tagEndingAt(lr []rune, end int) int {
	for i := end - 1; i >= 0 && end-i <= 20; i-- {
		if lr[i] == '<' {
			if tagAt(lr, i) == end {
				return i
			}
			return -1
		}
	}
	return -1
}

func isASCIILetter(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }

// findTags finds HTML tags outside the header spans.
func findTags(lr []rune, headers []span) []span {
	inHeader := make([]bool, len(lr))
	for _, h := range headers {
		for i := h.a; i < h.b; i++ {
			inHeader[i] = true
		}
	}
	var out []span
	for i := 0; i < len(lr); i++ {
		if inHeader[i] {
			continue
		}
		if e := tagAt(lr, i); e > 0 && !inHeader[e-1] {
			out = append(out, span{i, e})
			i = e - 1
		}
	}
	return out
}

// hasWord reports whether lr has a word of two or more letters of script
// (any letters when script is nil) outside the ignored positions.
func hasWord(lr []rune, ignored []bool, script *unicode.RangeTable) bool {
	n := 0
	for i, r := range lr {
		if !ignored[i] && unicode.IsLetter(r) && (script == nil || unicode.Is(script, r)) {
			n++
			if n >= 2 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

// folioAt finds a folio number opening the kept text of the line.
func folioAt(lr []rune, keep []bool) (int, int, bool) {
	a := 0
	for a < len(lr) && (!keep[a] || unicode.IsSpace(lr[a])) {
		a++
	}
	b := a
	for b < len(lr) && keep[b] && lr[b] >= '0' && lr[b] <= '9' {
		b++
	}
	if b == a || b-a > 4 || b >= len(lr) || !unicode.IsSpace(lr[b]) {
		return 0, 0, false
	}
	c := b
	for c < len(lr) && (!keep[c] || unicode.IsSpace(lr[c])) {
		c++
	}
	if c >= len(lr) || !unicode.IsLower(lr[c]) {
		return 0, 0, false
	}
	return a, b, true
}

// trailingGarbage finds a run of OCR garbage tokens ending the kept text of
// the line.
func trailingGarbage(lr []rune, keep []bool) (int, int, bool) {
	var toks []span // kept non-space tokens, in order
	for i := 0; i < len(lr); {
		if !keep[i] || unicode.IsSpace(lr[i]) {
			i++
			continue
		}
		j := i
		for j < len(lr) && keep[j] && !unicode.IsSpace(lr[j]) {
			j++
		}
		toks = append(toks, span{i, j})
		i = j
	}
	k := len(toks)
	for k > 0 && latinish(lr[toks[k-1].a:toks[k-1].b]) {
		k--
	}
	run := toks[k:]
	if len(run) < 4 || k == 0 {
		return 0, 0, false
	}
	words := 0
	for _, t := range run {
		if hasLatinWord(lr[t.a:t.b]) {
			words++
		}
	}
	if words == 0 || 2*words > len(run) {
		return 0, 0, false
	}
	return run[0].a, run[len(run)-1].b, true
}

func latinish(tok []rune) bool {
	for _, r := range tok {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
		if !unicode.IsLetter(r) && !(r >= '0' && r <= '9') && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
			return false
		}
	}
	return true
}

func hasLatinWord(tok []rune) bool {
	n := 0
	for _, r := range tok {
		if unicode.Is(unicode.Latin, r) {
			n++
			if n >= 2 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

// scriptFor returns the script of a language's texts, or nil when unknown.
func scriptFor(lang string) *unicode.RangeTable {
	primary := strings.ToLower(lang)
	if i := strings.IndexAny(primary, "-_"); i >= 0 {
		primary = primary[:i]
	}
	switch primary {
	case "ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg", "tt":
		return unicode.Cyrillic
	case "zh":
		return unicode.Han
	case "ko":
		return unicode.Hangul
	case "el":
		return unicode.Greek
	case "ka":
		return unicode.Georgian
	case "hy":
		return unicode.Armenian
	case "he", "yi":
		return unicode.Hebrew
	case "ar", "fa", "ur":
		return unicode.Arabic
	case "", "und", "ja":
		return nil
	}
	return unicode.Latin
}

// finish applies the page-break joins and builds the base text.
func finish(rs []rune, paras []*para, steps []Step, needBreak bool) Result {
	var out [][]unit
	var prev []unit
	var prevGlued bool
	for _, p := range paras {
		units := trimUnits(p.units)
		if len(units) == 0 {
			continue
		}
		if prev == nil {
			prev, prevGlued = units, p.glued
			continue
		}
		rule, sep, hyphen := joinRule(prev, prevGlued, units, p.breakBefore || !needBreak)
		if rule == "" {
			out = append(out, prev)
			prev, prevGlued = units, p.glued
			continue
		}
		last := prev[len(prev)-1]
		leftEnd := last.pos + 1
		left := prev
		if hyphen {
			leftEnd = last.pos
			left = prev[:len(prev)-1]
		}
		rightStart := units[0].pos
		if leftEnd > rightStart {
			leftEnd = rightStart
		}
		steps = append(steps, Step{
			Op:          OpJoin,
			SourceStart: leftEnd,
			SourceEnd:   rightStart,
			Text:        string(rs[leftEnd:rightStart]),
			Replacement: sep,
			Rule:        rule,
			Note:        fmt.Sprintf("%q + %q", lastWord(prev), firstWord(units)),
		})
		// left is a prefix of prev, which owns its backing array: append in
		// place so that long chains of joins stay linear.
		if sep != "" {
			left = append(left, unit{' ', -1})
		}
		prev, prevGlued = append(left, units...), p.glued
	}
	if prev != nil {
		out = append(out, prev)
	}
	var b strings.Builder
	var spans []segment.Span
	var origin []int
	for i, units := range out {
		if i > 0 {
			b.WriteString("\n\n")
			origin = append(origin, -1, -1)
		}
		start := len(origin)
		space := false
		for _, u := range units {
			if unicode.IsSpace(u.r) {
				space = true
				continue
			}
			if space && len(origin) > start {
				b.WriteRune(' ')
				origin = append(origin, -1)
			}
			space = false
			b.WriteRune(u.r)
			origin = append(origin, u.pos)
		}
		spans = append(spans, segment.Span{Start: start, End: len(origin)})
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].SourceStart < steps[j].SourceStart })
	return Result{Text: b.String(), Paragraphs: spans, Steps: steps, Origin: origin}
}

// joinRule decides whether paragraph left continues in right, and how.
func joinRule(left []unit, glued bool, right []unit, pageBreak bool) (rule, sep string, hyphen bool) {
	first := right[0].r
	if !pageBreak || !unicode.IsLower(first) {
		return "", "", false
	}
	last := left[len(left)-1].r
	switch {
	case glued && unicode.IsLetter(last):
		return "pagebreak.glued-header", "", false
	case isHyphen(last) && len(left) >= 2 && unicode.IsLetter(left[len(left)-2].r):
		return "pagebreak.hyphen", "", true
	}
	k := len(left) - 1
	for k > 0 && strings.ContainsRune("\"')]»”’", left[k].r) {
		k--
	}
	if strings.ContainsRune(".?!:;…", left[k].r) {
		return "", "", false
	}
	return "pagebreak.paragraph", " ", false
}

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '¬' || r == '\u00ad' }

func trimUnits(units []unit) []unit {
	a, b := 0, len(units)
	for a < b && unicode.IsSpace(units[a].r) {
		a++
	}
	for b > a && unicode.IsSpace(units[b-1].r) {
		b--
	}
	return units[a:b]
}

// maxNoteWord bounds the words quoted in a join's note.
const maxNoteWord = 40

func lastWord(units []unit) string {
	i := len(units)
	for i > 0 && len(units)-i < maxNoteWord && !unicode.IsSpace(units[i-1].r) {
		i--
	}
	return string(textOf(units[i:]))
}

func firstWord(units []unit) string {
	i := 0
	for i < len(units) && i < maxNoteWord && !unicode.IsSpace(units[i].r) {
		i++
	}
	return string(textOf(units[:i]))
}
