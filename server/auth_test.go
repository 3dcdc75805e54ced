package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/internal/storetest"
	"sverka/store"
)

func init() {
	for _, p := range []string{"login", "user_list", "user_account", "change_list"} {
		pageRenderedElsewhere[p] = true // TestAuthPagesRender
	}
}

// principal is someone making requests in a test: nobody, or a user signed
// in with a session cookie (and its CSRF token) or with an API token.
type principal struct {
	name   string
	user   *sverka.User
	cookie string // "sverka_session=…"
	csrf   string
	bearer string
}

// signedIn creates a user with role and signs them in, both with a session
// and with an API token.
func signedIn(t testing.TB, db *store.DB, name string, role sverka.Role) principal {
	t.Helper()
	ctx := context.Background()
	u, err := db.CreateUser(ctx, name, role, "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := db.CreateSession(ctx, u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := db.CreateToken(ctx, u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return principal{name: name, user: u, cookie: sessionCookie + "=" + sess.Token, csrf: sess.CSRFToken, bearer: tok}
}

// fresh returns p with a new session, if p is a user.
func fresh(t testing.TB, db *store.DB, p principal) principal {
	t.Helper()
	if p.user == nil {
		return p
	}
	sess, err := db.CreateSession(context.Background(), p.user.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	p.cookie, p.csrf = sessionCookie+"="+sess.Token, sess.CSRFToken
	return p
}

// withSession returns the headers of a same-origin browser request made
// with p's session cookie and CSRF token.
func (p principal) withSession(extra ...string) []string {
	if p.user == nil {
		return append([]string{"Cookie", csrfCookie + "=anonymous-csrf-secret-of-this-test-0123456789", "X-CSRF-Token", "anonymous-csrf-secret-of-this-test-0123456789"}, extra...)
	}
	return append([]string{"Cookie", p.cookie, "X-CSRF-Token", p.csrf}, extra...)
}

// withBearer returns the headers of a script's request with p's API token.
func (p principal) withBearer(extra ...string) []string {
	if p.user == nil {
		return extra
	}
	return append([]string{"Authorization", "Bearer " + p.bearer}, extra...)
}

// routeParams fills the parameters of a route pattern for the matrix: the
// seed document, and ids that belong to someone else or to nobody.
func routeParams(path string, other principal, otherToken int64) string {
	fill := map[string]string{
		":id":   "117313",
		":lang": "en",
		":uid":  strconv.FormatInt(other.user.ID, 10),
		":tid":  strconv.FormatInt(otherToken, 10),
		"*":     "css/sverka.css",
	}
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if v, ok := fill[p]; ok {
			parts[i] = v
		} else if strings.HasPrefix(p, ":") {
			parts[i] = "999999" // an object that does not exist
		}
	}
	return strings.Join(parts, "/")
}

// matrixBodies gives a request body to the routes that need one to get past
// their validation, so that an allowed request is seen to succeed.
var matrixBodies = map[string]string{
	"POST /api/documents/:id/orphans/:aid": `{"action":"delete"}`,
	"POST /api/tokens":                     `{"label":"matrix"}`,
	"POST /api/users":                      `{"name":"m-NAME","role":"reader","password":"long enough"}`,
	"PATCH /api/users/:uid":                `{"role":"annotator","version":1}`,
	"POST /users":                          `name=f-NAME&role=reader&password=long+enough`,
	"POST /users/:uid":                     `role=annotator&version=1`,
	"POST /account/tokens":                 `label=matrix`,
	"POST /login":                          `name=m-login&password=long+enough`,
}

// TestAuthorizationMatrix sends every state-changing route, as every role,
// anonymously, with a session and with an API token, and checks the answer
// against the access table of routes.go. A state-changing route without a
// rule fails this test.
func TestAuthorizationMatrix(t *testing.T) {
	srv, db := newTestServer(t)
	people := []principal{{name: "anonymous"}}
	for _, r := range sverka.Roles {
		people = append(people, signedIn(t, db, "m-"+string(r), r))
	}
	other := signedIn(t, db, "other", sverka.RoleAnnotator)
	d := letterDoc(t, db)
	start, end := phrase(t, d, "ru", 3, "Баш")
	note := noteBody(d.ID, "ru", start, end, "Баш", "other's note")
	// othersNote makes a fresh note of the other user: its id and ETag.
	othersNote := func(t *testing.T) (string, string) {
		rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", note, other.withBearer("Content-Type", "application/ld+json")...)
		if rec.Code != http.StatusCreated {
			t.Fatalf("create the other user's note: %d %s", rec.Code, rec.Body)
		}
		loc := rec.Header().Get("Location")
		return loc[strings.LastIndex(loc, "/")+1:], rec.Header().Get("ETag")
	}
	if _, err := db.CreateUser(context.Background(), "m-login", sverka.RoleReader, "long enough"); err != nil {
		t.Fatal(err)
	}
	tokens, err := db.FindTokens(context.Background(), other.user.ID)
	if err != nil || len(tokens) != 1 {
		t.Fatal(tokens, err)
	}
	var routes []string
	for _, r := range srv.echo.Routes() {
		if safeMethod(r.Method) || r.Method == "echo_route_not_found" {
			continue
		}
		routes = append(routes, r.Method+" "+r.Path)
	}
	sort.Strings(routes)
	if len(routes) < 8 {
		t.Fatalf("got %d state-changing routes, want at least the 8 of accounts", len(routes))
	}
	for _, key := range routes {
		min, ok := access[key]
		if !ok {
			t.Errorf("route %s has no rule in the access table of routes.go", key)
			continue
		}
		method, path, _ := strings.Cut(key, " ")
		besidesOwner, isOwned := owned[key]
		for _, p := range people {
			allow := min == anyone || p.user != nil && p.user.Role.AtLeast(min)
			if isOwned {
				// The object is someone else's.
				allow = allow && besidesOwner != ownerOnly && p.user.Role.AtLeast(besidesOwner)
			}
			for _, via := range []string{"session", "bearer"} {
				if via == "bearer" && p.user == nil {
					continue
				}
				t.Run(key+"/"+p.name+"/"+via, func(t *testing.T) {
					body := strings.ReplaceAll(matrixBodies[key], "NAME", p.name+via)
					target := routeParams(path, other, tokens[0].ID)
					var extra []string
					ct := "application/json"
					if !strings.HasPrefix(path, "/api/") {
						ct = "application/x-www-form-urlencoded"
					}
					if strings.Contains(path, ":aid") {
						aid, etag := othersNote(t)
						target = strings.Replace(strings.Replace(routeParams(path, other, 0), "999999", aid, 1), "999999", "1", 1)
						extra = []string{"If-Match", etag}
						ct = "application/ld+json"
						if method == http.MethodPut {
							body = note
						}
					}
					h := p.withBearer(append([]string{"Content-Type", ct}, extra...)...)
					if via == "session" {
						// A fresh session each time: the matrix signs out too.
						h = fresh(t, db, p).withSession(append([]string{"Content-Type", ct}, extra...)...)
					}
					rec := do(t, srv, method, target, body, h...)
					// What a delete put in the trash comes back, so that the
					// routes after it are tried on the letter as it was.
					if err := db.RestoreDocument(context.Background(), "117313", 0); err != nil && !errors.Is(err, sverka.ErrNotFound) {
						t.Fatal(err)
					}
					denied := rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden ||
						isOwned && rec.Code == http.StatusNotFound
					if allow && denied {
						t.Errorf("%s as %s: got %d, want it allowed (rule: %q): %s", key, p.name, rec.Code, min, rec.Body)
					}
					if !allow && !denied {
						t.Errorf("%s as %s: got %d, want 401 or 403 (rule: %q)", key, p.name, rec.Code, min)
					}
					if rec.Code >= 500 {
						t.Errorf("%s as %s: got %d: %s", key, p.name, rec.Code, rec.Body)
					}
				})
			}
		}
	}
	// Another user's token was in every :tid above: it must still work.
	if _, err := db.FindUserByToken(context.Background(), other.bearer); err != nil {
		t.Errorf("the other user's token was revoked by someone else: %v", err)
	}
}

// TestRouteWithoutRuleIsRefused shows that forgetting a rule fails closed.
func TestRouteWithoutRuleIsRefused(t *testing.T) {
	srv, db := newTestServer(t)
	admin := signedIn(t, db, "admin", sverka.RoleAdmin)
	srv.echo.POST("/unruled", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
	srv.routeKeys["POST /unruled"] = true
	rec := do(t, srv, http.MethodPost, "/unruled", "", admin.withBearer()...)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("got %d, want 403 for a route without a rule", rec.Code)
	}
}

func TestReadingAccess(t *testing.T) {
	db := storetest.Open(t)
	reader := signedIn(t, db, "reader", sverka.RoleReader)
	open, _ := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	closed, _ := New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{SignInToRead: true})
	tests := []struct {
		name   string
		srv    *Server
		target string
		header []string
		status int
	}{
		{"anonymous reads by default", open, "/documents/117313", nil, http.StatusOK},
		{"anonymous reads the API by default", open, "/api/documents/117313", nil, http.StatusOK},
		{"anonymous may not read the audit trail", open, "/api/changes", nil, http.StatusUnauthorized},
		{"reader may not read the audit trail", open, "/api/changes", reader.withBearer(), http.StatusForbidden},
		{"reader may not list accounts", open, "/users", reader.withSession(), http.StatusForbidden},
		{"signed-in only: anonymous refused", closed, "/api/documents/117313", nil, http.StatusUnauthorized},
		{"signed-in only: anonymous sent to sign in", closed, "/documents/117313", nil, http.StatusSeeOther},
		{"signed-in only: sign-in page still open", closed, "/login", nil, http.StatusOK},
		{"signed-in only: reader reads", closed, "/documents/117313", reader.withSession(), http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, tc.srv, http.MethodGet, tc.target, "", tc.header...)
			if rec.Code != tc.status {
				t.Fatalf("got %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
		})
	}
}

