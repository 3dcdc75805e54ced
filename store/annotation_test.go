package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"sverka"
	"sverka/internal/goldtest"
	"sverka/internal/storetest"
	"sverka/reading"
	"sverka/store"
)

// letter returns the Filippov letter with its OCR'd Russian text: the seed
// document 117313 when the migrations hold it, else a copy built from the
// gold TSVs.
func letter(t testing.TB, db *store.DB) (*sverka.Document, *goldtest.Gold) {
	t.Helper()
	ctx := context.Background()
	g, err := goldtest.Load(goldtest.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if d, err := db.FindDocumentByID(ctx, "117313"); err == nil && matchesGold(d, g) {
		return d, g
	}
	d := g.Document("gold-117313")
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	d, err = db.FindDocumentByID(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d, g
}

func matchesGold(d *sverka.Document, g *goldtest.Gold) bool {
	ru := d.Text("ru")
	if ru == nil || len(ru.Segments) != len(g.Ru) {
		return false
	}
	for i, s := range ru.Segments {
		if s.Text != g.Ru[i].OCR {
			return false
		}
	}
	return true
}

// users makes an annotator, a second annotator and an editor.
func users(t testing.TB, db *store.DB) (ann, other, editor int64) {
	t.Helper()
	return store.NewTestUser(t, db, "anna", sverka.RoleAnnotator), store.NewTestUser(t, db, "boris", sverka.RoleAnnotator), store.NewTestUser(t, db, "vera", sverka.RoleEditor)
}

// segmentRange is the code-point range of a phrase in a segment.
func segmentRange(t testing.TB, d *sverka.Document, lang string, seg int, phrase string) (int, int) {
	t.Helper()
	s, e, err := goldtest.ErrorRange(d, goldtest.OCRError{Segment: seg, Form: phrase})
	if lang != "ru" {
		tx := d.Text(lang)
		sg := tx.Segments[seg-1]
		i := strings.Index(sg.Text, phrase)
		if i < 0 {
			t.Fatalf("%q not in %s segment %d", phrase, lang, seg)
		}
		s = sg.Start + len([]rune(sg.Text[:i]))
		return s, s + len([]rune(phrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	return s, e
}

func count(t testing.TB, db *store.DB, docID string) int {
	t.Helper()
	_, n, err := db.FindAnnotations(context.Background(), store.AnnotationFilter{DocumentID: docID, IncludeDeleted: true})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateAnnotationRefusesBadInput(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, _ := letter(t, db)
	ann, _, _ := users(t, db)
	s, e := segmentRange(t, d, "ru", 3, "Баш")
	note := func(f func(a *sverka.Annotation)) *sverka.Annotation {
		a := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: ann, Body: "a note",
			Target: sverka.TextTarget{Lang: "ru", Start: s, End: e, Exact: "Баш"}}
		f(a)
		return a
	}
	n := len([]rune(d.Text("ru").Text))
	tests := []struct {
		name     string
		a        *sverka.Annotation
		notFound bool
		field    string
	}{
		{"offsets outside the text", note(func(a *sverka.Annotation) { a.Target.Start, a.Target.End, a.Target.Exact = n, n+3, "" }), false, "target"},
		{"end before start", note(func(a *sverka.Annotation) { a.Target.Start, a.Target.End = e, s }), false, "target"},
		{"quote nowhere in the text", note(func(a *sverka.Annotation) { a.Target.Exact = "Вашъ ответъ" }), false, "target"},
		{"quote twice, the position at neither", note(func(a *sverka.Annotation) { a.Target.Exact, a.Target.End = "на", a.Target.Start+2 }), false, "target"},
		{"unknown document", note(func(a *sverka.Annotation) { a.DocumentID = "no-such-doc" }), true, ""},
		{"unknown language", note(func(a *sverka.Annotation) { a.Target.Lang = "de" }), false, "target"},
		{"oversized body", note(func(a *sverka.Annotation) { a.Body = strings.Repeat("я", sverka.MaxBodyBytes) }), false, "body"},
		{"empty note", note(func(a *sverka.Annotation) { a.Body = "  " }), false, "body"},
		{"too many tags", note(func(a *sverka.Annotation) {
			for i := range sverka.MaxTags + 1 {
				a.Tags = append(a.Tags, strings.Repeat("t", i+1))
			}
		}), false, "tags"},
		{"unknown motivation", note(func(a *sverka.Annotation) { a.Motivation = "bookmarking" }), false, "motivation"},
		{"correction of the translation", note(func(a *sverka.Annotation) {
			a.Motivation, a.Target.Lang, a.Target.Start, a.Target.End, a.Target.Exact = sverka.MotivationCorrection, "en", 0, 4, ""
		}), false, "target"},
		{"private correction", note(func(a *sverka.Annotation) {
			a.Motivation, a.Body, a.Private = sverka.MotivationCorrection, "Ваш", true
		}), false, "private"},
		{"correction that changes nothing", note(func(a *sverka.Annotation) { a.Motivation, a.Body = sverka.MotivationCorrection, "Баш" }), false, "body"},
		{"link without target", note(func(a *sverka.Annotation) { a.Motivation = sverka.MotivationLink }), false, "body"},
		{"link to a javascript URL", note(func(a *sverka.Annotation) {
			a.Motivation, a.Link = sverka.MotivationLink, &sverka.CrossReference{URL: "javascript:alert(1)"}
		}), false, "body"},
		{"link to an unknown document", note(func(a *sverka.Annotation) {
			a.Motivation, a.Link = sverka.MotivationLink, &sverka.CrossReference{DocumentID: "nowhere"}
		}), false, "body"},
		{"reply to nothing", note(func(a *sverka.Annotation) { a.Motivation, a.ReplyTo = sverka.MotivationReply, 999 }), false, "target"},
		{"quote alone that is not unique", note(func(a *sverka.Annotation) {
			a.Target.Start, a.Target.End, a.Target.Exact, a.Target.ByQuote = 0, 0, "Корев", true
		}), false, "target"},
		{"unknown creator", note(func(a *sverka.Annotation) { a.CreatorID = 1 << 40 }), false, "creator"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := count(t, db, d.ID)
			err := db.CreateAnnotation(ctx, tc.a)
			var ve *sverka.ValidationError
			switch {
			case tc.notFound && !errors.Is(err, sverka.ErrNotFound):
				t.Fatalf("got %v, want ErrNotFound", err)
			case !tc.notFound && !errors.As(err, &ve):
				t.Fatalf("got %v, want a validation error", err)
			case !tc.notFound && ve.Field != tc.field:
				t.Fatalf("got field %q (%v), want %q", ve.Field, err, tc.field)
			}
			if got := count(t, db, d.ID); got != before {
				t.Fatalf("got %d annotations, want %d: a refused annotation changed something", got, before)
			}
		})
	}
}

func TestCreateAnnotationCompletesQuote(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, _ := letter(t, db)
	ann, _, _ := users(t, db)
	// A quote alone is enough when it occurs once.
	a := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: ann, Body: "*who?*",
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"}, Tags: []string{" ocr ", "ocr", "address"}}
	if err := db.CreateAnnotation(ctx, a); err != nil {
		t.Fatal(err)
	}
	s, e := segmentRange(t, d, "ru", 3, "Баш ответ")
	if a.Target.Start != s || a.Target.End != e || a.Target.Suffix == "" || a.Target.Prefix == "" {
		t.Fatalf("got target %+v, want %d–%d with prefix and suffix", a.Target, s, e)
	}
	if got, want := strings.Join(a.Tags, ","), "ocr,address"; got != want {
		t.Fatalf("got tags %q, want %q", got, want)
	}
	got, err := db.FindAnnotationByID(ctx, a.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Target != a.Target || got.Body != a.Body || got.CreatorName != "anna" || got.Version != 1 {
		t.Fatalf("got %+v, want %+v", got, a)
	}
}

// TestGoldCorrections proposes and accepts the 42 corrections of the gold
// data and compares every Russian segment's corrected reading with the gold
// corrected text.
func TestGoldCorrections(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, g := letter(t, db)
	ann, _, editor := users(t, db)
	if len(g.Errors) != 42 {
		t.Fatalf("got %d gold errors, want 42", len(g.Errors))
	}
	for _, e := range g.Errors {
		s, end, err := goldtest.ErrorRange(d, e)
		if err != nil {
			t.Fatal(err)
		}
		a := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationCorrection, CreatorID: ann, Body: e.Correction,
			Target: sverka.TextTarget{Lang: "ru", Start: s, End: end, Exact: e.Form}}
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatalf("propose %q → %q: %v", e.Form, e.Correction, err)
		}
		if a.Status != sverka.StatusProposed {
			t.Fatalf("got status %q, want proposed", a.Status)
		}
		r, err := db.ReviewCorrection(ctx, a.ID, sverka.StatusAccepted, a.Version, editor)
		if err != nil {
			t.Fatalf("accept %q → %q: %v", e.Form, e.Correction, err)
		}
		if r.Status != sverka.StatusAccepted || r.ReviewerName != "vera" || r.ReviewedAt.IsZero() {
			t.Fatalf("got %+v, want accepted by vera", r)
		}
	}
	rd, err := db.FindReading(ctx, d.ID, "ru")
	if err != nil {
		t.Fatal(err)
	}
	if len(rd.Edits) != 42 {
		t.Fatalf("got %d accepted edits, want 42", len(rd.Edits))
	}
	ranges := make([][2]int, len(rd.Segments))
	for i, s := range rd.Segments {
		ranges[i] = [2]int{s.Start, s.End}
	}
	per := reading.Assign(ranges, rd.Edits)
	for i, s := range rd.Segments {
		p := reading.Pieces(rd.Text, s.Start, s.End, per[i])
		if got, want := reading.Corrected(p), g.Ru[i].Corrected; got != want {
			t.Errorf("segment %d corrected: got %q, want %q", i+1, got, want)
		}
		if got, want := reading.Diplomatic(p), g.Ru[i].OCR; got != want {
			t.Errorf("segment %d diplomatic: got %q, want %q", i+1, got, want)
		}
	}
	rev, err := db.DocumentRevision(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rev < d.Revision+42 {
		t.Errorf("got revision %d, want at least %d: accepting must refresh cached documents", rev, d.Revision+42)
	}
}

func TestAcceptedCorrectionsMayNotOverlap(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, _ := letter(t, db)
	ann, other, editor := users(t, db)
	s, e := segmentRange(t, d, "ru", 3, "Баш ответ")
	first := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationCorrection, CreatorID: ann, Body: "Ваш", Target: sverka.TextTarget{Lang: "ru", Start: s, End: s + 3}}
	second := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationCorrection, CreatorID: other, Body: "Ваш ответ", Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}}
	insert := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationCorrection, CreatorID: other, Body: " же", Target: sverka.TextTarget{Lang: "ru", Start: s + 3, End: s + 3}}
	for _, a := range []*sverka.Annotation{first, second, insert} {
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ReviewCorrection(ctx, first.ID, sverka.StatusAccepted, 0, editor); err != nil {
		t.Fatal(err)
	}
	_, err := db.ReviewCorrection(ctx, second.ID, sverka.StatusAccepted, 0, editor)
	if !errors.Is(err, sverka.ErrConflict) || !strings.Contains(err.Error(), "overlaps") {
		t.Fatalf("got %v, want an overlap conflict", err)
	}
	got, err := db.FindAnnotationByID(ctx, second.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != sverka.StatusProposed || got.Version != 1 {
		t.Fatalf("got %s v%d, want the refused correction unchanged", got.Status, got.Version)
	}
	// An insertion right after the accepted replacement touches no text of it.
	if _, err := db.ReviewCorrection(ctx, insert.ID, sverka.StatusAccepted, 0, editor); err != nil {
		t.Fatalf("got %v, want an adjacent insertion accepted", err)
	}
	// Rejecting the first frees its span for the second.
	if _, err := db.ReviewCorrection(ctx, first.ID, sverka.StatusRejected, 0, editor); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReviewCorrection(ctx, insert.ID, sverka.StatusRejected, 0, editor); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReviewCorrection(ctx, second.ID, sverka.StatusAccepted, 0, editor); err != nil {
		t.Fatalf("got %v after rejecting the overlapping one, want accepted", err)
	}
	// A note is not reviewed.
	n := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: ann, Body: "x", Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}}
	if err := db.CreateAnnotation(ctx, n); err != nil {
		t.Fatal(err)
	}
	var ve *sverka.ValidationError
	if _, err := db.ReviewCorrection(ctx, n.ID, sverka.StatusAccepted, 0, editor); !errors.As(err, &ve) {
		t.Fatalf("got %v, want a validation error", err)
	}
}

