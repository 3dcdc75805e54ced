package store

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sverka"
	"sverka/internal/pgtest"
)

// TestDumpRoundTrip writes a complete archive of a database while a writer
// keeps annotating, loads it into a new file, and dumps that again: the two
// archives hold the same rows, and in the copy the password, the API token
// and the private note work as before.
func TestDumpRoundTrip(t *testing.T) {
	pgtest.SkipOn(t)
	ctx := context.Background()
	db := openTest(t)
	u, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	token, err := db.CreateToken(ctx, u.ID, "script")
	if err != nil {
		t.Fatal(err)
	}
	private := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: u.ID, Body: "mine alone", Private: true,
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"}}
	if err := db.CreateAnnotation(ctx, private); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; !stop.Load(); i++ {
			a := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: u.ID, Body: fmt.Sprintf("during %d", i),
				Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "Should we fear this?"}}
			if err := db.CreateAnnotation(ctx, a); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	time.Sleep(50 * time.Millisecond)
	var first bytes.Buffer
	err = db.Dump(ctx, &first)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := LoadDump(ctx, bytes.NewReader(first.Bytes()), path); err != nil {
		t.Fatal(err)
	}
	copied, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	var second bytes.Buffer
	if err := copied.Dump(ctx, &second); err != nil {
		t.Fatal(err)
	}
	a, b := strings.Split(first.String(), "\n"), strings.Split(second.String(), "\n")
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Errorf("the archive of the copy differs: %d lines, was %d", len(b), len(a))
	}
	if !strings.Contains(first.String(), `"table":"users"`) {
		t.Error("the archive holds no users")
	}
	if _, err := copied.Authenticate(ctx, "vera", "correct horse battery"); err != nil {
		t.Errorf("sign in to the copy: %v", err)
	}
	if got, err := copied.FindUserByToken(ctx, token); err != nil || got.ID != u.ID {
		t.Errorf("the API token in the copy: got %v, %v", got, err)
	}
	if got, err := copied.FindAnnotationByID(ctx, private.ID, u.ID); err != nil || got.Body != "mine alone" || !got.Private {
		t.Errorf("the private note in the copy: got %+v, %v", got, err)
	}
	if err := LoadDump(ctx, strings.NewReader(`{"format":"something else"}`), filepath.Join(t.TempDir(), "x.db")); err == nil {
		t.Error("loading something else: got no error")
	}
}
