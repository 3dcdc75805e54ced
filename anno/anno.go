// Package anno is the W3C Web Annotation data model as Sverka serves it:
// JSON-LD types for annotations, their bodies, targets and selectors, the
// collection and page types of the Web Annotation Protocol, Sverka's own
// JSON-LD context for what it adds to the model, the IRIs of a server's
// resources, the one mapping between the domain's annotations and their
// W3C form (Codec), and the quote arithmetic that anchors a selection in a
// text and finds it again.
//
// It imports the domain but neither the store nor the server: the API, the
// exports and the command line all map annotations through it.
package anno

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// ContextIRI is the IRI of the Web Annotation JSON-LD context.
const ContextIRI = "http://www.w3.org/ns/anno.jsonld"

// MediaType is the content type of an annotation in the Web Annotation Protocol.
const MediaType = `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`

// Motivations Sverka uses.
const (
	Commenting = "commenting" // a note
	Editing    = "editing"    // an OCR correction: the body is the corrected reading
	Linking    = "linking"    // a cross-reference
	Replying   = "replying"   // a reply to another annotation
	Tagging    = "tagging"    // the purpose of a tag body
	Identify   = "identifying"
)

// Annotation is one Web Annotation in JSON-LD.
type Annotation struct {
	Context    any       `json:"@context,omitempty"`
	ID         string    `json:"id,omitempty"`
	Type       string    `json:"type,omitempty"`
	Motivation string    `json:"motivation,omitempty"`
	Created    string    `json:"created,omitempty"`
	Modified   string    `json:"modified,omitempty"`
	Creator    *Agent    `json:"creator,omitempty"`
	Body       Resources `json:"body,omitempty"`
	// BodyValue is the plain-text shorthand for one TextualBody; it is read,
	// never written.
	BodyValue *string   `json:"bodyValue,omitempty"`
	Target    Resources `json:"target,omitempty"`

	// Terms of Sverka's own context (see Context).
	Status     string `json:"status,omitempty"`
	ReviewedBy *Agent `json:"reviewedBy,omitempty"`
	Reviewed   string `json:"reviewed,omitempty"`
	Suggested  bool   `json:"suggested,omitempty"`
	Batch      string `json:"batch,omitempty"`
	Private    bool   `json:"private,omitempty"`
	Orphaned   bool   `json:"orphaned,omitempty"`
	Deleted    string `json:"deleted,omitempty"`
	Version    int    `json:"version,omitempty"`
}

// Agent is a creator or reviewer.
type Agent struct {
	ID   string `json:"id,omitempty"`
	Type string `json:"type,omitempty"`
	Name string `json:"name,omitempty"`
}

// Resource is a body or a target: an external resource named by ID, a
// TextualBody with a Value, or a SpecificResource with a Source and
// selectors. A resource with only an ID is written as a bare IRI string.
type Resource struct {
	ID       string     `json:"id,omitempty"`
	Type     string     `json:"type,omitempty"`
	Value    *string    `json:"value,omitempty"`
	Format   string     `json:"format,omitempty"`
	Language string     `json:"language,omitempty"`
	Purpose  string     `json:"purpose,omitempty"`
	Source   string     `json:"source,omitempty"`
	Selector []Selector `json:"selector,omitempty"`
	// HTML is a note body rendered to sanitized HTML (Sverka's context).
	HTML string `json:"html,omitempty"`
}

// Selector is a TextPositionSelector (Start, End in code points) or a
// TextQuoteSelector (Exact, Prefix, Suffix).
type Selector struct {
	Type   string  `json:"type"`
	Start  *int    `json:"start,omitempty"`
	End    *int    `json:"end,omitempty"`
	Exact  *string `json:"exact,omitempty"`
	Prefix string  `json:"prefix,omitempty"`
	Suffix string  `json:"suffix,omitempty"`
}

// Position builds a TextPositionSelector.
func Position(start, end int) Selector {
	return Selector{Type: "TextPositionSelector", Start: &start, End: &end}
}

// Quote builds a TextQuoteSelector.
func Quote(exact, prefix, suffix string) Selector {
	return Selector{Type: "TextQuoteSelector", Exact: &exact, Prefix: prefix, Suffix: suffix}
}

// Text returns a pointer to s, for Value fields.
func Text(s string) *string { return &s }

