package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"sverka"
	"sverka/internal/storetest"
	"sverka/store"
)

// wordDocument makes a document of n sentence pairs of made-up words, one
// link each; r picks the words and the sentence lengths.
func wordDocument(id string, n int, r *rand.Rand) *sverka.Document {
	d := &sverka.Document{ID: id, Title: "Document " + id, Public: true, SourceFormat: "plain"}
	texts := []sverka.BaseText{{Lang: "ru", Role: "original"}, {Lang: "en", Role: "translation"}}
	for i := range n {
		for j := range texts {
			t := &texts[j]
			if i > 0 {
				t.Text += " "
			}
			start := len([]rune(t.Text))
			var words []string
			for w := range 2 + r.IntN(5) {
				words = append(words, fmt.Sprintf("%s%d-%d", []string{"слово", "word"}[j], i+1, w+1))
			}
			t.Text += strings.Join(words, " ") + "."
			t.Segments = append(t.Segments, sverka.Segment{Start: start, End: len([]rune(t.Text))})
		}
		d.Links = append(d.Links, sverka.Link{Status: "auto", Segments: map[string][]int{"ru": {i}, "en": {i}}})
	}
	d.Texts = texts
	d.RawSource = texts[0].Text + "\n\n" + texts[1].Text
	return d
}

// pairRest is a realigner that pairs the sentences left one to one, the
// longer side's rest alone.
func pairRest(d *sverka.Document, from map[string]int) []sverka.Link {
	ru, en := from["ru"], from["en"]
	var out []sverka.Link
	for ru < len(d.Text("ru").Segments) || en < len(d.Text("en").Segments) {
		l := sverka.Link{Confidence: 0.5, Segments: map[string][]int{"ru": {}, "en": {}}}
		if ru < len(d.Text("ru").Segments) {
			l.Segments["ru"] = []int{ru}
			ru++
		}
		if en < len(d.Text("en").Segments) {
			l.Segments["en"] = []int{en}
			en++
		}
		out = append(out, l)
	}
	return out
}

// refModel remembers every range of words each ref was seen to hold.
type refModel map[int]map[heldRange]bool

type heldRange struct {
	lang       string
	start, end int
}

// observe records what each link of d holds under its ref.
func (m refModel) observe(d *sverka.Document) {
	for _, l := range d.Links {
		for _, t := range d.Texts {
			for _, k := range l.Segments[t.Lang] {
				s := t.Segments[k]
				if m[l.Ref] == nil {
					m[l.Ref] = map[heldRange]bool{}
				}
				m[l.Ref][heldRange{t.Lang, s.Start, s.End}] = true
			}
		}
	}
}

// check compares the store's answer for every ref ever seen with the
// model: the ref resolves; the row answering is the link carrying it, if
// one does; the rows First..Last hold every word the ref ever held (but
// blanks between sentences) and the first and last of them hold some.
func (m refModel) check(d *sverka.Document, refs []sverka.LinkRef) error {
	live := map[int]int{}
	for _, l := range d.Links {
		if l.Ref < 1 {
			return fmt.Errorf("link at %d has no ref", l.Position)
		}
		if p, dup := live[l.Ref]; dup {
			return fmt.Errorf("links %d and %d both carry ref %d", p, l.Position, l.Ref)
		}
		live[l.Ref] = l.Position
	}
	texts := map[string][]rune{}
	for _, tx := range d.Texts {
		texts[tx.Lang] = []rune(tx.Text)
	}
	got := map[int]sverka.RefTarget{}
	for _, t := range d.ResolveRefs(refs) {
		got[t.Ref] = t
	}
	for ref, held := range m {
		t, ok := got[ref]
		if !ok {
			return fmt.Errorf("ref %d no longer resolves", ref)
		}
		if p, isLive := live[ref]; isLive && t.Position != p {
			return fmt.Errorf("ref %d answered by the row at %d, but the link at %d carries it", ref, t.Position, p)
		} else if !isLive && t.Position != t.First {
			return fmt.Errorf("ref %d (merged away) answered by the row at %d, not the first of %d–%d", ref, t.Position, t.First, t.Last)
		}
		covered := map[string][]bool{}
		touches := map[int]bool{}
		for _, tx := range d.Texts {
			covered[tx.Lang] = make([]bool, len(texts[tx.Lang]))
		}
		for _, l := range d.Links[t.First-1 : t.Last] {
			for _, tx := range d.Texts {
				for _, k := range l.Segments[tx.Lang] {
					s := tx.Segments[k]
					for c := s.Start; c < s.End; c++ {
						covered[tx.Lang][c] = true
					}
					for h := range held {
						if h.lang == tx.Lang && h.start < s.End && s.Start < h.end {
							touches[l.Position] = true
						}
					}
				}
			}
		}
		for h := range held {
			text := texts[h.lang]
			for c := h.start; c < h.end; c++ {
				if !covered[h.lang][c] && !unicode.IsSpace(text[c]) {
					return fmt.Errorf("ref %d held %s %d–%d, but %q at %d is outside its rows %d–%d", ref, h.lang, h.start, h.end, text[c], c, t.First, t.Last)
				}
			}
		}
		if !touches[t.First] || !touches[t.Last] {
			return fmt.Errorf("ref %d resolves to rows %d–%d, but row %d or %d holds none of its words", ref, t.First, t.Last, t.First, t.Last)
		}
	}
	return nil
}

