package server

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"sverka"
	"sverka/anno"
	"sverka/internal/pgtest"
	"sverka/internal/storetest"
)

// hostileRequest is one request of the battery: everything about it is
// right but one thing.
type hostileRequest struct {
	name   string
	method string
	target string
	body   []byte
	header []string // name, value pairs
}

// dbSnapshot is what a refused request must leave as it was.
type dbSnapshot map[string]int64

// snapshotQueries count and sum what any edit changes: rows, revisions,
// versions, link statuses.
var snapshotQueries = map[string]string{
	"documents":           `SELECT count(*) FROM documents`,
	"document revisions":  `SELECT coalesce(sum(revision), 0) FROM documents`,
	"base texts":          `SELECT count(*) FROM base_texts`,
	"derivation steps":    `SELECT count(*) FROM derivation_steps`,
	"segments":            `SELECT count(*) FROM segments`,
	"segment ends":        `SELECT coalesce(sum(start_offset * 3 + end_offset), 0) FROM segments`,
	"links":               `SELECT count(*) FROM links`,
	"link statuses":       `SELECT coalesce(sum(length(status) * position), 0) FROM links`,
	"annotations":         `SELECT count(*) FROM annotations`,
	"annotation versions": `SELECT coalesce(sum(version), 0) FROM annotations`,
	"deleted annotations": `SELECT count(*) FROM annotations WHERE deleted_at IS NOT NULL AND deleted_at != ''`,
	"changes":             `SELECT count(*) FROM changes`,
	"alignment edits":     `SELECT count(*) FROM alignment_edits`,
	"users":               `SELECT count(*) FROM users`,
	"user versions":       `SELECT coalesce(sum(version), 0) FROM users`,
	"tokens":              `SELECT count(*) FROM api_tokens`,
	"sessions":            `SELECT count(*) FROM sessions`,
}

func takeSnapshot(t testing.TB, conn *sql.DB) dbSnapshot {
	t.Helper()
	s := dbSnapshot{}
	for name, q := range snapshotQueries {
		var n int64
		if err := conn.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("snapshot %s: %v", name, err)
		}
		s[name] = n
	}
	return s
}

func (s dbSnapshot) diff(after dbSnapshot) string {
	var d []string
	for k, v := range s {
		if after[k] != v {
			d = append(d, fmt.Sprintf("%s %d→%d", k, v, after[k]))
		}
	}
	sort.Strings(d)
	return strings.Join(d, ", ")
}

// Hostile path parameter values: nothing, something malformed, something huge.
var hostileParams = []string{
	"999999", "0", "-1", "abc", "1.5", "1e3", "..%2F..", "%2e%2e", "%00", "%ff", "%ED%A0%80",
	"99999999999999999999", "9223372036854775808", strings.Repeat("9", 400), strings.Repeat("a", 3000),
	"xx", "EN", "1%20OR%201=1", "%22%3E%3Cscript%3E",
}

// Hostile query strings, sent to every safe route.
var hostileQueries = []string{
	"offset=abc", "offset=-1", "offset=99999999999999999999", "offset=9223372036854775807", "offset=1.5",
	"page=-1", "page=abc", "page=99999999999999999999", "page=9223372036854775807", "page=2147483647", "page=1e3",
	"format=nope", "format=", "format=json&format=tei", "format=%00", "reading=nope", "links=nope", "proposed=maybe",
	"include=nope", "include=deleted", "include=deleted&include=nope", "motivation=nope", "creator=abc", "creator=-1",
	"creator=99999999999999999999", "lang=xx", "lang=..%2F", "lang=%ff",
	"before=abc", "before=-1", "before=99999999999999999999", "user=nobody", "user=-1", "user=%ff",
	"document=..%2F..", "document=999999", "document=" + strings.Repeat("a", 3000), "entity=nope&entity_id=%ff",
	"q=%22", "q=%22unbalanced", "q=*", "q=NEAR(", "q=a%20OR%20", "q=%ff%fe", "q=%ED%A0%80", "q=" + strings.Repeat("слово+", 500),
	"q=a&lang=xx", "q=a&document=..%2F", "q=a&offset=-5", "q=a&offset=99999999999999999999", "offset=1&offset=2",
	"next=//evil.example", "next=%0d%0aSet-Cookie:x", "%zz=1", "a=%zz",
}

// Hostile conditional headers for safe routes.
var hostileSafeHeaders = [][]string{
	{"If-None-Match", "garbage"},
	{"If-None-Match", `"a1-v99999999999999999999"`},
	{"If-None-Match", `W/""`},
	{"If-Match", "garbage"},
	{"If-Match", `"117313-0"`, "If-None-Match", "*"},
}

