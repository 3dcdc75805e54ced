package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"sverka"
	"sverka/ingest"
	"sverka/internal/storetest"
	"sverka/store"
)

// rows renders the alignment as a reader sees it: per link its status and
// the sentences of each side, joined by " | ".
func rows(d *sverka.Document) []string {
	var out []string
	for _, l := range d.Links {
		var sides []string
		for _, t := range d.Texts {
			var s []string
			for _, k := range l.Segments[t.Lang] {
				s = append(s, t.Segments[k].Text)
			}
			sides = append(sides, strings.Join(s, " | "))
		}
		out = append(out, l.Status+": "+strings.Join(sides, " <> "))
	}
	return out
}

// editor is a step of the alignment editor, as a test drives it.
type editor struct {
	t    testing.TB
	db   *store.DB
	id   string
	user int64
	// lastIDs are the link ids before the current step.
	lastIDs []int64
}

func (e *editor) doc() *sverka.Document {
	e.t.Helper()
	d, err := e.db.FindDocumentByID(context.Background(), e.id)
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

// edit runs fn against the current revision and fails the test on error.
func (e *editor) edit(fn func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error)) *store.AlignmentResult {
	e.t.Helper()
	res, err := fn(context.Background(), store.AlignmentEdit{DocumentID: e.id, Revision: e.doc().Revision, UserID: e.user})
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

func TestAlignmentEditsAndUndo(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	vera := store.NewTestUser(t, db, "vera", sverka.RoleEditor)
	e := &editor{t: t, db: db, id: "117313", user: vera}
	orig := e.doc()
	start := rows(orig)
	if len(start) != 22 {
		t.Fatalf("got %d links, want the letter's 22", len(start))
	}
	// A note on the English words "I received your reply." (link 2 or so),
	// to see that no alignment edit moves it.
	en := orig.Text("en")
	at := strings.Index(en.Text, "I received your reply.")
	if at < 0 {
		t.Fatal("the letter lacks its English sentence")
	}
	s := len([]rune(en.Text[:at]))
	note := &sverka.Annotation{DocumentID: e.id, Motivation: sverka.MotivationNote, Body: "a note",
		Target: sverka.TextTarget{Lang: "en", Start: s, End: s + len([]rune("I received your reply."))}, CreatorID: vera}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		name  string
		run   func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error)
		check func(t *testing.T, before, after []string, d *sverka.Document)
	}{
		{"merge 1 with 2", func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
			return db.MergeLinks(ctx, a, 1)
		}, func(t *testing.T, before, after []string, d *sverka.Document) {
			if len(after) != len(before)-1 {
				t.Errorf("got %d links, want %d", len(after), len(before)-1)
			}
			if d.Links[0].Status != "confirmed" || len(d.Links[0].Segments["ru"]) != len(orig.Links[0].Segments["ru"])+len(orig.Links[1].Segments["ru"]) {
				t.Errorf("got link 1 %+v, want links 1 and 2 together, confirmed", d.Links[0])
			}
		}},
		{"split it again", func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
			return db.SplitLink(ctx, a, 1, map[string]int{"ru": len(orig.Links[0].Segments["ru"]), "en": len(orig.Links[0].Segments["en"])})
		}, func(t *testing.T, before, after []string, d *sverka.Document) {
			if len(after) != 22 || after[0][strings.Index(after[0], ":"):] != start[0][strings.Index(start[0], ":"):] {
				t.Errorf("got link 1 %q, want %q", after[0], start[0])
			}
		}},
		{"move the first English sentence of link 3 up", func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
			return db.MoveSentence(ctx, a, 3, "en", true)
		}, func(t *testing.T, before, after []string, d *sverka.Document) {
			moved := orig.Text("en").Segments[orig.Links[2].Segments["en"][0]].Text
			if !strings.HasSuffix(after[1], moved) {
				t.Errorf("got link 2 %q, want it to end with %q", after[1], moved)
			}
		}},
		{"move it back down", func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
			return db.MoveSentence(ctx, a, 2, "en", false)
		}, func(t *testing.T, before, after []string, d *sverka.Document) {
			if after[2][strings.Index(after[2], ":"):] != start[2][strings.Index(start[2], ":"):] {
				t.Errorf("got link 3 %q, want %q", after[2], start[2])
			}
		}},
		{"split an English sentence", func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
			d := e.doc()
			seg := d.Text("en").Segments[0]
			cut := strings.Index(seg.Text, " ")
			return db.SplitSentence(ctx, a, "en", 0, seg.Start+len([]rune(seg.Text[:cut]))+1)
		}, func(t *testing.T, before, after []string, d *sverka.Document) {
			if got, want := len(d.Text("en").Segments), len(orig.Text("en").Segments)+1; got != want {
				t.Errorf("got %d English sentences, want %d", got, want)
			}
			if d.Text("en").Text != orig.Text("en").Text {
				t.Error("splitting a sentence changed the base text")
			}
		}},
		{"join it again", func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
			return db.JoinSentences(ctx, a, "en", 0)
		}, func(t *testing.T, before, after []string, d *sverka.Document) {
			if d.Text("en").Segments[0].Text != orig.Text("en").Segments[0].Text {
				t.Errorf("got %q, want %q", d.Text("en").Segments[0].Text, orig.Text("en").Segments[0].Text)
			}
		}},
		{"confirm link 5", func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
			return db.ConfirmLinks(ctx, a, 5, 5)
		}, func(t *testing.T, before, after []string, d *sverka.Document) {
			if d.Links[4].Status != "confirmed" || d.Links[5].Status != "auto" {
				t.Errorf("got statuses %s, %s, want confirmed, auto", d.Links[4].Status, d.Links[5].Status)
			}
			if d.Links[4].ID != e.lastIDs[4] {
				t.Errorf("confirming changed the link id %d to %d", e.lastIDs[4], d.Links[4].ID)
			}
		}},
		{"confirm all up to 10", func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
			return db.ConfirmLinks(ctx, a, 1, 10)
		}, func(t *testing.T, before, after []string, d *sverka.Document) {
			for i, l := range d.Links {
				if want := i < 10; (l.Status == "confirmed") != want {
					t.Errorf("link %d is %s", i+1, l.Status)
				}
			}
		}},
		{"re-align after the last confirmed", func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
			return db.RealignAfterConfirmed(ctx, a, ingest.Realign)
		}, func(t *testing.T, before, after []string, d *sverka.Document) {
			if !slices.Equal(statusless(after[10:]), statusless(start[10:])) {
				t.Errorf("re-aligning the tail gave\n%s\nwant\n%s", strings.Join(after[10:], "\n"), strings.Join(start[10:], "\n"))
			}
		}},
	}
	var history [][]string
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			d := e.doc()
			before := rows(d)
			e.lastIDs = nil
			for _, l := range d.Links {
				e.lastIDs = append(e.lastIDs, l.ID)
			}
			res := e.edit(st.run)
			after := e.doc()
			if after.Revision != res.Revision || after.Revision <= d.Revision {
				t.Errorf("got revision %d (result %d), want it above %d", after.Revision, res.Revision, d.Revision)
			}
			st.check(t, before, rows(after), after)
			history = append(history, before)
		})
	}

	// The note is still on its words.
	got, err := db.FindAnnotationByID(ctx, note.ID, vera)
	if err != nil {
		t.Fatal(err)
	}
	if got.Target != note.Target || string([]rune(e.doc().Text("en").Text)[got.Target.Start:got.Target.End]) != "I received your reply." {
		t.Errorf("got the note on %+v, want %+v", got.Target, note.Target)
	}

	// Every edit is in the audit trail with its editor.
	changes, err := db.FindChanges(ctx, store.ChangeFilter{DocumentID: e.id, Entity: "alignment", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) < len(steps) || changes[0].UserID != vera {
		t.Errorf("got %d alignment changes (latest by %d), want at least %d by %d", len(changes), changes[0].UserID, len(steps), vera)
	}

	// Undo walks back through every edit to the letter as it was.
	for {
		_, err := db.UndoAlignmentEdit(ctx, store.AlignmentEdit{DocumentID: e.id, Revision: e.doc().Revision, UserID: vera})
		if errors.Is(err, sverka.ErrNotFound) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := rows(e.doc()); !slices.Equal(got, start) {
		t.Errorf("after undoing everything got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(start, "\n"))
	}
}

// statusless drops the status from rows.
func statusless(rs []string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r[strings.Index(r, ":"):]
	}
	return out
}

func TestAlignmentEditRefusals(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	cur := store.AlignmentEdit{DocumentID: d.ID, Revision: d.Revision}
	stale := store.AlignmentEdit{DocumentID: d.ID, Revision: d.Revision - 1}
	last := len(d.Links)
	var ve *sverka.ValidationError
	tests := []struct {
		name string
		run  func() (*store.AlignmentResult, error)
		want func(error) bool
	}{
		{"stale revision", func() (*store.AlignmentResult, error) { return db.MergeLinks(ctx, stale, 1) }, isConflict},
		{"unknown document", func() (*store.AlignmentResult, error) {
			return db.MergeLinks(ctx, store.AlignmentEdit{DocumentID: "nope", Revision: 1}, 1)
		}, func(err error) bool { return errors.Is(err, sverka.ErrNotFound) }},
		{"merge the last", func() (*store.AlignmentResult, error) { return db.MergeLinks(ctx, cur, last) }, isInvalid(&ve)},
		{"no such link", func() (*store.AlignmentResult, error) { return db.ConfirmLinks(ctx, cur, 0, 3) }, isInvalid(&ve)},
		{"split into an empty link", func() (*store.AlignmentResult, error) {
			return db.SplitLink(ctx, cur, 1, map[string]int{"ru": 0, "en": 0})
		}, isInvalid(&ve)},
		{"move above the first", func() (*store.AlignmentResult, error) { return db.MoveSentence(ctx, cur, 1, "ru", true) }, isInvalid(&ve)},
		{"move below the last", func() (*store.AlignmentResult, error) { return db.MoveSentence(ctx, cur, last, "ru", false) }, isInvalid(&ve)},
		{"unknown language", func() (*store.AlignmentResult, error) { return db.MoveSentence(ctx, cur, 2, "fr", true) }, isInvalid(&ve)},
		{"split a sentence at its start", func() (*store.AlignmentResult, error) {
			return db.SplitSentence(ctx, cur, "en", 0, d.Text("en").Segments[0].Start)
		}, isInvalid(&ve)},
		{"join the last sentence", func() (*store.AlignmentResult, error) {
			return db.JoinSentences(ctx, cur, "ru", len(d.Text("ru").Segments)-1)
		}, isInvalid(&ve)},
		{"nothing to undo", func() (*store.AlignmentResult, error) { return db.UndoAlignmentEdit(ctx, cur) }, func(err error) bool { return errors.Is(err, sverka.ErrNotFound) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.run()
			if !tc.want(err) {
				t.Fatalf("got %v", err)
			}
		})
	}
	after, err := db.FindDocumentByID(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Revision != d.Revision || !slices.Equal(rows(after), rows(d)) {
		t.Error("a refused edit changed the document")
	}
}

func isConflict(err error) bool { return errors.Is(err, sverka.ErrConflict) }

func isInvalid(ve **sverka.ValidationError) func(error) bool {
	return func(err error) bool { return errors.As(err, ve) }
}

// TestUndoAfterTwoEditors: undo takes back the document's last edit, whoever
// made it, and the log keeps who did what.
func TestUndoAfterTwoEditors(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	a := store.NewTestUser(t, db, "anna", sverka.RoleEditor)
	b := store.NewTestUser(t, db, "boris", sverka.RoleEditor)
	e := &editor{t: t, db: db, id: "117313", user: a}
	e.edit(func(ctx context.Context, x store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.MergeLinks(ctx, x, 3)
	})
	e.user = b
	e.edit(func(ctx context.Context, x store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.MergeLinks(ctx, x, 3)
	})
	res := e.edit(func(ctx context.Context, x store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.UndoAlignmentEdit(ctx, x)
	})
	if res.First != 3 || res.Count != 2 {
		t.Errorf("got undo of links %d+%d, want 3+2", res.First, res.Count)
	}
	edits, err := db.FindAlignmentEdits(ctx, "117313", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range edits {
		got = append(got, fmt.Sprintf("%s %s %d %v", x.UserName, x.Op, x.Position, x.Undone))
	}
	want := []string{"boris merge 3 true", "anna merge 3 false"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRealignAfterConfirmed stores the letter with its tail (after link 8)
// scrambled into lone sentences, confirms link 8 and re-aligns: the tail
// comes back as the importer aligned it, the confirmed head is untouched.
func TestRealignAfterConfirmed(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	seed, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	d := *seed
	d.ID = "scrambled"
	d.Links = slices.Clone(seed.Links[:8])
	from := map[string]int{}
	for _, l := range d.Links {
		for lang, idx := range l.Segments {
			from[lang] += len(idx)
		}
	}
	for _, tx := range d.Texts {
		for k := from[tx.Lang]; k < len(tx.Segments); k++ {
			d.Links = append(d.Links, sverka.Link{Status: "auto", Confidence: 0.1, Segments: map[string][]int{tx.Lang: {k}}})
		}
	}
	if err := db.CreateDocument(ctx, &d); err != nil {
		t.Fatal(err)
	}
	e := &editor{t: t, db: db, id: d.ID}
	e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.ConfirmLinks(ctx, a, 8, 8)
	})
	res := e.edit(func(ctx context.Context, a store.AlignmentEdit) (*store.AlignmentResult, error) {
		return db.RealignAfterConfirmed(ctx, a, ingest.Realign)
	})
	if res.First != 9 || res.Count != len(seed.Links)-8 {
		t.Errorf("got links %d+%d re-aligned, want 9+%d", res.First, res.Count, len(seed.Links)-8)
	}
	got, want := statusless(rows(e.doc())), statusless(rows(seed))
	if !slices.Equal(got, want) {
		t.Errorf("re-aligned letter:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
