package server

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"

	"sverka"
	"sverka/anno"
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

// deepJSON is JSON nested n levels deep.
func deepJSON(n int) []byte {
	return []byte(strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n))
}

// genericBodies are wrong for every route, whatever it takes.
func genericBodies() []hostileRequest {
	big := strings.Repeat("x", 2<<20)
	js := "application/json"
	form := "application/x-www-form-urlencoded"
	return []hostileRequest{
		{name: "empty JSON", body: nil, header: []string{"Content-Type", js}},
		{name: "empty, no content type"},
		{name: "not JSON", body: []byte("hello"), header: []string{"Content-Type", js}},
		{name: "truncated JSON", body: []byte(`{"op": "merge", "revision": `), header: []string{"Content-Type", js}},
		{name: "JSON array", body: []byte(`[]`), header: []string{"Content-Type", js}},
		{name: "JSON array of objects", body: []byte(`[{"label":"x"}]`), header: []string{"Content-Type", js}},
		{name: "JSON string", body: []byte(`"label"`), header: []string{"Content-Type", js}},
		{name: "JSON number", body: []byte(`42`), header: []string{"Content-Type", js}},
		{name: "JSON null", body: []byte(`null`), header: []string{"Content-Type", js}},
		{name: "JSON true", body: []byte(`true`), header: []string{"Content-Type", js}},
		{name: "empty object", body: []byte(`{}`), header: []string{"Content-Type", js}},
		{name: "two objects", body: []byte(`{}{}`), header: []string{"Content-Type", js}},
		{name: "lone surrogate", body: []byte(`{"label":"\ud800","name":"\ud800","op":"\ud800","status":"\ud800"}`), header: []string{"Content-Type", js}},
		{name: "invalid UTF-8", body: []byte("{\"label\":\"\xff\xfe\",\"name\":\"\xff\"}"), header: []string{"Content-Type", js}},
		{name: "nested 10000 objects", body: deepJSON(10000), header: []string{"Content-Type", js}},
		{name: "nested 10000 arrays", body: []byte(strings.Repeat("[", 10000) + strings.Repeat("]", 10000)), header: []string{"Content-Type", js}},
		{name: "2 MB string", body: []byte(`{"label":"` + big + `","name":"` + big[:10] + `"}`), header: []string{"Content-Type", js}},
		{name: "2 MB form value", body: []byte("label=" + big + "&name=" + big), header: []string{"Content-Type", form}},
		{name: "empty form", body: nil, header: []string{"Content-Type", form}},
		{name: "form of unknown fields", body: []byte("nope=1&other=%ff"), header: []string{"Content-Type", form}},
		{name: "malformed form", body: []byte("%zz=%%&;;"), header: []string{"Content-Type", form}},
		{name: "XML", body: []byte(`<label>x</label>`), header: []string{"Content-Type", "application/xml"}},
		{name: "multipart with a bad boundary", body: []byte("--nope\r\n"), header: []string{"Content-Type", "multipart/form-data; boundary=x"}},
		{name: "multipart without boundary", body: []byte("x"), header: []string{"Content-Type", "multipart/form-data"}},
		multipartRequest("multipart without files", map[string]string{"nope": "1"}, nil),
		{name: "unparsable content type", body: []byte(`{}`), header: []string{"Content-Type", "application/json; charset"}},
	}
}

// multipartRequest builds a multipart body with fields and files (field
// name → file name → content).
func multipartRequest(name string, fields map[string]string, files map[string]map[string]string) hostileRequest {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	for field, fs := range files {
		for fname, content := range fs {
			fw, _ := w.CreateFormFile(field, fname)
			_, _ = fw.Write([]byte(content))
		}
	}
	_ = w.Close()
	return hostileRequest{name: name, body: b.Bytes(), header: []string{"Content-Type", w.FormDataContentType()}}
}

// leaf is a place in a decoded JSON value: its path, its value, and how to
// replace it.
type leaf struct {
	path  string
	value any
	set   func(any)
}

