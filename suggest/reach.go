package suggest

import (
	"unicode/utf8"

	"sverka/lexicon"
)

// The speller skips edits that cannot make a reading: a word with a
// misread letter at k is right up to k and from k+1 on, so an edit must
// stand where the longest right beginning ends (reach) and the longest right
// ending starts (back) meet. The lexicon's filters of beginnings and
// endings (and the counts', for the words they add) answer with one memory
// read each and never turn away a beginning or ending a word has.

// reach returns the end (in bytes) of the longest beginning of the
// lower-case s that may begin a reading: as a whole (кое-где, абу-ль-фарадж)
// or from its last space or hyphen on, as a word of the lexicon or of the
// counts. No edit after it can make s right.
func (sp *speller) reach(s string) int {
	whole, part := lexicon.HashOf("", "", ""), lexicon.HashOf("", "", "")
	wholeAlive := true
	for k := 0; k < len(s); {
		_, size := utf8.DecodeRuneInString(s[k:])
		if wholeAlive {
			whole = lexicon.ExtendHash(whole, s[k:k+size])
			wholeAlive = sp.mayBegin(whole)
		}
		if s[k] == ' ' || s[k] == '-' {
			part = lexicon.HashOf("", "", "")
		} else {
			part = lexicon.ExtendHash(part, s[k:k+size])
			if !wholeAlive && !sp.mayBegin(part) {
				return k
			}
		}
		k += size
	}
	return len(s)
}

// back returns the start (in bytes) of the longest ending of the
// lower-case s that may end a reading, as a whole or up to its first space
// or hyphen: no edit that leaves s before it can make s right.
func (sp *speller) back(s string) int {
	whole, part := lexicon.HashBack(""), lexicon.HashBack("")
	wholeAlive := true
	for k := len(s); k > 0; {
		_, size := utf8.DecodeLastRuneInString(s[:k])
		if wholeAlive {
			whole = lexicon.ExtendHashBack(whole, s[k-size:k])
			wholeAlive = sp.mayEnd(whole)
		}
		if s[k-1] == ' ' || s[k-1] == '-' {
			part = lexicon.HashBack("")
		} else {
			part = lexicon.ExtendHashBack(part, s[k-size:k])
			if !wholeAlive && !sp.mayEnd(part) {
				return k
			}
		}
		k -= size
	}
	return 0
}

func (sp *speller) mayBegin(h uint64) bool {
	return sp.vocab.edges.MayBegin(h) || sp.c.lex != nil && sp.c.lex.MayBegin(h)
}

func (sp *speller) mayEnd(h uint64) bool {
	return sp.vocab.edges.MayEnd(h) || sp.c.lex != nil && sp.c.lex.MayEnd(h)
}
