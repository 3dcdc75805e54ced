package align

// arena holds the evidence lists of all the sentences of a text pair back to back, so
// that a sentence's lists are slices of a few large arrays rather than many small ones.
type arena struct {
	nums  []numeral
	names []int32
	words []dictWord
	stems []stemRef
}

// arenaMark is where the lists of a sentence start.
type arenaMark [4]int

func (a *arena) mark() arenaMark {
	return arenaMark{len(a.nums), len(a.names), len(a.words), len(a.stems)}
}

// since returns the lists added since m, each capped so that appending to it copies.
func (a *arena) since(m arenaMark) ([]numeral, []int32, []dictWord, []stemRef) {
	return tail(a.nums, m[0]), tail(a.names, m[1]), tail(a.words, m[2]), tail(a.stems, m[3])
}

func tail[T any](s []T, from int) []T {
	if from == len(s) {
		return nil
	}
	return s[from:len(s):len(s)]
}
