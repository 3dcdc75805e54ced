package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"os/exec"
	"testing"

	"sverka"
	"sverka/ingest"
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
