// Package suggest finds probable OCR errors in a Russian text and ranks
// readings for each, with one noisy-channel model: a reading r of an OCR
// form o scores log P(r) + log P(o | r), where P(r) comes from the lexicon
// (hunspell-ru), word frequencies (Counts) and the words around it, and
// P(o | r) from a confusion model of typewriter OCR that learns from the
// corrections scholars accept (Channel). The aligned English sentence and a
// second OCR reading, where there is one, add evidence. A token is flagged
// when a reading other than the OCR's is more probable than the OCR's own.
// Suggestions never change a text: they are offered for a scholar to accept.
package suggest

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"sverka/lexicon"
)

// Reading is a suggested reading of a flagged span and the model's
// probability that it is the right one.
type Reading struct {
	Text       string  `json:"text"`
	Confidence float64 `json:"confidence"`
}

// Flag is a span of a checked text that is probably an OCR error.
type Flag struct {
	Start, End int       // code points of the text checked, [Start, End)
	Form       string    // the span as the text has it
	Readings   []Reading // best first; the OCR form itself is never one
	// Keep is the model's probability that the OCR form is right.
	Keep float64
	// Second is what a second OCR reading of the span read, if there was one.
	Second string
}

// Unit is a piece of text checked on its own (a paragraph or a sentence),
// with what else is known of it.
type Unit struct {
	Text string
	// English is the aligned translation, if any: names and numbers that
	// must appear in the Russian.
	English string
	// Second, if set, gives a second OCR reading (Tesseract on the scan) of
	// the code points [start, end) of Text, if there is one.
	Second func(start, end int) (string, bool)
}

// Checker flags OCR errors. It remembers what it has worked out for each
// word and each unit, so checking a document again after one edit only
// works on what changed. It is safe for concurrent use.
type Checker struct {
	lex     *lexicon.Lexicon // nil: no lexicon installed, frequencies only
	counts  *Counts
	channel *Channel

	words      *memo[wordKey, []candidate]
	units      *memo[unitKey, checked]
	forms      *memo[formKey, form]
	stems      *memo[formKey, []string]     // forms of a stem (stemForms)
	stemmed    *memo[string, string]        // stems of words (stemOf)
	shares     *memo[formKey, stemShare]    // stems of forms and their shares (stemShareOf)
	spelt      *memo[string, []stemRunes]   // Russian stems of English stems (speltStems)
	variants   *memo[string, []nameVariant] // readings of capitalised words (nameVariants)
	englishes  *memo[string, english]       // what English texts say (englishOf)
	keys       *memo[string, nameKeys]      // of lower-case words (nameOf)
	names      *memo[string, name]          // of English words (englishName)
	classes    *memo[formKey, classStats]   // of words in the counts' context model (classOf)
	beginnings *memo[string, []int32]       // English stems of words' beginnings (beginningStems)
	reaches    *memo[formKey, reached]      // of lower-case words, from the start (reachOf)

	mu           sync.Mutex
	vocab        *vocabulary // forms seen minSeen times
	vocabVersion uint64

	scans atomic.Int64  // units checked (not only scored again)
	ids   atomic.Uint64 // the last checked.id given
	votes documents     // the votes of the documents checked last
	voted atomic.Int64  // units voted on by their documents (see documents)
}

type wordKey struct {
	w     string
	shape caseShape
	known bool
}

// checked is what the checker worked out for a unit: the hypotheses that
// may be flagged, and the flags without a second reading, with the
// channel's version and total they were scored with and the edits whose
// costs they took (used), so that after the channel learns they can be
// scored again without checking the unit again.
type checked struct {
	id       uint64 // tells it from every other the checker worked out
	doubtful []hypothesis
	votes    []hypVote // of each doubtful hypothesis
	words    []string  // counting keys of the unit's Russian words (see document)
	flags    []Flag
	version  uint64
	total    float64
	used     []Edit
}

type unitKey struct {
	text, english string
	counts        uint64
}

