// Package loadtest builds large synthetic documents and measures a server
// under load (latency per kind of request, slow clients), for the load
// tests and the soak benchmark. Nothing in it is tuned to any real text.
package loadtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"

	"sverka"
)

// Words the synthetic texts are made of, varied enough for search.
var (
	russianWords = strings.Fields("письмо ответ товарищ война мир армия договор правительство посол телеграмма " +
		"решение вопрос помощь граница совет встреча доклад предложение сторона положение время народ страна")
	englishWords = strings.Fields("letter reply comrade war peace army treaty government ambassador telegram " +
		"decision question help border council meeting report proposal side position time people country")
)

// sentence is one synthetic sentence of 6 to 14 words (times k) ending in
// its number and a period.
func sentence(r *rand.Rand, words []string, k, n int) string {
	var b strings.Builder
	for i := range k * (6 + r.IntN(9)) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	fmt.Fprintf(&b, " %d.", n)
	return b.String()
}

// Texts returns a Russian text and its English translation of n sentences
// each, made from seed, as a plain pair a person would import (paragraphs
// of five sentences, blank lines between them). English sentences have
// twice the words, so that both texts have about 150 bytes a sentence.
func Texts(n int, seed uint64) (ru, en string) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var rb, eb strings.Builder
	for i := range n {
		sep := " "
		if i%5 == 4 {
			sep = "\n\n"
		}
		rb.WriteString(sentence(r, russianWords, 1, i+1) + sep)
		eb.WriteString(sentence(r, englishWords, 2, i+1) + sep)
	}
	return rb.String(), eb.String()
}

// Document builds a public document of n sentences per language, aligned
// one to one, without going through segmentation and alignment (which
// would take longer than a test should for a large document).
func Document(id string, n int, seed uint64) *sverka.Document {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	d := &sverka.Document{ID: id, Title: "Synthetic document " + id, Date: "1950-10-05", OriginalLanguage: "Russian",
		SourceFormat: "plain", Public: true, CreatedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var raw strings.Builder
	for _, t := range []struct {
		lang, role string
		words      []string
	}{{"ru", "original", russianWords}, {"en", "translation", englishWords}} {
		var b strings.Builder
		bt := sverka.BaseText{Lang: t.lang, Role: t.role}
		at := 0
		for i := range n {
			s := sentence(r, t.words, 1, i+1)
			if i > 0 {
				b.WriteByte(' ')
				at++
			}
			b.WriteString(s)
			bt.Segments = append(bt.Segments, sverka.Segment{Start: at, End: at + utf8.RuneCountInString(s)})
			at += utf8.RuneCountInString(s)
		}
		bt.Text = b.String()
		raw.WriteString("=== " + t.lang + " ===\n" + bt.Text + "\n")
		d.Texts = append(d.Texts, bt)
	}
	d.RawSource = raw.String()
	for i := range n {
		d.Links = append(d.Links, sverka.Link{Position: i + 1, Status: "auto", Confidence: 0.9, Segments: map[string][]int{"ru": {i}, "en": {i}}})
	}
	return d
}
