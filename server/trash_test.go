package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"sverka"
	"sverka/ingest"
)

func init() {
	for _, p := range []string{"trash", "orphans", "document_edit"} {
		pageRenderedElsewhere[p] = true // TestTrashPages, TestOrphanForms
	}
}

// TestTrashAPI deletes a document through the API as an editor, sees it
// gone for every reader, restores and purges it as an admin, and checks
// that bad requests change nothing.
func TestTrashAPI(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	editor := tokenFor(t, db, "vera", sverka.RoleEditor)
	admin := tokenFor(t, db, "ada", sverka.RoleAdmin)
	annotator := tokenFor(t, db, "anna", sverka.RoleAnnotator)
	d, err := ingest.Plain(ingest.PlainPair{ID: "pair-1", Title: "Grain report", Russian: "Отчёт о зерне. Второе.", English: "A report on grain. The second."})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	vera, err := db.FindUserByName(ctx, "vera")
	if err != nil {
		t.Fatal(err)
	}
	xref := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationLink, CreatorID: vera.ID,
		Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: "Баш ответ"},
		Link:   &sverka.CrossReference{DocumentID: "pair-1", Lang: "en", Start: 0, End: 8, Exact: "A report"}}
	if err := db.CreateAnnotation(ctx, xref); err != nil {
		t.Fatal(err)
	}
	json := func(auth ...string) []string {
		return append([]string{"Content-Type", "application/json"}, append([]string{"Authorization"}, auth...)...)
	}
	steps := []struct {
		name, method, target, body string
		auth                       string
		want                       int
		readable                   bool // GET /api/documents/pair-1 as the editor, after
	}{
		{"an annotator may not delete", http.MethodDelete, "/api/documents/pair-1", "", annotator, http.StatusForbidden, true},
		{"a malformed id", http.MethodDelete, "/api/documents/..", "", editor, http.StatusBadRequest, true},
		{"no such document", http.MethodDelete, "/api/documents/pair-9", "", editor, http.StatusNotFound, true},
		{"purge what is not in the trash", http.MethodPost, "/api/trash/pair-1/purge", `{"confirm":"pair-1"}`, admin, http.StatusConflict, true},
		{"an editor deletes", http.MethodDelete, "/api/documents/pair-1", "", editor, http.StatusOK, false},
		{"deleted twice", http.MethodDelete, "/api/documents/pair-1", "", editor, http.StatusNotFound, false},
		{"an editor may not restore", http.MethodPost, "/api/trash/pair-1/restore", "", editor, http.StatusForbidden, false},
		{"an admin restores", http.MethodPost, "/api/trash/pair-1/restore", "", admin, http.StatusOK, true},
		{"restored twice", http.MethodPost, "/api/trash/pair-1/restore", "", admin, http.StatusNotFound, true},
		{"deleted again", http.MethodDelete, "/api/documents/pair-1", "", editor, http.StatusOK, false},
		{"purge without the id typed", http.MethodPost, "/api/trash/pair-1/purge", `{}`, admin, http.StatusBadRequest, false},
		{"purge with another id typed", http.MethodPost, "/api/trash/pair-1/purge", `{"confirm":"pair-2"}`, admin, http.StatusBadRequest, false},
		{"an editor may not purge", http.MethodPost, "/api/trash/pair-1/purge", `{"confirm":"pair-1"}`, editor, http.StatusForbidden, false},
		{"an admin purges", http.MethodPost, "/api/trash/pair-1/purge", `{"confirm":"pair-1"}`, admin, http.StatusOK, false},
	}
	for _, st := range steps {
		rec := do(t, srv, st.method, st.target, st.body, json(st.auth)...)
		if rec.Code != st.want {
			t.Errorf("%s: got %d (%s), want %d", st.name, rec.Code, rec.Body, st.want)
		}
		if st.name == "an admin purges" && !strings.Contains(rec.Body.String(), `"annotationID":`) {
			t.Errorf("%s: got %s, want the orphaned cross-reference listed", st.name, rec.Body)
		}
		got := do(t, srv, http.MethodGet, "/api/documents/pair-1", "", "Authorization", editor).Code
		if (got == http.StatusOK) != st.readable {
			t.Errorf("after %q: reading the document gives %d, want readable %v", st.name, got, st.readable)
		}
		trash := do(t, srv, http.MethodGet, "/api/trash", "", "Authorization", editor).Body.String()
		if inTrash := !st.readable && st.name != "an admin purges"; strings.Contains(trash, `"pair-1"`) != inTrash {
			t.Errorf("after %q: the trash holds %s", st.name, trash)
		}
	}
	orphans := do(t, srv, http.MethodGet, "/api/documents/117313/orphans", "", "Authorization", editor)
	if !strings.Contains(orphans.Body.String(), `"orphaned":true`) || !strings.Contains(orphans.Body.String(), "A report") {
		t.Errorf("the letter's orphans after the purge: got %d %s, want the cross-reference, orphaned", orphans.Code, orphans.Body)
	}
}