// leaves decodes body and lists its leaves (strings, numbers, booleans);
// root receives the decoded value.
func leaves(body string, root *any) []leaf {
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(root); err != nil {
		panic(err)
	}
	var out []leaf
	var walk func(path string, v any, set func(any))
	walk = func(path string, v any, set func(any)) {
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(path+"."+k, x[k], func(n any) { x[k] = n })
			}
		case []any:
			for i := range x {
				walk(path+"["+strconv.Itoa(i)+"]", x[i], func(n any) { x[i] = n })
			}
		case string, json.Number, bool:
			out = append(out, leaf{path, v, set})
		}
	}
	walk("", *root, func(n any) { *root = n })
	return out
}

// jsonMutations returns valid with each of its leaves, one at a time,
// replaced by a wrong value: of another type, out of range, not text.
func jsonMutations(valid string) []hostileRequest {
	const mark = "\x00HOSTILE\x00"
	markJSON, _ := json.Marshal(mark)
	var root any
	n := len(leaves(valid, &root))
	var out []hostileRequest
	for i := 0; i < n; i++ {
		var root any
		l := leaves(valid, &root)[i]
		var raws []string
		switch l.value.(type) {
		case string:
			raws = []string{`"\ud800"`, `"a\udc00"`, "\"\xff\xfe\"", `12345`, `{}`, `[[]]`, `"` + strings.Repeat("я", 1<<20) + `"`}
		case json.Number:
			raws = []string{`99999999999999999999`, `1e400`, `1.5`, `"NaN"`, `"Infinity"`, `"1"`, `{}`}
		case bool:
			raws = []string{`"yes"`, `1`, `[]`}
		}
		l.set(mark)
		b, err := json.Marshal(root)
		if err != nil {
			panic(err)
		}
		for _, raw := range raws {
			body := bytes.Replace(b, markJSON, []byte(raw), 1)
			out = append(out, hostileRequest{name: l.path + " = " + truncate(raw, 24), body: body, header: []string{"Content-Type", "application/json"}})
		}
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// hostileFixture is what the battery needs to exist: the objects that the
// valid form of each request names.
type hostileFixture struct {
	admin      principal
	uid        int64 // another user
	tid        int64 // a spare token of the admin
	note       int64 // a note of the admin, version 1
	correction int64 // a proposed correction of the admin, version 1
	revision   int64 // of the seed letter
	noteJSON   string
}

// validParam is the value of a route parameter that names something that
// exists, so that only the one hostile thing is wrong.
func (f hostileFixture) validParam(route, param string) string {
	switch param {
	case ":id":
		return "117313"
	case ":lang":
		return "en"
	case ":uid":
		return strconv.FormatInt(f.uid, 10)
	case ":tid":
		return strconv.FormatInt(f.tid, 10)
	case ":aid":
		if strings.HasSuffix(route, "/review") {
			return strconv.FormatInt(f.correction, 10)
		}
		return strconv.FormatInt(f.note, 10)
	case ":version":
		return "1"
	case ":hash":
		return "0123456789"
	case "*":
		return "css/sverka.css"
	}
	return "1"
}

// fill fills the parameters of path: each with its valid value, except
// param, which gets value.
func (f hostileFixture) fill(route, path, param, value string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") && p != "*" {
			continue
		}
		if p == param {
			parts[i] = value
		} else {
			parts[i] = f.validParam(route, p)
		}
	}
	return strings.Join(parts, "/")
}