// New returns a checker. lex may be nil when no Russian lexicon is
// installed: words are then known by their frequency alone.
func New(lex *lexicon.Lexicon, counts *Counts, channel *Channel, opts ...Option) *Checker {
	set := settings{memoBytes: DefaultMemoBytes}
	for _, o := range opts {
		o(&set)
	}
	// b is share thousandths of the budget. The units' memo takes 60%: a
	// check after an edit finds each unit there or checks it again (a
	// 2,000-sentence document's units take 8.1 MB of memo; in generations
	// of 3 MB its check after an edit took 0.9-1.0 s of CPU, as much as the
	// first, against 15-30 ms in ones of 10 MB). The other memos share the
	// rest by what the first check of such a document (gen-00000, 01384,
	// 02284, 08024) needs of each (34.7 MB in all, 14.5 of it the names'
	// variants): a first check finds what its sentences share in
	// generations of a third of that as fast as in ones that hold it all
	// (0.9-1.0 s of CPU at a budget of 16 MB as at 1 GB). The votes kept
	// hold no more checks than a generation of units (see documents).
	b := func(share int) int { return set.memoBytes / 1000 * share }
	return &Checker{lex: lex, counts: counts, channel: channel, units: newMemo(b(600), unitBytes), votes: documents{budget: b(300)},
		words: newMemo(b(24), wordBytes), forms: newMemo(b(20), formBytes), stems: newMemo(b(1), stemFormsBytes),
		stemmed: newMemo(b(10), stemBytes), shares: newMemo(b(5), shareBytes), spelt: newMemo(b(2), speltBytes),
		variants: newMemo(b(164), variantsBytes), englishes: newMemo(b(40), englishBytes), keys: newMemo(b(27), keysBytes),
		names: newMemo(b(16), nameBytes), classes: newMemo(b(36), classBytes), beginnings: newMemo(b(43), beginningBytes),
		reaches: newMemo(b(12), reachBytes)}
}

// Channel returns the checker's confusion model, to learn from.
func (c *Checker) Channel() *Channel { return c.channel }

// Counts returns the checker's word frequencies, to add the corpus to.
func (c *Checker) Counts() *Counts { return c.counts }

// HasLexicon reports whether the checker has a lexicon.
func (c *Checker) HasLexicon() bool { return c.lex != nil }

// Check returns the flags of one unit, in text order. What it worked out
// before asking for a second reading is remembered, so a unit checked
// again costs a few lookups, with or without a scan.
func (c *Checker) Check(u Unit) []Flag {
	r := c.checked(u)
	if u.Second == nil {
		return r.flags
	}
	flags, _ := flagsOf(u, r, nil)
	return flags
}

// checked returns what the checker works out for a unit (remembered).
func (c *Checker) checked(u Unit) checked {
	k := unitKey{u.Text, u.English, c.counts.Version()}
	version, total := c.channel.state()
	r, ok := c.units.get(k)
	if ok && r.version != version {
		r, ok = c.rescore(r, u.Text, version, total)
		if ok {
			c.units.put(k, r)
		}
	}
	if !ok {
		r.doubtful, r.words, r.used = c.doubtful(u)
		r.votes = votesOf(r.doubtful)
		r.flags = chooseFlags(u.Text, r.doubtful)
		r.version, r.total = version, total
		r.id = c.ids.Add(1)
		c.scans.Add(1)
		c.units.put(k, r)
	}
	return r
}

// CheckAll checks the units of a document on every core and returns their
// flags, in the order of units: each unit alone, then what the document's
// words say of each unit's doubtful spans (see document). The vote is
// remembered, so that checking a document again after an edit votes again
// only where the edit changed what the document says (see documents). It
// stops early, with what it has, when ctx ends.
func (c *Checker) CheckAll(ctx context.Context, units []Unit) [][]Flag {
	rs := make([]checked, len(units))
	onEveryCore(ctx, len(units), func(i int) { rs[i] = c.checked(units[i]) })
	if ctx.Err() != nil {
		return c.newVote(ctx, units, rs).flags
	}
	v := c.votes.take(rs)
	if v == nil || !c.revote(ctx, v, units, rs) {
		v = c.newVote(ctx, units, rs)
	}
	out := slices.Clone(v.flags)
	if ctx.Err() == nil {
		c.votes.keep(v)
	}
	return out
}

