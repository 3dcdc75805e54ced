package align

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"sverka/segment"
)

// evidence is what one sentence offers to the lexical part of the cost: its length and the
// tokens that survive translation and OCR noise.
type evidence struct {
	length int        // code points, spaces included
	nums   []numeral  // numbers, number words and month names
	names  []int32    // ids of proper names and Latin-script words, see lexicon
	end    byte       // final punctuation: '?', ':', ';', '!' or 0
	point  int        // number of a numbered point "3)" opening the sentence, or 0
	words  []dictWord // translations of the words the dictionary knows, see weigh
	known  int        // how many words the dictionary knows
	stems  []stemRef  // every word by its stem, for learn
	// missed[d-1] is the cost of not finding any of words in the d sentences on the other
	// side of a link; found[d-1][k] is what finding word k changes in it (negative).
	missed [2]float64
	found  [2][]float64
}

// dictWord is a word of a sentence that the dictionary knows, by its index k among them
// and the ids of English stems: for an English word its own, for a Russian word those it
// may translate that the English text has (shared with the other occurrences of the word).
// Pairs learnt for the word's stem come as another entry of the same k. An English word
// whose id an earlier word of its sentence has is a repeat: it counts when words are
// weighed but never meets, so that a repeated word finds a translation once.
type dictWord struct {
	ids    []int32
	k      uint8
	repeat bool
	token  int32 // wordInfo.token, or -1 for a pair learnt
}

// numeral is a number-like token. Weak ones (number words, month names) count when they
// match but are not missed when they do not: "one" is often a pronoun, "May" a verb.
type numeral struct {
	id   int32
	weak bool
}

// lexicon interns the tokens of both sides so the cost function compares small integers.
// Names are kept per side: Russian names as folded transliterations (full and stemmed),
// English ones folded; whether two match is decided once and cached.
type lexicon struct {
	dict    *Dictionary
	tokens  [2]map[string]*token // per side, see token
	buf     arena                // the sentences' lists
	stems   [2]map[string]int32  // per side, stem -> id
	stemOf  [2][]string          // per side, id -> stem
	present []bool               // per English id: whether the English text has it
	// wordTokens counts the tokens of each side that have letters (see wordInfo).
	wordTokens [2]int32
	nums       map[string]int32
	ruNames    map[string]int32
	enNames    map[string]int32
	ruForms    [][2]string // id -> folded transliteration of the full word and of its stem
	enForms    []string
	similar    map[uint64]bool // by Russian id << 32 | English id
}

// sideOf is the index of a side in the lexicon's per-side arrays: 0 English, 1 Russian.
func sideOf(russian bool) int {
	if russian {
		return 1
	}
	return 0
}

func newLexicon(dict *Dictionary) *lexicon {
	return &lexicon{
		dict:    dict,
		tokens:  [2]map[string]*token{{}, {}},
		stems:   [2]map[string]int32{{}, {}},
		nums:    map[string]int32{},
		ruNames: map[string]int32{},
		enNames: map[string]int32{},
		similar: map[uint64]bool{},
	}
}

func (lx *lexicon) num(key string) int32 {
	id, ok := lx.nums[key]
	if !ok {
		id = int32(len(lx.nums))
		lx.nums[key] = id
	}
	return id
}

// ruName interns a Russian (or Latin-script) word found in the Russian text.
func (lx *lexicon) ruName(word string) int32 {
	key := strings.ToLower(word)
	id, ok := lx.ruNames[key]
	if !ok {
		id = int32(len(lx.ruForms))
		lx.ruNames[key] = id
		lx.ruForms = append(lx.ruForms, [2]string{transliterate(key), transliterate(stemRussian(key))})
	}
	return id
}

// enName interns an English name.
func (lx *lexicon) enName(word string) int32 {
	key := foldLatin(word)
	id, ok := lx.enNames[key]
	if !ok {
		id = int32(len(lx.enForms))
		lx.enNames[key] = id
		lx.enForms = append(lx.enForms, key)
	}
	return id
}

// match reports whether Russian name ru and English name en are the same name.
func (lx *lexicon) match(ru, en int32) bool {
	k := uint64(ru)<<32 | uint64(en)
	if v, ok := lx.similar[k]; ok {
		return v
	}
	f, e := lx.ruForms[ru], lx.enForms[en]
	v := similarName(f[0], e) || similarName(f[1], e)
	lx.similar[k] = v
	return v
}

// ruNumberWords and enNumberWords map number words (Russian by stem, all case forms) to
// digits, so "пяти-шести" meets "five-six" and "5-6".
var ruNumberWords = []struct {
	stem string
	n    int
}{
	{"одн", 1}, {"один", 1}, {"дв", 2}, {"тр", 3}, {"четыр", 4}, {"пят", 5}, {"шест", 6},
	{"сем", 7}, {"восем", 8}, {"восьм", 8}, {"девят", 9}, {"десят", 10},
}

var enNumberWords = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10,
}