// validBody is the body that would make the route succeed (or "" when it
// takes none), and the headers that go with it.
func (f hostileFixture) validBody(route string) (body string, header []string) {
	js := []string{"Content-Type", "application/json"}
	form := []string{"Content-Type", "application/x-www-form-urlencoded"}
	ifMatch := func(id int64) []string { return []string{"If-Match", `"a` + strconv.FormatInt(id, 10) + `-v1"`} }
	switch route {
	case "POST /api/documents/:id/annotations", "POST /api/documents/:id/annotations/":
		return f.noteJSON, js
	case "PUT /api/annotations/:aid":
		return f.noteJSON, append(js, ifMatch(f.note)...)
	case "DELETE /api/annotations/:aid", "POST /api/annotations/:aid/versions/:version/restore":
		return "", ifMatch(f.note)
	case "POST /api/annotations/:aid/review":
		return `{"status":"accepted"}`, append(js, ifMatch(f.correction)...)
	case "POST /api/documents/:id/alignment":
		return `{"op":"confirm","revision":` + strconv.FormatInt(f.revision, 10) + `,"position":1,"to":2}`, js
	case "POST /api/tokens":
		return `{"label":"hostile"}`, js
	case "POST /api/users":
		return `{"name":"h-new","role":"reader","password":"long enough"}`, js
	case "PATCH /api/users/:uid":
		return `{"role":"editor","disabled":false,"version":1}`, js
	case "POST /users":
		return "name=h-form&role=reader&password=long+enough", form
	case "POST /users/:uid":
		return "role=editor&version=1", form
	case "POST /account/tokens":
		return "label=hostile", form
	}
	return "", nil
}

// acceptsAnything lists the state-changing routes that have nothing to
// refuse, and why.
var acceptsAnything = map[string]string{
	"POST /logout": "signing out takes no input; with a Bearer token and no session it does nothing",
}

