package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"

	"sverka"
	"sverka/store"
)

// TestImportedAnnotationHasHistory has an editor upload a Sverka JSON
// archive of a document with a note: the imported note's history lists its
// one import entry, it can be restored to that version, and the copy
// exports again as Sverka JSON with that history.
func TestImportedAnnotationHasHistory(t *testing.T) {
	ctx := context.Background()
	srv, db := newTestServer(t)
	vera := signedIn(t, db, "vera", sverka.RoleAnnotator)
	ed := signedIn(t, db, "ed", sverka.RoleEditor)
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: vera.user.ID, Body: "a note",
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"}}
	if err := db.CreateAnnotation(ctx, note); err != nil {
		t.Fatal(err)
	}
	rec := do(t, srv, http.MethodGet, "/api/documents/117313/export?format=json", "", vera.withBearer()...)
	if rec.Code != http.StatusOK {
		t.Fatalf("export: %d %s", rec.Code, rec.Body)
	}
	var f map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	f["documents"].([]any)[0].(map[string]any)["id"] = "copy"
	b, _ := json.Marshal(f)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("files", "copy.json")
	fw.Write(b)
	w.Close()
	if rec := do(t, srv, http.MethodPost, "/import", body.String(), ed.withBearer("Content-Type", w.FormDataContentType())...); rec.Code != http.StatusOK {
		t.Fatalf("import: %d %s", rec.Code, rec.Body)
	}
	list, _, err := db.FindAnnotations(ctx, store.AnnotationFilter{DocumentID: "copy", ViewerID: ed.user.ID})
	if err != nil || len(list) != 1 {
		t.Fatalf("the copy has %d annotations (%v), want 1", len(list), err)
	}
	versions := fmt.Sprintf("/api/documents/copy/annotations/%d/versions", list[0].ID)
	rec = do(t, srv, http.MethodGet, versions, "", ed.withBearer()...)
	var history struct {
		Versions []struct {
			Action     string
			Annotation struct{ Body struct{ Value string } }
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &history); rec.Code != http.StatusOK || err != nil {
		t.Fatalf("history of an imported note: %d %s", rec.Code, rec.Body)
	}
	if v := history.Versions; len(v) != 1 || v[0].Action != "import" || v[0].Annotation.Body.Value != "a note" {
		t.Errorf("history of an imported note: got %+v, want one import of %q", v, "a note")
	}
	if rec := do(t, srv, http.MethodGet, "/api/documents/copy/export?format=json", "", ed.withBearer()...); rec.Code != http.StatusOK {
		t.Errorf("export of the copy: got %d %s, want 200", rec.Code, rec.Body)
	}
}
