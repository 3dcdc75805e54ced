package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"sverka"
	"sverka/internal/storetest"
)

// TestAccountPasswordChange changes one's own password on /account: a
// mismatched repeat, a wrong current password and a too short new one are
// 400s with a message that change nothing; anonymous visitors and a form
// without the CSRF token are refused; the right change keeps this browser
// signed in and signs out the other one. The passwords never appear in an
// answer or the log, and wrong current passwords are rate-limited as
// sign-ins are.
func TestAccountPasswordChange(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	var logs bytes.Buffer
	srv, err := New(db, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), Config{})
	if err != nil {
		t.Fatal(err)
	}
	const old, next, wrong, other = "old-Passw0rd", "next-Passw0rd", "wrong-Passw0rd", "other-Passw0rd"
	if _, err := db.CreateUser(ctx, "nina", sverka.RoleReader, old); err != nil {
		t.Fatal(err)
	}
	here, elsewhere := newBrowser(t, srv), newBrowser(t, srv)
	for _, b := range []*browser{here, elsewhere} {
		if rec := b.login("nina", old); rec.Code != http.StatusSeeOther {
			t.Fatalf("sign in: got %d, want 303", rec.Code)
		}
	}
	change := func(b *browser, csrf, current, new, again string) *httptest.ResponseRecorder {
		form := url.Values{"current": {current}, "new": {new}, "again": {again}}
		if csrf != "" {
			form.Set("csrf", csrf)
		}
		return b.do(http.MethodPost, "/account/password", form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	}
	var answers strings.Builder
	tests := []struct {
		name                string
		b                   *browser
		noCSRF              bool
		current, new, again string
		status              []int
		message             string
	}{
		{"repeat differs", here, false, old, next, other, []int{http.StatusBadRequest}, "The two new passwords differ"},
		{"wrong current password", here, false, wrong, next, next, []int{http.StatusBadRequest}, "Your current password is not right"},
		{"new password too short", here, false, old, "short", "short", []int{http.StatusBadRequest}, "at least 8 characters"},
		{"anonymous", newBrowser(t, srv), false, old, next, next, []int{http.StatusUnauthorized, http.StatusSeeOther}, ""},
		{"no CSRF token", here, true, old, next, next, []int{http.StatusForbidden}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			csrf := ""
			if !tc.noCSRF {
				csrf = tc.b.csrf()
			}
			rec := change(tc.b, csrf, tc.current, tc.new, tc.again)
			answers.WriteString(rec.Body.String())
			ok := false
			for _, s := range tc.status {
				ok = ok || rec.Code == s
			}
			if !ok {
				t.Fatalf("got %d, want one of %v: %s", rec.Code, tc.status, rec.Body)
			}
			if tc.message != "" && !strings.Contains(rec.Body.String(), tc.message) {
				t.Errorf("got %s, want the message %q", rec.Body, tc.message)
			}
			if _, err := db.Authenticate(ctx, "nina", old); err != nil {
				t.Errorf("the old password stopped working: %v", err)
			}
			if rec := elsewhere.do(http.MethodGet, "/account", ""); rec.Code != http.StatusOK {
				t.Errorf("the other browser: got %d, want it still signed in", rec.Code)
			}
		})
	}

	rec := change(here, here.csrf(), old, next, next)
	answers.WriteString(rec.Body.String())
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Your password was changed") {
		t.Fatalf("change: got %d, want 200 saying so: %s", rec.Code, rec.Body)
	}
	if _, err := db.Authenticate(ctx, "nina", next); err != nil {
		t.Errorf("new password: got %v, want it to work", err)
	}
	if _, err := db.Authenticate(ctx, "nina", old); err == nil {
		t.Error("the old password still works")
	}
	if rec := here.do(http.MethodGet, "/account", ""); rec.Code != http.StatusOK {
		t.Errorf("this browser: got %d, want it still signed in", rec.Code)
	}
	if rec := elsewhere.do(http.MethodGet, "/account", ""); rec.Code == http.StatusOK {
		t.Errorf("the other browser: got %d, want it signed out", rec.Code)
	}

	// Wrong current passwords are limited as failed sign-ins are: after
	// the burst even the right one must wait, and nothing changes.
	for range accountBurst {
		answers.WriteString(change(here, here.csrf(), wrong, other, other).Body.String())
	}
	rec = change(here, here.csrf(), next, other, other)
	answers.WriteString(rec.Body.String())
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("after %d wrong passwords: got %d (Retry-After %q), want 429 with Retry-After", accountBurst, rec.Code, rec.Header().Get("Retry-After"))
	}
	if _, err := db.Authenticate(ctx, "nina", next); err != nil {
		t.Errorf("the password changed while rate-limited: %v", err)
	}

	for _, p := range []string{old, next, wrong, other} {
		if strings.Contains(answers.String(), p) {
			t.Errorf("an answer holds the password %q", p)
		}
		if strings.Contains(logs.String(), p) {
			t.Errorf("the log holds the password %q", p)
		}
	}
}