// routeBodies are hostile bodies particular to one route.
func (f hostileFixture) routeBodies(route string, d *sverka.Document) []hostileRequest {
	js := []string{"Content-Type", "application/json"}
	rev := strconv.FormatInt(f.revision, 10)
	var out []hostileRequest
	add := func(name, body string) {
		out = append(out, hostileRequest{name: name, body: []byte(body), header: js})
	}
	switch route {
	case "POST /api/documents/:id/alignment":
		for _, b := range []string{
			`{"op":"merge","revision":` + rev + `,"position":0}`,
			`{"op":"merge","revision":` + rev + `,"position":-1}`,
			`{"op":"merge","revision":` + rev + `,"position":1000000}`,
			`{"op":"merge","revision":` + rev + `,"position":` + strconv.Itoa(len(d.Links)) + `}`,
			`{"op":"merge","revision":` + strconv.FormatInt(f.revision+1, 10) + `,"position":1}`,
			`{"op":"merge","revision":-1,"position":1}`,
			`{"op":"merge","revision":99999999999,"position":1}`,
			`{"op":"split","revision":` + rev + `,"position":1,"counts":{"ru":-1,"en":5}}`,
			`{"op":"split","revision":` + rev + `,"position":1,"counts":{"xx":1}}`,
			`{"op":"split","revision":` + rev + `,"position":1}`,
			`{"op":"split","revision":` + rev + `,"position":1,"counts":[1,2]}`,
			`{"op":"move-up","revision":` + rev + `,"position":1,"lang":"ru"}`,
			`{"op":"move-down","revision":` + rev + `,"position":` + strconv.Itoa(len(d.Links)) + `,"lang":"ru"}`,
			`{"op":"move-up","revision":` + rev + `,"position":2,"lang":"xx"}`,
			`{"op":"move-up","revision":` + rev + `,"position":2}`,
			`{"op":"split-sentence","revision":` + rev + `,"lang":"ru","segment":0,"at":-1}`,
			`{"op":"split-sentence","revision":` + rev + `,"lang":"ru","segment":0,"at":0}`,
			`{"op":"split-sentence","revision":` + rev + `,"lang":"ru","segment":0,"at":100000000}`,
			`{"op":"split-sentence","revision":` + rev + `,"lang":"ru","segment":-1,"at":5}`,
			`{"op":"split-sentence","revision":` + rev + `,"lang":"ru","segment":100000,"at":5}`,
			`{"op":"split-sentence","revision":` + rev + `,"lang":"xx","segment":0,"at":5}`,
			`{"op":"join-sentences","revision":` + rev + `,"lang":"ru","segment":-1}`,
			`{"op":"join-sentences","revision":` + rev + `,"lang":"ru","segment":100000}`,
			`{"op":"join-sentences","revision":` + rev + `,"lang":"en","segment":` + strconv.Itoa(len(d.Text("en").Segments)-1) + `}`,
			`{"op":"confirm","revision":` + rev + `,"position":5,"to":2}`,
			`{"op":"confirm","revision":` + rev + `,"position":0}`,
			`{"op":"confirm","revision":` + rev + `,"position":1,"to":1000000}`,
			`{"op":"confirm","revision":` + rev + `,"position":-3,"to":-1}`,
			`{"op":"undo","revision":` + rev + `}`,
			`{"op":"","revision":` + rev + `}`,
			`{"op":"MERGE","revision":` + rev + `,"position":1}`,
			`{"op":"merge","revision":"` + rev + `","position":1}`,
		} {
			add(b, b)
		}
	case "POST /api/documents/:id/annotations", "POST /api/documents/:id/annotations/", "PUT /api/annotations/:aid":
		ru := d.Text("ru")
		n := len([]rune(ru.Text))
		s := ru.Segments[2]
		start := s.Start
		exact := string([]rune(s.Text)[:3])
		bad := []struct{ name, body string }{
			{"reversed offsets", noteBody(d.ID, "ru", start+3, start, exact, "x")},
			{"negative offsets", noteBody(d.ID, "ru", -5, -2, exact, "x")},
			{"offsets past the text", noteBody(d.ID, "ru", n+10, n+13, exact, "x")},
			{"offsets straddling the end", noteBody(d.ID, "ru", n-1, n+2, exact, "x")},
			{"huge offsets", strings.Replace(noteBody(d.ID, "ru", start, start+3, exact, "x"), `"end":`+strconv.Itoa(start+3), `"end":9223372036854775807`, 1)},
			{"quote that does not match", noteBody(d.ID, "ru", start, start+3, "zzz", "x")},
			{"unknown language", noteBody(d.ID, "xx", start, start+3, exact, "x")},
			{"lone surrogate in the note", strings.Replace(noteBody(d.ID, "ru", start, start+3, exact, "MARK"), "MARK", `\ud800`, 1)},
			{"invalid UTF-8 in the note", strings.Replace(noteBody(d.ID, "ru", start, start+3, exact, "MARK"), "MARK", "\xff", 1)},
			{"unknown key", strings.Replace(noteBody(d.ID, "ru", start, start+3, exact, "x"), `"motivation"`, `"nope":1,"motivation"`, 1)},
			{"target in another document", noteBody("999999", "ru", start, start+3, exact, "x")},
			{"target on another origin", strings.Replace(noteBody(d.ID, "ru", start, start+3, exact, "x"), testBase, "https://evil.example", 1)},
			{"reply to nothing", mustJSON(map[string]any{"type": "Annotation", "motivation": "replying", "body": map[string]any{"type": "TextualBody", "value": "x"}, "target": testBase + "/api/annotations/999999"})},
			{"reply to a malformed IRI", mustJSON(map[string]any{"type": "Annotation", "motivation": "replying", "body": map[string]any{"type": "TextualBody", "value": "x"}, "target": testBase + "/api/annotations/-1"})},
			{"correction in English", strings.Replace(correctionBody(d.ID, start, start+3, exact, "y"), "/ru\"", "/en\"", 1)},
			{"private correction", strings.Replace(correctionBody(d.ID, start, start+3, exact, "y"), `"motivation"`, `"private":true,"motivation"`, 1)},
			{"link to nothing", mustJSON(map[string]any{"type": "Annotation", "motivation": "linking", "body": map[string]any{"source": testBase + "/documents/999999/en", "selector": map[string]any{"type": "TextPositionSelector", "start": 0, "end": 3}}, "target": textTarget(d.ID, "ru", start, start+3, exact)})},
			{"link past another text", mustJSON(map[string]any{"type": "Annotation", "motivation": "linking", "body": map[string]any{"source": testBase + "/documents/117313/en", "selector": map[string]any{"type": "TextPositionSelector", "start": 100000000, "end": 100000003}}, "target": textTarget(d.ID, "ru", start, start+3, exact)})},
			{"link to a javascript URL", mustJSON(map[string]any{"type": "Annotation", "motivation": "linking", "body": map[string]any{"id": "javascript:alert(1)"}, "target": textTarget(d.ID, "ru", start, start+3, exact)})},
		}
		for _, b := range bad {
			add(b.name, b.body)
		}
	case "POST /api/annotations/:aid/review":
		for _, b := range []string{`{"status":"nope"}`, `{"status":""}`, `{"status":"accepted","nope":1}`, `{"status":"ACCEPTED"}`, `{"status":null}`} {
			add(b, b)
		}
	case "POST /api/users":
		for _, b := range []string{
			`{"name":"","role":"reader","password":"long enough"}`,
			`{"name":"h-x","role":"root","password":"long enough"}`,
			`{"name":"h-x","role":"reader","password":""}`,
			`{"name":"h-x","role":"reader","password":"short"}`,
			`{"name":"h-admin","role":"reader","password":"long enough"}`,
			`{"name":"H-ADMIN","role":"reader","password":"long enough"}`,
			`{"name":"` + strings.Repeat("n", 1000) + `","role":"reader","password":"long enough"}`,
			`{"name":"a\u0000b","role":"reader","password":"long enough"}`,
			`{"name":"a/b?c","role":"reader","password":"long enough"}`,
			`{"name":"  ","role":"reader","password":"long enough"}`,
			`{"name":"h-x","role":"reader","password":"` + strings.Repeat("p", 100000) + `"}`,
		} {
			add(truncate(b, 60), b)
		}
	case "PATCH /api/users/:uid":
		for _, b := range []string{
			`{"role":"root","version":1}`, `{"role":"","version":1}`, `{"version":1}`, `{"role":"editor"}`, `{"role":"editor","version":0}`,
			`{"role":"editor","version":-1}`, `{"role":"editor","version":2}`, `{"password":"short","version":1}`, `{"password":"","version":1}`,
		} {
			add(b, b)
		}
	case "POST /import":
		out = append(out, []hostileRequest{
			multipartRequest("a file that is no page", nil, map[string]map[string]string{"files": {"x.txt": "not a page"}}),
			multipartRequest("an empty file", nil, map[string]map[string]string{"files": {"x.txt": ""}}),
			multipartRequest("binary", nil, map[string]map[string]string{"files": {"x.txt": "\xff\xfe\x00\x01"}}),
			multipartRequest("JSON that is no archive", nil, map[string]map[string]string{"files": {"x.json": "[]"}}),
			multipartRequest("JSON nested 10000 deep", nil, map[string]map[string]string{"files": {"x.json": string(deepJSON(10000))}}),
			multipartRequest("edits without a page", nil, map[string]map[string]string{"files": {"x.edits.json": "{"}}),
			multipartRequest("a Russian text without English", map[string]string{"id": "h-pair"}, map[string]map[string]string{"ru": {"a.ru.txt": "Текст."}}),
			multipartRequest("an empty pair", map[string]string{"id": "h-pair"}, map[string]map[string]string{"ru": {"a.ru.txt": ""}, "en": {"a.en.txt": ""}}),
			multipartRequest("a pair with a path for an id", map[string]string{"id": "../../etc"}, map[string]map[string]string{"ru": {"a.ru.txt": "Текст."}, "en": {"a.en.txt": "Text."}}),
			multipartRequest("a pair with invalid UTF-8", map[string]string{"id": "h-pair"}, map[string]map[string]string{"ru": {"a.ru.txt": "\xff\xfe"}, "en": {"a.en.txt": "Text."}}),
			multipartRequest("a file path for a name", nil, map[string]map[string]string{"files": {"../../x.txt": "not a page"}}),
		}...)
	case "POST /users":
		form := []string{"Content-Type", "application/x-www-form-urlencoded"}
		for _, b := range []string{"name=&role=reader&password=long+enough", "name=h-f&role=root&password=long+enough", "name=h-f&role=reader&password=",
			"name=%ff&role=reader&password=long+enough", "name=h-admin&role=reader&password=long+enough"} {
			out = append(out, hostileRequest{name: b, body: []byte(b), header: form})
		}
	case "POST /users/:uid":
		form := []string{"Content-Type", "application/x-www-form-urlencoded"}
		for _, b := range []string{"role=editor", "role=editor&version=abc", "role=editor&version=99999999999999999999", "role=editor&version=0",
			"role=editor&version=-1", "role=editor&version=7", "role=root&version=1", "role=%ff&version=1", "version=1", "version=1&disabled=maybe"} {
			out = append(out, hostileRequest{name: b, body: []byte(b), header: form})
		}
	case "POST /account/tokens":
		form := []string{"Content-Type", "application/x-www-form-urlencoded"}
		for _, b := range []string{"label=", "label=+++", "label=" + strings.Repeat("l", 101), "label=%ff%fe", "label=%ED%A0%80"} {
			out = append(out, hostileRequest{name: truncate(b, 40), body: []byte(b), header: form})
		}
	case "POST /account/password":
		form := []string{"Content-Type", "application/x-www-form-urlencoded"}
		for _, b := range []string{"current=&new=long+enough&again=long+enough", "current=x&new=a&again=b", "current=x&new=%ff&again=%ff"} {
			out = append(out, hostileRequest{name: b, body: []byte(b), header: form})
		}
	case "POST /login":
		form := []string{"Content-Type", "application/x-www-form-urlencoded"}
		for _, b := range []string{"name=h-admin&password=", "name=%ff&password=%ff", "name=h-admin&password=x&next=//evil.example"} {
			out = append(out, hostileRequest{name: b, body: []byte(b), header: form})
		}
	}
	return out
}