func TestCSRF(t *testing.T) {
	srv, db := newTestServer(t)
	p := signedIn(t, db, "annotator", sverka.RoleAnnotator)
	form := "application/x-www-form-urlencoded"
	tests := []struct {
		name   string
		header []string
		body   string
		status int
	}{
		{"no token", []string{"Cookie", p.cookie, "Content-Type", form}, "label=x", http.StatusForbidden},
		{"wrong token", []string{"Cookie", p.cookie, "Content-Type", form, "X-CSRF-Token", "not-the-token"}, "label=x", http.StatusForbidden},
		{"another session's token", []string{"Cookie", p.cookie, "Content-Type", form, "X-CSRF-Token", "anonymous-csrf-secret-of-this-test-0123456789"}, "label=x", http.StatusForbidden},
		{"cross-site form post", []string{"Cookie", p.cookie, "Content-Type", form, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}, "label=x", http.StatusForbidden},
		{"cross-site even with the token", []string{"Cookie", p.cookie, "Content-Type", form, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}, "label=x&csrf=" + url.QueryEscape(p.csrf), http.StatusForbidden},
		{"same-origin form with the token", []string{"Cookie", p.cookie, "Content-Type", form, "Sec-Fetch-Site", "same-origin"}, "label=x&csrf=" + url.QueryEscape(p.csrf), http.StatusCreated},
		{"script with the header", []string{"Cookie", p.cookie, "Content-Type", form, "X-CSRF-Token", p.csrf}, "label=y", http.StatusCreated},
		{"bearer token needs none", []string{"Authorization", "Bearer " + p.bearer, "Content-Type", form}, "label=z", http.StatusCreated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, srv, http.MethodPost, "/account/tokens", tc.body, tc.header...)
			if rec.Code != tc.status {
				t.Fatalf("got %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
		})
	}
	list, _ := db.FindTokens(context.Background(), p.user.ID)
	if len(list) != 4 { // "test" and the three allowed
		t.Fatalf("got %d tokens, want 4: refused requests must change nothing", len(list))
	}
	// The sign-in form is protected too: no token, no sign-in.
	rec := do(t, srv, http.MethodPost, "/login", "name=x&password=y", "Content-Type", form)
	if rec.Code != http.StatusForbidden {
		t.Fatalf("sign-in without a CSRF token: got %d, want 403", rec.Code)
	}
}

