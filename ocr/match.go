package ocr

import (
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"

	"sverka/segment"
	"sverka/variant"
)

// Placement is where the words of a text stand on its scan: a span for each
// word of the text that was found there (one for each part of a word
// hyphenated across lines), how many words got one, and how many words the
// text has.
type Placement struct {
	Spans []Span
	Boxed int
	Words int
}

// Coverage is the share of the text's words that have a box, from 0 to 1.
func (p Placement) Coverage() float64 {
	if p.Words == 0 {
		return 0
	}
	return float64(p.Boxed) / float64(p.Words)
}

// Match finds the words of text, a text that exists already and must not
// change (a document's base text), among the words a recogniser read on its
// pages, and gives each word found the box it was read in. A word is a run of
// letters and digits; case, ё/е and Latin letters shaped like Cyrillic ones
// do not count as differences.
//
// The two sequences of words are aligned as a diff would: words that occur
// once in each fix anchors in order (their longest increasing run), and the
// stretches between anchors are aligned by edit distance, a word against a
// word costing their Levenshtein distance over the longer one's length, a
// word left out half a word. A text word keeps the box of the word it is
// aligned with only when the two are confidently the same: at most one edit
// in three letters, and none in a word of one or two letters. Everything else
// (words the recogniser missed or garbled, text that is not on the scan) gets
// no box rather than a wrong one. A word hyphenated across lines on the
// scan is read as one (see readTokens), and each part gets its box over its
// share of the word's letters.
func Match(text string, doc Document) Placement {
	a := textTokens(text)
	words := map[string]bool{}
	for _, t := range a {
		words[t.norm] = true
	}
	b := readTokens(doc, words)
	m := matcher{a: a, b: b}
	m.align(0, len(a), 0, len(b))
	sort.Slice(m.pairs, func(i, j int) bool { return m.pairs[i][0] < m.pairs[j][0] })
	p := Placement{Words: len(a), Boxed: len(m.pairs)}
	for _, ij := range m.pairs {
		ta, tb := a[ij[0]], b[ij[1]]
		n := ta.end - ta.start
		if tb.rest == nil || n < 2 {
			p.Spans = append(p.Spans, Span{Start: ta.start, End: ta.end, Page: tb.page, Box: tb.box})
			continue
		}
		first, whole := utf8.RuneCountInString(tb.norm)-utf8.RuneCountInString(tb.rest.norm), utf8.RuneCountInString(tb.norm)
		k := min(n-1, max(1, (2*n*first+whole)/(2*whole))) // n·first/whole, rounded
		p.Spans = append(p.Spans, Span{Start: ta.start, End: ta.start + k, Page: tb.page, Box: tb.box},
			Span{Start: ta.start + k, End: ta.end, Page: tb.rest.page, Box: tb.rest.box})
	}
	return p
}

// token is a word: its folded form, and either its code points in the text
// or its page and box on the scan; rest is the part of a hyphenated read
// word on the next line (norm holds both parts).
type token struct {
	norm       string
	start, end int
	page       int
	box        Box
	rest       *token
}

// maxCells bounds one edit-distance table (a stretch between anchors of
// 2,048 × 2,048 words); a longer stretch without any anchor is left unboxed.
const maxCells = 1 << 22

// gapCost is the cost of leaving a word out of the alignment.
const gapCost = 0.5

type matcher struct {
	a, b  []token
	pairs [][2]int
}

// align aligns a[alo:ahi] with b[blo:bhi]: anchors first, then edit
// distance between them.
func (m *matcher) align(alo, ahi, blo, bhi int) {
	if alo >= ahi || blo >= bhi {
		return
	}
	anchors := m.anchors(alo, ahi, blo, bhi)
	if len(anchors) == 0 {
		m.table(alo, ahi, blo, bhi)
		return
	}
	i, j := alo, blo
	for _, ab := range anchors {
		m.align(i, ab[0], j, ab[1])
		m.pairs = append(m.pairs, ab)
		i, j = ab[0]+1, ab[1]+1
	}
	m.align(i, ahi, j, bhi)
}

// anchors are the words of three letters or more that occur once in each
// range, in the longest run whose order agrees on both sides.
func (m *matcher) anchors(alo, ahi, blo, bhi int) [][2]int {
	count := func(ts []token) map[string][2]int { // norm → count, last index
		c := map[string][2]int{}
		for i, t := range ts {
			if utf8.RuneCountInString(t.norm) >= 3 {
				c[t.norm] = [2]int{c[t.norm][0] + 1, i}
			}
		}
		return c
	}
	ca, cb := count(m.a[alo:ahi]), count(m.b[blo:bhi])
	var cand [][2]int
	for w, x := range ca {
		if y, ok := cb[w]; ok && x[0] == 1 && y[0] == 1 {
			cand = append(cand, [2]int{alo + x[1], blo + y[1]})
		}
	}
	sort.Slice(cand, func(i, j int) bool { return cand[i][0] < cand[j][0] })
	return longestIncreasing(cand)
}

