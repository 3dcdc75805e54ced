// Package ssetest opens a stream of server-sent events for a test, as
// EventSource would, and hands over its lines.
package ssetest

import (
	"bufio"
	"context"
	"net/http"
	"testing"
)

// Open asks url for its event stream and returns the stream's lines as
// they come; the channel is closed when the stream ends. The stream is
// closed when t ends.
func Open(t testing.TB, url string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		t.Fatalf("event stream %s: %s", url, resp.Status)
	}
	lines := make(chan string, 64)
	go func() {
		defer resp.Body.Close()
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	return lines
}
