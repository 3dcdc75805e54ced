package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"mime/multipart"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"sverka"
	"sverka/anno"
	"sverka/store"
)

// TestImportedAnnotationsAreValidatedAndOwned has an editor upload Sverka
// JSON archives whose annotations were tampered with: a body over the API's
// limit, 500 tags, a javascript: link, a quote the text does not say. Each
// is refused and imports nothing. An archive holding a colleague's private
// note imports it as the editor's own, with the colleague's name and date
// kept as data, under one audit entry by the editor, made now; no user is
// made for a name in an archive.
func TestImportedAnnotationsAreValidatedAndOwned(t *testing.T) {
	ctx := context.Background()
	srv, db := newTestServer(t)
	vera := signedIn(t, db, "vera", sverka.RoleAnnotator)
	ed := signedIn(t, db, "ed", sverka.RoleEditor)
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationCorrection, CreatorID: vera.user.ID, Body: "Ваш",
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш"}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	private := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: vera.user.ID, Body: "vera's own", Private: true,
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"}}
	if err := db.CreateAnnotation(ctx, private); err != nil {
		t.Fatal(err)
	}
	rec := do(t, srv, http.MethodGet, "/api/documents/117313/export?format=json", "", vera.withBearer()...)
	if rec.Code != http.StatusOK {
		t.Fatalf("export: %d %s", rec.Code, rec.Body)
	}
	archive := rec.Body.Bytes()
	upload := func(change func(doc map[string]any, notes []any)) *http.Response {
		t.Helper()
		var f map[string]any
		if err := json.Unmarshal(archive, &f); err != nil {
			t.Fatal(err)
		}
		doc := f["documents"].([]any)[0].(map[string]any)
		doc["id"] = "copy"
		change(doc, doc["annotations"].([]any))
		b, _ := json.Marshal(f)
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		fw, _ := w.CreateFormFile("files", "copy.json")
		fw.Write(b)
		w.Close()
		return do(t, srv, http.MethodPost, "/import", body.String(), ed.withBearer("Content-Type", w.FormDataContentType())...).Result()
	}
	current := func(notes []any, i int) map[string]any { return notes[i].(map[string]any) }
	hostile := map[string]func(doc map[string]any, notes []any){
		"a body over 64 KiB": func(_ map[string]any, n []any) { current(n, 1)["body"] = strings.Repeat("x", 70<<10) },
		"500 tags": func(_ map[string]any, n []any) {
			var tags []any
			for i := range 500 {
				tags = append(tags, "t"+strings.Repeat("x", i%7)+string(rune('a'+i%26))+string(rune('a'+i/26)))
			}
			current(n, 1)["tags"] = tags
		},
		"a javascript: link": func(_ map[string]any, n []any) {
			current(n, 1)["motivation"] = "linking"
			current(n, 1)["link"] = map[string]any{"url": "javascript:alert(1)"}
			delete(current(n, 1), "versions")
		},
		"a quote the text does not say": func(_ map[string]any, n []any) {
			target := current(n, 0)["target"].(map[string]any)
			target["exact"] = "Наш"
		},
	}
	for name, change := range hostile {
		if resp := upload(change); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: got %d, want 422 (the file failed)", name, resp.StatusCode)
		}
		if _, err := db.FindDocumentByID(ctx, "copy"); !errors.Is(err, sverka.ErrNotFound) {
			t.Fatalf("%s: the document was imported (%v)", name, err)
		}
	}

	start := time.Now().Add(-time.Second)
	if resp := upload(func(_ map[string]any, n []any) { current(n, 0)["creator"] = "newperson<script>" }); resp.StatusCode != http.StatusOK {
		t.Fatalf("a sound archive: got %d", resp.StatusCode)
	}
	if _, err := db.FindUserByName(ctx, "newperson<script>"); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("a user was made for a name in the archive: %v", err)
	}
	list, _, err := db.FindAnnotations(ctx, store.AnnotationFilter{DocumentID: "copy", ViewerID: ed.user.ID})
	if err != nil || len(list) != 2 {
		t.Fatalf("the editor sees %d annotations (%v), want 2", len(list), err)
	}
	for _, a := range list {
		if a.CreatorID != ed.user.ID || a.WrittenAt.IsZero() || a.WrittenBy == "" || a.WrittenBy == "ed" {
			t.Errorf("annotation %d: creator %d (%s), written by %q on %v; want the editor's, written by its author", a.ID, a.CreatorID, a.CreatorName, a.WrittenBy, a.WrittenAt)
		}
	}
	checkWrittenInW3C(t, srv, ed, list)
	if seen, _, _ := db.FindAnnotations(ctx, store.AnnotationFilter{DocumentID: "copy", ViewerID: vera.user.ID}); len(seen) != 1 {
		t.Errorf("vera sees %d annotations of the copy, want 1 (the private note is the editor's now)", len(seen))
	}
	changes, err := db.FindChanges(ctx, store.ChangeFilter{DocumentID: "copy", ViewerID: ed.user.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range changes {
		if ch.UserID != ed.user.ID || ch.At.Before(start) {
			t.Errorf("audit entry %d (%s %s): by user %d at %v; want the editor, now", ch.ID, ch.Entity, ch.Action, ch.UserID, ch.At)
		}
	}
}

// checkWrittenInW3C checks that each imported annotation of the document
// "copy", served alone, in the container and in the W3C export, says who
// wrote it and when as the archive has it (writtenBy, writtenAt), its
// creator being the editor who imported it; and that served alone it still
// meets the W3C suite's MUST checks with keys the contexts define.
func checkWrittenInW3C(t *testing.T, srv *Server, ed principal, imported []*sverka.Annotation) {
	t.Helper()
	served := map[string]map[string]any{} // by where from, then IRI path
	for _, target := range []string{"/api/documents/copy/annotations/", "/api/documents/copy/export?format=w3c"} {
		var got struct {
			Items []map[string]any
			First struct{ Items []map[string]any }
		}
		rec := do(t, srv, http.MethodGet, target, "", ed.withBearer()...)
		if err := json.Unmarshal(rec.Body.Bytes(), &got); rec.Code != http.StatusOK || err != nil {
			t.Fatalf("%s: %d %v", target, rec.Code, err)
		}
		for _, w := range append(got.Items, got.First.Items...) {
			id := w["id"].(string)
			served[target+" "+id[strings.Index(id, "/api/"):]] = w // whatever the origin
		}
	}
	schemas, terms := w3cSchemas(t), definedTerms(t)
	for _, a := range imported {
		path := anno.AnnotationIRI("", a.DocumentID, a.ID)
		var alone map[string]any
		if err := json.Unmarshal(do(t, srv, http.MethodGet, path, "", ed.withBearer()...).Body.Bytes(), &alone); err != nil {
			t.Fatal(err)
		}
		for name, sch := range schemas {
			if err := sch.Validate(alone); err != nil {
				t.Errorf("imported annotation %d fails %s: %v", a.ID, name, err)
			}
		}
		if bad := undefinedKeys(alone, terms, "$"); len(bad) > 0 {
			t.Errorf("imported annotation %d: keys not defined by any context: %v", a.ID, bad)
		}
		want := map[string]any{"type": "Person", "name": a.WrittenBy}
		for _, where := range []string{"alone", "/api/documents/copy/annotations/", "/api/documents/copy/export?format=w3c"} {
			w := alone
			if where != "alone" {
				w = served[where+" "+path]
			}
			if w == nil {
				t.Fatalf("%s: annotation %d missing", where, a.ID)
			}
			if !reflect.DeepEqual(w["writtenBy"], want) || w["writtenAt"] != anno.Time(a.WrittenAt) {
				t.Errorf("%s: annotation %d written by %v on %v, want %v on %s", where, a.ID, w["writtenBy"], w["writtenAt"], want, anno.Time(a.WrittenAt))
			}
			if c, _ := w["creator"].(map[string]any); c["name"] != "ed" {
				t.Errorf("%s: annotation %d created by %v, want the editor who imported it", where, a.ID, w["creator"])
			}
		}
	}
}
