package anno

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"sverka"
)

// AnnotationIRI is the IRI of an annotation on the server at base: under
// the container of its document.
func AnnotationIRI(base, doc string, id int64) string {
	return ContainerIRI(base, doc) + strconv.FormatInt(id, 10)
}

// ContainerIRI is the IRI of the annotation container of a document.
func ContainerIRI(base, doc string) string {
	return base + "/api/documents/" + url.PathEscape(doc) + "/annotations/"
}

// TextIRI is the IRI of a document's base text in one language.
func TextIRI(base, doc, lang string) string {
	return DocumentIRI(base, doc) + "/" + url.PathEscape(lang)
}

// DocumentIRI is the IRI of a document.
func DocumentIRI(base, doc string) string {
	return base + "/documents/" + url.PathEscape(doc)
}

// UserAgent is the agent of a user, or nil for id 0 (the system, or nobody).
func UserAgent(base string, id int64, name string) *Agent {
	if id == 0 {
		return nil
	}
	return &Agent{ID: UserIRI(base, id), Type: "Person", Name: name}
}

// UserIRI is the IRI of a user.
func UserIRI(base string, id int64) string {
	return base + "/users/" + strconv.FormatInt(id, 10)
}

// ParseUserIRI reads /users/{id}.
func ParseUserIRI(base, iri string) (int64, bool) {
	p, ok := localPath(base, iri)
	if !ok || iri == "" {
		return 0, false
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(p, "/users/"), 10, 64)
	return id, strings.HasPrefix(p, "/users/") && err == nil && id > 0
}

// Time writes a time as the model does, in UTC to the second; the zero
// time is "" (left out).
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// localPath returns the path of an IRI on the server at base: an absolute
// IRI on another origin is not local.
func localPath(base, iri string) (string, bool) {
	if strings.HasPrefix(iri, "/") {
		return iri, true
	}
	u, err := url.Parse(iri)
	if err != nil {
		return "", false
	}
	b, err := url.Parse(base)
	if err != nil || u.Host == "" || u.Host != b.Host {
		return "", false
	}
	return u.Path, true
}

// ParseTextIRI reads /documents/{id}/{lang}.
func ParseTextIRI(base, iri string) (doc, lang string, ok bool) {
	p, ok := localPath(base, iri)
	if !ok {
		return "", "", false
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) != 3 || parts[0] != "documents" || !sverka.ValidDocumentID(parts[1]) || parts[2] == "" || parts[2] == "source" {
		return "", "", false
	}
	return parts[1], parts[2], true
}

// ParseDocumentIRI reads /documents/{id}.
func ParseDocumentIRI(base, iri string) (string, bool) {
	p, ok := localPath(base, iri)
	if !ok {
		return "", false
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) != 2 || parts[0] != "documents" || !sverka.ValidDocumentID(parts[1]) {
		return "", false
	}
	return parts[1], true
}

// ParseAnnotationIRI reads /api/documents/{doc}/annotations/{id}, or the
// form annotation IRIs had before, /api/annotations/{id}.
func ParseAnnotationIRI(base, iri string) (int64, bool) {
	p, ok := localPath(base, iri)
	if !ok {
		return 0, false
	}
	p = strings.TrimRight(p, "/")
	rest, ok := strings.CutPrefix(p, "/api/annotations/")
	if !ok {
		parts := strings.Split(strings.TrimPrefix(p, "/api/documents/"), "/")
		if !strings.HasPrefix(p, "/api/documents/") || len(parts) != 3 || parts[1] != "annotations" {
			return 0, false
		}
		rest = parts[2]
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}
