package anno

// ContextLength is how many code points of prefix and suffix a quote keeps.
const ContextLength = 32

// QuoteAt returns the exact text of [start, end) in text and up to
// ContextLength code points either side. The caller checks the range.
func QuoteAt(text []rune, start, end int) (exact, prefix, suffix string) {
	return string(text[start:end]),
		string(text[max(0, start-ContextLength):start]),
		string(text[end:min(len(text), end+ContextLength)])
}

// Matches reports whether text holds exact at [start, end), preceded by
// prefix and followed by suffix (an empty prefix or suffix always matches).
func Matches(text []rune, start, end int, exact, prefix, suffix string) bool {
	if start < 0 || end < start || end > len(text) || string(text[start:end]) != exact {
		return false
	}
	p, s := []rune(prefix), []rune(suffix)
	if len(p) > start || string(text[start-len(p):start]) != prefix {
		return false
	}
	if end+len(s) > len(text) || string(text[end:end+len(s)]) != suffix {
		return false
	}
	return true
}

// Reanchor finds a quote in a (new) text. It keeps the old position when
// the quote is still there; otherwise it takes the one occurrence of exact
// whose prefix and suffix match best, and refuses (ok false) when there is
// none or when two occurrences match equally well, so that an annotation is
// never attached to the wrong words.
func Reanchor(text []rune, oldStart int, exact, prefix, suffix string) (start, end int, ok bool) {
	ex := []rune(exact)
	if Matches(text, oldStart, oldStart+len(ex), exact, prefix, suffix) {
		return oldStart, oldStart + len(ex), true
	}
	if len(ex) == 0 {
		return 0, 0, false // an insertion point has nothing to search for
	}
	pre, suf := []rune(prefix), []rune(suffix)
	best, bestScore, tie := -1, -1, false
	for i := 0; i+len(ex) <= len(text); i++ {
		if text[i] != ex[0] || commonPrefix(text[i:i+len(ex)], ex) != len(ex) {
			continue
		}
		score := commonSuffix(text[:i], pre) + commonPrefix(text[i+len(ex):], suf)
		switch {
		case score > bestScore:
			best, bestScore, tie = i, score, false
		case score == bestScore:
			tie = true
		}
	}
	if best < 0 || tie {
		return 0, 0, false
	}
	return best, best + len(ex), true
}

func commonSuffix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