func TestAnnotationHistoryAndRestore(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, _ := letter(t, db)
	ann, other, _ := users(t, db)
	s, e := segmentRange(t, d, "ru", 3, "Баш")
	a := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: ann, Body: "first", Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}}
	if err := db.CreateAnnotation(ctx, a); err != nil {
		t.Fatal(err)
	}
	body := "second"
	v2, err := db.UpdateAnnotation(ctx, a.ID, store.AnnotationUpdate{IfVersion: 1, UserID: ann, Body: &body})
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 || v2.Body != "second" {
		t.Fatalf("got v%d %q, want v2 second", v2.Version, v2.Body)
	}
	// A second scholar who still has version 1 loses, and learns what won.
	lost := "lost"
	_, err = db.UpdateAnnotation(ctx, a.ID, store.AnnotationUpdate{IfVersion: 1, UserID: other, Body: &lost})
	var stale *sverka.StaleError
	if !errors.As(err, &stale) || !errors.Is(err, sverka.ErrStale) || stale.Current.Body != "second" {
		t.Fatalf("got %v, want a stale error with the current version", err)
	}
	del, err := db.DeleteAnnotation(ctx, a.ID, 2, ann)
	if err != nil {
		t.Fatal(err)
	}
	if !del.IsDeleted() {
		t.Fatal("got not deleted, want deleted")
	}
	if list, _, _ := db.FindAnnotations(ctx, store.AnnotationFilter{DocumentID: d.ID}); len(list) != 0 {
		t.Fatalf("got %d listed, want a deleted annotation not listed", len(list))
	}
	h, err := db.AnnotationHistory(ctx, a.ID, ann)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, v := range h {
		actions = append(actions, v.Action)
	}
	if got, want := strings.Join(actions, ","), "delete,update,create"; got != want {
		t.Fatalf("got history %s, want %s", got, want)
	}
	r, err := db.RestoreAnnotation(ctx, a.ID, 1, 3, ann)
	if err != nil {
		t.Fatal(err)
	}
	if r.IsDeleted() || r.Body != "first" || r.Version != 4 {
		t.Fatalf("got %+v, want version 1's body restored and undeleted as v4", r)
	}
	if _, err := db.RestoreAnnotation(ctx, a.ID, 9, 4, ann); !errors.Is(err, sverka.ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound for a missing version", err)
	}
}

