package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"sverka"
)

// TestFormsKeepInput: a refused form comes back with what was typed and the
// reason beside its field, in a sentence; an empty import stays on the form.
func TestFormsKeepInput(t *testing.T) {
	srv, db := newTestServer(t)
	admin := signedIn(t, db, "admin", sverka.RoleAdmin)
	form := admin.withSession("Content-Type", "application/x-www-form-urlencoded")
	tests := []struct {
		name   string
		body   url.Values
		status int
		want   []string
	}{
		{"name taken", url.Values{"name": {"admin"}, "role": {"editor"}, "password": {"long enough pass"}}, http.StatusConflict,
			[]string{`value="admin"`, `<option value="editor" selected>`, "The name “admin” is taken; choose another.", `aria-invalid="true"`}},
		{"no password", url.Values{"name": {"zoya"}, "role": {"annotator"}}, http.StatusBadRequest,
			[]string{`value="zoya"`, `<option value="annotator" selected>`, "needs a password"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body
			body.Set("csrf", admin.csrf)
			rec := do(t, srv, http.MethodPost, "/users", body.Encode(), form...)
			if rec.Code != tc.status {
				t.Fatalf("got %d, want %d", rec.Code, tc.status)
			}
			for _, w := range tc.want {
				if !strings.Contains(rec.Body.String(), w) {
					t.Errorf("the page lacks %s", w)
				}
			}
			if strings.Contains(rec.Body.String(), ": conflict") {
				t.Error("the page shows a log message")
			}
		})
	}
}
