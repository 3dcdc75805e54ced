package server

import (
	"strconv"
	"strings"

	"sverka"
)

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
	case "PUT /api/documents/:id/annotations/:aid":
		return f.noteJSON, append(js, ifMatch(f.note)...)
	case "DELETE /api/documents/:id/annotations/:aid", "POST /api/documents/:id/annotations/:aid/versions/:version/restore":
		return "", ifMatch(f.note)
	case "POST /api/documents/:id/annotations/:aid/review":
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
	"POST /logout":                                         "signing out takes no input; with a Bearer token and no session it does nothing",
	"PUT /api/annotations/:aid":                            movedAnnotation,
	"DELETE /api/annotations/:aid":                         movedAnnotation,
	"POST /api/annotations/:aid/versions/:version/restore": movedAnnotation,
	"POST /api/annotations/:aid/review":                    movedAnnotation,
}

// movedAnnotation says why the IRIs annotations had before accept anything.
const movedAnnotation = "a permanent redirect (308) to the annotation's IRI under its container, where the request is checked"

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
	case "POST /api/documents/:id/annotations", "POST /api/documents/:id/annotations/", "PUT /api/documents/:id/annotations/:aid":
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
			{"target on this server that is not a text", strings.Replace(noteBody(d.ID, "ru", start, start+3, exact, "x"), "/documents/"+d.ID+"/ru", "/documents/"+d.ID+"/source", 1)},
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
	case "POST /api/documents/:id/annotations/:aid/review":
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
	case "PUT /api/documents/:id/annotations/:aid", "DELETE /api/documents/:id/annotations/:aid", "POST /api/documents/:id/annotations/:aid/versions/:version/restore", "POST /api/documents/:id/annotations/:aid/review":
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
		hs = append(hs, []string{"If-Match", "", "If-None-Match", a + `-v1"`},
			[]string{"If-None-Match", a + `-v1"`},
			[]string{"If-None-Match", "*"})
		if strings.HasPrefix(route, "POST") {
			// PUT and DELETE without If-Match apply to the current version,
			// as Web Annotation Protocol clients send them; a review or a
			// restore must name the version it decides on.
			hs = append(hs, []string{"If-Match", ""})
		}
		return hs
	case "PATCH /api/users/:uid":
		return [][]string{{"If-Match", "garbage"}, {"If-Match", "*"}, {"If-Match", `"0"`}, {"If-Match", `"-1"`}, {"If-Match", `"7"`},
			{"If-Match", `"99999999999999999999"`}, {"If-Match", `W/"1"`}, {"If-Match", `"2"`, "If-None-Match", `"1"`}}
	}
	return nil
}