func TestSecurityHeaders(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, target := range []string{"/", "/documents/117313", "/api/documents/117313", "/nowhere", "/login"} {
		rec := do(t, srv, http.MethodGet, target, "")
		h := rec.Header()
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: got CSP %q", target, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: got headers %v", target, h)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	srv, db := newTestServer(t)
	p := signedIn(t, db, "reader", sverka.RoleReader)
	big := `{"label":"` + strings.Repeat("x", 2<<20) + `"}`
	rec := do(t, srv, http.MethodPost, "/api/tokens", big, p.withBearer("Content-Type", "application/json")...)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("got %d, want 413", rec.Code)
	}
}

func TestUserAdministration(t *testing.T) {
	srv, db := newTestServer(t)
	admin := signedIn(t, db, "admin", sverka.RoleAdmin)
	ed := signedIn(t, db, "ed", sverka.RoleEditor)
	target := "/api/users/" + strconv.FormatInt(ed.user.ID, 10)
	rec := do(t, srv, http.MethodPatch, target, `{"role":"annotator","version":1}`, admin.withBearer("Content-Type", "application/json")...)
	if rec.Code != http.StatusOK {
		t.Fatalf("got %d, want 200: %s", rec.Code, rec.Body)
	}
	// A second admin working from the same, now stale, version is refused
	// and told the current state.
	uid := strconv.FormatInt(ed.user.ID, 10)
	rec = do(t, srv, http.MethodPatch, target, `{"disabled":true}`, admin.withBearer("Content-Type", "application/json", "If-Match", `"u`+uid+`-v1"`)...)
	var conflict struct {
		Current sverka.User `json:"current"`
	}
	if rec.Code != http.StatusPreconditionFailed || json.Unmarshal(rec.Body.Bytes(), &conflict) != nil || conflict.Current.Role != sverka.RoleAnnotator || conflict.Current.Version != 2 ||
		rec.Header().Get("ETag") != `"u`+uid+`-v2"` {
		t.Fatalf("got %d %s (ETag %s), want 412 with the current user", rec.Code, rec.Body, rec.Header().Get("ETag"))
	}
	// Demoting ed ended ed's sessions; the token still works, with the new role.
	if rec := do(t, srv, http.MethodGet, "/account", "", ed.withSession()...); rec.Code != http.StatusUnauthorized {
		t.Fatalf("session after a role change: got %d, want 401", rec.Code)
	}
	if rec := do(t, srv, http.MethodGet, "/api/changes", "", ed.withBearer()...); rec.Code != http.StatusForbidden {
		t.Fatalf("demoted editor reading changes: got %d, want 403", rec.Code)
	}
	// The form: disable ed.
	rec = do(t, srv, http.MethodPost, "/users/"+strconv.FormatInt(ed.user.ID, 10), "disabled=true&version=2", admin.withSession("Content-Type", "application/x-www-form-urlencoded")...)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("got %d, want 303: %s", rec.Code, rec.Body)
	}
	if rec := do(t, srv, http.MethodGet, "/api/me", "", ed.withBearer()...); rec.Code != http.StatusUnauthorized {
		t.Fatalf("disabled user's token: got %d, want 401", rec.Code)
	}
	// The audit trail shows who did it, per user.
	rec = do(t, srv, http.MethodGet, "/api/changes?user=admin&entity=user", "", admin.withBearer()...)
	var got struct{ Changes []store.Change }
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || len(got.Changes) != 2 || got.Changes[0].Action != "disable" || got.Changes[1].Action != "set-role" {
		t.Fatalf("got %s, want the disable and the set-role by admin", rec.Body)
	}
}

