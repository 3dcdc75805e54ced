package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"sverka"
)

// TestW3CExportUnderWrites exports the letter's annotations as a W3C
// collection again and again while a colleague keeps annotating it: every
// export is whole, and its total is the number of items it holds (the
// format counts first and writes after, from one snapshot).
func TestW3CExportUnderWrites(t *testing.T) {
	srv, db := newTestServer(t)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; !stop.Load(); i++ {
			a := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: anna.user.ID, Body: fmt.Sprintf("note %d", i),
				Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"}}
			if err := db.CreateAnnotation(context.Background(), a); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	defer func() { stop.Store(true); wg.Wait() }()
	for range 20 {
		rec := do(t, srv, http.MethodGet, "/api/documents/117313/export?format=w3c", "")
		if rec.Code != http.StatusOK {
			t.Fatalf("export beside writes: got %d %s", rec.Code, rec.Body)
		}
		var c struct {
			Total int `json:"total"`
			First struct {
				Items []json.RawMessage `json:"items"`
			} `json:"first"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
			t.Fatalf("export beside writes: %v", err)
		}
		if c.Total != len(c.First.Items) {
			t.Fatalf("got total %d and %d items", c.Total, len(c.First.Items))
		}
	}
}
