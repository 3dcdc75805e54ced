package anno

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
)

// What Sverka keeps of an annotation without using it. A client may send
// anything the Web Annotation model allows; Sverka reads what it works
// with (the passage, the note's text, tags, a cross-reference) into the
// domain's annotation and keeps the rest, as the client wrote it, in the
// annotation's W3C field: keys such as canonical, via, rights, generator
// or audience, the keys of a body or target beside those Sverka reads,
// selectors it does not anchor by (XPath, CSS, Range, Fragment…) and
// targets outside its texts. Encode lays it back over Sverka's own form.

// WebTerms are the terms of the Web Annotation JSON-LD context
// (http://www.w3.org/ns/anno.jsonld); a test checks the list against the
// context itself.
var WebTerms = []string{
	"Annotation", "AnnotationCollection", "AnnotationPage", "Audience", "Audio", "Choice", "CssSelector",
	"CssStylesheet", "DataPositionSelector", "Dataset", "FragmentSelector", "HttpRequestState", "Image",
	"Motivation", "Organization", "Person", "RangeSelector", "ResourceSelection", "Software",
	"SpecificResource", "SvgSelector", "Text", "TextPositionSelector", "TextQuoteSelector", "TextualBody",
	"TimeState", "Video", "XPathSelector", "accessibility", "as", "audience", "auto", "body", "bodyValue",
	"bookmarking", "cached", "canonical", "classifying", "commenting", "conformsTo", "created", "creator",
	"dc", "dcterms", "dctypes", "describing", "editing", "email", "email_sha1", "end", "endSelector",
	"exact", "first", "foaf", "format", "generated", "generator", "highlighting", "homepage", "iana", "id",
	"identifying", "items", "label", "language", "last", "linking", "ltr", "moderating", "modified",
	"motivation", "name", "next", "nickname", "oa", "owl", "partOf", "prefix", "prev", "processingLanguage",
	"purpose", "questioning", "rdf", "rdfs", "refinedBy", "renderedVia", "replying", "reviewing", "rights",
	"rtl", "schema", "scope", "selector", "skos", "source", "sourceDate", "sourceDateEnd",
	"sourceDateStart", "start", "startIndex", "startSelector", "state", "styleClass", "stylesheet",
	"suffix", "tagging", "target", "textDirection", "total", "type", "value", "via", "xsd",
}

// motivations are the motivations the model defines.
var motivations = []string{"assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
	"highlighting", "identifying", "linking", "moderating", "questioning", "replying", "reviewing", "tagging"}

// kept is what Codec keeps of an annotation, stored as its W3C field.
type kept struct {
	// Context is the contexts besides the Web Annotation one and Sverka's.
	Context []json.RawMessage `json:"context,omitempty"`
	// Keys are keys of the annotation.
	Keys map[string]json.RawMessage `json:"keys,omitempty"`
	// BodyKeys are keys of the bodies Sverka reads, by what they are to it
	// (bodyRole).
	BodyKeys map[string]map[string]json.RawMessage `json:"bodyKeys,omitempty"`
	// Bodies are bodies Sverka does not read.
	Bodies []json.RawMessage `json:"bodies,omitempty"`
	// TargetKeys are keys of the passage annotated, SelectorKeys of its
	// TextPositionSelector and TextQuoteSelector (by type), Selectors its
	// other selectors.
	TargetKeys   map[string]json.RawMessage            `json:"targetKeys,omitempty"`
	SelectorKeys map[string]map[string]json.RawMessage `json:"selectorKeys,omitempty"`
	Selectors    []json.RawMessage                     `json:"selectors,omitempty"`
	// Targets are targets outside this server's texts.
	Targets []json.RawMessage `json:"targets,omitempty"`
	// Bare says the client sent no text body for what Sverka reads as a
	// note: a highlight or a bookmark (the model allows an annotation
	// without a body). None is written back.
	Bare bool `json:"bare,omitempty"`
}

func (k *kept) empty() bool {
	return len(k.Context) == 0 && len(k.Keys) == 0 && len(k.BodyKeys) == 0 && len(k.Bodies) == 0 &&
		len(k.TargetKeys) == 0 && len(k.SelectorKeys) == 0 && len(k.Selectors) == 0 && len(k.Targets) == 0 && !k.Bare
}

// bodyKeys keeps the keys of a body Sverka reads, under its role.
func (k *kept) bodyKeys(role string, extra map[string]json.RawMessage) {
	delete(extra, "html") // Sverka's rendering, made anew
	if len(extra) == 0 {
		return
	}
	if k.BodyKeys == nil {
		k.BodyKeys = map[string]map[string]json.RawMessage{}
	}
	k.BodyKeys[role] = extra
}

// readKept reads an annotation's W3C field; what cannot be read is not
// laid back (the field is only ever written by Decode).
func readKept(b []byte) *kept {
	var k kept
	if len(b) > 0 {
		_ = json.Unmarshal(b, &k)
	}
	return &k
}

// lay lays what was kept back over an encoded annotation.
func (k *kept) lay(out *Annotation) {
	out.Extra = k.Keys
	if _, ok := k.Keys["motivation"]; ok {
		out.Motivation = ""
	}
	for i := range out.Body {
		out.Body[i].Extra = k.BodyKeys[bodyRole(&out.Body[i])]
	}
	for _, b := range k.Bodies {
		out.Body = append(out.Body, Resource{Raw: b})
	}
	if len(out.Target) == 1 && out.Target[0].Source != "" {
		t := &out.Target[0]
		t.Extra = k.TargetKeys
		for i := range t.Selector {
			t.Selector[i].Extra = k.SelectorKeys[t.Selector[i].Type]
		}
		for _, s := range k.Selectors {
			t.Selector = append(t.Selector, Selector{Raw: s})
		}
	}
	for _, t := range k.Targets {
		out.Target = append(out.Target, Resource{Raw: t})
	}
}

// bodyRole names what a body Sverka writes is to it: the text, a tag, a
// citation, or the far end of a cross-reference.
func bodyRole(b *Resource) string {
	switch {
	case b.Purpose == Tagging && b.Value != nil:
		return "tag:" + *b.Value
	case b.Purpose == Identify:
		return "citation"
	case b.Value != nil:
		return "text"
	case b.Source != "":
		return "passage"
	}
	return "link:" + b.ID
}

// keyDefined reports whether a key of an annotation means something to a
// JSON-LD processor: a term of the Web Annotation context or Sverka's, an
// absolute IRI, a compact IRI with a known prefix, or a term of a context
// the client gave (open says a context the client named by IRI, which
// Sverka does not fetch, may define anything).
func keyDefined(key string, clientTerms map[string]bool, open bool) bool {
	if slices.Contains(WebTerms, key) || Terms[key] != nil || clientTerms[key] || open {
		return true
	}
	prefix, rest, ok := strings.Cut(key, ":")
	if !ok || prefix == "" {
		return false
	}
	if strings.HasPrefix(rest, "//") {
		u, err := url.Parse(key)
		return err == nil && u.Scheme != ""
	}
	return slices.Contains(prefixes, prefix) || clientTerms[prefix]
}

// prefixes are the prefixes of compact IRIs that the Web Annotation
// context and Sverka's define.
var prefixes = []string{"as", "dc", "dcterms", "dctypes", "foaf", "iana", "oa", "owl", "rdf", "rdfs", "schema", "skos", "xsd", "sverka"}
