package anno

import "encoding/json"

// ContextPath is where a Sverka server serves its JSON-LD context.
const ContextPath = "/ns/sverka.jsonld"

// VocabPath is the namespace of Sverka's terms on a server.
const VocabPath = "/ns/sverka#"

// Terms lists what Sverka adds to the Web Annotation model, each with its
// definition in Sverka's context. Everything else in a served annotation is
// a term of the Web Annotation context.
var Terms = map[string]map[string]string{
	// status is a correction's review status: proposed, accepted or rejected.
	"status": {"@id": "sverka:status"},
	// reviewedBy is the agent who accepted or rejected a correction.
	"reviewedBy": {"@id": "sverka:reviewedBy", "@type": "@id"},
	// reviewed is when a correction was accepted or rejected.
	"reviewed": {"@id": "sverka:reviewed", "@type": "xsd:dateTime"},
	// suggested marks a correction proposed from one of Sverka's OCR
	// suggestions (its creator is the scholar who proposed it).
	"suggested": {"@id": "sverka:suggested", "@type": "xsd:boolean"},
	// batch names the corrections proposed together for every occurrence
	// of a form, reviewed together.
	"batch": {"@id": "sverka:batch"},
	// private marks a note only its author may see.
	"private": {"@id": "sverka:private", "@type": "xsd:boolean"},
	// orphaned marks an annotation whose quote could not be found again
	// after its base text was replaced.
	"orphaned": {"@id": "sverka:orphaned", "@type": "xsd:boolean"},
	// deleted is when an annotation was deleted (it can be restored).
	"deleted": {"@id": "sverka:deleted", "@type": "xsd:dateTime"},
	// version counts the changes of an annotation; it is also its ETag.
	"version": {"@id": "sverka:version", "@type": "xsd:integer"},
	// html is a Markdown body rendered to sanitized HTML.
	"html": {"@id": "sverka:html"},
	// writtenBy is the creator a client named (an IRI or an agent), or the
	// author an imported archive gives, kept as data: the annotation's
	// creator is the user who sent or imported it.
	"writtenBy": {"@id": "sverka:writtenBy", "@type": "@id"},
	// BasicContainer is the container type of the Linked Data Platform,
	// which the Web Annotation context leaves out.
	"BasicContainer": {"@id": "http://www.w3.org/ns/ldp#BasicContainer"},
	// writtenAt is when a client (or an archive) said the annotation was
	// created, kept with writtenBy.
	"writtenAt": {"@id": "sverka:writtenAt", "@type": "xsd:dateTime"},
}

// Context returns Sverka's JSON-LD context document for a server whose
// origin is base (such as "https://sverka.example.org").
func Context(base string) []byte {
	ctx := map[string]any{
		"sverka": base + VocabPath,
		"xsd":    "http://www.w3.org/2001/XMLSchema#",
	}
	for k, v := range Terms {
		ctx[k] = v
	}
	b, _ := json.MarshalIndent(map[string]any{"@context": ctx}, "", "  ")
	return b
}

// Contexts is the @context of a served annotation: the Web Annotation
// context, then Sverka's.
func Contexts(base string) []string {
	return []string{ContextIRI, base + ContextPath}
}
