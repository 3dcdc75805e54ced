package anno

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// Reading and writing the JSON of annotations. A client may send any key
// the model allows, and values Sverka only keeps may take any form the
// model allows: so the keys Sverka reads go to the fields, every other key
// to Extra (Decode decides what is kept and what is refused), and a value
// that does not fit its field is an error only once Decode needs it.

// ErrSyntax marks input that is not a well-formed annotation.
var ErrSyntax = errors.New("malformed annotation")

// Parse reads one annotation from JSON. Keys other than those Decode reads
// are in Extra.
func Parse(b []byte) (*Annotation, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	if raw == nil {
		return nil, fmt.Errorf("%w: an annotation is a JSON object", ErrSyntax)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: more than one JSON value", ErrSyntax)
	}
	var a Annotation
	for _, k := range []string{"motivation", "type"} {
		if v, ok := raw[k]; ok && !isJSONString(v) {
			// Several motivations or types: kept as they are.
			var several []string
			if err := json.Unmarshal(v, &several); err != nil || len(several) == 0 {
				return nil, fmt.Errorf("%w: %s is a string or a list of strings", ErrSyntax, k)
			}
			if k == "type" && !slices.Contains(several, "Annotation") {
				return nil, fmt.Errorf("%w: an annotation's types include \"Annotation\"", ErrSyntax)
			}
			a.Extra = setKey(a.Extra, k, v)
			delete(raw, k)
		}
	}
	if err := split(raw, &a, &a.Extra, "@context", "id", "type", "motivation", "body", "bodyValue", "target", "private"); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	if a.BodyValue != nil {
		if len(a.Body) > 0 {
			return nil, fmt.Errorf("%w: give body or bodyValue, not both", ErrSyntax)
		}
		a.Body = Resources{{Type: "TextualBody", Value: a.BodyValue}}
		a.BodyValue = nil
	}
	return &a, nil
}

// split decodes the keys named into v and puts every other key of raw in
// extra. It sorts keys.
func split(raw map[string]json.RawMessage, v any, extra *map[string]json.RawMessage, keys ...string) error {
	size := 2
	for k, x := range raw {
		if slices.Contains(keys, k) {
			size += len(k) + len(x) + 4
		} else {
			*extra = setKey(*extra, k, x)
		}
	}
	// The known keys go to v as one object, written from raw's values
	// (each valid JSON already) in sorted order, as json.Marshal would
	// write a map of them, so that of several values that do not fit the
	// error names the same one; without marshalling a map again for every
	// object of every annotation received.
	slices.Sort(keys)
	known := make([]byte, 1, size)
	known[0] = '{'
	for _, k := range keys {
		if x, ok := raw[k]; ok {
			if len(known) > 1 {
				known = append(known, ',')
			}
			known = append(strconv.AppendQuote(known, k), ':')
			known = append(known, x...)
		}
	}
	return json.Unmarshal(append(known, '}'), v)
}

func setKey(m map[string]json.RawMessage, k string, v json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		m = map[string]json.RawMessage{}
	}
	m[k] = v
	return m
}

func isJSONString(b json.RawMessage) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '"'
}

// UnmarshalJSON reads a resource given as an IRI string or an object. It
// fails only on malformed JSON; a value that does not fit is r.err.
func (r *Resource) UnmarshalJSON(b []byte) error {
	type plain Resource
	p := plain{src: compact(b)}
	if isJSONString(b) {
		*r = Resource(p)
		return json.Unmarshal(b, &r.ID)
	}
	var err error
	p.err, err = readObject(b, &p, &p.Extra, "id", "type", "value", "format", "language", "purpose", "source", "selector", "orphaned")
	*r = Resource(p)
	return err
}

// UnmarshalJSON reads a selector, as Resource's.
func (s *Selector) UnmarshalJSON(b []byte) error {
	type plain Selector
	p := plain{src: compact(b)}
	var err error
	p.err, err = readObject(b, &p, &p.Extra, "type", "start", "end", "exact", "prefix", "suffix")
	*s = Selector(p)
	return err
}

// readObject reads the JSON object b: the keys named into v, the others
// into extra (a single selector as a list of one). A value that is not an
// object, or a key whose value does not fit, is invalid; only malformed
// JSON is an error.
func readObject(b []byte, v any, extra *map[string]json.RawMessage, keys ...string) (invalid, err error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		if _, ok := err.(*json.UnmarshalTypeError); ok {
			return fmt.Errorf("not an object"), nil
		}
		return nil, err
	}
	if sel, ok := raw["selector"]; ok && !bytes.HasPrefix(bytes.TrimSpace(sel), []byte("[")) {
		raw["selector"] = append(append(json.RawMessage("["), sel...), ']')
	}
	return split(raw, v, extra, keys...), nil
}

// MarshalJSON writes an annotation with its Extra keys.
func (a Annotation) MarshalJSON() ([]byte, error) {
	type plain Annotation
	return marshalKept(nil, plain(a), a.Extra)
}

// MarshalJSON writes Raw if set, else the resource with its Extra keys; a
// resource with nothing but an id is its IRI.
func (r Resource) MarshalJSON() ([]byte, error) {
	if r.Raw == nil && r.ID != "" && r.Type == "" && r.Value == nil && r.Source == "" && len(r.Selector) == 0 && r.Purpose == "" && len(r.Extra) == 0 && !r.Orphaned {
		return json.Marshal(r.ID)
	}
	type plain Resource
	return marshalKept(r.Raw, plain(r), r.Extra)
}

// MarshalJSON writes Raw if set, else the selector with its Extra keys.
func (s Selector) MarshalJSON() ([]byte, error) {
	type plain Selector
	return marshalKept(s.Raw, plain(s), s.Extra)
}

// marshalKept writes raw if set, else v with the keys of extra.
func marshalKept(raw json.RawMessage, v any, extra map[string]json.RawMessage) ([]byte, error) {
	if raw != nil {
		return raw, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return withExtra(b, extra)
}

// withExtra adds the keys of extra to the JSON object b; a key b has
// already takes extra's value.
func withExtra(b []byte, extra map[string]json.RawMessage) ([]byte, error) {
	if len(extra) == 0 {
		return b, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(extra))
	clash := false
	for k := range extra {
		keys = append(keys, k)
		_, dup := m[k]
		clash = clash || dup
	}
	if clash {
		for k, v := range extra {
			m[k] = v
		}
		return json.Marshal(m)
	}
	// Keep the fields' order and put the extra keys after them.
	slices.Sort(keys)
	out := bytes.TrimSuffix(bytes.TrimSpace(b), []byte("}"))
	for _, k := range keys {
		kb, _ := json.Marshal(k)
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(append(append(out, kb...), ':'), extra[k]...)
	}
	return append(out, '}'), nil
}