// routeHeaders are hostile conditional headers for the routes that take
// a version; each goes with the route's valid body.
func (f hostileFixture) routeHeaders(route string) [][]string {
	switch route {
	case "PUT /api/annotations/:aid", "DELETE /api/annotations/:aid", "POST /api/annotations/:aid/versions/:version/restore", "POST /api/annotations/:aid/review":
		id := f.note
		if strings.HasSuffix(route, "/review") {
			id = f.correction
		}
		a := `"a` + strconv.FormatInt(id, 10)
		hs := [][]string{
			{"If-Match", "garbage"},
			{"If-Match", `""`},
			{"If-Match", a + `-v0"`},
			{"If-Match", a + `-v2"`},
			{"If-Match", a + `-v-1"`},
			{"If-Match", a + `-v99999999999999999999"`},
			{"If-Match", a + `-v1`},
			{"If-Match", `"a999999-v1"`},
			{"If-Match", `W/` + a + `-v9"`},
			{"If-Match", a + `-v1", ` + a + `-v2"`},
			{"If-Match", a + `-v9"`, "If-None-Match", a + `-v1"`},
		}
		return append(hs, []string{"If-Match", ""},
			[]string{"If-Match", "", "If-None-Match", a + `-v1"`},
			[]string{"If-None-Match", a + `-v1"`},
			[]string{"If-None-Match", "*"})
	case "PATCH /api/users/:uid":
		return [][]string{{"If-Match", "garbage"}, {"If-Match", "*"}, {"If-Match", `"0"`}, {"If-Match", `"-1"`}, {"If-Match", `"7"`},
			{"If-Match", `"99999999999999999999"`}, {"If-Match", `W/"1"`}, {"If-Match", `"2"`, "If-None-Match", `"1"`}}
	}
	return nil
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
	conn, err := sql.Open("sqlite3", "file:"+db.Path()+"?mode=ro&_busy_timeout=5000")
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
			case api && rec.Code == http.StatusPreconditionFailed && rec.Header().Get("X-Sverka-Error") != "":
				// The current annotation, with the reason in a header.
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
