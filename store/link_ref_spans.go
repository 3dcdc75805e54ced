package store

import (
	"encoding/json"
	"strconv"
	"strings"
)

// parseSpans reads spans as spansJSON writes them, {"en":[0,5],"ru":[0,7]},
// without reflection: the reading view reads every ref of a document, one
// per link, and encoding/json took most of that. Anything else (spaces,
// escapes) goes to encoding/json.
func parseSpans(s string) (map[string][2]int, error) {
	if spans, ok := scanSpans(s); ok {
		return spans, nil
	}
	var spans map[string][2]int
	err := json.Unmarshal([]byte(s), &spans)
	return spans, err
}

// scanSpans is parseSpans's reading of spansJSON's form; ok is false when
// s is not in it.
func scanSpans(s string) (spans map[string][2]int, ok bool) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, false
	}
	spans = map[string][2]int{}
	for rest := s[1 : len(s)-1]; rest != ""; {
		// "lang":[start,end] then a comma or the end.
		if rest[0] != '"' {
			return nil, false
		}
		q := strings.IndexByte(rest[1:], '"')
		if q < 0 || strings.IndexByte(rest[1:1+q], '\\') >= 0 {
			return nil, false
		}
		lang := rest[1 : 1+q]
		rest = rest[2+q:]
		if !strings.HasPrefix(rest, ":[") {
			return nil, false
		}
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return nil, false
		}
		a, b, found := strings.Cut(rest[2:end], ",")
		start, err1 := strconv.Atoi(a)
		stop, err2 := strconv.Atoi(b)
		if !found || err1 != nil || err2 != nil || strings.HasPrefix(a, "+") || strings.HasPrefix(b, "+") {
			return nil, false
		}
		if _, twice := spans[lang]; twice {
			return nil, false
		}
		spans[lang] = [2]int{start, stop}
		rest = rest[end+1:]
		if rest != "" {
			if rest[0] != ',' || len(rest) == 1 {
				return nil, false
			}
			rest = rest[1:]
		}
	}
	return spans, true
}
