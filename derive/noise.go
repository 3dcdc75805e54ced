package derive

import (
	"slices"
	"strings"
	"unicode"
)

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
		if slices.Equal(ra[i+1:], rb[i+1:]) {
			return true
		}
		// two neighbouring letters swapped ("Centre", "Center")
		return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && slices.Equal(ra[i+2:], rb[i+2:])
	}
	return slices.Equal(ra[i+1:], rb[i:])
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
