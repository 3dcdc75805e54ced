package anno

import (
	_ "embed" // the Web Annotation context
	"encoding/json"
	"fmt"

	"github.com/piprate/json-gold/ld"
)

// webContext is the Web Annotation JSON-LD context, as W3C publishes it at
// ContextIRI (github w3c/web-annotation, jsonld/anno.jsonld; W3C Document
// Licence), so that Sverka's JSON-LD is read without the network.
//
//go:embed anno.jsonld
var webContext []byte

// loader gives a JSON-LD processor the contexts Sverka's annotations name:
// the Web Annotation context and Sverka's own; no other is fetched.
type loader struct{ base string }

// LoadDocument implements ld.DocumentLoader.
func (l loader) LoadDocument(iri string) (*ld.RemoteDocument, error) {
	var b []byte
	switch iri {
	case ContextIRI:
		b = webContext
	case l.base + ContextPath:
		b = Context(l.base)
	default:
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, fmt.Sprintf("the context %s is not one Sverka reads", iri))
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	return &ld.RemoteDocument{DocumentURL: iri, Document: doc}, nil
}

// jsonLDOptions reads the contexts of the server at base, and resolves no
// relative IRI: what Sverka writes names everything absolutely.
func jsonLDOptions(base string) *ld.JsonLdOptions {
	o := ld.NewJsonLdOptions("")
	o.DocumentLoader = loader{base}
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
	return ld.NewJsonLdProcessor().Expand(v, jsonLDOptions(base))
}

// Turtle is the RDF of a JSON-LD document the server at base serves, in
// Turtle (one triple a line: its N-Triples subset).
func Turtle(doc []byte, base string) ([]byte, error) {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, err
	}
	o := jsonLDOptions(base)
	o.Format = "application/n-quads"
	out, err := ld.NewJsonLdProcessor().ToRDF(v, o)
	if err != nil {
		return nil, fmt.Errorf("turtle: %w", err)
	}
	s, _ := out.(string)
	return []byte(s), nil
}
