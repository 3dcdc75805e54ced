package anno

import (
	_ "embed" // the Web Annotation context
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// webContext is the Web Annotation JSON-LD context, as W3C publishes it at
// ContextIRI (github w3c/web-annotation, jsonld/anno.jsonld; W3C Document
// Licence), so that Sverka's JSON-LD is read without the network.
//
//go:embed anno.jsonld
var webContext []byte

// loader gives a JSON-LD processor the contexts Sverka's annotations name:
// the Web Annotation context and Sverka's own; no other is fetched (a
// server that fetched what its clients name would reach wherever they
// point it). A lenient loader reads any other context as an empty one, and
// notes its IRI in unread.
type loader struct {
	base   string
	unread *[]string
}

// LoadDocument implements ld.DocumentLoader.
func (l loader) LoadDocument(iri string) (*ld.RemoteDocument, error) {
	var b []byte
	switch iri {
	case ContextIRI:
		b = webContext
	case l.base + ContextPath:
		b = Context(l.base)
	default:
		if l.unread == nil {
			return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, fmt.Sprintf("the context %s is not one Sverka reads", iri))
		}
		if !slices.Contains(*l.unread, iri) {
			*l.unread = append(*l.unread, iri)
		}
		b = []byte(`{"@context": {}}`)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	return &ld.RemoteDocument{DocumentURL: iri, Document: doc}, nil
}

// jsonLDOptions reads contexts through l, and resolves no relative IRI:
// what Sverka writes names everything absolutely.
func jsonLDOptions(l loader) *ld.JsonLdOptions {
	o := ld.NewJsonLdOptions("")
	o.DocumentLoader = l
	return o
}

// Expand is the JSON-LD expansion of a document the server at base
// serves (an annotation, a container or page, an export), by a JSON-LD
// 1.1 processor (json-gold).
func Expand(doc []byte, base string) ([]any, error) {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, err
	}
	return ld.NewJsonLdProcessor().Expand(v, jsonLDOptions(loader{base: base}))
}

// Turtle is the RDF of a JSON-LD document the server at base serves, in
// Turtle (one triple a line: its N-Triples subset). A context that a
// client named and Sverka does not read (it fetches none) defines nothing
// here: the keys only it defines have no triples, and a comment at the top
// names it, and the JSON-LD, which keeps them.
func Turtle(doc []byte, base string) ([]byte, error) {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, err
	}
	var unread []string
	o := jsonLDOptions(loader{base: base, unread: &unread})
	o.Format = "application/n-quads"
	out, err := ld.NewJsonLdProcessor().ToRDF(v, o)
	if err != nil {
		return nil, fmt.Errorf("turtle: %w", err)
	}
	s, _ := out.(string)
	var head strings.Builder
	for _, iri := range unread {
		fmt.Fprintf(&head, "# The context <%s> is not read here: the keys that only it defines have no triples; the JSON-LD (application/ld+json) keeps them.\n", strings.NewReplacer("\n", " ", "\r", " ", ">", "%3E").Replace(iri))
	}
	return []byte(head.String() + s), nil
}
