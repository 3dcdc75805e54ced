package store_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"sverka"
	"sverka/ingest"
	"sverka/internal/storetest"
	"sverka/store"
)

// The randomized model test of references (issue 12): random sequences of
// notes, cross-references within and across documents, alignment edits,
// replaced texts (whose words move, stay or go), metadata edits, deletes
// to the trash, restores and purges, OCR corrections reviewed, undos
// (reference_model_review_test.go), checked after every step against a
// model that knows only what it gave the store: every reference is on its
// own words or marked orphaned, never on other words.

var (
	modelSeed  = flag.Uint64("model.seed", 0, "the seed of TestReferenceModel (0: a few fixed ones)")
	modelSteps = flag.Int("model.steps", 0, "the steps of each run of TestReferenceModel (0: the default)")
)

// modelOp is one step, described relative to the state it meets (which
// live document, where in its text, as fractions), so that any sequence
// of steps can be replayed, and shortened, on a fresh database.
type modelOp struct {
	Kind     string
	Doc, Far int     // picks among the live (or trashed) documents
	Lang     string  // "ru" or "en"
	At, To   float64 // places in a text, 0..1
	Words    int     // a quote's length in words
	Variant  int     // which new text a replace gives
	Sentence []string
}

func (o modelOp) String() string {
	return fmt.Sprintf("%s(doc %d far %d %s at %.2f to %.2f, %d words, variant %d)", o.Kind, o.Doc, o.Far, o.Lang, o.At, o.To, o.Words, o.Variant)
}

var modelWords = map[string][]string{
	"ru": {"зерно", "урожай", "поезд", "письмо", "армия", "граница", "завод", "уголь", "мост", "берег", "снег", "хлеб"},
	"en": {"grain", "harvest", "train", "letter", "army", "border", "factory", "coal", "bridge", "shore", "snow", "bread"},
}

// modelDoc is what the model knows of a document: the texts it gave, its
// title, whether it is in the trash.
type modelDoc struct {
	id      string
	title   string
	texts   map[string]string // the base texts of the document the model built
	trashed bool
	// refs are the link numbers seen since the texts were last replaced.
	refs map[int]bool
	// revision is the highest revision seen: it never goes back.
	revision int64
}

// modelRef is what the model knows of an annotation: its words when made,
// and those of its cross-reference's far end.
type modelRef struct {
	id                int64
	doc               string
	exact, linkExact  string
	linkDoc, linkLang string
	deleted           bool
	correction        bool
}

type referenceModel struct {
	ctx   context.Context
	db    *store.DB
	user  *sverka.User
	docs  []*modelDoc
	refs  []*modelRef
	next  int
	audit int64 // the newest change id seen
	// orphaned counts the references checked while marked orphaned.
	orphaned int
}