func TestPrivateNotes(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, _ := letter(t, db)
	ann, other, editor := users(t, db)
	s, e := segmentRange(t, d, "ru", 3, "Баш")
	p := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: ann, Body: "mine only", Private: true, Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}}
	if err := db.CreateAnnotation(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		viewer int64
		want   int
	}{{"author", ann, 1}, {"another annotator", other, 0}, {"an editor", editor, 0}, {"anonymous", 0, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			list, total, err := db.FindAnnotations(ctx, store.AnnotationFilter{DocumentID: d.ID, ViewerID: tc.viewer})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != tc.want || total != tc.want {
				t.Fatalf("got %d (total %d), want %d", len(list), total, tc.want)
			}
			_, err = db.FindAnnotationByID(ctx, p.ID, tc.viewer)
			if tc.want == 0 && !errors.Is(err, sverka.ErrNotFound) || tc.want == 1 && err != nil {
				t.Fatalf("got %v", err)
			}
			if _, err := db.AnnotationHistory(ctx, p.ID, tc.viewer); tc.want == 0 && !errors.Is(err, sverka.ErrNotFound) {
				t.Fatalf("got %v, want the history of a private note hidden", err)
			}
		})
	}
	// Nobody else can reply to it either.
	r := &sverka.Annotation{Motivation: sverka.MotivationReply, CreatorID: other, ReplyTo: p.ID, Body: "peek"}
	var ve *sverka.ValidationError
	if err := db.CreateAnnotation(ctx, r); !errors.As(err, &ve) {
		t.Fatalf("got %v, want a validation error", err)
	}
}

