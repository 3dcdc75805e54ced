package server

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"sverka"
)

func TestRedirectPath(t *testing.T) {
	tests := []struct {
		name, next, want string
	}{
		{"a path", "/documents/117313", "/documents/117313"},
		{"a path with a query", "/search?q=a%20b&lang=ru", "/search?q=a%20b&lang=ru"},
		{"a path with a fragment", "/documents/5#s12", "/documents/5#s12"},
		{"empty", "", "/"},
		{"relative", "documents/5", "/"},
		{"absolute URL", "https://evil.example/", "/"},
		{"scheme-relative", "//evil.example/", "/"},
		{"backslash", "/\\evil.example/", "/"},
		{"backslash later", "/\\/evil.example/", "/"},
		{"tab", "/\t/evil.example/path", "/"},
		{"line feed", "/\n/evil.example/path", "/"},
		{"carriage return", "/\r/evil.example", "/"},
		{"NUL", "/\x00/evil.example", "/"},
		{"vertical tab", "/\v/evil.example", "/"},
		{"form feed", "/\f/evil.example", "/"},
		{"DEL", "/\x7f/evil.example", "/"},
		{"space", "/ /evil.example", "/"},
		{"no-break space", "/\u00a0/evil.example", "/"},
		{"zero-width joiner", "/\u200d/evil.example", "/"},
		{"header injection", "/\r\nSet-Cookie: x=1", "/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := redirectPath(tc.next); got != tc.want {
				t.Errorf("redirectPath(%q) = %q, want %q", tc.next, got, tc.want)
			}
		})
	}
}

// TestLoginRedirectStaysOnSite signs in with the hostile next= values a
// browser would read as another site, and checks where it is sent.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	srv, db := newTestServer(t)
	if _, err := db.CreateUser(context.Background(), "vera", sverka.RoleReader, "correct horse"); err != nil {
		t.Fatal(err)
	}
	for _, next := range []string{"/\t/evil.example/path", "/\x00/evil.example", "/\v/evil.example", "/\f/evil.example", "/\x7f/evil.example", "/%09/evil.example"} {
		b := newBrowser(t, srv)
		form := url.Values{"name": {"vera"}, "password": {"correct horse"}, "csrf": {b.csrf()}, "next": {next}}
		rec := b.do(http.MethodPost, "/login", form.Encode(), "Content-Type", "application/x-www-form-urlencoded")
		loc := rec.Header().Get("Location")
		want := "/"
		if next == "/%09/evil.example" { // stays encoded: a path on this site
			want = next
		}
		if rec.Code != http.StatusSeeOther || loc != want {
			t.Errorf("next=%q: got %d to %q, want 303 to %q", next, rec.Code, loc, want)
		}
	}
}
