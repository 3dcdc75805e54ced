package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os/exec"
	"sync"
	"testing"
	"time"

	"sverka"
	"sverka/ingest"
	"sverka/internal/storetest"
	"sverka/store"
)

// A server that died while reading a scan left its job "running": the
// next server to start on the database ends that job as failed, so that a
// new one may start on the document at once; the jobs of a live server (this
// process) and of another host are left alone.
func TestOCRJobsOfADeadServerFail(t *testing.T) {
	srv, db := newTestServer(t)
	t.Cleanup(srv.Shutdown)
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	for _, id := range []string{"ocr-dead", "ocr-alive", "ocr-far"} {
		importPlain(t, db, ingest.PlainPair{ID: id, Title: "Записка", Russian: "Страница.", English: "A page."}, "", "")
		body, ct := scanUpload(t, map[string][]byte{"p.png": testPNG(t, 30, 30, 0)}, "p.png")
		if rec := do(t, srv, http.MethodPost, "/api/documents/"+id+"/scans", body, "Content-Type", ct, "Authorization", editor); rec.Code != http.StatusCreated {
			t.Fatalf("attach: got %d %s", rec.Code, rec.Body.String())
		}
	}
	// A process that ran a job and was killed.
	crashed := exec.Command("sleep", "60")
	if err := crashed.Start(); err != nil {
		t.Fatal(err)
	}
	deadName := runnerName(crashed.Process.Pid)
	crashed.Process.Kill()
	crashed.Wait()

	ctx := context.Background()
	jobs := map[string]store.OCRJob{}
	for id, runner := range map[string]string{"ocr-dead": deadName, "ocr-alive": ocrRunner, "ocr-far": "elsewhere 1 1"} {
		j, err := db.StartOCRJob(ctx, store.OCRJob{DocumentID: id, Lang: "ru", Runner: runner})
		if err != nil {
			t.Fatal(err)
		}
		jobs[id] = j
	}
	if rec := do(t, srv, http.MethodPost, "/api/documents/ocr-dead/ocr", "", "Authorization", editor); rec.Code != http.StatusConflict {
		t.Fatalf("a job while another is under way: got %d, want 409", rec.Code)
	}

	restarted, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(restarted.Shutdown)
	for id, want := range map[string]string{"ocr-dead": "failed", "ocr-alive": "queued", "ocr-far": "queued"} {
		j, err := db.FindOCRJob(ctx, id, jobs[id].ID)
		if err != nil {
			t.Fatal(err)
		}
		if j.State != want {
			t.Errorf("%s's job after a restart: got %s (%s), want %s", id, j.State, j.Error, want)
		}
	}
	if _, err := db.StartOCRJob(ctx, store.OCRJob{DocumentID: "ocr-dead", Lang: "ru", Runner: ocrRunner}); err != nil {
		t.Errorf("a new job on the dead server's document: %v", err)
	}
}

// A server that stops touching its jobs' heartbeats, on this host or
// another, has stopped: once a job's heartbeat is older than
// store.OCRJobStale, any server takes the job as dead (shown failed, and
// ended as failed when a new job starts on its document or a server
// starts), while a job whose server beats, even one queued behind another
// for minutes, is left alone. On both engines.
func TestOCRJobsWithoutHeartbeatFail(t *testing.T) {
	var mu sync.Mutex
	clock := time.Now().UTC()
	now := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return clock
	}
	later := func(d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(d)
	}
	db, err := store.Open(context.Background(), storetest.DSN(t), storetest.Images(t), store.WithClock(now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	srv.ocr.beat = 10 * time.Millisecond
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	for _, id := range []string{"ocr-far", "ocr-near"} {
		importPlain(t, db, ingest.PlainPair{ID: id, Title: "Записка", Russian: "Страница.", English: "A page."}, "", "")
		body, ct := scanUpload(t, map[string][]byte{"p.png": testPNG(t, 30, 30, 0)}, "p.png")
		if rec := do(t, srv, http.MethodPost, "/api/documents/"+id+"/scans", body, "Content-Type", ct, "Authorization", editor); rec.Code != http.StatusCreated {
			t.Fatalf("attach: got %d %s", rec.Code, rec.Body.String())
		}
	}
	ctx := context.Background()
	// A server on another host took a job and then went silent.
	far, err := db.StartOCRJob(ctx, store.OCRJob{DocumentID: "ocr-far", Lang: "ru", Runner: "elsewhere 1 1"})
	if err != nil {
		t.Fatal(err)
	}
	// This server's job waits for Tesseract, held by another job, beating.
	srv.ocr.slot <- struct{}{}
	rec := do(t, srv, http.MethodPost, "/api/documents/ocr-near/ocr", "", "Authorization", editor)
	var near ocrJobJSON
	if err := json.Unmarshal(rec.Body.Bytes(), &near); err != nil || rec.Code != http.StatusAccepted {
		t.Fatalf("start a job: got %d %v %s", rec.Code, err, rec.Body.String())
	}
	for range 3 {
		later(store.OCRJobStale / 2)
		at, deadline := now(), time.Now().Add(5*time.Second)
		for j, _ := db.FindOCRJob(ctx, "ocr-near", near.ID); j.Heartbeat.Before(at); j, _ = db.FindOCRJob(ctx, "ocr-near", near.ID) {
			if time.Now().After(deadline) {
				t.Fatalf("this server's queued job: no heartbeat since %v", j.Heartbeat)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	// 1.5 × OCRJobStale later.
	if j, err := db.FindOCRJob(ctx, "ocr-far", far.ID); err != nil || j.State != "failed" {
		t.Errorf("the silent server's job: got %s (%v), want failed", j.State, err)
	}
	if j, err := db.FindOCRJob(ctx, "ocr-near", near.ID); err != nil || j.State != "queued" {
		t.Errorf("the beating server's job: got %s (%v), want queued", j.State, err)
	}
	if _, err := db.StartOCRJob(ctx, store.OCRJob{DocumentID: "ocr-far", Lang: "ru", Runner: ocrRunner}); err != nil {
		t.Errorf("a new job on the silent server's document: %v", err)
	}
	if _, err := db.StartOCRJob(ctx, store.OCRJob{DocumentID: "ocr-near", Lang: "ru", Runner: "elsewhere 1 1"}); !errors.Is(err, sverka.ErrConflict) {
		t.Errorf("a second job on the beating server's document: got %v, want ErrConflict", err)
	}
	if ours, err := db.OCRJobBeat(ctx, far.ID); err != nil || ours {
		t.Errorf("the silent server comes back: its job is still its own: %v %v, want false: it stops", ours, err)
	}
}
