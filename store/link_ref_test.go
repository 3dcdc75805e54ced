package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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

// randomEdit makes one random alignment edit of d and names it.
func randomEdit(ctx context.Context, db *store.DB, d *sverka.Document, r *rand.Rand) (string, error) {
	e := store.AlignmentEdit{DocumentID: d.ID, Revision: d.Revision}
	n := len(d.Links)
	pos := 1 + r.IntN(n)
	lang := []string{"ru", "en"}[r.IntN(2)]
	var err error
	var step string
	switch k := r.IntN(16); {
	case k < 4:
		step = fmt.Sprintf("merge %d", pos)
		_, err = db.MergeLinks(ctx, e, pos)
	case k < 7:
		l := d.Links[pos-1]
		counts := map[string]int{"ru": r.IntN(len(l.Segments["ru"]) + 1), "en": r.IntN(len(l.Segments["en"]) + 1)}
		step = fmt.Sprintf("split %d %v", pos, counts)
		_, err = db.SplitLink(ctx, e, pos, counts)
	case k < 10:
		up := r.IntN(2) == 0
		step = fmt.Sprintf("move %d %s up=%v", pos, lang, up)
		_, err = db.MoveSentence(ctx, e, pos, lang, up)
	case k < 11:
		t := d.Text(lang)
		seg := r.IntN(len(t.Segments))
		s := t.Segments[seg]
		at := s.Start + r.IntN(s.End-s.Start+1)
		step = fmt.Sprintf("split-sentence %s %d at %d", lang, seg, at)
		_, err = db.SplitSentence(ctx, e, lang, seg, at)
	case k < 12:
		seg := r.IntN(len(d.Text(lang).Segments))
		step = fmt.Sprintf("join-sentences %s %d", lang, seg)
		_, err = db.JoinSentences(ctx, e, lang, seg)
	case k < 13:
		to := pos + r.IntN(n-pos+1)
		step = fmt.Sprintf("confirm %d–%d", pos, to)
		_, err = db.ConfirmLinks(ctx, e, pos, to)
	case k < 14:
		step = "realign"
		_, err = db.RealignAfterConfirmed(ctx, e, pairRest)
	default:
		step = "undo"
		_, err = db.UndoAlignmentEdit(ctx, e)
	}
	var invalid *sverka.ValidationError
	if errors.As(err, &invalid) || errors.Is(err, sverka.ErrNotFound) || errors.Is(err, sverka.ErrConflict) && step == "undo" {
		return step + " (refused)", nil
	}
	return step, err
}

// runRefModel runs steps random alignment edits on a new random document
// of seed, checking every ref ever seen after each; it returns the steps
// up to the first failure and the failure.
func runRefModel(t testing.TB, db *store.DB, seed uint64, steps int) ([]string, error) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, 12))
	d := wordDocument(fmt.Sprintf("model-%d", seed), 8+r.IntN(20), r)
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	model := refModel{}
	var done []string
	for range steps + 1 {
		d, err := db.FindDocumentByID(ctx, d.ID)
		if err != nil {
			return done, err
		}
		refs, err := db.FindLinkRefs(ctx, d.ID)
		if err != nil {
			return done, err
		}
		model.observe(d)
		if err := model.check(d, refs); err != nil {
			return done, err
		}
		step, err := randomEdit(ctx, db, d, r)
		done = append(done, step)
		if err != nil {
			return done, err
		}
	}
	return done, nil
}

// TestLinkRefsModel runs random sequences of alignment edits (merge,
// split, move, split and join sentences, confirm, re-align, undo) and
// checks after every step that every link ref ever seen still resolves to
// rows holding what it held. A failure names the seed and the steps.
func TestLinkRefsModel(t *testing.T) {
	db := storetest.Open(t)
	for seed := range uint64(4) {
		if steps, err := runRefModel(t, db, seed, 500); err != nil {
			t.Fatalf("seed %d, after %d steps (%s): %v", seed, len(steps), strings.Join(steps, "; "), err)
		}
	}
}

// BenchmarkLinkRefsModel runs the model test longer: b.N seeds of 2,000
// steps each.
func BenchmarkLinkRefsModel(b *testing.B) {
	db := storetest.Open(b)
	for i := range b.N {
		if steps, err := runRefModel(b, db, uint64(1000+i), 2000); err != nil {
			b.Fatalf("seed %d, after %d steps (%s): %v", 1000+i, len(steps), strings.Join(steps, "; "), err)
		}
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
