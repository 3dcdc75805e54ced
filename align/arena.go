package align

// arena holds the evidence lists of all the sentences of a text pair back to back, so
// that a sentence's lists are slices of a few large arrays rather than many small ones.
// The arrays are chunks of a fixed size: a full one is left to the sentences that
// point into it, and the lists of the sentence being read move on to a new one. A
// growing array would be copied at each doubling while the sentences kept every copy
// alive: twice the lists, and more, for a long text.
type arena struct {
	nums  []numeral
	names []int32
	words []dictWord
	stems []stemRef
	// from is where the lists of the sentence being read start.
	from [4]int
}

// chunk is how many elements an array of the arena holds, at least.
const chunk = 1 << 14

// begin starts the lists of a sentence.
func (a *arena) begin() {
	a.from = [4]int{len(a.nums), len(a.names), len(a.words), len(a.stems)}
}

// sentence returns the lists of the sentence begun, each capped so that appending to
// it copies.
func (a *arena) sentence() ([]numeral, []int32, []dictWord, []stemRef) {
	return tail(a.nums, a.from[0]), tail(a.names, a.from[1]), tail(a.words, a.from[2]), tail(a.stems, a.from[3])
}

// addNums, addName, addWord and addStem append to the lists of the sentence begun.
func (a *arena) addNums(ns ...numeral) {
	for _, n := range ns {
		push(&a.nums, &a.from[0], n)
	}
}

func (a *arena) addName(id int32)          { push(&a.names, &a.from[1], id) }
func (a *arena) addWord(w dictWord)        { push(&a.words, &a.from[2], w) }
func (a *arena) addStem(s stemRef)         { push(&a.stems, &a.from[3], s) }
func (a *arena) sentenceWords() []dictWord { return a.words[a.from[2]:] }

// push appends v to *s, moving the elements from *from on to a new chunk when *s is
// full.
func push[T any](s *[]T, from *int, v T) {
	if len(*s) == cap(*s) {
		open := (*s)[*from:]
		next := make([]T, len(open), max(chunk, 2*len(open)+1))
		copy(next, open)
		*s, *from = next, 0
	}
	*s = append(*s, v)
}

func tail[T any](s []T, from int) []T {
	if from == len(s) {
		return nil
	}
	return s[from:len(s):len(s)]
}
