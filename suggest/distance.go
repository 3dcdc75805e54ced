package suggest

import "slices"

// How near a word is to another, for the readings found through the
// English (translatedReadings): letters in common first, then Levenshtein.

// letters counts the Russian letters of a word (а to ё), each.
type letters [0x60]uint8

func letterCounts(w []rune) letters {
	var n letters
	for _, r := range w {
		if k := r - 'а'; k >= 0 && int(k) < len(n) {
			n[k]++
		}
	}
	return n
}

// common is how many of the letters of w the counts have: a word k edits
// from another has all but k of its letters.
func common(w []rune, have letters) int {
	n := 0
	for _, r := range w {
		if k := r - 'а'; k >= 0 && int(k) < len(have) && have[k] > 0 {
			have[k]--
			n++
		}
	}
	return n
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// nearPrefix reports whether a is at most k edits (Levenshtein) from a
// beginning of b, or from b itself if a is b's length or longer.
func nearPrefix(a, b []rune, k int) bool {
	if len(a) > len(b)+k {
		return false
	}
	var buf [2][32]int
	return slices.Min(levenshtein(a, b, k, &buf)) <= k
}

// distance is the Levenshtein distance of a and b (or more than
// maxTranslatedEdits, when it is).
func distance(a, b []rune) int {
	var buf [2][32]int
	return levenshtein(a, b, maxTranslatedEdits, &buf)[len(b)]
}

// levenshtein returns the distance of a from each beginning of b, or a row
// whose every distance is over k once it is certain. Its rows are made in
// buf when b is short enough.
func levenshtein(a, b []rune, k int, buf *[2][32]int) []int {
	prev, cur := buf[0][:0], buf[1][:0]
	prev, cur = slices.Grow(prev, len(b)+1)[:len(b)+1], slices.Grow(cur, len(b)+1)[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := range a {
		cur[0] = i + 1
		least := cur[0]
		for j := range b {
			c := prev[j]
			if a[i] != b[j] {
				c++
			}
			cur[j+1] = min(c, prev[j+1]+1, cur[j]+1)
			least = min(least, cur[j+1])
		}
		prev, cur = cur, prev
		if least > k {
			break
		}
	}
	return prev
}
