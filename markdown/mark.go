package markdown

import (
	"strings"
	"unicode"
)

// Mark wraps the words of sanitized HTML (what ToHTML returns) that are in
// words in <mark>, in text only: tags and their attributes stay as they are.
func Mark(sanitized string, words map[string]bool) string {
	if len(words) == 0 {
		return sanitized
	}
	var b strings.Builder
	for rest := sanitized; rest != ""; {
		if rest[0] == '<' {
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				end = len(rest) - 1
			}
			b.WriteString(rest[:end+1])
			rest = rest[end+1:]
			continue
		}
		text := rest
		if i := strings.IndexByte(rest, '<'); i >= 0 {
			text = rest[:i]
		}
		markWords(&b, text, words)
		rest = rest[len(text):]
	}
	return b.String()
}

// markWords writes text with its words in words wrapped in <mark>.
func markWords(b *strings.Builder, text string, words map[string]bool) {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) }
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		if w := text[start:end]; words[w] {
			b.WriteString("<mark>" + w + "</mark>")
		} else {
			b.WriteString(w)
		}
		start = -1
	}
	for i, r := range text {
		if isWord(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
		b.WriteRune(r)
	}
	flush(len(text))
}
