package exchange

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"sverka"
	"sverka/internal/goldtest"
	"sverka/internal/storetest"
	"sverka/store"
)

// annotated is the seeded letter with what a scholar would add: the 42 gold
// OCR corrections proposed by anna and accepted by vera, one more proposed
// and not accepted, notes (one with markup characters, one private to
// boris, one deleted), a reply, and cross-references to a passage, to the
// whole document and to an outside source.
type annotated struct {
	db                 *store.DB
	anna, boris, vera  *sverka.User
	privateNote        string
	notes, corrections int
}

func newAnnotated(t testing.TB) *annotated {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	f := &annotated{db: db, privateNote: "a private doubt of boris about the date"}
	var err error
	for _, u := range []struct {
		dst  **sverka.User
		name string
		role sverka.Role
	}{{&f.anna, "anna", sverka.RoleAnnotator}, {&f.boris, "boris", sverka.RoleAnnotator}, {&f.vera, "vera", sverka.RoleEditor}} {
		if *u.dst, err = db.CreateUser(ctx, u.name, u.role, ""); err != nil {
			t.Fatal(err)
		}
	}
	d, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	g, err := goldtest.Load(goldtest.Dir())
	if err != nil {
		t.Fatal(err)
	}
	create := func(a *sverka.Annotation) *sverka.Annotation {
		t.Helper()
		if a.DocumentID == "" && a.ReplyTo == 0 {
			a.DocumentID = d.ID
		}
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatalf("create %+v: %v", a, err)
		}
		return a
	}
	for _, e := range g.Errors {
		s, end, err := goldtest.ErrorRange(d, e)
		if err != nil {
			t.Fatal(err)
		}
		a := create(&sverka.Annotation{Motivation: sverka.MotivationCorrection, CreatorID: f.anna.ID, Body: e.Correction,
			Target: sverka.TextTarget{Lang: "ru", Start: s, End: end, Exact: e.Form}})
		if _, err := db.ReviewCorrection(ctx, a.ID, sverka.StatusAccepted, a.Version, f.vera.ID); err != nil {
			t.Fatal(err)
		}
		f.corrections++
	}
	rng := func(lang string, seg int, phrase string) sverka.TextTarget {
		t.Helper()
		sg := d.Text(lang).Segments[seg-1]
		i := strings.Index(sg.Text, phrase)
		if i < 0 {
			t.Fatalf("%q not in %s segment %d: %q", phrase, lang, seg, sg.Text)
		}
		s := sg.Start + utf8.RuneCountInString(sg.Text[:i])
		return sverka.TextTarget{Lang: lang, Start: s, End: s + utf8.RuneCountInString(phrase)}
	}
	ru1 := d.Text("ru").Segments[0].Text
	first := string([]rune(ru1)[:3])
	note := create(&sverka.Annotation{Motivation: sverka.MotivationNote, CreatorID: f.anna.ID, Body: "Compare the <b>draft</b> & the \"fair copy\"; see ‘APRF’.", Target: rng("ru", 1, first)})
	create(&sverka.Annotation{Motivation: sverka.MotivationReply, CreatorID: f.vera.ID, ReplyTo: note.ID, Body: "Agreed — the draft differs."})
	create(&sverka.Annotation{Motivation: sverka.MotivationNote, CreatorID: f.anna.ID, Body: "The translator smooths this sentence.", Target: rng("en", 2, "your")})
	create(&sverka.Annotation{Motivation: sverka.MotivationNote, CreatorID: f.boris.ID, Private: true, Body: f.privateNote, Target: rng("en", 1, "Mao")})
	gone := create(&sverka.Annotation{Motivation: sverka.MotivationNote, CreatorID: f.boris.ID, Body: "deleted note", Target: rng("en", 3, "the")})
	if _, err := db.DeleteAnnotation(ctx, gone.ID, gone.Version, f.boris.ID); err != nil {
		t.Fatal(err)
	}
	f.notes = 2 // seen by everyone
	passage := rng("en", 2, "your")
	create(&sverka.Annotation{Motivation: sverka.MotivationLink, CreatorID: f.boris.ID, Target: rng("ru", 2, string([]rune(d.Text("ru").Segments[1].Text)[:2])),
		Link: &sverka.CrossReference{DocumentID: d.ID, Lang: "en", Start: passage.Start, End: passage.End}, Body: "the same request"})
	create(&sverka.Annotation{Motivation: sverka.MotivationLink, CreatorID: f.boris.ID, Target: rng("en", 4, "the"),
		Link: &sverka.CrossReference{DocumentID: d.ID}})
	create(&sverka.Annotation{Motivation: sverka.MotivationLink, CreatorID: f.anna.ID, Target: rng("en", 5, "the"),
		Link: &sverka.CrossReference{URL: "https://digitalarchive.wilsoncenter.org/document/117313", Citation: "APRF, f. 45, op. 1, d. 334, ll. 134-140"}})
	// A proposed correction in a sentence no gold correction touches.
	last := d.Text("ru").Segments[len(d.Text("ru").Segments)-1]
	create(&sverka.Annotation{Motivation: sverka.MotivationCorrection, CreatorID: f.boris.ID, Body: "X",
		Target: sverka.TextTarget{Lang: "ru", Start: last.Start, End: last.Start + 1}})
	return f
}
