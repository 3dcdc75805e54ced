package server

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"sort"
	"strconv"
	"strings"
)

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
