package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"sverka"
	"sverka/store"
)

// notesBy counts the annotations of user on the seed letter with body text.
func notesBy(t *testing.T, db *store.DB, user *sverka.User, text string) int {
	t.Helper()
	list, _, err := db.FindAnnotations(context.Background(), store.AnnotationFilter{DocumentID: "117313", CreatorID: user.ID, ViewerID: user.ID, Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range list {
		if a.Body == text {
			n++
		}
	}
	return n
}

// TestIdempotencyKey sends annotation POSTs again with the same
// Idempotency-Key: the second gets the first answer and makes nothing; the
// key used for another body is 422; another user's key is their own; a
// POST without a key is not deduplicated.
func TestIdempotencyKey(t *testing.T) {
	srv, db := newTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	boris := signedIn(t, db, "boris", sverka.RoleAnnotator)
	s, e := phrase(t, d, "ru", 3, "Баш")
	post := func(p principal, key, text string) (int, http.Header, string) {
		h := p.withBearer("Content-Type", "application/ld+json")
		if key != "" {
			h = append(h, "Idempotency-Key", key)
		}
		rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", noteBody(d.ID, "ru", s, e, "Баш", text), h...)
		return rec.Code, rec.Header(), rec.Body.String()
	}
	code1, h1, body1 := post(anna, "key-1", "once")
	code2, h2, body2 := post(anna, "key-1", "once")
	if code1 != http.StatusCreated || code2 != code1 || body2 != body1 || h2.Get("Location") != h1.Get("Location") || h2.Get("ETag") != h1.Get("ETag") {
		t.Fatalf("the same POST twice: got %d %q then %d %q, want the same 201", code1, h1.Get("Location"), code2, h2.Get("Location"))
	}
	if h2.Get("Idempotent-Replayed") != "true" || h1.Get("Idempotent-Replayed") != "" {
		t.Errorf("Idempotent-Replayed: got %q then %q, want only the second marked", h1.Get("Idempotent-Replayed"), h2.Get("Idempotent-Replayed"))
	}
	if n := notesBy(t, db, anna.user, "once"); n != 1 {
		t.Errorf("got %d notes after sending one twice with a key, want 1", n)
	}
	if code, _, body := post(anna, "key-1", "something else"); code != http.StatusUnprocessableEntity {
		t.Errorf("the key again with another body: got %d %s, want 422", code, body)
	}
	if code, _, _ := post(boris, "key-1", "once"); code != http.StatusCreated || notesBy(t, db, boris.user, "once") != 1 {
		t.Errorf("another user's key-1: got %d, want their own note", code)
	}
	for _, key := range []string{"tab\there", strings.Repeat("k", 256), "ключ"} {
		if code, _, _ := post(anna, key, "bad key"); code != http.StatusBadRequest {
			t.Errorf("key %q: got %d, want 400", key, code)
		}
	}
	post(anna, "", "twice")
	post(anna, "", "twice")
	if n := notesBy(t, db, anna.user, "twice"); n != 2 {
		t.Errorf("got %d notes after two POSTs without a key, want 2", n)
	}
	// Ten at once with one key: one note, and every answer is the 201 or a 409.
	var wg sync.WaitGroup
	codes := make([]int, 10)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, _ = post(anna, "key-2", "at once")
		}()
	}
	wg.Wait()
	for _, c := range codes {
		if c != http.StatusCreated && c != http.StatusConflict {
			t.Errorf("ten at once: got codes %v, want 201 or 409", codes)
			break
		}
	}
	if n := notesBy(t, db, anna.user, "at once"); n != 1 {
		t.Errorf("got %d notes from ten concurrent POSTs with one key, want 1", n)
	}
}

// TestRetryAfterReset sends a POST on a raw connection and closes it
// before the answer comes, as a network reset does, then sends it again
// with the same key until it is answered: there is one note.
func TestRetryAfterReset(t *testing.T) {
	base, _, db := startTestServer(t)
	d := letterDoc(t, db)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	s, e := phrase(t, d, "ru", 3, "Баш")
	body := noteBody(d.ID, "ru", s, e, "Баш", "sent twice")
	u, _ := url.Parse(base)
	for round := range 5 {
		key := fmt.Sprintf("reset-%d", round)
		conn, err := net.Dial("tcp", u.Host)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "POST /api/documents/117313/annotations/ HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/ld+json\r\nIdempotency-Key: %s\r\nContent-Length: %d\r\n\r\n%s",
			strings.TrimPrefix(testBase, "http://"), anna.bearer, key, len(body), body)
		if round%2 == 1 { // sometimes the answer starts before the reset
			bufio.NewReader(conn).ReadByte()
		}
		conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
		for try := 0; ; try++ {
			req, _ := http.NewRequest(http.MethodPost, base+"/api/documents/117313/annotations/", strings.NewReader(body))
			req.Host = strings.TrimPrefix(testBase, "http://")
			for i, h := 0, anna.withBearer("Content-Type", "application/ld+json", "Idempotency-Key", key); i+1 < len(h); i += 2 {
				req.Header.Set(h[i], h[i+1])
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusCreated {
				break
			}
			if resp.StatusCode != http.StatusConflict || try > 100 {
				t.Fatalf("retry %d: got %d, want 201 (or 409 while the first runs)", try, resp.StatusCode)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if n := notesBy(t, db, anna.user, "sent twice"); n != round+1 {
			t.Fatalf("round %d: got %d notes, want %d", round, n, round+1)
		}
	}
}
