package corpus

import (
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"sverka/lexicon"
)

// Vocabulary is the words of one language a corpus is written in, taken
// from a Hunspell dictionary: lemmas in the order of their made-up
// frequency (the first is the most common) with their inflected forms,
// and proper names.
type Vocabulary struct {
	// Lemmas are ranked: function words first, then dictionary stems in a
	// random order fixed by the seed.
	Lemmas []Lemma
	// Names are the dictionary's capitalized stems.
	Names []string
}

// Lemma is a dictionary stem and the forms its affix rules make of it
// (the stem itself first).
type Lemma struct {
	Forms []string
}

// functionWords are the most frequent words of each language, which a
// dictionary does not rank: they make "common word" queries realistic.
var functionWords = map[string][]string{
	"ru_RU": strings.Fields("и в не на что с по как к из о это а от для за он то но у же его было она так были их все мы при бы они только или после также ее был когда если уже этого том может под со между"),
	"en_US": strings.Fields("the of and to in a that is was for on it with as by at from his this be which have are not had but were he an their they its has been or one would all there will who more"),
}

// ReadDictionaries reads the Russian and English vocabularies of at most
// size lemmas each from the installed Hunspell dictionaries (Debian's
// hunspell-ru and hunspell-en-us); lexicon.ErrNoDictionary when missing.
func ReadDictionaries(size int, rng *rand.Rand) (ru, en *Vocabulary, err error) {
	var v [2]*Vocabulary
	for i, lang := range []string{"ru_RU", "en_US"} {
		lx, err := lexicon.Open(lang)
		if err != nil {
			return nil, nil, err
		}
		v[i] = newVocabulary(lang, lx, size, rng)
	}
	return v[0], v[1], nil
}

// newVocabulary ranks size lemmas of a dictionary in an order drawn from
// rng, and keeps its names.
func newVocabulary(lang string, lx *lexicon.Lexicon, size int, rng *rand.Rand) *Vocabulary {
	var words []string
	v := &Vocabulary{}
	lx.Stems(func(stem string) bool {
		switch first, _ := utf8.DecodeRuneInString(stem); {
		case !lettersOnly(stem):
		case unicode.IsUpper(first):
			if utf8.RuneCountInString(stem) > 2 && strings.ToUpper(stem) != stem {
				v.Names = append(v.Names, stem)
			}
		default:
			words = append(words, stem)
		}
		return true
	})
	slices.Sort(words) // Stems come in no fixed order; the seed decides
	slices.Sort(v.Names)
	rng.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	rng.Shuffle(len(v.Names), func(i, j int) { v.Names[i], v.Names[j] = v.Names[j], v.Names[i] })
	seen := map[string]bool{}
	for _, w := range functionWords[lang] {
		seen[w] = true
		v.Lemmas = append(v.Lemmas, Lemma{Forms: []string{w}})
	}
	for _, w := range words {
		if len(v.Lemmas) >= size {
			break
		}
		if seen[w] {
			continue
		}
		var forms []string
		for _, f := range lx.Forms(w) {
			if lettersOnly(f) {
				forms = append(forms, f)
			}
		}
		if len(forms) > 0 {
			v.Lemmas = append(v.Lemmas, Lemma{Forms: forms})
		}
	}
	return v
}

// lettersOnly reports whether s is letters only: no digits, hyphens,
// apostrophes or abbreviations with dots, which would make sentences the
// segmenter splits differently in each language.
func lettersOnly(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
