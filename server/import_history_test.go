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

// importCopy has reader export the letter as Sverka JSON and editor upload
// it again as the document "copy".
func importCopy(t *testing.T, srv *Server, reader, editor principal) {
	t.Helper()
	rec := do(t, srv, http.MethodGet, "/api/documents/117313/export?format=json", "", reader.withBearer()...)
	if rec.Code != http.StatusOK {
		t.Fatalf("export: %d %s", rec.Code, rec.Body)
	}
	archive := bytes.Replace(rec.Body.Bytes(), []byte(`"id":"117313"`), []byte(`"id":"copy"`), 1)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("files", "copy.json")
	fw.Write(archive)
	w.Close()
	if rec := do(t, srv, http.MethodPost, "/import", body.String(), editor.withBearer("Content-Type", w.FormDataContentType())...); rec.Code != http.StatusOK {
		t.Fatalf("import: %d %s", rec.Code, rec.Body)
	}
}

// TestImportedAnnotationHasHistory has an editor upload a Sverka JSON
// archive of a document with a note: the imported note's history lists its
// one import entry, and the copy exports again as Sverka JSON.
func TestImportedAnnotationHasHistory(t *testing.T) {
	srv, db := newTestServer(t)
	vera := signedIn(t, db, "vera", sverka.RoleAnnotator)
	ed := signedIn(t, db, "ed", sverka.RoleEditor)
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: vera.user.ID, Body: "a note",
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"}}
	if err := db.CreateAnnotation(context.Background(), note); err != nil {
		t.Fatal(err)
	}
	importCopy(t, srv, vera, ed)
	list, _, err := db.FindAnnotations(context.Background(), store.AnnotationFilter{DocumentID: "copy", ViewerID: ed.user.ID})
	if err != nil || len(list) != 1 {
		t.Fatalf("the copy has %d annotations (%v), want 1", len(list), err)
	}
	rec := do(t, srv, http.MethodGet, fmt.Sprintf("/api/documents/copy/annotations/%d/versions", list[0].ID), "", ed.withBearer()...)
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
