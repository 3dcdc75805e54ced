package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"sverka"
	"sverka/corpus"
	"sverka/ingest"
	"sverka/internal/pgtest"
	"sverka/lexicon"
)

// TestSearchSameOnBothEngines stores one made-up archive (package corpus:
// documents of Zipf-distributed dictionary words, one of them private,
// notes with tags, an accepted correction) in SQLite and in PostgreSQL,
// runs the corpus's own queries (common and rare words, phrases, prefixes,
// forms never written) with every filter and sort on both, and wants the
// same hits in the same order, the same counts and the same notes.
func TestSearchSameOnBothEngines(t *testing.T) {
	if pgtest.On() {
		t.Skip("compares the engines; runs once, on SQLite's turn")
	}
	pg := pgtest.URL(t)
	ru, en, err := corpus.ReadDictionaries(2000, rand.New(rand.NewPCG(19, 19)))
	if errors.Is(err, lexicon.ErrNoDictionary) && os.Getenv("CI") != "true" {
		t.Skip("needs hunspell-ru and hunspell-en-us:", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	lite, err := Open(ctx, filepath.Join(t.TempDir(), "sverka.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	post, err := Open(ctx, pg, WithImages(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { post.Close() })
	g := corpus.New(ru, en, 19)
	fillArchive(t, lite, corpus.New(ru, en, 19), false)
	fillArchive(t, post, corpus.New(ru, en, 19), true)
	for i := range 8 { // the generator's word counts, for its queries
		g.Document(fmt.Sprintf("c%02d", i), 20+i%3*15)
	}
	qs := g.Queries(2)
	var texts []string
	for _, kind := range [][]string{qs.Common, qs.Rare, qs.Phrase, qs.Inflected, qs.Prefix} {
		texts = append(texts, kind...)
	}
	for _, r := range qs.Rare { // prefixes of middling frequency
		if w := []rune(r); len(w) > 4 {
			texts = append(texts, string(w[:3])+"*")
		}
	}
	for _, two := range [][2][]string{{qs.Common, qs.Rare}, {qs.Common, qs.Common[1:]}, {qs.Prefix, qs.Common}} {
		if len(two[0]) > 0 && len(two[1]) > 0 {
			texts = append(texts, two[0][0]+" "+two[1][0])
		}
	}
	viewer, err := lite.FindUserByName(ctx, "scholar")
	if err != nil {
		t.Fatal(err)
	}
	var hits, ranked, ties int
	for _, text := range texts {
		for _, q := range []SearchQuery{
			{Text: text},
			{Text: text, Viewer: viewer, Limit: 7, Offset: 3},
			{Text: text, Lang: "ru", Sort: "date"},
			{Text: text, From: "1950-03", To: "1951", Translit: true, NoOCR: true, DocumentID: "c07"},
		} {
			a, err := lite.Search(ctx, q)
			if err != nil {
				t.Fatalf("SQLite %+v: %v", q, err)
			}
			b, err := post.Search(ctx, q)
			if err != nil {
				t.Fatalf("PostgreSQL %+v: %v", q, err)
			}
			if !reflect.DeepEqual(a.Hits, b.Hits) || a.Total != b.Total || a.More != b.More || !reflect.DeepEqual(noteIDs(a), noteIDs(b)) {
				t.Errorf("%q %s/%s/%s: SQLite finds %d (%d hits %v, notes %v), PostgreSQL %d (%d hits %v, notes %v)", text, q.Lang, q.Sort, q.DocumentID,
					a.Total, len(a.Hits), hitPlaces(a), noteIDs(a), b.Total, len(b.Hits), hitPlaces(b), noteIDs(b))
			}
			hits += len(a.Hits) + len(a.Notes)
			if q.Sort == "" && tied(a) {
				ties++
			}
			if q.Sort == "" && !slices.IsSorted(hitPlaces(a)) {
				ranked++ // bm25, not archive order, decided
			}
		}
	}
	if hits == 0 || ranked == 0 || ties == 0 {
		t.Fatalf("%d hits, %d of them ranked out of archive order, %d with ties: the queries test nothing", hits, ranked, ties)
	}
}

// tied says r has hits on the same words of c02 and of its twin c08.
func tied(r *SearchResult) bool {
	at := map[string]bool{}
	for _, h := range r.Hits {
		at[fmt.Sprintf("%s/%s/%d", h.DocumentID, h.Lang, h.Start)] = true
	}
	for _, h := range r.Hits {
		if h.DocumentID == "c02" && at[fmt.Sprintf("c08/%s/%d", h.Lang, h.Start)] {
			return true
		}
	}
	return false
}

// fillArchive stores eight documents of g in db, and a ninth with the
// texts of the third (so that its passages tie in rank with the third's),
// indexed one by one, in reverse when reversed (so that their row ids
// differ between the engines as they would after imports in other
// orders); then notes and a correction, in the same order either way.
func fillArchive(t *testing.T, db *DB, g *corpus.Generator, reversed bool) {
	t.Helper()
	ctx := context.Background()
	u, err := db.CreateUser(ctx, "scholar", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	var docs []*sverka.Document
	for i := range 9 {
		c := g.Document(fmt.Sprintf("c%02d", i), 20+i%3*15)
		if i == 8 {
			twin := docs[2].Text
			c.Russian, c.English = twin("ru").Text, twin("en").Text
		}
		d, err := ingest.Plain(ingest.PlainPair{ID: c.ID, Title: c.Title, Russian: c.Russian, English: c.English})
		if err != nil {
			t.Fatal(err)
		}
		d.Date, d.Public = fmt.Sprintf("19%d-%02d-01", 49+i/5, 1+i%12), i != 4
		docs = append(docs, d)
	}
	for k := range docs {
		d := docs[k]
		if reversed {
			d = docs[len(docs)-1-k]
		}
		if err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := db.WaitIndexed(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for i, d := range docs[:8] {
		for j, n := range g.Notes(d.Text("en").Text, 3, uint64(i)) {
			a := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: u.ID, Body: n.Body, Tags: n.Tags,
				Private: j == 2, Target: sverka.TextTarget{Lang: "en", Start: n.Start, End: n.End}}
			if err := db.CreateAnnotation(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if i == 3 {
			w := g.Notes(d.Text("ru").Text, 1, 99)[0]
			c := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationCorrection, CreatorID: u.ID, Body: w.Exact + "ы",
				Target: sverka.TextTarget{Lang: "ru", Start: w.Start, End: w.End}}
			if err := db.CreateAnnotation(ctx, c); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ReviewCorrection(ctx, c.ID, sverka.StatusAccepted, c.Version, u.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := db.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
}

// hitPlaces is where each hit is, in order.
func hitPlaces(r *SearchResult) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, fmt.Sprintf("%s/%s/%07d", h.DocumentID, h.Lang, h.Start))
	}
	return out
}

func noteIDs(r *SearchResult) []int64 {
	var out []int64
	for _, n := range r.Notes {
		out = append(out, n.AnnotationID)
	}
	return out
}
