package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"sverka"
)

// TestIdempotencyKeyLifetime claims a key, answers it, and finds the
// answer again until a day has passed; then the key is new.
func TestIdempotencyKeyLifetime(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	clock := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	db.now = func() time.Time { return clock }
	k := IdempotencyKey{UserID: NewTestUser(t, db, "anna", sverka.RoleAnnotator), Key: "k1", RequestHash: "h1"}
	if _, claimed, err := db.ClaimIdempotencyKey(ctx, k); err != nil || !claimed {
		t.Fatalf("first claim: got %v, %v; want claimed", claimed, err)
	}
	if _, _, err := db.ClaimIdempotencyKey(ctx, k); !errors.Is(err, sverka.ErrConflict) {
		t.Fatalf("claim while the first runs: got %v, want ErrConflict", err)
	}
	want := StoredAnswer{Status: 201, Header: map[string]string{"Location": "/api/annotations/7"}, Body: []byte(`{"id":7}`)}
	if err := db.SaveIdempotentAnswer(ctx, k, want); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(23 * time.Hour)
	got, claimed, err := db.ClaimIdempotencyKey(ctx, k)
	if err != nil || claimed || got.Status != 201 || got.Header["Location"] != want.Header["Location"] || string(got.Body) != string(want.Body) {
		t.Fatalf("claim after 23 h: got %+v, %v, %v; want the stored answer", got, claimed, err)
	}
	other := k
	other.RequestHash = "h2"
	var invalid *sverka.ValidationError
	if _, _, err := db.ClaimIdempotencyKey(ctx, other); !errors.As(err, &invalid) {
		t.Fatalf("the key for another request: got %v, want a validation error", err)
	}
	clock = clock.Add(2 * time.Hour)
	if _, claimed, err := db.ClaimIdempotencyKey(ctx, other); err != nil || !claimed {
		t.Fatalf("claim after 25 h: got %v, %v; want a new claim", claimed, err)
	}
	if err := db.ReleaseIdempotencyKey(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, claimed, err := db.ClaimIdempotencyKey(ctx, other); err != nil || !claimed {
		t.Fatalf("claim after release: got %v, %v; want a new claim", claimed, err)
	}
}
