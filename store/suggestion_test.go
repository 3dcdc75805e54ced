package store_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"sverka"
	"sverka/internal/storetest"
	"sverka/store"
	"sverka/suggest"
)

// corrections makes a correction of each of the letter's three Корев (RU 4,
// 5 and 8) to Корею, suggested.
func corrections(t *testing.T, d *sverka.Document, creator int64) []*sverka.Annotation {
	t.Helper()
	var out []*sverka.Annotation
	for _, seg := range []int{4, 5, 8} {
		s, e := segmentRange(t, d, "ru", seg, "Корев")
		out = append(out, &sverka.Annotation{DocumentID: d.ID, Motivation: sverka.MotivationCorrection, CreatorID: creator,
			Body: "Корею", Suggested: true, Target: sverka.TextTarget{Lang: "ru", Start: s, End: e, Exact: "Корев"}})
	}
	return out
}

// TestBatchOfCorrections proposes every occurrence as one batch, reviews it
// with one call, and checks the history (one entry per correction and
// action) and the confusion model learned from it.
func TestBatchOfCorrections(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, _ := letter(t, db)
	ann, _, editor := users(t, db)
	batch := corrections(t, d, ann)
	if err := db.ProposeCorrections(ctx, batch, false); err != nil {
		t.Fatal(err)
	}
	name := batch[0].Batch
	for _, a := range batch {
		if a.Batch == "" || a.Batch != name || !a.Suggested || a.Status != sverka.StatusProposed {
			t.Fatalf("got batch %q suggested %v status %s, want one batch of proposed suggestions", a.Batch, a.Suggested, a.Status)
		}
	}
	queue, err := db.FindCorrections(ctx, store.CorrectionFilter{Form: "Корев", Creator: "anna"})
	if err != nil || len(queue) != 3 {
		t.Fatalf("queue for Корев by anna: got %d, %v; want 3", len(queue), err)
	}
	if q, _ := db.FindCorrections(ctx, store.CorrectionFilter{Creator: "boris"}); len(q) != 0 {
		t.Errorf("queue for boris: got %d, want none", len(q))
	}
	reviewed, err := db.ReviewBatch(ctx, name, sverka.StatusAccepted, editor)
	if err != nil || len(reviewed) != 3 {
		t.Fatalf("accept the batch: got %d, %v; want 3 accepted", len(reviewed), err)
	}
	for _, a := range batch {
		changes, err := db.FindChanges(ctx, store.ChangeFilter{Entity: "annotation", EntityID: strconv.FormatInt(a.ID, 10)})
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != 2 {
			t.Errorf("correction %d: got %d history entries, want create and accept", a.ID, len(changes))
		}
	}
	if _, err := db.ReviewBatch(ctx, name, sverka.StatusAccepted, editor); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("accepting it again: got %v, want ErrNotFound", err)
	}
	learned, err := db.FindConfusions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if learned.Cost(suggest.Edit{OCR: "в", Want: "ю"}) >= suggest.NewChannel().Cost(suggest.Edit{OCR: "в", Want: "ю"}) {
		t.Errorf("after three accepted Корев → Корею, в for ю is no cheaper")
	}
	before := learned.Cost(suggest.Edit{OCR: "в", Want: "ю"})
	if _, err := db.ReviewBatch(ctx, name, sverka.StatusRejected, editor); err != nil {
		t.Fatal(err)
	}
	after, _ := db.FindConfusions(ctx)
	if got, want := after.Cost(suggest.Edit{OCR: "в", Want: "ю"}), suggest.NewChannel().Cost(suggest.Edit{OCR: "в", Want: "ю"}); got != want || got <= before {
		t.Errorf("after rejecting them again: cost %v, want back to %v", got, want)
	}
}

func TestProposeAndAcceptAtOnce(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, _ := letter(t, db)
	_, _, editor := users(t, db)
	one := corrections(t, d, editor)[:1]
	if err := db.ProposeCorrections(ctx, one, true); err != nil {
		t.Fatal(err)
	}
	if a := one[0]; a.Status != sverka.StatusAccepted || a.Batch != "" || a.CreatorID != editor || a.ReviewerID != editor {
		t.Errorf("got status %s batch %q creator %d reviewer %d, want accepted at once by its author, no batch", a.Status, a.Batch, a.CreatorID, a.ReviewerID)
	}
	// Overlapping the accepted one: refused, and nothing of the batch stays.
	two := corrections(t, d, editor)
	if err := db.ProposeCorrections(ctx, two, true); !errors.Is(err, sverka.ErrConflict) {
		t.Fatalf("accepting over an accepted correction: got %v, want ErrConflict", err)
	}
	if q, _ := db.FindCorrections(ctx, store.CorrectionFilter{Form: "Корев"}); len(q) != 0 {
		t.Errorf("after a refused batch: got %d proposed, want none", len(q))
	}
}

func TestDismissSuggestion(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	d, _ := letter(t, db)
	ann, _, _ := users(t, db)
	s, e := segmentRange(t, d, "ru", 4, "Корев")
	dm := &store.Dismissal{DocumentID: d.ID, Lang: "ru", Start: s, End: e, Form: "Корев", Reading: "Корею", UserID: ann}
	for range 2 {
		if err := db.DismissSuggestion(ctx, dm); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.FindDismissals(ctx, d.ID)
	if err != nil || len(got) != 1 || got[0].Form != "Корев" {
		t.Fatalf("got %v, %v; want the one dismissal", got, err)
	}
	bad := *dm
	bad.Form = "Корею"
	if err := db.DismissSuggestion(ctx, &bad); !errors.As(err, new(*sverka.ValidationError)) {
		t.Errorf("dismissing a form the text does not have: got %v, want a validation error", err)
	}
	bad = *dm
	bad.DocumentID = "nope"
	if err := db.DismissSuggestion(ctx, &bad); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("dismissing in no document: got %v, want ErrNotFound", err)
	}
}