// longestIncreasing is the longest subsequence of pairs (sorted by their
// first) whose seconds increase too (patience sorting).
func longestIncreasing(pairs [][2]int) [][2]int {
	var tails []int // index into pairs of the last pair of the best run of each length
	prev := make([]int, len(pairs))
	for i, p := range pairs {
		k := sort.Search(len(tails), func(k int) bool { return pairs[tails[k]][1] >= p[1] })
		prev[i] = -1
		if k > 0 {
			prev[i] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	if len(tails) == 0 {
		return nil
	}
	out := make([][2]int, len(tails))
	for k, i := len(tails)-1, tails[len(tails)-1]; k >= 0; k-- {
		out[k] = pairs[i]
		i = prev[i]
	}
	return out
}

// table aligns a[alo:ahi] with b[blo:bhi] by edit distance over words and
// keeps the confident pairs.
func (m *matcher) table(alo, ahi, blo, bhi int) {
	n, k := ahi-alo, bhi-blo
	if n*k > maxCells {
		return
	}
	w := k + 1
	cost := make([]float32, (n+1)*w)
	move := make([]byte, (n+1)*w) // 1: pair, 2: skip a, 3: skip b
	sub := make([]float32, (n+1)*w)
	for i := 0; i <= n; i++ {
		for j := 0; j <= k; j++ {
			at := i*w + j
			switch {
			case i == 0 && j == 0:
				continue
			case i == 0:
				cost[at], move[at] = float32(j)*gapCost, 3
				continue
			case j == 0:
				cost[at], move[at] = float32(i)*gapCost, 2
				continue
			}
			sub[at] = float32(variant.RelativeDistance(m.a[alo+i-1].norm, m.b[blo+j-1].norm))
			cost[at], move[at] = cost[at-w-1]+sub[at], 1
			if c := cost[at-w] + gapCost; c < cost[at] {
				cost[at], move[at] = c, 2
			}
			if c := cost[at-1] + gapCost; c < cost[at] {
				cost[at], move[at] = c, 3
			}
		}
	}
	for i, j := n, k; i > 0 || j > 0; {
		at := i*w + j
		switch move[at] {
		case 1:
			if confident(m.a[alo+i-1].norm, m.b[blo+j-1].norm) {
				m.pairs = append(m.pairs, [2]int{alo + i - 1, blo + j - 1})
			}
			i, j = i-1, j-1
		case 2:
			i--
		default:
			j--
		}
	}
}

// confident reports whether a and b are the same word misread at most once in
// three letters (and not at all in a word of one or two).
func confident(a, b string) bool {
	n := max(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	d := levenshtein.ComputeDistance(a, b)
	if n <= 2 {
		return d == 0
	}
	return 3*d <= n
}

// textTokens are the words of text with their code point ranges.
func textTokens(text string) []token {
	rs := []rune(text)
	spans := segment.Words(rs, isWordRune)
	out := make([]token, len(spans))
	for i, w := range spans {
		norm := make([]rune, w.End-w.Start)
		for k, r := range rs[w.Start:w.End] {
			norm[k] = fold(r)
		}
		out[i] = token{norm: string(norm), start: w.Start, end: w.End}
	}
	return out
}

// readTokens are the words read on the pages, in reading order, each with
// its page (from 0) and box. A read word holding several words ("Энь-лай",
// "1950г.") is cut into them, each with the share of the box its letters
// take. A word that ends its line with a hyphen and the first word of the
// next line ("библио-", "теки") are one word with a box for each part,
// unless the first part is a word of the text (words) and the two together
// are not: a compound broken after its own hyphen ("северо-", "западный").
func readTokens(doc Document, words map[string]bool) []token {
	var out []token
	hyphenated := -1 // index in out of a word that ended the line before with a hyphen
	for pi, p := range doc.Pages {
		for _, l := range p.Lines {
			for wi, w := range l.Words {
				parts := wordParts(w, pi)
				if wi == 0 && hyphenated >= 0 && len(parts) > 0 {
					h := &out[hyphenated]
					if joined := h.norm + parts[0].norm; words[joined] || !words[h.norm] {
						h.norm, h.rest = joined, &parts[0]
						parts = parts[1:]
					}
				}
				out = append(out, parts...)
			}
			hyphenated = -1
			if n := len(l.Words); n > 0 && endsInHyphen(l.Words[n-1].Text) && len(textTokens(l.Words[n-1].Text)) > 0 {
				hyphenated = len(out) - 1
			}
		}
	}
	return out
}

// wordParts are the words in read word w on page pi, each with its share of
// w's box.
func wordParts(w Word, pi int) []token {
	parts := textTokens(w.Text)
	total := utf8.RuneCountInString(w.Text)
	for i, t := range parts {
		box := w.Box
		if len(parts) > 1 {
			x0 := w.Box.X0 + t.start*w.Box.Width()/total
			box.X0, box.X1 = x0, max(x0+1, w.Box.X0+ceilDiv(t.end*w.Box.Width(), total))
		}
		parts[i] = token{norm: t.norm, page: pi, box: box}
	}
	return parts
}

// endsInHyphen reports whether a read word ends with a hyphen (or the soft
// hyphen or ¬ that some recognisers write) after a letter.
func endsInHyphen(s string) bool {
	r, n := utf8.DecodeLastRuneInString(s)
	if r != '-' && r != '‐' && r != '\u00ad' && r != '¬' {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:len(s)-n])
	return unicode.IsLetter(prev)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// lookAlikes maps Latin letters to the Cyrillic ones of the same shape that
// OCR confuses them with, and ё to е.
var lookAlikes = map[rune]rune{
	'a': 'а', 'b': 'ь', 'c': 'с', 'e': 'е', 'h': 'н', 'k': 'к', 'm': 'м', 'n': 'п',
	'o': 'о', 'p': 'р', 't': 'т', 'u': 'и', 'x': 'х', 'y': 'у', 'ё': 'е',
}

// fold lowercases r and maps look-alikes to one letter.
func fold(r rune) rune {
	r = unicode.ToLower(r)
	if f, ok := lookAlikes[r]; ok {
		return f
	}
	return r
}
