package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"hash/crc32"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"sverka"
	"sverka/ingest"
	"sverka/store"
)

// keptDocument stores a document of id, title and Russian text, public or
// not, for the renderings tests.
func keptDocument(t *testing.T, db *store.DB, id, title, russian string, public bool) {
	t.Helper()
	d, err := ingest.Plain(ingest.PlainPair{ID: id, Title: title, Russian: russian, English: "The English text.\n\nA second sentence.\n"})
	if err != nil {
		t.Fatal(err)
	}
	d.Public = public
	if err := db.CreateDocument(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

// waitKept waits until both renderings of document id are kept for its
// current revision.
func waitKept(t *testing.T, db *store.DB, id string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for _, kind := range []string{renderingAPI, renderingView} {
		for {
			_, err := db.FindRendering(context.Background(), id, kind, thisBuild())
			if err == nil {
				break
			}
			if !errors.Is(err, sverka.ErrNotFound) || time.Now().After(deadline) {
				t.Fatalf("rendering %s of %s: got %v, want it kept", kind, id, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// freshServer is another server on db, with nothing in memory: what it
// serves of a document read before comes from the renderings kept.
func freshServer(t *testing.T, db *store.DB) *Server {
	t.Helper()
	srv, err := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	for srv.renderings.known() == "" {
		time.Sleep(10 * time.Millisecond)
	}
	return srv
}

// readAs GETs target gzipped as p and returns the status and the body,
// checking that a gzipped answer is one whole gzip member.
func readAs(t *testing.T, srv *Server, p principal, target string) (int, string) {
	t.Helper()
	rec := do(t, srv, http.MethodGet, target, "", p.withSession("Accept-Encoding", "gzip")...)
	body := rec.Body.Bytes()
	if rec.Header().Get("Content-Encoding") == "gzip" {
		r, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		r.Multistream(false)
		if body, err = io.ReadAll(r); err != nil {
			t.Fatalf("GET %s: got a broken gzip answer: %v", target, err)
		}
	}
	return rec.Code, string(body)
}

// TestKeptRenderingsServedOnlyToWhoMayRead: a private document's page and
// API answer, kept in the database once an editor read them, are served
// by a server that holds nothing in memory to signed-in readers only, each
// page with its own viewer's layout; anonymous visitors get 404 without a
// byte of it.
func TestKeptRenderingsServedOnlyToWhoMayRead(t *testing.T) {
	srv, db := newTestServer(t)
	editor := signedIn(t, db, "editor", sverka.RoleEditor)
	reader := signedIn(t, db, "reader", sverka.RoleReader)
	keptDocument(t, db, "qxkept", "Dossier QXKEPTTITLE", "Секретный текст QXKEPTRU.\n\nВторая фраза.\n", false)
	for _, target := range []string{"/documents/qxkept", "/api/documents/qxkept"} {
		if code, body := readAs(t, srv, editor, target); code != http.StatusOK || !strings.Contains(body, "QXKEPTRU") {
			t.Fatalf("GET %s as the editor: got %d, want 200 with the text", target, code)
		}
	}
	waitKept(t, db, "qxkept")

	fresh := freshServer(t, db)
	for _, target := range []string{"/documents/qxkept", "/api/documents/qxkept"} {
		code, body := readAs(t, fresh, principal{name: "anonymous"}, target)
		if code != http.StatusNotFound || strings.Contains(body, "QXKEPT") {
			t.Errorf("GET %s anonymously: got %d %q, want 404 without the document", target, code, body)
		}
	}
	for _, p := range []principal{reader, editor} {
		code, body := readAs(t, fresh, p, "/documents/qxkept")
		if code != http.StatusOK || !strings.Contains(body, "QXKEPTRU") || !strings.Contains(body, "QXKEPTTITLE · Sverka") {
			t.Fatalf("GET the page as %s: got %d, want 200 with the kept text and title", p.name, code)
		}
		if !strings.Contains(body, `data-user="`+p.name+`"`) || !strings.Contains(body, `value="`+p.csrf+`"`) {
			t.Errorf("GET the page as %s: got another viewer's layout around the kept document", p.name)
		}
	}
}

// TestEditShownOnNextRead: an edit of a document whose renderings are
// kept shows on the next read, by the server that made the edit and by a
// server that holds nothing in memory; and so does another text imported
// under the id of a document purged, with the revision it had.
func TestEditShownOnNextRead(t *testing.T) {
	ctx := context.Background()
	srv, db := newTestServer(t)
	anyone := principal{name: "anonymous"}
	keptDocument(t, db, "qxedit", "Before QXOLDTITLE", "Старый текст QXOLDRU.\n\nВторая фраза.\n", true)
	read := func(srv *Server, want, gone string) {
		t.Helper()
		for _, target := range []string{"/documents/qxedit", "/api/documents/qxedit"} {
			code, body := readAs(t, srv, anyone, target)
			if code != http.StatusOK || !strings.Contains(body, want) || strings.Contains(body, gone) {
				t.Errorf("GET %s: got %d, want 200 with %s and without %s", target, code, want, gone)
			}
		}
	}
	read(srv, "QXOLDTITLE", "QXNEWTITLE")
	waitKept(t, db, "qxedit")

	title := "After QXNEWTITLE"
	if _, err := db.UpdateDocumentMetadata(ctx, "qxedit", 0, store.DocumentMetadata{Title: &title}, 0); err != nil {
		t.Fatal(err)
	}
	read(srv, "QXNEWTITLE", "QXOLDTITLE")
	read(freshServer(t, db), "QXNEWTITLE", "QXOLDTITLE")
	waitKept(t, db, "qxedit")

	read(freshServer(t, db), "QXNEWTITLE", "QXOLDTITLE") // kept again
	rev, err := db.DocumentRevision(ctx, "qxedit")
	if err != nil {
		t.Fatal(err)
	}
	again, err := ingest.Plain(ingest.PlainPair{ID: "qxedit", Title: title, Russian: "Новый текст QXNEWRU.\n\nВторая фраза.\n", English: "The English text.\n\nA second sentence.\n"})
	if err != nil {
		t.Fatal(err)
	}
	again.Public, again.Revision = true, rev
	if err := db.TrashDocument(ctx, "qxedit", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PurgeDocument(ctx, "qxedit", "qxedit", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Import(ctx, &sverka.Archive{Document: again}, false); err != nil {
		t.Fatal(err)
	}
	if now, err := db.DocumentRevision(ctx, "qxedit"); err != nil || now != rev {
		t.Fatalf("revision after the import: got %d, %v; want %d again, the case this guards", now, err, rev)
	}
	read(freshServer(t, db), "QXNEWRU", "QXOLDRU")
}

// TestGzipAround: a page gzipped around a piece compressed apart reads
// back as the whole, for pieces of every size, and crc32Combine agrees
// with the CRC of the whole.
func TestGzipAround(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abc <tr>\nпривет"[rng.IntN(16)]
		}
		return b
	}
	for _, n := range [][3]int{{0, 0, 0}, {1, 0, 1}, {100, 5000, 30}, {4000, 200000, 9000}, {70000, 1, 0}} {
		prefix, middle, suffix := text(n[0]), text(n[1]), text(n[2])
		v, err := compressView(string(middle))
		if err != nil {
			t.Fatal(err)
		}
		whole := slices.Concat(prefix, middle, suffix)
		if got, want := crc32Combine(crc32.ChecksumIEEE(prefix), crc32.ChecksumIEEE(middle), len(middle)), crc32.ChecksumIEEE(slices.Concat(prefix, middle)); got != want {
			t.Errorf("crc32Combine of %d and %d bytes: got %08x, want %08x", n[0], n[1], got, want)
		}
		var out bytes.Buffer
		if err := gzipAround(&out, prefix, v, suffix); err != nil {
			t.Fatal(err)
		}
		r, err := gzip.NewReader(&out)
		if err != nil {
			t.Fatal(err)
		}
		r.Multistream(false)
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, whole) {
			t.Errorf("gzipAround(%v): got %d bytes, %v; want the %d bytes put in", n, len(got), err, len(whole))
		}
		if plain, err := v.plain(); err != nil || !bytes.Equal(plain, middle) {
			t.Errorf("plain of %d bytes: got %d bytes, %v", n[1], len(plain), err)
		}
	}
}
