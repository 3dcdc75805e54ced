package anno

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"sverka/segment"
	"sverka/variant"
)

// Candidate is a place in a text where a quote that is no longer there word
// for word (an orphan's) may belong: the span of whole words Start to End
// (code points) with its quote (QuoteAt), and how like the quote it is,
// with the words around it like the quote's prefix and suffix, from 0 to 1.
type Candidate struct {
	Start  int     `json:"start"`
	End    int     `json:"end"`
	Exact  string  `json:"exact"`
	Prefix string  `json:"prefix"`
	Suffix string  `json:"suffix"`
	Score  float64 `json:"score"`
}

// minLikeness is how like the quote a span's words must be (1 less the
// edit distance over the longer's length, case aside) to be offered.
const minLikeness = 0.5

// Nearby ranks the spans of text most like exact, with prefix and suffix
// before and after it, best first: at most n, none overlapping a better
// one. A span has as many words as exact, or one more or one fewer, and
// its first or last word is like exact's; its score weighs the likeness of
// its words (three quarters) and of the text around it to the prefix and
// suffix given (a quarter).
func Nearby(text []rune, exact, prefix, suffix string, n int) []Candidate {
	q := []rune(exact)
	quote := words(q)
	if len(quote) == 0 || n < 1 {
		return nil
	}
	want := strings.ToLower(exact)
	f, l := quote[0], quote[len(quote)-1]
	first, last := strings.ToLower(string(q[f.Start:f.End])), strings.ToLower(string(q[l.Start:l.End]))
	spans := words(text)
	// likeFirst[k] and likeLast[k]: word k is like exact's first, last word.
	likeFirst, likeLast := make([]bool, len(spans)), make([]bool, len(spans))
	known := map[string][2]bool{}
	for k, w := range spans {
		form := strings.ToLower(string(text[w.Start:w.End]))
		like, ok := known[form]
		if !ok {
			like = [2]bool{likeness(form, first) >= minLikeness, likeness(form, last) >= minLikeness}
			known[form] = like
		}
		likeFirst[k], likeLast[k] = like[0], like[1]
	}
	var found []Candidate
	for i := range spans {
		for m := max(1, len(quote)-1); m <= len(quote)+1 && i+m <= len(spans); m++ {
			a, b := spans[i], spans[i+m-1]
			if !likeFirst[i] && !likeLast[i+m-1] {
				continue
			}
			got := string(text[a.Start:b.End])
			score := likeness(strings.ToLower(got), want)
			if score < minLikeness {
				continue
			}
			if c, ok := around(text, a.Start, b.End, prefix, suffix); ok {
				score = 0.75*score + 0.25*c
			}
			found = append(found, Candidate{Start: a.Start, End: b.End, Score: score})
		}
	}
	slices.SortStableFunc(found, func(x, y Candidate) int { return cmp.Compare(y.Score, x.Score) })
	var out []Candidate
	for _, c := range found {
		if len(out) == n {
			break
		}
		if !slices.ContainsFunc(out, func(o Candidate) bool { return c.Start < o.End && o.Start < c.End }) {
			c.Exact, c.Prefix, c.Suffix = QuoteAt(text, c.Start, c.End)
			out = append(out, c)
		}
	}
	return out
}

// around is how like the text before start and after end are to prefix and
// suffix (the mean of those given); ok is false when neither is.
func around(text []rune, start, end int, prefix, suffix string) (float64, bool) {
	sum, k := 0.0, 0
	if p := []rune(prefix); len(p) > 0 {
		sum += likeness(string(text[max(0, start-len(p)):start]), prefix)
		k++
	}
	if s := []rune(suffix); len(s) > 0 {
		sum += likeness(string(text[end:min(len(text), end+len(s))]), suffix)
		k++
	}
	if k == 0 {
		return 0, false
	}
	return sum / float64(k), true
}

// likeness is 1 less the edit distance of a and b over the longer's length
// in code points: 1 for the same, 0 for nothing alike.
func likeness(a, b string) float64 { return 1 - variant.RelativeDistance(a, b) }

// words finds the words of text: runs of letters, digits and marks.
func words(text []rune) []segment.Span { return segment.Words(text, isWordRune) }

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
