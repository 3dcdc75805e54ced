package ingest

import (
	"slices"
	"sync"

	"sverka/align"
)

// learned is the dictionary the importer and the alignment editor align with: the
// Debian dictionaries plus the pairs learnt from the corpus's confirmed links, as last
// given to UseLearned.
var learned struct {
	mu    sync.Mutex
	pairs [][2]string
	dict  *align.Dictionary
}

// UseLearned makes pairs of stems, Russian then English (store LearnedPairs: the
// dictionary learnt from the corpus's confirmed links), part of the dictionary of every
// alignment from now on, in addition to the Debian dictionaries.
func UseLearned(pairs [][2]string) {
	learned.mu.Lock()
	defer learned.mu.Unlock()
	if learned.dict != nil && slices.Equal(pairs, learned.pairs) {
		return
	}
	// Without the Debian dictionaries the aligner does without them; main says so.
	debian, _ := align.Debian()
	learned.pairs, learned.dict = pairs, debian.With(pairs)
}

// dictionary returns the dictionary alignments use: the Debian dictionaries and the
// corpus's learned pairs.
func dictionary() *align.Dictionary {
	learned.mu.Lock()
	defer learned.mu.Unlock()
	if learned.dict != nil {
		return learned.dict
	}
	debian, _ := align.Debian()
	return debian
}
