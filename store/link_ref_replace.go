package store

import (
	"context"
	"database/sql"
	"strings"

	"sverka"
	"sverka/anno"
)

// carryRefs numbers the links of d, which replaces old, before d is stored,
// so that a #link-N written before the replace keeps its words where they
// survive: a link of d holding word for word the sentences of a link of
// old takes that link's number (the first such link not yet taken, in
// order); every other link gets a new number after every number old ever
// had. An old number no link took (merged away, or its link's sentences
// now aligned otherwise) follows its words into the new texts with the
// re-anchoring annotations use and answers with the rows holding them; one
// whose words are gone is kept with no words, so that it is never given
// again and answers that it holds no sentence.
func carryRefs(ctx context.Context, tx *sql.Tx, old, d *sverka.Document) error {
	refs, err := findLinkRefs(ctx, tx, old.ID)
	if err != nil {
		return err
	}
	oldRunes, newRunes := map[string][]rune{}, map[string][]rune{}
	for _, t := range old.Texts {
		oldRunes[t.Lang] = []rune(t.Text)
	}
	for _, t := range d.Texts {
		newRunes[t.Lang] = []rune(t.Text)
	}
	byWords := map[string][]int{}
	for _, l := range old.Links {
		key := linkWords(old, l, oldRunes)
		byWords[key] = append(byWords[key], l.Ref)
	}
	next := 1
	for _, r := range refs {
		next = max(next, r.Ref+1)
	}
	carried := map[int]bool{}
	for i := range d.Links {
		key := linkWords(d, d.Links[i], newRunes)
		if q := byWords[key]; len(q) > 0 {
			d.Links[i].Ref, byWords[key] = q[0], q[1:]
			carried[q[0]] = true
			continue
		}
		d.Links[i].Ref = next
		next++
	}
	d.Refs = nil
	for _, r := range refs {
		if carried[r.Ref] {
			continue
		}
		d.Refs = append(d.Refs, sverka.LinkRef{Ref: r.Ref, Spans: followSpans(r.Spans, oldRunes, newRunes)})
	}
	return nil
}

// linkWords is the words of each language of a link of d (whose texts
// are runes), as one key.
func linkWords(d *sverka.Document, l sverka.Link, runes map[string][]rune) string {
	var b strings.Builder
	for _, t := range d.Texts {
		b.WriteString(t.Lang)
		b.WriteByte(0)
		for _, k := range l.Segments[t.Lang] {
			b.WriteString(string(runes[t.Lang][t.Segments[k].Start:t.Segments[k].End]))
			b.WriteByte(0)
		}
	}
	return b.String()
}

// followSpans finds each span's words of the old texts in the new ones by
// quote, prefix and suffix (anno.Reanchor); none when any language's words
// are gone.
func followSpans(spans map[string][2]int, oldRunes, newRunes map[string][]rune) map[string][2]int {
	out := map[string][2]int{}
	for lang, sp := range spans {
		was, now := oldRunes[lang], newRunes[lang]
		if sp[0] < 0 || sp[1] < sp[0] || sp[1] > len(was) || now == nil {
			return map[string][2]int{}
		}
		exact, prefix, suffix := anno.QuoteAt(was, sp[0], sp[1])
		start, end, ok := anno.Reanchor(now, sp[0], exact, prefix, suffix)
		if !ok {
			return map[string][2]int{}
		}
		out[lang] = [2]int{start, end}
	}
	return out
}