// refStep is one alignment edit of the model test, kept as data so that a
// failing sequence can be replayed without some of its steps.
type refStep struct {
	op      string
	pos, to int
	lang    string
	counts  map[string]int
	seg, at int
	up      bool
	refused bool
}

func (s refStep) String() string {
	var b strings.Builder
	switch s.op {
	case store.OpMerge:
		fmt.Fprintf(&b, "merge %d", s.pos)
	case store.OpSplit:
		fmt.Fprintf(&b, "split %d %v", s.pos, s.counts)
	case store.OpMoveUp, store.OpMoveDown:
		fmt.Fprintf(&b, "%s %d %s", s.op, s.pos, s.lang)
	case store.OpSplitSentence:
		fmt.Fprintf(&b, "split-sentence %s %d at %d", s.lang, s.seg, s.at)
	case store.OpJoinSentences:
		fmt.Fprintf(&b, "join-sentences %s %d", s.lang, s.seg)
	case store.OpConfirm:
		fmt.Fprintf(&b, "confirm %d–%d", s.pos, s.to)
	default:
		b.WriteString(s.op)
	}
	if s.refused {
		b.WriteString(" (refused)")
	}
	return b.String()
}

// randomStep picks a random alignment edit of d.
func randomStep(d *sverka.Document, r *rand.Rand) refStep {
	n := len(d.Links)
	s := refStep{pos: 1 + r.IntN(n), lang: []string{"ru", "en"}[r.IntN(2)]}
	switch k := r.IntN(16); {
	case k < 4:
		s.op = store.OpMerge
	case k < 7:
		l := d.Links[s.pos-1]
		s.op, s.counts = store.OpSplit, map[string]int{"ru": r.IntN(len(l.Segments["ru"]) + 1), "en": r.IntN(len(l.Segments["en"]) + 1)}
	case k < 10:
		s.op = store.OpMoveDown
		if r.IntN(2) == 0 {
			s.op = store.OpMoveUp
		}
	case k < 11:
		t := d.Text(s.lang)
		s.seg = r.IntN(len(t.Segments))
		sg := t.Segments[s.seg]
		s.op, s.at = store.OpSplitSentence, sg.Start+r.IntN(sg.End-sg.Start+1)
	case k < 12:
		s.op, s.seg = store.OpJoinSentences, r.IntN(len(d.Text(s.lang).Segments))
	case k < 13:
		s.op, s.to = store.OpConfirm, s.pos+r.IntN(n-s.pos+1)
	case k < 14:
		s.op = store.OpRealign
	default:
		s.op = store.OpUndo
	}
	return s
}

// apply makes the edit on d; an edit the store refuses as invalid (or an
// undo with nothing to undo, or of links changed since) is marked refused.
func (s *refStep) apply(ctx context.Context, db *store.DB, d *sverka.Document) error {
	e := store.AlignmentEdit{DocumentID: d.ID, Revision: d.Revision}
	var err error
	switch s.op {
	case store.OpMerge:
		_, err = db.MergeLinks(ctx, e, s.pos)
	case store.OpSplit:
		_, err = db.SplitLink(ctx, e, s.pos, s.counts)
	case store.OpMoveUp, store.OpMoveDown:
		_, err = db.MoveSentence(ctx, e, s.pos, s.lang, s.op == store.OpMoveUp)
	case store.OpSplitSentence:
		_, err = db.SplitSentence(ctx, e, s.lang, s.seg, s.at)
	case store.OpJoinSentences:
		_, err = db.JoinSentences(ctx, e, s.lang, s.seg)
	case store.OpConfirm:
		_, err = db.ConfirmLinks(ctx, e, s.pos, s.to)
	case store.OpRealign:
		_, err = db.RealignAfterConfirmed(ctx, e, pairRest)
	default:
		_, err = db.UndoAlignmentEdit(ctx, e)
	}
	var invalid *sverka.ValidationError
	s.refused = errors.As(err, &invalid) || errors.Is(err, sverka.ErrNotFound) || errors.Is(err, sverka.ErrConflict) && s.op == store.OpUndo
	if s.refused {
		return nil
	}
	return err
}

// refRun is one run of the model test: a new random document of seed,
// edited by the steps given, then (up to steps in all) by random ones.
type refRun struct {
	db    *store.DB
	seed  uint64
	steps int
	// runs counts the documents made, so that each replay has its own.
	runs int
}