// onEveryCore calls fn for 0 to n-1 on every core, until ctx ends. Each
// worker, the calling goroutine one of them, takes the next number itself:
// no goroutine that hands them out wants a core beside the workers.
func onEveryCore(ctx context.Context, n int, fn func(i int)) {
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1)) - 1
			if i >= n || ctx.Err() != nil {
				return
			}
			fn(i)
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
}

// flagMargin is how much more probable (log) than the OCR form a reading
// must be to be offered.
const flagMargin = 0.0

// doubtfulMargin is the least gain of a hypothesis that may be flagged:
// one that a second reading and the document agreeing with its best
// reading would flag.
const doubtfulMargin = flagMargin - secondAgree - docMost

// doubtful returns the hypotheses of a unit that may be flagged, the
// counting keys of its Russian words, and the edits whose costs the unit's
// scores took.
func (c *Checker) doubtful(u Unit) ([]hypothesis, []string, []Edit) {
	runes := []rune(u.Text)
	en := c.englishOf(u.English)
	s := &scan{c: c, runes: runes, toks: tokenize(runes), english: en.names, numbers: en.numbers, trans: en.trans, englishText: u.English}
	var hyps []hypothesis
	var words []string
	for i, t := range s.toks {
		if t.kind == wordToken && isCyrillic(t.text) {
			words = append(words, key(t.text))
		}
		for _, h := range s.hypotheses(i) {
			if h.gain() > doubtfulMargin {
				h.form = string(runes[h.start:h.end])
				h.keys = wordKeys(h)
				hyps = append(hyps, h)
			}
		}
	}
	return hyps, words, s.used
}

// rescore scores what was worked out for a unit again after the channel
// learned, if none of the edits it learned is one the unit's scores took:
// then each edit costs what it cost plus the log of how much the learned
// total grew, and each reading loses that for each of its edits. A
// hypothesis that was not doubtful then is not now. It reports false when
// the unit must be checked again.
func (c *Checker) rescore(r checked, text string, version uint64, total float64) (checked, bool) {
	changed, ok := c.channel.changedSince(r.version)
	if !ok || total < r.total || slices.ContainsFunc(r.used, func(e Edit) bool { return changed[e] }) {
		return checked{}, false
	}
	grow := c.channel.totalCost(total) - c.channel.totalCost(r.total)
	var hyps []hypothesis
	for _, h := range r.doubtful {
		h.readings = slices.Clone(h.readings)
		for i := range h.readings {
			h.readings[i].score -= grow * float64(h.readings[i].edits)
		}
		if h.gain() > doubtfulMargin {
			hyps = append(hyps, h)
		}
	}
	return checked{id: c.ids.Add(1), doubtful: hyps, votes: votesOf(hyps), words: r.words, flags: chooseFlags(text, hyps), version: version, total: total, used: r.used}, true
}

// flagsOf returns the flags of a unit of a document (doc, if not nil),
// what its check worked out (r), after the document's other words and a
// second reading of each span that may yet be flagged, if there is one,
// have voted, and whether either said anything.
func flagsOf(u Unit, r checked, doc *document) ([]Flag, bool) {
	hyps := r.doubtful
	voted := false
	for j := range r.doubtful {
		if doc == nil && u.Second == nil {
			break
		}
		h, ok := doc.vote(r.doubtful[j], r.votes[j])
		if u.Second != nil && h.gain() > flagMargin-secondAgree {
			if !ok {
				h.readings = slices.Clone(h.readings)
			}
			h.second(u.Second)
			ok = true
		}
		if ok {
			if !voted {
				hyps, voted = slices.Clone(r.doubtful), true
			}
			hyps[j] = h
		}
	}
	if !voted {
		return r.flags, false
	}
	return chooseFlags(u.Text, hyps), true
}