func TestRepliesAndCrossReferences(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, _ := letter(t, db)
	ann, other, _ := users(t, db)
	s, e := segmentRange(t, d, "ru", 3, "Баш")
	note := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: ann, Body: "Ваш?", Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	reply := &sverka.Annotation{Motivation: sverka.MotivationReply, CreatorID: other, ReplyTo: note.ID, Body: "Yes, Ваш."}
	if err := db.CreateAnnotation(ctx, reply); err != nil {
		t.Fatal(err)
	}
	if reply.DocumentID != d.ID || reply.Target.Lang != "" {
		t.Fatalf("got reply in %q with target %+v, want it in %s with no text target", reply.DocumentID, reply.Target, d.ID)
	}
	ls, le := segmentRange(t, d, "en", 2, "your reply")
	cases := []struct {
		name string
		link sverka.CrossReference
	}{
		{"passage", sverka.CrossReference{DocumentID: d.ID, Lang: "en", Start: ls, End: le}},
		{"document", sverka.CrossReference{DocumentID: d.ID}},
		{"outside", sverka.CrossReference{URL: "https://digitalarchive.wilsoncenter.org/document/117313", Citation: "APRF, f. 45, op. 1, d. 334"}},
	}
	for _, tc := range cases {
		l := tc.link
		a := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationLink, CreatorID: ann, Link: &l, Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}}
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if tc.name == "passage" && a.Link.Exact != "your reply" {
			t.Fatalf("got linked quote %q, want %q", a.Link.Exact, "your reply")
		}
	}
	back, total, err := db.FindAnnotations(ctx, store.AnnotationFilter{LinkedDocumentID: d.ID})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || len(back) != 2 {
		t.Fatalf("got %d backlinks, want 2 (the passage and the document)", total)
	}
	// A link to a passage whose quote does not match is refused.
	bad := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationLink, CreatorID: ann, Target: sverka.TextTarget{Lang: "ru", Start: s, End: e},
		Link: &sverka.CrossReference{DocumentID: d.ID, Lang: "en", Start: ls, End: le, Exact: "my reply"}}
	var ve *sverka.ValidationError
	if err := db.CreateAnnotation(ctx, bad); !errors.As(err, &ve) {
		t.Fatalf("got %v, want a validation error", err)
	}
}