// TestAuthPagesRender renders the account pages.
func TestAuthPagesRender(t *testing.T) {
	srv, db := newTestServer(t)
	admin := signedIn(t, db, "admin", sverka.RoleAdmin)
	for _, target := range []string{"/login", "/users", "/account", "/changes", "/changes?user=admin", "/changes?document=117313"} {
		rec := do(t, srv, http.MethodGet, target, "", admin.withSession()...)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "</html>") || !strings.Contains(rec.Body.String(), `data-csrf="`+admin.csrf+`"`) {
			t.Errorf("%s: got %d: %s", target, rec.Code, rec.Body)
		}
	}
}

// TestConcurrentAnnotationEdits has an annotator and an editor save the same
// note at the same moment over a real HTTP server, many times over: each
// time exactly one wins, the other gets 412 with the winner's version, and
// the trail of versions keeps every accepted text.
func TestConcurrentAnnotationEdits(t *testing.T) {
	base, _, db := startTestServer(t)
	author := signedIn(t, db, "author", sverka.RoleAnnotator)
	editor := signedIn(t, db, "editor", sverka.RoleEditor)
	d := letterDoc(t, db)
	start, end := phrase(t, d, "ru", 3, "Баш")
	send := func(method, target, body string, header ...string) (int, http.Header, string) {
		req, err := http.NewRequest(method, base+target, strings.NewReader(body))
		if err != nil {
			t.Error(err)
			return 0, nil, ""
		}
		req.Host = strings.TrimPrefix(testBase, "http://") // the origin the note targets name
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return 0, nil, ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b)
	}
	body := func(text string) string { return noteBody(d.ID, "ru", start, end, "Баш", text) }
	code, h, out := send(http.MethodPost, "/api/documents/117313/annotations/", body("first"), author.withBearer("Content-Type", "application/ld+json")...)
	if code != http.StatusCreated {
		t.Fatalf("create: %d %s", code, out)
	}
	loc, etag := h.Get("Location"), h.Get("ETag")
	path := loc[strings.Index(loc, "/api/"):]
	accepted := []string{"first"}
	for round := range 10 {
		texts := []string{fmt.Sprintf("author %d", round), fmt.Sprintf("editor %d", round)}
		who := []principal{author, editor}
		type result struct {
			code int
			etag string
			body string
		}
		results := make([]result, 2)
		var wg sync.WaitGroup
		ready := make(chan struct{})
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-ready
				c, h, b := send(http.MethodPut, path, body(texts[i]), who[i].withBearer("Content-Type", "application/ld+json", "If-Match", etag)...)
				results[i] = result{c, h.Get("ETag"), b}
			}()
		}
		close(ready)
		wg.Wait()
		won, lost := -1, -1
		for i, r := range results {
			switch r.code {
			case http.StatusOK:
				won = i
			case http.StatusPreconditionFailed:
				lost = i
			default:
				t.Fatalf("round %d: %s got %d: %s", round, who[i].name, r.code, r.body)
			}
		}
		if won < 0 || lost < 0 {
			t.Fatalf("round %d: got %d and %d, want exactly one 200 and one 412", round, results[0].code, results[1].code)
		}
		// The loser is told the current state: the winner's text.
		if !strings.Contains(results[lost].body, texts[won]) {
			t.Fatalf("round %d: the 412 does not carry the winning text %q: %s", round, texts[won], results[lost].body)
		}
		accepted = append(accepted, texts[won])
		etag = results[won].etag
	}
	code, _, out = send(http.MethodGet, path+"/versions", "", author.withBearer()...)
	if code != http.StatusOK {
		t.Fatalf("versions: %d %s", code, out)
	}
	for _, text := range accepted {
		if !strings.Contains(out, text) {
			t.Errorf("the accepted text %q is lost from the versions", text)
		}
	}
}
