package server

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/internal/storetest"
)

// logBuffer collects a server's log lines while it runs.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// TestClientGoneIsNoServerError: a client that closes its connection while
// its request runs is logged as a 499 at info level, never as a failed
// request (an error, a 5xx), and the POST it sent with an Idempotency-Key
// runs again when retried instead of replaying an answer nobody read.
func TestClientGoneIsNoServerError(t *testing.T) {
	db := storetest.Open(t)
	var logs logBuffer
	srv, err := New(db, slog.New(slog.NewJSONHandler(&logs, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{}, 1)
	var calls atomic.Int32
	srv.echo.POST("/api/wait", func(c echo.Context) error {
		if calls.Add(1) > 1 {
			return c.JSON(http.StatusCreated, map[string]string{"made": "now"})
		}
		started <- struct{}{}
		<-c.Request().Context().Done()
		return fmt.Errorf("wait for the store: %w", c.Request().Context().Err())
	})
	access["POST /api/wait"], idempotentRoutes["POST /api/wait"] = sverka.RoleReader, true
	t.Cleanup(func() { delete(access, "POST /api/wait"); delete(idempotentRoutes, "POST /api/wait") })
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	p := signedIn(t, db, "leaver", sverka.RoleReader)
	post := func(ctx context.Context) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, hs.URL+"/api/wait", strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+p.bearer)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", "leave-1")
		return http.DefaultClient.Do(req)
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		resp, err := post(ctx)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the request never reached its handler")
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("got an answer after the client gave up")
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "client closed the request") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	got := logs.String()
	if !strings.Contains(got, `"msg":"client closed the request"`) || !strings.Contains(got, `"status":499`) {
		t.Errorf("got log %s, want the request logged as closed by its client, status 499", got)
	}
	if strings.Contains(got, `"level":"ERROR"`) {
		t.Errorf("got log %s, want no error: the server did not fail", got)
	}

	// The retry runs (once the first has let its key go), it is not replayed.
	for {
		resp, err := post(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusConflict && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond) // the first still holds the key
			continue
		}
		if resp.StatusCode != http.StatusCreated || resp.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("retry: got %d, replayed %q; want 201 from running it again", resp.StatusCode, resp.Header.Get("Idempotent-Replayed"))
		}
		break
	}
}