// MarshalJSON writes a resource with nothing but an id as its IRI.
func (r Resource) MarshalJSON() ([]byte, error) {
	if r.ID != "" && r.Type == "" && r.Value == nil && r.Source == "" && len(r.Selector) == 0 && r.Purpose == "" {
		return json.Marshal(r.ID)
	}
	type plain Resource
	return json.Marshal(plain(r))
}

// UnmarshalJSON reads a resource given as an IRI string or an object.
func (r *Resource) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		*r = Resource{}
		return json.Unmarshal(b, &r.ID)
	}
	type plain Resource
	var p plain
	if err := decodeStrict(b, &p); err != nil {
		return err
	}
	*r = Resource(p)
	return nil
}

// UnmarshalJSON reads a selector; a single selector object or an array are
// both accepted by Selectors.
func (s *Selector) UnmarshalJSON(b []byte) error {
	type plain Selector
	var p plain
	if err := decodeStrict(b, &p); err != nil {
		return err
	}
	*s = Selector(p)
	return nil
}

// Resources is one or more bodies or targets. It reads a single value or
// an array, and writes a single value unless there are several.
type Resources []Resource

// MarshalJSON writes one resource as itself, several as an array.
func (rs Resources) MarshalJSON() ([]byte, error) {
	if len(rs) == 1 {
		return rs[0].MarshalJSON()
	}
	return json.Marshal([]Resource(rs))
}

// UnmarshalJSON reads one resource or an array of them.
func (rs *Resources) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var list []Resource
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		*rs = list
		return nil
	}
	var r Resource
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	*rs = Resources{r}
	return nil
}

// selectorsJSON lets a resource's selector be one object or an array.
type selectorsJSON []Selector

func (s *selectorsJSON) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var list []Selector
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		*s = list
		return nil
	}
	var one Selector
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*s = selectorsJSON{one}
	return nil
}

// decodeStrict decodes an object, refusing keys the model does not know,
// so that a misspelt key is an error rather than silently dropped. A
// resource's selector may be a single object.
func decodeStrict(b []byte, v any) error {
	// Normalise a single selector object into an array first.
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if sel, ok := raw["selector"]; ok {
		var s selectorsJSON
		if err := json.Unmarshal(sel, &s); err != nil {
			return fmt.Errorf("selector: %w", err)
		}
		nb, err := json.Marshal([]Selector(s))
		if err != nil {
			return err
		}
		raw["selector"] = nb
		if b, err = json.Marshal(raw); err != nil {
			return err
		}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// ErrSyntax marks input that is not a well-formed annotation.
var ErrSyntax = errors.New("malformed annotation")

// Parse reads one annotation from JSON, refusing unknown keys.
func Parse(b []byte) (*Annotation, error) {
	var a Annotation
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: more than one JSON value", ErrSyntax)
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

// TextPosition returns the resource's TextPositionSelector, if any.
func (r *Resource) TextPosition() (start, end int, ok bool) {
	for _, s := range r.Selector {
		if s.Type == "TextPositionSelector" && s.Start != nil && s.End != nil {
			return *s.Start, *s.End, true
		}
	}
	return 0, 0, false
}

// TextQuote returns the resource's TextQuoteSelector, if any.
func (r *Resource) TextQuote() (Selector, bool) {
	for _, s := range r.Selector {
		if s.Type == "TextQuoteSelector" && s.Exact != nil {
			return s, true
		}
	}
	return Selector{}, false
}

// Collection is an AnnotationCollection: a container's description with its
// first page embedded.
type Collection struct {
	Context any    `json:"@context,omitempty"`
	ID      string `json:"id"`
	Type    any    `json:"type"`
	Label   string `json:"label,omitempty"`
	Total   int    `json:"total"`
	// First is the first page, embedded (*Page), or its IRI (a string)
	// when the client prefers a minimal container.
	First any    `json:"first,omitempty"`
	Last  string `json:"last,omitempty"`
}

// Page is an AnnotationPage of a collection.
type Page struct {
	Context    any           `json:"@context,omitempty"`
	ID         string        `json:"id"`
	Type       string        `json:"type"`
	PartOf     *PartOf       `json:"partOf,omitempty"`
	StartIndex int           `json:"startIndex"`
	Next       string        `json:"next,omitempty"`
	Prev       string        `json:"prev,omitempty"`
	Items      []*Annotation `json:"items"`
}

// PartOf names the collection a page belongs to, as an object (the W3C
// tests want an object, not a bare IRI).
type PartOf struct {
	ID    string `json:"id"`
	Total int    `json:"total"`
}
