package suggest

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// readLookAlikes returns the lower-case word w with each Latin letter and
// digit that prints like a Russian letter read as that letter (заrрухеы:
// загрухеы, 0сииотевшх: осииотевшх, до60вьте: добовьте), and the edits that
// did it, each priced by the channel as a confusion of its kind; or nil
// edits when w has none, or when a part of it (between hyphens) is all
// Latin letters or digits, or keeps one with no look-alike: such a word
// mixes scripts on purpose (X-сервер, USB-накопитель, 3-го). The
// readings of w are then sought from the Russian spelling, so that the
// look-alikes do not use up the edits a search may take, and by the
// searches that take Russian letters only (nearReadings,
// translatedReadings).
func readLookAlikes(w string) (string, []Edit) {
	var es []Edit
	for part := range strings.SplitSeq(w, "-") {
		if !isCyrillic(part) {
			if strings.IndexFunc(part, latinOrDigit) >= 0 {
				return w, nil
			}
			continue
		}
		for _, r := range part {
			if !latinOrDigit(r) {
				continue
			}
			t := russianLookAlike(r)
			if t == "" {
				return w, nil
			}
			es = append(es, Edit{string(r), t})
		}
	}
	if es == nil {
		return w, nil
	}
	var b strings.Builder
	for _, r := range w {
		if t := russianLookAlike(r); t != "" {
			b.WriteString(t)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String(), es
}

// latinOrDigit reports whether r is a Latin letter or a digit.
func latinOrDigit(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// russianLookAlike returns the Russian letter the Latin letter or digit r
// prints like (lookAlike; a digit's one letter of like shape in similar),
// or "".
func russianLookAlike(r rune) string {
	if !latinOrDigit(r) {
		return ""
	}
	g := glyphsOf(string(r))
	if g.lookAlike != "" && strings.Contains(alphabet, g.lookAlike) {
		return g.lookAlike
	}
	if unicode.IsDigit(r) && len(g.similar) == 1 {
		return g.similar[0]
	}
	return ""
}

// lookAlikeReadings returns the readings of the lower-case word w that
// has look-alikes (see readLookAlikes): w read in Russian letters, if it is
// a word, and that word's readings, each with the look-alikes' edits first.
func (c *Checker) lookAlikeReadings(w string, shape caseShape) []candidate {
	read, es := readLookAlikes(w)
	if es == nil {
		return nil
	}
	var out []candidate
	if c.valid(read, shape) {
		out = append(out, candidate{read, es})
	}
	for _, cd := range c.candidates(read, shape) {
		out = append(out, candidate{cd.text, append(slices.Clip(es), cd.edits...)})
	}
	return out
}
