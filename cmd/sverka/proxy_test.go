package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"sverka"
	"sverka/internal/pgtest"
	"sverka/internal/ssetest"
	"sverka/store"
)

// inFlight bounds how long after a server died a write sent through the
// proxy may still fail: one in flight to it. The proxy resends the others
// to the server alive, with their bodies (before it buffered them, writes
// sent up to its health check's 2 s after the kill got 502: at 0.8 s and
// 1.3 s in two runs).
const inFlight = 700 * time.Millisecond

// nextData waits up to 5 s for the next data line of an event stream.
func nextData(t *testing.T, stream <-chan string) string {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-stream:
			if !ok {
				t.Fatal("the event stream ended")
			}
			if strings.HasPrefix(l, "data: ") {
				return l
			}
		case <-deadline:
			t.Fatal("no event through the proxy's stream within 5 s")
		}
	}
}

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitHealthy waits until base answers /healthz.
func waitHealthy(t *testing.T, base string) {
	t.Helper()
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Since(start) > 60*time.Second {
			t.Fatalf("%s did not answer /healthz within a minute", base)
		}
	}
}

// TestCaddyTwoServersPostgres runs docker-compose.yml's postgres profile
// on this machine: two sverka processes that start at once on one new
// PostgreSQL database (one migrates, the other waits for it), Caddy with
// deploy/Caddyfile in front. Notes written through the proxy, which
// spreads them over both servers, each reach an event stream open through
// it; then one server is killed (SIGKILL) while a client keeps writing:
// once the proxy's health check has noticed, it answers every write
// through the other, and every note it acknowledged is there.
func TestCaddyTwoServersPostgres(t *testing.T) {
	caddy := tool(t, "caddy", "caddy")
	url := pgtest.URL(t)
	images := t.TempDir()
	var servers []*exec.Cmd
	var upstreams []string
	for range 2 {
		addr := freeAddr(t)
		srv := child(t, "serve", "--addr", addr, "--db", url, "--images", images, "--log-level", "warn")
		var log bytes.Buffer
		srv.Stderr = &log
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			srv.Process.Kill()
			srv.Wait()
			if log.Len() > 0 {
				t.Logf("server %s log:\n%s", addr, log.String())
			}
		})
		servers, upstreams = append(servers, srv), append(upstreams, addr)
	}
	for _, addr := range upstreams {
		waitHealthy(t, "http://"+addr)
	}
	proxy := freeAddr(t)
	home := t.TempDir()
	cmd := exec.Command(caddy, "run", "--adapter", "caddyfile", "--config", filepath.Join("..", "..", "deploy", "Caddyfile"))
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+home, "XDG_CONFIG_HOME="+home,
		"SVERKA_UPSTREAMS="+strings.Join(upstreams, " "), "SVERKA_PROXY_ADDR=http://"+proxy)
	var caddyLog bytes.Buffer
	cmd.Stderr = &caddyLog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("caddy log:\n%s", caddyLog.String())
		}
	})
	base := "http://" + proxy
	waitHealthy(t, base)

	ctx := context.Background()
	db, err := store.Open(ctx, url, store.WithImages(images))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.CreateUser(ctx, "vera", sverka.RoleAnnotator, "")
	if err != nil {
		t.Fatal(err)
	}
	token, err := db.CreateToken(ctx, u.ID, "proxy test")
	if err != nil {
		t.Fatal(err)
	}
	note := func(text string) (int, string) {
		body := fmt.Sprintf(`{"type":"Annotation","motivation":"commenting","body":{"type":"TextualBody","value":%q,"format":"text/markdown"},
			"target":{"type":"SpecificResource","source":"%s/documents/117313/en","selector":{"type":"TextQuoteSelector","exact":"your reply"}}}`, text, base)
		req, _ := http.NewRequest(http.MethodPost, base+"/api/documents/117313/annotations/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/ld+json")
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Idempotency-Key", text)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location")
	}

	stream := ssetest.Open(t, base+"/api/documents/117313/events")
	for i := range 4 { // round robin: two through each server
		if code, loc := note(fmt.Sprintf("note %d", i)); code != http.StatusCreated {
			t.Fatalf("note %d through the proxy: %d %s", i, code, loc)
		}
		if e := nextData(t, stream); !strings.Contains(e, `"action":"create"`) {
			t.Errorf("event of note %d: %s", i, e)
		}
	}

	var mu sync.Mutex
	var acked []string
	var failedAt []time.Time
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			sent := time.Now()
			code, loc := note(fmt.Sprintf("under load %d", i))
			mu.Lock()
			if code == http.StatusCreated {
				acked = append(acked, loc)
			} else {
				failedAt = append(failedAt, sent)
			}
			mu.Unlock()
		}
	}()
	time.Sleep(time.Second)
	killed := time.Now()
	servers[0].Process.Kill()
	time.Sleep(5 * time.Second)
	close(stop)
	wg.Wait()
	var late []time.Duration // after the kill; negative: sent before it, in flight
	for _, at := range failedAt {
		late = append(late, at.Sub(killed).Round(time.Millisecond))
		if at.Sub(killed) > inFlight {
			t.Errorf("a write sent %v after the kill failed; want only those in flight as it died", at.Sub(killed))
		}
	}
	t.Logf("a client writing through the proxy while one of two servers was killed: %d notes acknowledged, %d answered 502 (sent %v from the kill)", len(acked), len(failedAt), late)
	for _, loc := range acked {
		path := loc[strings.Index(loc, "/api/"):]
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("acknowledged note %s: %v %v", path, resp.StatusCode, err)
		}
		resp.Body.Close()
	}
}