// TestOrphanForms re-attaches an orphaned cross-reference from the
// Orphans view and deletes another: only its author or an editor may,
// only to words that are there, only against its current version.
func TestOrphanForms(t *testing.T) {
	srv, db := newTestServer(t)
	ctx := context.Background()
	author := signedIn(t, db, "anna", sverka.RoleAnnotator)
	other := signedIn(t, db, "olga", sverka.RoleAnnotator)
	for _, id := range []string{"pair-1", "pair-2"} {
		d, err := ingest.Plain(ingest.PlainPair{ID: id, Title: "Report " + id, Russian: "Отчёт о зерне. Второе.", English: "A report on grain. The second."})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	var refs []*sverka.Annotation
	for _, exact := range []string{"Баш ответ", "получил"} {
		a := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationLink, CreatorID: author.user.ID,
			Target: sverka.TextTarget{Lang: "ru", ByQuote: true, Exact: exact},
			Link:   &sverka.CrossReference{DocumentID: "pair-1", Lang: "en", Start: 0, End: 8, Exact: "A report"}}
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, a)
	}
	if err := db.TrashDocument(ctx, "pair-1", author.user.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PurgeDocument(ctx, "pair-1", "pair-1", author.user.ID); err != nil {
		t.Fatal(err)
	}
	page := do(t, srv, http.MethodGet, "/documents/117313/orphans", "", author.withSession()...)
	if page.Code != http.StatusOK || strings.Count(page.Body.String(), `class="orphan"`) != 2 {
		t.Fatalf("the Orphans view: got %d, want both cross-references listed:\n%s", page.Code, page.Body)
	}
	form := func(p principal, aid int64, fields url.Values) int {
		h := p.withSession("Content-Type", "application/x-www-form-urlencoded")
		fields.Set("csrf", p.csrf)
		return do(t, srv, http.MethodPost, "/documents/117313/orphans/"+strconv.FormatInt(aid, 10), fields.Encode(), h...).Code
	}
	reattach := url.Values{"action": {"reattach"}, "version": {"2"}, "document": {"pair-2"}, "lang": {"en"}, "exact": {"report on grain"}}
	tests := []struct {
		name   string
		who    principal
		aid    int64
		fields url.Values
		want   int
	}{
		{"someone else's", other, refs[0].ID, reattach, http.StatusForbidden},
		{"words that are not there", author, refs[0].ID, url.Values{"action": {"reattach"}, "version": {"2"}, "document": {"pair-2"}, "lang": {"en"}, "exact": {"no such words"}}, http.StatusBadRequest},
		{"no words", author, refs[0].ID, url.Values{"action": {"reattach"}, "version": {"2"}, "document": {"pair-2"}, "lang": {"en"}}, http.StatusBadRequest},
		{"a stale version", author, refs[0].ID, url.Values{"action": {"reattach"}, "version": {"1"}, "document": {"pair-2"}, "lang": {"en"}, "exact": {"report on grain"}}, http.StatusPreconditionFailed},
		{"an unknown action", author, refs[0].ID, url.Values{"action": {"move"}, "version": {"2"}}, http.StatusBadRequest},
		{"re-attached", author, refs[0].ID, reattach, http.StatusSeeOther},
		{"deleted", author, refs[1].ID, url.Values{"action": {"delete"}, "version": {"2"}}, http.StatusSeeOther},
	}
	for _, tc := range tests {
		if got := form(tc.who, tc.aid, tc.fields); got != tc.want {
			t.Errorf("%s: got %d, want %d", tc.name, got, tc.want)
		}
	}
	a, err := db.FindAnnotationByID(ctx, refs[0].ID, author.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	if l := a.Link; l.Orphaned || l.DocumentID != "pair-2" || l.Exact != "report on grain" || l.Start != 2 {
		t.Errorf("got link %+v, want it on pair-2's words “report on grain” at 2", *l)
	}
	orphans, err := db.FindOrphans(ctx, "117313", author.user.ID)
	if err != nil || len(orphans) != 0 {
		t.Errorf("got orphans %v, %v, want none left", orphans, err)
	}
}

// TestTrashPages deletes the letter from its page, finds it in the trash
// (restore and purge offered to admins only), restores it, and edits its
// details in the form: the public toggle, a language checked as BCP 47,
// a stale revision refused.
func TestTrashPages(t *testing.T) {
	srv, db := newTestServer(t)
	editor := signedIn(t, db, "vera", sverka.RoleEditor)
	admin := signedIn(t, db, "ada", sverka.RoleAdmin)
	post := func(p principal, target string, fields url.Values) *httptest.ResponseRecorder {
		fields.Set("csrf", p.csrf)
		return do(t, srv, http.MethodPost, target, fields.Encode(), p.withSession("Content-Type", "application/x-www-form-urlencoded")...)
	}
	if rec := post(editor, "/documents/117313/delete", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("delete from the page: got %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, srv, http.MethodGet, "/", ""); strings.Contains(rec.Body.String(), "/documents/117313") {
		t.Error("the list still shows the letter")
	}
	for _, p := range []principal{editor, admin} {
		rec := do(t, srv, http.MethodGet, "/trash", "", p.withSession()...)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "Filippov") || !strings.Contains(body, "by vera") {
			t.Errorf("the trash as %s: got %d without the letter deleted by vera", p.name, rec.Code)
		}
		if strings.Contains(body, "/trash/117313/purge") != (p.user.Role == sverka.RoleAdmin) {
			t.Errorf("the trash as %s: purge offered %v", p.name, strings.Contains(body, "/trash/117313/purge"))
		}
	}
	if rec := post(admin, "/trash/117313/purge", url.Values{"confirm": {"11731"}}); rec.Code != http.StatusBadRequest {
		t.Errorf("purge with the id mistyped: got %d, want 400", rec.Code)
	}
	if rec := post(admin, "/trash/117313/restore", url.Values{}); rec.Code != http.StatusSeeOther {
		t.Fatalf("restore: got %d %s", rec.Code, rec.Body)
	}
	form := do(t, srv, http.MethodGet, "/documents/117313/edit", "", editor.withSession()...)
	if form.Code != http.StatusOK || !strings.Contains(form.Body.String(), `name="public" checked`) {
		t.Fatalf("the details form: got %d, want it with the public box checked", form.Code)
	}
	d, err := db.FindDocumentByID(context.Background(), "117313")
	if err != nil {
		t.Fatal(err)
	}
	rev := strconv.FormatInt(d.Revision, 10)
	fields := func(lang string, rev string) url.Values {
		return url.Values{"revision": {rev}, "title": {d.Title}, "date": {d.Date}, "citation": {d.Citation}, "summary": {d.Summary},
			"sourceURL": {d.SourceURL}, "originalLanguage": {lang}, "public": {"false"}}
	}
	if rec := post(editor, "/documents/117313/edit", fields("Russisch!", rev)); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "BCP 47") {
		t.Errorf("a language that is no BCP 47 tag: got %d, want 400 saying why", rec.Code)
	}
	kept := fields("ru", rev)
	kept["public"] = []string{"true", "false"} // the box checked, then the hidden field
	if rec := post(editor, "/documents/117313/edit", kept); rec.Code != http.StatusSeeOther {
		t.Errorf("save with the box checked: got %d %s", rec.Code, rec.Body)
	}
	if d, err = db.FindDocumentByID(context.Background(), "117313"); err != nil || !d.Public {
		t.Fatalf("saved with the public box checked: public %v, %v", d != nil && d.Public, err)
	}
	rev = strconv.FormatInt(d.Revision, 10)
	if rec := post(editor, "/documents/117313/edit", fields("ru", rev)); rec.Code != http.StatusSeeOther {
		t.Errorf("save: got %d %s", rec.Code, rec.Body)
	}
	if rec := post(editor, "/documents/117313/edit", fields("ru", rev)); rec.Code != http.StatusPreconditionFailed {
		t.Errorf("save against the old revision: got %d, want 412", rec.Code)
	}
	if rec := do(t, srv, http.MethodGet, "/documents/117313", ""); rec.Code != http.StatusNotFound {
		t.Errorf("anonymous, the letter made private: got %d, want 404", rec.Code)
	}
	after, err := db.FindDocumentByID(context.Background(), "117313")
	if err != nil || after.Public || after.OriginalLanguage != "ru" {
		t.Errorf("got public %v, language %q, %v: want private, ru", after.Public, after.OriginalLanguage, err)
	}
}