func TestReanchorAfterReplacedText(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, _ := letter(t, db)
	ann, _, _ := users(t, db)
	s, e := segmentRange(t, d, "ru", 3, "Баш")
	keep := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: ann, Body: "moves", Target: sverka.TextTarget{Lang: "ru", Start: s, End: e}}
	os, oe := segmentRange(t, d, "ru", 4, "пландарм")
	lose := &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationNote, CreatorID: ann, Body: "orphaned", Target: sverka.TextTarget{Lang: "ru", Start: os, End: oe}}
	for _, a := range []*sverka.Annotation{keep, lose} {
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	// Replace the base text: something is inserted before, and the
	// second quote disappears.
	text := "ВСТАВКА. " + strings.Replace(d.Text("ru").Text, "пландарм", "плацдарм", 1)
	store.ReplaceBaseTextForTest(t, db, d.ID, "ru", text)
	moved, orphaned, err := db.ReanchorAnnotations(ctx, d.ID, "ru")
	if err != nil {
		t.Fatal(err)
	}
	if moved != 1 || orphaned != 1 {
		t.Fatalf("got %d moved and %d orphaned, want 1 and 1", moved, orphaned)
	}
	k, _ := db.FindAnnotationByID(ctx, keep.ID, ann)
	if k.Target.Start != s+9 || k.Target.Exact != "Баш" || k.Orphaned {
		t.Fatalf("got %+v, want it moved by 9 code points", k.Target)
	}
	l, _ := db.FindAnnotationByID(ctx, lose.ID, ann)
	if !l.Orphaned || l.Target.Exact != "пландарм" {
		t.Fatalf("got %+v orphaned=%v, want it orphaned with its old quote", l.Target, l.Orphaned)
	}
}
