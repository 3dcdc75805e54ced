package server

import (
	"testing"
)

// pagesAndAPIs pairs each page (or form) with the API route of the same
// resource: the two are served by one handler, which reads their input
// one way and makes one store call (negotiate.go).
var pagesAndAPIs = [][2]string{
	{"GET /", "GET /api/documents"},
	{"GET /search", "GET /api/search"},
	{"GET /documents/:id", "GET /api/documents/:id"},
	{"GET /documents/:id/source", "GET /api/documents/:id/source"},
	{"GET /documents/:id/orphans", "GET /api/documents/:id/orphans"},
	{"POST /documents/:id/orphans/:aid", "POST /api/documents/:id/orphans/:aid"},
	{"POST /documents/:id/edit", "PATCH /api/documents/:id"},
	{"POST /documents/:id/delete", "DELETE /api/documents/:id"},
	{"GET /trash", "GET /api/trash"},
	{"POST /trash/:id/restore", "POST /api/trash/:id/restore"},
	{"POST /trash/:id/purge", "POST /api/trash/:id/purge"},
	{"GET /users", "GET /api/users"},
	{"POST /users", "POST /api/users"},
	{"POST /users/:uid", "PATCH /api/users/:uid"},
	{"GET /account", "GET /api/tokens"},
	{"POST /account/tokens", "POST /api/tokens"},
	{"POST /account/tokens/:tid/delete", "DELETE /api/tokens/:tid"},
	{"GET /changes", "GET /api/changes"},
	{"GET /review", "GET /api/corrections"},
}

// TestOneHandlerForPageAndAPI checks that each page and its API route are
// served by the same handler, so that a parameter one accepts the other
// accepts alike.
func TestOneHandlerForPageAndAPI(t *testing.T) {
	srv, _ := newTestServer(t)
	handler := map[string]string{}
	for _, r := range srv.echo.Routes() {
		handler[r.Method+" "+r.Path] = r.Name
	}
	for _, p := range pagesAndAPIs {
		page, api := handler[p[0]], handler[p[1]]
		if page == "" || page != api {
			t.Errorf("%s is served by %q, %s by %q: want one handler", p[0], page, p[1], api)
		}
	}
}
