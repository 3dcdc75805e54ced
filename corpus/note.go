package corpus

import (
	"fmt"
	"math/rand/v2"
	"unicode"
)

// Note is a made-up scholar's note on some words of a base text, at
// code-point offsets [Start, End).
type Note struct {
	Start, End int
	Exact      string
	Body       string
	Tags       []string
	Creator    string
}

// scholars write the notes; importing creates them as disabled accounts.
var scholars = []string{"archivist", "historian", "translator", "editor"}

var tags = []string{"person", "place", "date", "doubtful", "translation", "ocr"}

// Notes makes n notes on words of text, a base text as Sverka stores it,
// drawn from seed alone: it may run on several documents at once.
func (g *Generator) Notes(text string, n int, seed uint64) []Note {
	rng := rand.New(rand.NewPCG(seed, 0x40735))
	runes := []rune(text)
	var notes []Note
	for tries := 0; len(notes) < n && tries < 20*n; tries++ {
		at := rng.IntN(len(runes))
		start, end := at, at
		for start > 0 && unicode.IsLetter(runes[start-1]) {
			start--
		}
		for end < len(runes) && unicode.IsLetter(runes[end]) {
			end++
		}
		if end-start < 3 {
			continue
		}
		note := Note{
			Start: start, End: end, Exact: string(runes[start:end]),
			Body:    g.noteBody(rng),
			Creator: scholars[rng.IntN(len(scholars))],
		}
		if rng.IntN(2) == 0 {
			note.Tags = []string{tags[rng.IntN(len(tags))]}
		}
		notes = append(notes, note)
	}
	return notes
}

// noteBody is what a scholar might write: a comparison with another
// document, a doubt or a gloss.
func (g *Generator) noteBody(rng *rand.Rand) string {
	names := g.langs[1].Names
	name := names[rng.IntN(len(names))]
	switch rng.IntN(3) {
	case 0:
		return fmt.Sprintf("Compare %s's letter of %d; the **same wording** recurs there.", name, 1917+rng.IntN(75))
	case 1:
		return fmt.Sprintf("The reading is doubtful: the scan is damaged here (sheet %d).", 1+rng.IntN(300))
	}
	return fmt.Sprintf("Probably refers to %s, named earlier in the file.", name)
}