func newReferenceModel(t testing.TB) *referenceModel {
	ctx := context.Background()
	db := storetest.Open(t)
	u, err := db.CreateUser(ctx, "model", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	m := &referenceModel{ctx: ctx, db: db, user: u}
	for range 3 {
		if err := m.newDoc(rand.New(rand.NewPCG(uint64(m.next), 7))); err != nil {
			t.Fatal(err)
		}
	}
	changes, err := db.FindChanges(ctx, store.ChangeFilter{Limit: 1})
	if err != nil || len(changes) == 0 {
		t.Fatal(changes, err)
	}
	m.audit = changes[0].ID
	return m
}

// sentences makes n sentences of lang's words drawn by r.
func sentences(r *rand.Rand, lang string, n int) []string {
	out := make([]string, n)
	for i := range out {
		w := make([]string, 3+r.IntN(4))
		for k := range w {
			w[k] = modelWords[lang][r.IntN(len(modelWords[lang]))]
		}
		first := []rune(w[0])
		w[0] = string(unicode.ToUpper(first[0])) + string(first[1:])
		out[i] = strings.Join(w, " ") + "."
	}
	return out
}

// build derives a document from texts, as an import of a pair does.
func (m *referenceModel) build(id, title string, texts map[string][]string) (*sverka.Document, error) {
	return ingest.Plain(ingest.PlainPair{ID: id, Title: title, Russian: strings.Join(texts["ru"], " ") + "\n", English: strings.Join(texts["en"], " ") + "\n"})
}

func (m *referenceModel) remember(md *modelDoc, d *sverka.Document) {
	md.texts = map[string]string{}
	for _, t := range d.Texts {
		md.texts[t.Lang] = t.Text
	}
}

func (m *referenceModel) newDoc(r *rand.Rand) error {
	m.next++
	md := &modelDoc{id: "model-" + strconv.Itoa(m.next), title: "Model document " + strconv.Itoa(m.next)}
	d, err := m.build(md.id, md.title, map[string][]string{"ru": sentences(r, "ru", 4+r.IntN(4)), "en": sentences(r, "en", 4+r.IntN(4))})
	if err != nil {
		return err
	}
	if err := m.db.CreateDocument(m.ctx, d); err != nil {
		return err
	}
	m.remember(md, d)
	m.docs = append(m.docs, md)
	return nil
}

func (m *referenceModel) pick(trashed bool, k int) *modelDoc {
	var list []*modelDoc
	for _, d := range m.docs {
		if d.trashed == trashed {
			list = append(list, d)
		}
	}
	if len(list) == 0 {
		return nil
	}
	return list[k%len(list)]
}

// span is the code-point range of words words of text from place at.
func span(text string, at float64, words int) (int, int, string) {
	runes := []rune(text)
	var starts, ends []int
	for i, r := range runes {
		letter := r != ' ' && r != '.' && r != '\n'
		if letter && (i == 0 || runes[i-1] == ' ' || runes[i-1] == '\n') {
			starts = append(starts, i)
		}
		if letter && (i+1 == len(runes) || runes[i+1] == ' ' || runes[i+1] == '.' || runes[i+1] == '\n') {
			ends = append(ends, i+1)
		}
	}
	i := min(int(at*float64(len(starts))), len(starts)-1)
	j := min(i+max(words, 1)-1, len(ends)-1)
	return starts[i], ends[j], string(runes[starts[i]:ends[j]])
}

// errSkip says a step found nothing to act on (no document in the trash
// to restore, …) and changed nothing.
var errSkip = errors.New("nothing to do")

// apply does op; an error other than errSkip is a failure of the store.
func (m *referenceModel) apply(op modelOp) error {
	switch op.Kind {
	case "note", "xref":
		d := m.pick(false, op.Doc)
		if d == nil {
			return errSkip
		}
		s, e, exact := span(d.texts[op.Lang], op.At, op.Words)
		a := &sverka.Annotation{DocumentID: d.id, Motivation: sverka.MotivationNote, CreatorID: m.user.ID, Body: "a note",
			Target: sverka.TextTarget{Lang: op.Lang, Start: s, End: e, Exact: exact}}
		ref := &modelRef{doc: d.id, exact: exact}
		if op.Kind == "xref" {
			far := m.pick(false, op.Far)
			lang := map[string]string{"ru": "en", "en": "ru"}[op.Lang]
			fs, fe, fexact := span(far.texts[lang], op.To, op.Words)
			a.Motivation, a.Body = sverka.MotivationLink, ""
			a.Link = &sverka.CrossReference{DocumentID: far.id, Lang: lang, Start: fs, End: fe, Exact: fexact}
			ref.linkExact, ref.linkDoc, ref.linkLang = fexact, far.id, lang
		}
		if err := m.db.CreateAnnotation(m.ctx, a); err != nil {
			return err
		}
		ref.id = a.ID
		m.refs = append(m.refs, ref)
	case "delete-note":
		for k := range len(m.refs) {
			ref := m.refs[(op.Doc+k)%len(m.refs)]
			a, err := m.db.FindAnnotationByID(m.ctx, ref.id, m.user.ID)
			if ref.deleted || errors.Is(err, sverka.ErrNotFound) {
				continue // in the trash with its document
			}
			if err != nil {
				return err
			}
			ref.deleted = true
			_, err = m.db.DeleteAnnotation(m.ctx, a.ID, a.Version, m.user.ID)
			return err
		}
		return errSkip
	case "replace":
		d := m.pick(false, op.Doc)
		if d == nil {
			return errSkip
		}
		r := rand.New(rand.NewPCG(uint64(op.Variant), 11))
		texts := map[string][]string{}
		for lang, text := range d.texts {
			old := strings.SplitAfter(strings.TrimSpace(text), ". ")
			switch op.Variant % 4 {
			case 0: // words added before
				texts[lang] = append(sentences(r, lang, 1+r.IntN(2)), old...)
			case 1: // a sentence gone
				k := r.IntN(len(old))
				texts[lang] = slices.Delete(slices.Clone(old), k, k+1)
			case 2: // the sentences in another order
				texts[lang] = slices.Clone(old)
				r.Shuffle(len(old), func(i, j int) { texts[lang][i], texts[lang][j] = texts[lang][j], texts[lang][i] })
			default: // a new text altogether
				texts[lang] = sentences(r, lang, 3+r.IntN(3))
			}
			for i := range texts[lang] {
				texts[lang][i] = strings.TrimSpace(texts[lang][i])
			}
			if len(texts[lang]) == 0 {
				texts[lang] = sentences(r, lang, 1)
			}
		}
		nd, err := m.build(d.id, "", texts)
		if err != nil {
			return err
		}
		if err := m.replace(d, nd, op.Variant%2 == 1); err != nil {
			return err
		}
		m.remember(d, nd)
		d.refs = nil // a number whose words are gone answers 404
	case "title":
		d := m.pick(false, op.Doc)
		if d == nil {
			return errSkip
		}
		title := d.title + "+"
		if _, err := m.db.UpdateDocumentMetadata(m.ctx, d.id, 0, store.DocumentMetadata{Title: &title}, m.user.ID); err != nil {
			return err
		}
		d.title = title
	case "merge":
		d := m.pick(false, op.Doc)
		if d == nil {
			return errSkip
		}
		rev, err := m.db.DocumentRevision(m.ctx, d.id)
		if err != nil {
			return err
		}
		doc, err := m.db.FindDocumentByID(m.ctx, d.id)
		if err != nil {
			return err
		}
		if len(doc.Links) < 2 {
			return errSkip
		}
		pos := 1 + int(op.At*float64(len(doc.Links)-1))
		_, err = m.db.MergeLinks(m.ctx, store.AlignmentEdit{DocumentID: d.id, Revision: rev, UserID: m.user.ID}, pos)
		return err
	case "trash":
		d := m.pick(false, op.Doc)
		if d == nil || m.pick(false, op.Doc+1) == d {
			return errSkip // the last live document stays
		}
		d.trashed = true
		return m.db.TrashDocument(m.ctx, d.id, m.user.ID)
	case "restore":
		d := m.pick(true, op.Doc)
		if d == nil {
			return errSkip
		}
		d.trashed = false
		return m.db.RestoreDocument(m.ctx, d.id, m.user.ID)
	case "purge":
		d := m.pick(true, op.Doc)
		if d == nil {
			return errSkip
		}
		if _, err := m.db.PurgeDocument(m.ctx, d.id, d.id, m.user.ID); err != nil {
			return err
		}
		m.docs = slices.DeleteFunc(m.docs, func(x *modelDoc) bool { return x == d })
		return m.newDoc(rand.New(rand.NewPCG(uint64(m.next), 7)))
	default:
		return m.applyReview(op)
	}
	return nil
}

// randomOp draws a step.
func randomOp(r *rand.Rand) modelOp {
	return modelOp{Kind: modelKinds[r.IntN(len(modelKinds))], Doc: r.IntN(12), Far: r.IntN(12), Lang: []string{"ru", "en"}[r.IntN(2)],
		At: r.Float64(), To: r.Float64(), Words: 1 + r.IntN(3), Variant: r.IntN(1000)}
}

// replay runs ops on a fresh database and checks after each; it returns
// the first failure, or nil.
func replay(t testing.TB, ops []modelOp) error {
	m := newReferenceModel(t)
	for i, op := range ops {
		if err := m.apply(op); errors.Is(err, errSkip) {
			continue
		} else if err != nil {
			return fmt.Errorf("step %d, %v: %w", i+1, op, err)
		}
		if err := m.check(op); err != nil {
			return fmt.Errorf("after step %d, %v: %w", i+1, op, err)
		}
	}
	return nil
}

// shortest drops the steps of a failing sequence one at a time, keeping
// each drop after which it still fails, until none can go or time is up.
func shortest(t testing.TB, ops []modelOp, deadline time.Time) []modelOp {
	for i := len(ops) - 1; i >= 0 && time.Now().Before(deadline); i-- {
		if shorter := slices.Delete(slices.Clone(ops), i, i+1); replay(t, shorter) != nil {
			ops = shorter
		}
	}
	return ops
}

// runModel draws steps from seed and checks each; on a failure it reports
// the seed and the shortest failing sequence it finds.
func runModel(t testing.TB, seed uint64, steps int) {
	r := rand.New(rand.NewPCG(seed, 12))
	m := newReferenceModel(t)
	var ops []modelOp
	done := map[string]int{}
	for range steps {
		op := randomOp(r)
		ops = append(ops, op)
		err := m.apply(op)
		if errors.Is(err, errSkip) {
			continue
		}
		done[op.Kind]++
		if err == nil {
			err = m.check(op)
		}
		if err != nil {
			short := shortest(t, ops, time.Now().Add(time.Minute))
			var b strings.Builder
			for i, op := range short {
				fmt.Fprintf(&b, "\n  %d. %v", i+1, op)
			}
			t.Fatalf("seed %d, step %d: %v\nshortest failing sequence (%d steps, replay: %v):%s", seed, len(ops), err, len(short), replay(t, short), b.String())
		}
	}
	if err := m.roundTrip(t); err != nil {
		t.Fatalf("seed %d, after %d steps: %v", seed, len(ops), err)
	}
	t.Logf("seed %d: %d steps (%v), %d references made, %d checks of a reference marked orphaned", seed, len(ops), done, len(m.refs), m.orphaned)
}

// TestReferenceModel runs the model from two seeds, 1,000 steps each
// (go test ./store -run ReferenceModel -args -model.seed=N -model.steps=M
// for another seed or a longer run; BenchmarkReferenceModel runs more).
func TestReferenceModel(t *testing.T) {
	seeds, steps := []uint64{1, 2}, 1000
	if *modelSeed != 0 {
		seeds = []uint64{*modelSeed}
	}
	if *modelSteps > 0 {
		steps = *modelSteps
	}
	for _, seed := range seeds {
		t.Run("seed "+strconv.FormatUint(seed, 10), func(t *testing.T) { runModel(t, seed, steps) })
	}
}

// BenchmarkReferenceModel runs the model longer: 3,000 steps from each of
// b.N seeds.
func BenchmarkReferenceModel(b *testing.B) {
	for i := range b.N {
		runModel(b, uint64(1000+i), 3000)
	}
}
