package server

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"sverka"
	"sverka/internal/storetest"
)

// browser signs in through the real forms, keeping cookies like a browser.
type browser struct {
	t       testing.TB
	srv     *Server
	cookies map[string]string
}

func newBrowser(t testing.TB, srv *Server) *browser {
	return &browser{t: t, srv: srv, cookies: map[string]string{}}
}

var csrfAttr = regexp.MustCompile(`data-csrf="([^"]*)"`)

func (b *browser) do(method, target, body string, header ...string) *httptest.ResponseRecorder {
	var ck []string
	for k, v := range b.cookies {
		ck = append(ck, k+"="+v)
	}
	if len(ck) > 0 {
		header = append(header, "Cookie", strings.Join(ck, "; "))
	}
	rec := do(b.t, b.srv, method, target, body, header...)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return rec
}

// csrf reads the CSRF token of the current page as JS would.
func (b *browser) csrf() string {
	rec := b.do(http.MethodGet, "/", "")
	m := csrfAttr.FindStringSubmatch(rec.Body.String())
	if m == nil {
		b.t.Fatalf("no data-csrf on the page: %s", rec.Body)
	}
	return m[1]
}

func (b *browser) login(name, password string) *httptest.ResponseRecorder {
	form := url.Values{"name": {name}, "password": {password}, "csrf": {b.csrf()}, "next": {"/account"}}
	return b.do(http.MethodPost, "/login", form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
}

func TestLoginLogout(t *testing.T) {
	srv, db := newTestServer(t)
	if _, err := db.CreateUser(context.Background(), "Vera", sverka.RoleEditor, "correct horse"); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, srv)
	rec := b.login("vera", "correct horse")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/account" {
		t.Fatalf("got %d to %q, want 303 to /account: %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	var session *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("got session cookie %+v, want HttpOnly, Secure, SameSite=Lax", session)
	}
	page := b.do(http.MethodGet, "/", "").Body.String()
	if !strings.Contains(page, `class="whoami">Vera<`) || !strings.Contains(page, `href="/changes"`) {
		t.Fatalf("the page does not show Vera signed in: %s", page)
	}
	csrf := b.csrf()
	rec = b.do(http.MethodPost, "/logout", "csrf="+url.QueryEscape(csrf), "Content-Type", "application/x-www-form-urlencoded")
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("logout: got %d, want 303", rec.Code)
	}
	// The old cookie is dead on the server, not only forgotten by the browser.
	if rec := do(t, srv, http.MethodGet, "/account", "", "Cookie", sessionCookie+"="+session.Value); rec.Code != http.StatusUnauthorized {
		t.Fatalf("revoked session: got %d, want 401", rec.Code)
	}
	if rec := b.login("vera", "x"+"correct horse"); rec.Code != http.StatusUnauthorized {
		t.Fatalf("wrong password: got %d, want 401", rec.Code)
	}
	// The redirect after sign-in stays on the site.
	form := url.Values{"name": {"vera"}, "password": {"correct horse"}, "csrf": {b.csrf()}, "next": {"//evil.example/"}}
	rec = b.do(http.MethodPost, "/login", form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	if rec.Header().Get("Location") != "/" {
		t.Fatalf("got redirect to %q, want /", rec.Header().Get("Location"))
	}
}

