package suggest

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// readLookAlikes returns the lower-case word w of the given shape with each
// Latin letter and digit that prints like a Russian letter read as that
// letter (заrрухеы: загрухеы, 0сииотевшх: осииотевшх, до60вьте: добовьте;
// a letter the shape says was a capital as the capital it prints like, B
// as В though b is ь), and the edits that did it (a capital's in capitals),
// each priced by the channel as a confusion of its kind; or nil
// edits when w has none, or when a part of it (between hyphens) is all
// Latin letters or digits, or keeps one with no look-alike: such a word
// mixes scripts on purpose (X-сервер, USB-накопитель, 3-го). The
// readings of w are then sought from the Russian spelling, so that the
// look-alikes do not use up the edits a search may take, and by the
// searches that take Russian letters only (nearReadings,
// translatedReadings).
func readLookAlikes(w string, shape caseShape) (string, []Edit) {
	if strings.IndexFunc(w, latinOrDigit) < 0 {
		return w, nil
	}
	for part := range strings.SplitSeq(w, "-") {
		if !isCyrillic(part) && strings.IndexFunc(part, latinOrDigit) >= 0 {
			return w, nil
		}
	}
	var es []Edit
	var b strings.Builder
	for i, r := range w {
		if !latinOrDigit(r) {
			b.WriteRune(r)
			continue
		}
		e := Edit{string(r), russianLookAlike(r)}
		if c := unicode.ToUpper(r); shape == upperCase || shape == titleCase && i == 0 {
			if t := russianLookAlike(c); t != "" {
				e = Edit{string(c), t}
			}
		}
		if e.Want == "" {
			return w, nil
		}
		es = append(es, e)
		b.WriteString(lower(e.Want))
	}
	if es == nil {
		return w, nil
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
	if g.lookAlike != "" && strings.Contains(alphabet, lower(g.lookAlike)) {
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
	read, es := readLookAlikes(w, shape)
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