// chooseFlags chooses the flags of a text among its doubtful hypotheses.
func chooseFlags(text string, hyps []hypothesis) []Flag {
	if len(hyps) == 0 {
		return nil
	}
	hyps = slices.Clone(hyps)
	// Best first; a span overlapping a better one is dropped.
	slices.SortStableFunc(hyps, func(a, b hypothesis) int { return cmpFloat(b.gain(), a.gain()) })
	var flags []Flag
	for _, h := range hyps {
		if h.gain() <= flagMargin || overlaps(flags, h.start, h.end) {
			continue
		}
		flags = append(flags, h.flag())
	}
	slices.SortFunc(flags, func(a, b Flag) int { return a.Start - b.Start })
	return flags
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func overlaps(flags []Flag, start, end int) bool {
	for _, f := range flags {
		if start < f.End && f.Start < end {
			return true
		}
	}
	return false
}

// wordCandidates returns the readings of a word (memoised): any within two
// edits for a word the lexicon lacks, only one likely confusion away for a
// word it knows (a real-word error such as Баш for Ваш).
func (c *Checker) wordCandidates(lw string, shape caseShape, known bool) []candidate {
	k := wordKey{lw, shape, known}
	cands, ok := c.words.get(k)
	if ok {
		return cands
	}
	if known {
		sp := c.newSpeller(shape)
		shaped, title := sp.shapes(lw)
		sp.walk(&sp.word, lw, nil, 0)
		oneEdit(lw, 0, len(lw), 0, true, false, func(i, j int, want string, e Edit) {
			if priorWeight(e) >= realWordWeight {
				sp.try(lw, shaped, title, i, j, want, []Edit{e})
			}
		})
		cands = sp.readings(lw)
	} else {
		cands = c.candidates(lw, shape)
	}
	c.words.put(k, cands)
	return cands
}

// realWordWeight is the least prior weight of the one edit that may turn a
// known word into another: only confusions OCR makes often.
const realWordWeight = 0.5

// valid reports whether a lower-case reading is written Russian: each word
// (split at spaces) known to the lexicon in the given shape, or each part of
// a hyphenated word, or often seen in the counts.
func (c *Checker) valid(s string, shape caseShape) bool {
	if !strings.Contains(s, " ") {
		return c.validWord(s, shape)
	}
	for i, part := range strings.Split(s, " ") {
		if part == "" {
			return false
		}
		sh := shape
		if i > 0 && shape != upperCase {
			sh = lowerCase
		}
		if !c.validWord(part, sh) {
			return false
		}
	}
	return true
}

func (c *Checker) validWord(w string, shape caseShape) bool {
	if strings.Contains(w, "ё") {
		return c.known(withShape(w, shape)) // the counts read ё as е
	}
	if c.known(withShape(w, shape)) || c.counts.seenKey(w, minSeen) {
		return true
	}
	if !strings.Contains(w, "-") {
		return false
	}
	parts := strings.Split(w, "-")
	if len(parts) != 2 || !(containsString(particles, parts[1]) || containsString(hyphenPrefixes, parts[0]) || len([]rune(parts[0])) >= 3 && len([]rune(parts[1])) >= 3) {
		return false // a compound of two short words is not taken on trust
	}
	for i, p := range parts {
		sh := shape
		if i > 0 && shape != upperCase {
			sh = lowerCase
		}
		if p == "" || !(c.known(withShape(p, sh)) || c.counts.seenKey(p, minSeen)) {
			return false
		}
	}
	return true
}

// hyphenPrefixes are written before a hyphen (по-моему, кое-что).
var hyphenPrefixes = []string{"по", "кое", "во", "из", "из-за"}

// minSeen is how often a form the lexicon lacks must have been seen in the
// counts to be taken as a word.
const minSeen = 5

func (c *Checker) known(w string) bool {
	return c.lex != nil && c.lex.Known(w)
}
