package server

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"sverka"
	"sverka/anno"
	"sverka/store"
	"sverka/suggest"
)

// needLexicon skips a test without Debian's hunspell-ru (failing under
// CI=true, where .ci/run installs it).
func needLexicon(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("/usr/share/hunspell/ru_RU.dic"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but hunspell-ru is not installed")
		}
		t.Skip("hunspell-ru is not installed")
	}
}

type suggestionList struct {
	Lexicon     bool            `json:"lexicon"`
	Suggestions []apiSuggestion `json:"suggestions"`
}

func listSuggestions(t *testing.T, srv *Server, who principal) suggestionList {
	t.Helper()
	rec := do(t, srv, http.MethodGet, "/api/documents/117313/suggestions", "", who.withBearer()...)
	if rec.Code != http.StatusOK {
		t.Fatalf("list suggestions: got %d %s", rec.Code, rec.Body)
	}
	var l suggestionList
	if err := json.Unmarshal(rec.Body.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func find(l suggestionList, form string) *apiSuggestion {
	for i := range l.Suggestions {
		if l.Suggestions[i].Form == form {
			return &l.Suggestions[i]
		}
	}
	return nil
}

func suggestionBody(sg *apiSuggestion, reading string, every, accept bool) string {
	b, _ := json.Marshal(suggestionRequest{Lang: sg.Lang, Start: sg.Start, End: sg.End, Form: sg.Form, Reading: reading, Every: every, Accept: accept})
	return string(b)
}

// TestSuggestionsWorkflow follows a suggestion through the workflow: listed
// for an anonymous reader, proposed by an annotator as a correction
// "suggested by Sverka" (the text unchanged), dismissed and not offered
// again, every occurrence proposed as one batch and accepted by an editor
// with one action, each correction with its own history.
func TestSuggestionsWorkflow(t *testing.T) {
	needLexicon(t)
	srv, db := newTestServer(t)
	ctx := context.Background()
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	l := listSuggestions(t, srv, principal{})
	if !l.Lexicon {
		t.Fatalf("the lexicon is installed but the list says it is not")
	}
	vnal := find(l, "внал")
	if vnal == nil || vnal.Readings[0].Text != "знал" {
		t.Fatalf("внал: got %+v, want a suggestion of знал", vnal)
	}
	// A reader may not propose; an annotator may, not accept.
	if rec := do(t, srv, http.MethodPost, "/api/documents/117313/suggestions/propose", suggestionBody(vnal, "знал", false, false), "Content-Type", "application/json"); rec.Code != http.StatusUnauthorized && rec.Code != http.StatusForbidden {
		t.Errorf("anonymous propose: got %d, want 401 or 403", rec.Code)
	}
	if rec := do(t, srv, http.MethodPost, "/api/documents/117313/suggestions/propose", suggestionBody(vnal, "знал", false, true), anna.withBearer("Content-Type", "application/json")...); rec.Code != http.StatusForbidden {
		t.Errorf("an annotator accepting: got %d, want 403", rec.Code)
	}
	rec := do(t, srv, http.MethodPost, "/api/documents/117313/suggestions/propose", suggestionBody(vnal, "знал", false, false), anna.withBearer("Content-Type", "application/json")...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("propose: got %d %s", rec.Code, rec.Body)
	}
	var made struct {
		Corrections []int64 `json:"corrections"`
		Batch       string  `json:"batch"`
	}
	json.Unmarshal(rec.Body.Bytes(), &made)
	a, err := db.FindAnnotationByID(ctx, made.Corrections[0], 0)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Suggested || a.CreatorName != "anna" || a.Status != sverka.StatusProposed || a.Body != "знал" || a.Target.Exact != "внал" {
		t.Errorf("got %+v, want a proposed correction внал → знал by anna, suggested", a)
	}
	if rec := do(t, srv, http.MethodGet, anno.AnnotationIRI("", a.DocumentID, a.ID), ""); !strings.Contains(rec.Body.String(), `"suggested":true`) {
		t.Errorf("the served annotation does not say it was suggested: %.300s", rec.Body)
	}
	if find(listSuggestions(t, srv, anna), "внал") != nil {
		t.Errorf("внал is still suggested under its own proposed correction")
	}
	d := letterDoc(t, db)
	if got := d.Text("ru").Text; !strings.Contains(got, "внал") {
		t.Errorf("the base text changed: a suggestion must never change a text")
	}

	// Dismissing is remembered per document.
	l = listSuggestions(t, srv, anna)
	vto := find(l, "вто")
	if vto == nil {
		t.Fatalf("вто not suggested; suggestions %v", l.Suggestions)
	}
	if rec := do(t, srv, http.MethodPost, "/api/documents/117313/suggestions/dismiss", suggestionBody(vto, vto.Readings[0].Text, false, false), anna.withBearer("Content-Type", "application/json")...); rec.Code != http.StatusNoContent {
		t.Fatalf("dismiss: got %d %s", rec.Code, rec.Body)
	}
	if find(listSuggestions(t, srv, vera), "вто") != nil {
		t.Errorf("вто suggested again after a dismissal")
	}
	bad := *vto
	bad.Form = "это"
	if rec := do(t, srv, http.MethodPost, "/api/documents/117313/suggestions/dismiss", suggestionBody(&bad, "это", false, false), anna.withBearer("Content-Type", "application/json")...); rec.Code != http.StatusBadRequest {
		t.Errorf("dismissing a form the text does not have: got %d, want 400", rec.Code)
	}

	// Every occurrence: the three Корев, one batch, one action.
	korev := find(listSuggestions(t, srv, anna), "Корев")
	if korev == nil || korev.Occurrences < 1 {
		t.Fatalf("Корев: got %+v, want a suggestion with other occurrences", korev)
	}
	rec = do(t, srv, http.MethodPost, "/api/documents/117313/suggestions/propose", suggestionBody(korev, "Корею", true, false), anna.withBearer("Content-Type", "application/json")...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("propose every occurrence: got %d %s", rec.Code, rec.Body)
	}
	json.Unmarshal(rec.Body.Bytes(), &made)
	if len(made.Corrections) != 3 || made.Batch == "" {
		t.Fatalf("got %d corrections in batch %q, want the letter's 3 Корев in one batch", len(made.Corrections), made.Batch)
	}
	queue := do(t, srv, http.MethodGet, "/review?form="+"%D0%9A%D0%BE%D1%80%D0%B5%D0%B2", "", vera.withBearer()...)
	if queue.Code != http.StatusOK || countOf(queue.Body.String(), "data-batch=\""+made.Batch+"\"") != 3 {
		t.Errorf("review queue for Корев: got %d with %d rows of the batch, want 3", queue.Code, countOf(queue.Body.String(), made.Batch))
	}
	if rec := do(t, srv, http.MethodGet, "/review", "", anna.withBearer()...); rec.Code != http.StatusForbidden {
		t.Errorf("an annotator opening the review queue: got %d, want 403", rec.Code)
	}
	if rec := do(t, srv, http.MethodPost, "/api/batches/"+made.Batch+"/review", `{"status":"accepted"}`, anna.withBearer("Content-Type", "application/json")...); rec.Code != http.StatusForbidden {
		t.Errorf("an annotator accepting a batch: got %d, want 403", rec.Code)
	}
	rec = do(t, srv, http.MethodPost, "/api/batches/"+made.Batch+"/review", `{"status":"accepted"}`, vera.withBearer("Content-Type", "application/json")...)
	if rec.Code != http.StatusOK {
		t.Fatalf("accept the batch: got %d %s", rec.Code, rec.Body)
	}
	for _, id := range made.Corrections {
		a, err := db.FindAnnotationByID(ctx, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		changes, _ := db.FindChanges(ctx, store.ChangeFilter{Entity: "annotation", EntityID: strconv.FormatInt(id, 10)})
		if a.Status != sverka.StatusAccepted || a.ReviewerName != "vera" || !a.Suggested || len(changes) != 2 {
			t.Errorf("correction %d: got %s by %q, %d history entries; want accepted by vera, suggested, created and accepted", id, a.Status, a.ReviewerName, len(changes))
		}
	}
	// The learned model is stored: a new server reads it back.
	again, err := New(db, srv.log, Config{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := again.checker()
	if err != nil {
		t.Fatal(err)
	}
	vu := suggest.Edit{OCR: "в", Want: "ю"}
	if got, before := c.Channel().Cost(vu), suggest.NewChannel().Cost(vu); got >= before {
		t.Errorf("after three accepted Корев → Корею, a new server's cost of в for ю: got %.2f, want below %.2f", got, before)
	}
}

func countOf(s, sub string) int { return strings.Count(s, sub) }

// TestSuggestionBadInput sends malformed requests: each is a 4xx and
// changes nothing.
func TestSuggestionBadInput(t *testing.T) {
	needLexicon(t)
	srv, db := newTestServer(t)
	anna := signedIn(t, db, "anna", sverka.RoleAnnotator)
	vera := signedIn(t, db, "vera", sverka.RoleEditor)
	for _, tc := range []struct{ path, body string }{
		{"/api/documents/117313/suggestions/propose", `{"lang":"ru","start":0,"end":5,"form":"xxxxx","reading":"y"}`},
		{"/api/documents/117313/suggestions/propose", `{"lang":"ru","start":5,"end":0,"form":"","reading":"y"}`},
		{"/api/documents/117313/suggestions/propose", `{"lang":"en","start":0,"end":4,"form":"From","reading":"To"}`},
		{"/api/documents/117313/suggestions/propose", `{"lang":"ru","start":0,"end":5,"form":"ПЕНИН","reading":"ПЕНИН"}`},
		{"/api/documents/117313/suggestions/propose", `{"nope":1}`},
		{"/api/documents/117313/suggestions/dismiss", `{"lang":"ru","start":0,"end":5,"form":"ПЕНИН","reading":""}`},
		{"/api/documents/117313/suggestions/dismiss", `{"lang":"ru","start":-1,"end":5,"form":"ПЕНИН","reading":"x"}`},
		{"/api/documents/nope/suggestions/propose", `{"lang":"ru","start":0,"end":5,"form":"ПЕНИН","reading":"ПЕКИН"}`},
	} {
		rec := do(t, srv, http.MethodPost, tc.path, tc.body, anna.withBearer("Content-Type", "application/json")...)
		if rec.Code < 400 || rec.Code >= 500 {
			t.Errorf("POST %s %s: got %d, want a 4xx", tc.path, tc.body, rec.Code)
		}
	}
	if rec := do(t, srv, http.MethodPost, "/api/batches/nobatch/review", `{"status":"accepted"}`, vera.withBearer("Content-Type", "application/json")...); rec.Code != http.StatusNotFound {
		t.Errorf("review of no batch: got %d, want 404", rec.Code)
	}
	if rec := do(t, srv, http.MethodGet, "/api/corrections?status=maybe", "", vera.withBearer()...); rec.Code != http.StatusBadRequest {
		t.Errorf("corrections with a bad status: got %d, want 400", rec.Code)
	}
	if q, _ := db.FindCorrections(context.Background(), store.CorrectionFilter{}); len(q) != 0 {
		t.Errorf("after bad requests: %d corrections, want none", len(q))
	}
}

// TestSuggestionsWorkflow renders the review queue.
func init() { pageRenderedElsewhere["correction_review"] = true }