// ruNumberEndings are the case endings of the cardinals 1-10 after their stems.
var ruNumberEndings = map[string]bool{
	"": true, "а": true, "е": true, "и": true, "у": true, "ю": true, "ью": true,
	"ух": true, "ум": true, "умя": true, "ех": true, "ём": true, "ем": true, "емя": true,
	"ьмя": true, "ого": true, "ой": true, "ому": true, "им": true, "ом": true, "ь": true,
	"ёх": true,
}

// ruNumberWord recognises a Russian cardinal 1-10 in any case form: the stem must be
// followed by at most three letters of ending (пяти, пятью, but not пятно or тротуар).
func ruNumberWord(w string) (int, bool) {
	for _, nw := range ruNumberWords {
		if strings.HasPrefix(w, nw.stem) && ruNumberEndings[w[len(nw.stem):]] {
			// "тр", "дв" and "сем" are short stems: accept only their true forms.
			switch nw.stem {
			case "тр":
				if w != "три" && w != "трех" && w != "трём" && w != "трем" && w != "тремя" && w != "трёх" {
					continue
				}
			case "дв":
				if w != "два" && w != "две" && w != "двух" && w != "двум" && w != "двумя" {
					continue
				}
			case "сем":
				if w != "семь" && w != "семи" && w != "семью" {
					continue
				}
			}
			return nw.n, true
		}
	}
	return 0, false
}

// ruMonths and enMonths give the month number of month names (Russian by stem).
var ruMonths = []string{"январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август",
	"сентябр", "октябр", "ноябр", "декабр"}

var enMonths = []string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

func ruMonth(w string) (int, bool) {
	if w == "май" || w == "мая" || w == "мае" {
		return 5, true
	}
	for i, m := range ruMonths {
		if i == 4 {
			continue
		}
		if strings.HasPrefix(w, m) && utf8.RuneCountInString(w)-utf8.RuneCountInString(m) <= 2 {
			return i + 1, true
		}
	}
	return 0, false
}

// extract computes the evidence of one sentence. russian selects the side: it decides how
// names are read and which number and month words are known.
func (lx *lexicon) extract(text string, russian bool) evidence {
	ev := evidence{length: utf8.RuneCountInString(text)}
	t := strings.TrimSpace(text)
	if t != "" {
		last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(t, "\"'»”)]"))
		switch last {
		case '?', ':', ';', '!':
			ev.end = byte(last)
		}
	}
	first, opening := true, true
	lx.buf.begin()
	for raw := range strings.FieldsFuncSeq(t, segment.IsSpace) {
		if opening {
			opening = false
			if p, ok := pointNumber(raw); ok {
				ev.point = p
				continue
			}
		}
		t := lx.token(raw, russian)
		if t.letters && ev.known < maxWords {
			lx.addWord(&ev, t.word, russian)
		}
		if t.skip {
			continue
		}
		lx.buf.addNums(t.nums...)
		if t.name >= 0 && (t.always || !first) {
			lx.buf.addName(t.name)
		}
		first = false
	}
	ev.nums, ev.names, ev.words, ev.stems = lx.buf.sentence()
	return ev
}

func numberWord(w string, russian bool) (int, bool) {
	if russian {
		return ruNumberWord(w)
	}
	n, ok := enNumberWords[w]
	return n, ok
}

// month recognises month names; English ones only capitalised, since "may" and "march"
// are common words.
func month(w, lower string, russian bool) (int, bool) {
	if russian {
		return ruMonth(lower)
	}
	if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
		return 0, false
	}
	for i, m := range enMonths {
		if lower == m {
			return i + 1, true
		}
	}
	return 0, false
}

// isName decides whether a word is a candidate proper name: a word in capitals, or a
// capitalised word that does not open the sentence. In Russian text any Latin-script word
// of two letters or more also counts, since it is likely to recur verbatim in English.
func isName(w string, first, russian bool) bool {
	letters, upper, latin := 0, 0, 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
			if r < utf8.RuneSelf {
				latin++
			}
		}
	}
	if letters < 2 {
		return false
	}
	if russian && latin == letters {
		return true
	}
	if upper == letters {
		return true
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && !first
}

// pointNumber recognises the label of a numbered point: "1)", "2.", "12)".
func pointNumber(w string) (int, bool) {
	var digits string
	switch {
	case strings.HasSuffix(w, ")"):
		digits = strings.TrimSuffix(w, ")")
	case strings.HasSuffix(w, "."):
		digits = strings.TrimSuffix(w, ".")
	default:
		return 0, false
	}
	if digits == "" || len(digits) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// digitRuns returns the maximal runs of ASCII digits in w without leading zeros: "38-ю"
// gives 38, "5-6" gives 5 and 6, "38th" gives 38.
func digitRuns(w string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(w); i++ {
		if i < len(w) && w[i] >= '0' && w[i] <= '9' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			d := strings.TrimLeft(w[start:i], "0")
			if d == "" {
				d = "0"
			}
			out = append(out, d)
			start = -1
		}
	}
	return out
}