// run makes the edits, checking every ref ever seen before and after
// each; it returns the steps made up to the first failure and the failure.
func (rr *refRun) run(given []refStep) ([]refStep, error) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(rr.seed, 12))
	rr.runs++
	d := wordDocument(fmt.Sprintf("model-%d-%d", rr.seed, rr.runs), 8+r.IntN(20), r)
	if err := rr.db.CreateDocument(ctx, d); err != nil {
		return nil, err
	}
	model := refModel{}
	var done []refStep
	for i := 0; ; i++ {
		d, err := rr.db.FindDocumentByID(ctx, d.ID)
		if err != nil {
			return done, err
		}
		refs, err := rr.db.FindLinkRefs(ctx, d.ID)
		if err != nil {
			return done, err
		}
		model.observe(d)
		if err := model.check(d, refs); err != nil {
			return done, err
		}
		if i >= rr.steps || given != nil && i >= len(given) {
			return done, nil
		}
		s := randomStep(d, r)
		if given != nil {
			s = given[i]
		}
		err = s.apply(ctx, rr.db, d)
		done = append(done, s)
		if err != nil {
			return done, err
		}
	}
}

// shrink drops every step it can from a failing sequence while the
// failure stays (steps longer than shrinkMax are left as they are).
func (rr *refRun) shrink(steps []refStep, failure error) ([]refStep, error) {
	const shrinkMax = 120
	if len(steps) > shrinkMax {
		return steps, failure
	}
	for i := len(steps) - 1; i >= 0; i-- {
		try := slices.Delete(slices.Clone(steps), i, i+1)
		if done, err := rr.run(try); err != nil {
			steps, failure = done, err
			i = min(i, len(steps))
		}
	}
	return steps, failure
}

// check runs the model test for seed, and on a failure fails t with the
// seed and the shortest sequence of steps found that fails.
func (rr *refRun) check(t testing.TB) {
	t.Helper()
	steps, err := rr.run(nil)
	if err == nil {
		return
	}
	steps, err = rr.shrink(steps, err)
	names := make([]string, len(steps))
	for i, s := range steps {
		names[i] = s.String()
	}
	t.Fatalf("seed %d fails after %d steps (%s): %v", rr.seed, len(steps), strings.Join(names, "; "), err)
}

// TestLinkRefsModel runs random sequences of alignment edits (merge,
// split, move, split and join sentences, confirm, re-align, undo) and
// checks after every step that every link ref ever seen still resolves to
// rows holding what it held. A failure names the seed and the shortest
// failing sequence of steps found.
func TestLinkRefsModel(t *testing.T) {
	db := storetest.Open(t)
	for seed := range uint64(4) {
		(&refRun{db: db, seed: seed, steps: 500}).check(t)
	}
}

// BenchmarkLinkRefsModel runs the model test longer: b.N seeds of 2,000
// steps each.
func BenchmarkLinkRefsModel(b *testing.B) {
	db := storetest.Open(b)
	for i := range b.N {
		(&refRun{db: db, seed: uint64(1000 + i), steps: 2000}).check(b)
	}
}

// TestLinkRefsMergeAndSplit: after merging links 3 and 4, #link-3 and
// #link-4 both open the merged row, and the links below keep their refs
// though their positions moved; a split keeps the ref on the first part and
// gives the second a new one, and the old ref still covers both; undo puts
// the refs back.
func TestLinkRefsMergeAndSplit(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d := wordDocument("refs", 8, rand.New(rand.NewPCG(1, 2)))
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	e := &editor{t: t, db: db, id: d.ID}
	resolve := func(ref int) sverka.RefTarget {
		t.Helper()
		got, err := db.ResolveLinkRef(ctx, d.ID, ref)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.MergeLinks(ctx, a, 3)
	})
	for _, ref := range []int{3, 4} {
		if got := resolve(ref); got.Link != 3 || got.Position != 3 || got.First != 3 || got.Last != 3 {
			t.Errorf("after merging 3 and 4, ref %d resolves to %+v, want the merged row 3", ref, got)
		}
	}
	if got := resolve(5); got.Position != 4 || !got.Live {
		t.Errorf("ref 5 resolves to %+v, want the link now at position 4", got)
	}
	e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.SplitLink(ctx, a, 3, map[string]int{"ru": 1, "en": 1})
	})
	after := e.doc()
	if after.Links[2].Ref != 3 || after.Links[3].Ref != 9 {
		t.Errorf("after the split, refs %d and %d, want 3 and a new one, 9", after.Links[2].Ref, after.Links[3].Ref)
	}
	if got := resolve(3); got.Position != 3 || got.First != 3 || got.Last != 4 || !got.Widened() {
		t.Errorf("after the split, ref 3 resolves to %+v, want row 3 with what it held in 3–4", got)
	}
	if got := resolve(4); got.Position != 4 || got.Live {
		t.Errorf("after the split, ref 4 resolves to %+v, want the second part, at 4", got)
	}
	e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.UndoAlignmentEdit(ctx, a)
	})
	e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.UndoAlignmentEdit(ctx, a)
	})
	for i, l := range e.doc().Links {
		if l.Ref != i+1 {
			t.Errorf("after undoing both edits, the link at %d has ref %d, want %d", i+1, l.Ref, i+1)
		}
	}
	if _, err := db.ResolveLinkRef(ctx, d.ID, 10); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("ref 10, never given: got %v, want ErrNotFound", err)
	}
}
