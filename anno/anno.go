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

	// Extra holds the keys besides these: what Parse found (Decode decides
	// what to keep), and what Encode lays back (they win over the fields).
	Extra map[string]json.RawMessage `json:"-"`
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
	// Orphaned marks the far end of a cross-reference whose words are gone
	// from its document, or whose document was purged (Sverka's context);
	// it is written, and read only to be left out of Extra.
	Orphaned bool `json:"orphaned,omitempty"`

	// Extra holds the other keys, as for Annotation.
	Extra map[string]json.RawMessage `json:"-"`
	// Raw, when set, is written instead of everything else: a resource
	// Sverka keeps as its client wrote it.
	Raw json.RawMessage `json:"-"`
	// src is the resource as it was read, and err what did not fit the
	// fields (a resource Sverka only keeps may be anything the model allows).
	src json.RawMessage
	err error
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

	// Extra, Raw, src and err as for Resource.
	Extra map[string]json.RawMessage `json:"-"`
	Raw   json.RawMessage            `json:"-"`
	src   json.RawMessage
	err   error
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
	if string(b) == "null" {
		*rs = nil
		return nil
	}
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
	Context    any     `json:"@context,omitempty"`
	ID         string  `json:"id"`
	Type       string  `json:"type"`
	PartOf     *PartOf `json:"partOf,omitempty"`
	StartIndex int     `json:"startIndex"`
	Next       string  `json:"next,omitempty"`
	Prev       string  `json:"prev,omitempty"`
	// Items are annotations (*Annotation), or their IRIs when the client
	// prefers the container's contents as IRIs (PreferContainedIRIs).
	Items []any `json:"items"`
}

// PartOf names the collection a page belongs to, as an object (the W3C
// tests want an object, not a bare IRI).
type PartOf struct {
	ID    string `json:"id"`
	Total int    `json:"total"`
}