// TestLoginFailuresLookAlike checks that an unknown user and a wrong password
// get the same answer in about the same time, and that guessing is slowed.
func TestLoginFailuresLookAlike(t *testing.T) {
	srv, db := newTestServer(t)
	// vera is the account locked at the end; ada and ben only lend their
	// names to later timing rounds, so that no account nears its limit.
	accounts := []string{"vera", "ada", "ben"}
	for _, name := range accounts {
		if _, err := db.CreateUser(context.Background(), name, sverka.RoleReader, "correct horse"); err != nil {
			t.Fatal(err)
		}
	}
	b := newBrowser(t, srv)
	attempt := func(name string) (int, string, time.Duration) {
		csrf := b.csrf()
		form := url.Values{"name": {name}, "password": {"wrong horse"}, "csrf": {csrf}}
		start := time.Now()
		rec := b.do(http.MethodPost, "/login", form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
		d := time.Since(start)
		body := strings.ReplaceAll(rec.Body.String(), `value="`+name+`"`, `value="NAME"`)
		return rec.Code, strings.ReplaceAll(body, csrf, "CSRF"), d
	}
	attempt("nobody-warm-up") // the first unknown user computes the dummy hash once
	// A round compares the fastest of three tries each (a busy machine only
	// adds time). A real difference (a skipped hash, an extra query) shows
	// in every round; the bursts of a loaded machine rarely in three in a
	// row. Three rounds of six failures, the warm-up and vera's seven more
	// below stay under the 30 per address.
	var told []string
	for round, name := range accounts {
		var known, unknown []time.Duration
		for i := range 3 {
			c1, b1, d1 := attempt(name)
			c2, b2, d2 := attempt("nobody" + strconv.Itoa(round) + "-" + strconv.Itoa(i))
			if c1 != http.StatusUnauthorized || c1 != c2 || b1 != b2 {
				t.Fatalf("wrong password: %d, unknown user: %d; the answers differ:\n%s\n---\n%s", c1, c2, b1, b2)
			}
			known, unknown = append(known, d1), append(unknown, d2)
		}
		mk, mu := slices.Min(known), slices.Min(unknown)
		t.Logf("round %d, fastest sign-in failure: wrong password %v, unknown user %v", round, mk, mu)
		if mk <= 2*mu && mu <= 2*mk {
			told = nil
			break
		}
		told = append(told, fmt.Sprintf("wrong password %v, unknown user %v", mk, mu))
	}
	if told != nil {
		t.Errorf("the timing tells them apart in every round: %s", strings.Join(told, "; "))
	}
	// Seven more failures for vera make ten: the account is now locked for a
	// while, even with the right password, and says so.
	for range 7 {
		attempt("vera")
	}
	form := url.Values{"name": {"vera"}, "password": {"correct horse"}, "csrf": {b.csrf()}}
	rec := b.do(http.MethodPost, "/login", form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("got %d, want 429 with Retry-After after 10 failures", rec.Code)
	}
}

// TestPasswordsNeverLeak signs in, fails to, creates and changes accounts
// through the API with logging at debug level, and looks for the passwords
// in the log, the answers and the audit trail.
func TestPasswordsNeverLeak(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	var logs bytes.Buffer
	srv, err := New(db, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), Config{})
	if err != nil {
		t.Fatal(err)
	}
	const first, second, wrong = "first-Passw0rd", "second-Passw0rd", "wrong-Passw0rd"
	if _, err := db.CreateUser(ctx, "root", sverka.RoleAdmin, first); err != nil {
		t.Fatal(err)
	}
	var answers strings.Builder
	b := newBrowser(t, srv)
	answers.WriteString(b.login("root", wrong).Body.String())
	answers.WriteString(b.login("root", first).Body.String())
	csrf := b.csrf()
	json := func(method, target, body string) {
		rec := b.do(method, target, body, "Content-Type", "application/json", "X-CSRF-Token", csrf)
		answers.WriteString(rec.Body.String())
	}
	json(http.MethodPost, "/api/users", `{"name":"scholar","role":"annotator","password":"`+second+`"}`)
	json(http.MethodPost, "/api/users", `{"name":"shorty","role":"annotator","password":"short"}`)
	json(http.MethodPatch, "/api/users/2", `{"password":"`+wrong+`","version":1}`)
	json(http.MethodGet, "/api/users", "")
	json(http.MethodGet, "/api/changes", "")
	json(http.MethodGet, "/api/me", "")
	answers.WriteString(b.do(http.MethodGet, "/users", "").Body.String())
	answers.WriteString(b.do(http.MethodGet, "/changes", "").Body.String())
	for _, secret := range []string{first, second, wrong, "argon2"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log holds %q", secret)
		}
		if strings.Contains(answers.String(), secret) {
			t.Errorf("an answer holds %q", secret)
		}
	}
	if !strings.Contains(answers.String(), `"name":"scholar"`) {
		t.Fatalf("the user list is missing: %s", answers.String())
	}
}