// TestHostileRequests sends every route, as an admin with a Bearer token (so
// that authorization hides nothing), a battery of requests each wrong in one
// way: path parameters, query strings, bodies, conditional headers. Each
// must be answered with a 4xx that says what is wrong (or, for a read, a
// 2xx that ignores the nonsense), never a 500 or a panic, and change
// nothing in the database.
func TestHostileRequests(t *testing.T) {
	db := storetest.Open(t)
	var logs bytes.Buffer
	srv, err := New(db, slog.New(slog.NewJSONHandler(&logs, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	driver, dsn := "sqlite3", "file:"+db.Path()+"?mode=ro&_busy_timeout=5000"
	if pgtest.On() {
		driver, dsn = "pgx", db.Path()
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	ctx := context.Background()

	f := hostileFixture{admin: signedIn(t, db, "h-admin", sverka.RoleAdmin)}
	f.uid = signedIn(t, db, "h-other", sverka.RoleAnnotator).user.ID
	if _, err := db.CreateToken(ctx, f.admin.user.ID, "spare"); err != nil {
		t.Fatal(err)
	}
	tokens, err := db.FindTokens(ctx, f.admin.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range tokens {
		if tk.Label == "spare" {
			f.tid = tk.ID
		}
	}
	d := letterDoc(t, db)
	en := d.Text("en").Segments[0]
	f.noteJSON = noteBody(d.ID, "en", en.Start, en.Start+3, string([]rune(en.Text)[:3]), "a note")
	ru := d.Text("ru").Segments[1]
	auth := f.admin.withBearer()
	create := func(body string) int64 {
		rec := do(t, srv, http.MethodPost, "/api/documents/117313/annotations/", body, auth...)
		if rec.Code != http.StatusCreated {
			t.Fatalf("create annotation: got %d %s", rec.Code, rec.Body)
		}
		id, ok := anno.ParseAnnotationIRI(testBase, rec.Header().Get("Location"))
		if !ok {
			t.Fatalf("create annotation: Location %q", rec.Header().Get("Location"))
		}
		return id
	}
	f.note = create(f.noteJSON)
	f.correction = create(correctionBody(d.ID, ru.Start, ru.Start+3, string([]rune(ru.Text)[:3]), "xyz"))
	if f.revision, err = db.DocumentRevision(ctx, d.ID); err != nil {
		t.Fatal(err)
	}

	// Every route, and the methods each path does not take.
	methods := map[string]map[string]bool{}
	routes := srv.echo.Routes()
	sort.Slice(routes, func(i, j int) bool { return routes[i].Path+routes[i].Method < routes[j].Path+routes[j].Method })
	for _, r := range routes {
		if methods[r.Path] == nil {
			methods[r.Path] = map[string]bool{}
		}
		methods[r.Path][r.Method] = true
	}

	before := takeSnapshot(t, conn)
	sent := 0
	check := func(t *testing.T, route string, req hostileRequest) {
		t.Helper()
		sent++
		r := httptest.NewRequest(req.method, req.target, bytes.NewReader(req.body))
		if req.body == nil {
			r = httptest.NewRequest(req.method, req.target, nil)
		}
		h := append(append([]string{}, auth...), req.header...)
		for i := 0; i+1 < len(h); i += 2 {
			r.Header.Set(h[i], h[i+1])
		}
		logStart := logs.Len()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		what := fmt.Sprintf("%s %s [%s]", req.method, truncate(req.target, 100), truncate(req.name, 80))
		if newLog := logs.String()[logStart:]; strings.Contains(newLog, "handler panicked") {
			t.Errorf("%s: the handler panicked: %s", what, truncate(newLog, 2000))
		}
		if rec.Code >= 500 {
			t.Errorf("%s: got %d %s, want a 4xx", what, rec.Code, truncate(rec.Body.String(), 300))
		}
		unsafe := !safeMethod(req.method)
		if _, ok := acceptsAnything[route]; unsafe && !ok && (rec.Code < 400 || rec.Code >= 500) {
			t.Errorf("%s: got %d %s, want a 4xx", what, rec.Code, truncate(rec.Body.String(), 300))
		}
		if rec.Code >= 400 {
			ct := rec.Header().Get("Content-Type")
			api := strings.HasPrefix(r.URL.Path, "/api/")
			switch {
			case strings.HasPrefix(r.URL.Path, "/static/") && rec.Code == http.StatusPreconditionFailed:
				// net/http's answer to a failed precondition on a file.
			case api:
				var e struct {
					Error string `json:"error"`
				}
				if !strings.HasPrefix(ct, "application/json") || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error == "" {
					t.Errorf("%s: got %d %q %s, want a JSON error", what, rec.Code, ct, truncate(rec.Body.String(), 300))
				}
			case !strings.HasPrefix(ct, "text/html") || rec.Body.Len() == 0:
				t.Errorf("%s: got %d %q %s, want an HTML error page", what, rec.Code, ct, truncate(rec.Body.String(), 300))
			}
		}
		if after := takeSnapshot(t, conn); !equalSnapshots(before, after) {
			t.Errorf("%s: got %d and the database changed: %s", what, rec.Code, before.diff(after))
			before = after
		}
	}

	for _, rt := range routes {
		route := rt.Method + " " + rt.Path
		t.Run(route, func(t *testing.T) {
			body, header := f.validBody(route)
			var params []string
			for _, p := range strings.Split(rt.Path, "/") {
				if strings.HasPrefix(p, ":") || p == "*" {
					params = append(params, p)
				}
			}
			valid := f.fill(route, rt.Path, "", "")
			// Path parameters: with the valid body and headers, so that the
			// parameter is the only thing wrong.
			for _, p := range params {
				if p == ":hash" {
					continue // any hash serves the file; a stale one is not cached
				}
				for _, v := range hostileParams {
					check(t, route, hostileRequest{name: p + "=" + truncate(v, 20), method: rt.Method, target: f.fill(route, rt.Path, p, v), body: []byte(body), header: header})
				}
			}
			// Methods the path does not take.
			for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
				if !methods[rt.Path][m] {
					check(t, route, hostileRequest{name: "method " + m, method: m, target: valid, body: []byte(body), header: header})
				}
			}
			if safeMethod(rt.Method) {
				for _, q := range hostileQueries {
					check(t, route, hostileRequest{name: "?" + truncate(q, 40), method: rt.Method, target: valid + "?" + q})
				}
				for _, h := range hostileSafeHeaders {
					check(t, route, hostileRequest{name: strings.Join(h, ": "), method: rt.Method, target: valid, header: h})
				}
				return
			}
			// Bodies. A route that reads no body gets them on an object that
			// does not exist, lest the valid request behind them succeed.
			target := valid
			if body == "" && len(params) > 0 {
				target = f.fill(route, rt.Path, params[0], "999999")
			}
			bodies := genericBodies()
			if body != "" && strings.HasPrefix(body, "{") {
				bodies = append(bodies, jsonMutations(body)...)
				bodies = append(bodies, hostileRequest{name: "unknown key", body: []byte(`{"nope":1,` + body[1:]), header: []string{"Content-Type", "application/json"}})
				for _, ct := range []string{"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "application/xml"} {
					bodies = append(bodies, hostileRequest{name: "valid JSON as " + ct, body: []byte(body), header: []string{"Content-Type", ct}})
				}
			} else if body != "" {
				bodies = append(bodies, hostileRequest{name: "valid form as JSON", body: []byte(body), header: []string{"Content-Type", "application/json"}})
				bodies = append(bodies, hostileRequest{name: "valid form as text", body: []byte(body), header: []string{"Content-Type", "text/plain"}})
			}
			bodies = append(bodies, f.routeBodies(route, d)...)
			for _, b := range bodies {
				b.method, b.target = rt.Method, target
				var keep []string
				for i := 0; i+1 < len(header); i += 2 {
					if header[i] != "Content-Type" {
						keep = append(keep, header[i], header[i+1])
					}
				}
				b.header = append(keep, b.header...)
				check(t, route, b)
			}
			// Conditional headers, with the valid body.
			for _, h := range f.routeHeaders(route) {
				hd := map[string]string{}
				for i := 0; i+1 < len(header); i += 2 {
					hd[header[i]] = header[i+1]
				}
				for i := 0; i+1 < len(h); i += 2 {
					hd[h[i]] = h[i+1]
				}
				var hs []string
				for k, v := range hd {
					if v != "" {
						hs = append(hs, k, v)
					}
				}
				check(t, route, hostileRequest{name: strings.Join(h, ": "), method: rt.Method, target: valid, body: []byte(body), header: hs})
			}
		})
	}
	t.Logf("%d routes, %d hostile requests", len(routes), sent)
	if len(routes) < 40 {
		t.Errorf("got %d routes, want every route of the server", len(routes))
	}
}

func equalSnapshots(a, b dbSnapshot) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}
