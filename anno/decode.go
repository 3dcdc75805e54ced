package anno

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/url"
	"slices"
	"strings"

	"sverka"
)

// Decode turns a posted annotation into the domain's form, checking
// everything the model says; the store checks the rest. docID is the
// container's document ("" when the annotation names it). What Sverka does
// not use is kept (see kept) in the annotation's W3C field. Mistakes are
// *sverka.ValidationError.
func (c Codec) Decode(docID string, in *Annotation) (*sverka.Annotation, error) {
	k := &kept{}
	a := &sverka.Annotation{DocumentID: docID, Private: in.Private, Tags: []string{}}
	if in.Type != "" && in.Type != "Annotation" {
		return nil, sverka.Invalid("type", "an annotation has type \"Annotation\", not %q", in.Type)
	}
	terms, open, ok := c.contexts(in.Context, k)
	if !ok {
		return nil, sverka.Invalid("@context", "give %q, or a list of contexts that includes it", ContextIRI)
	}
	if err := c.keepKeys(in, k, terms, open); err != nil {
		return nil, err
	}
	text, err := c.targets(a, in, k)
	if err != nil {
		return nil, err
	}
	if a.Motivation, err = motivation(in, k, a.ReplyTo != 0); err != nil {
		return nil, err
	}
	if text != nil {
		if a.Motivation == sverka.MotivationReply {
			return nil, sverka.Invalid("target", "a reply targets the IRI of the annotation it answers, not a passage")
		}
		doc, lang, _ := ParseTextIRI(c.Base, iriOf(text))
		if docID != "" && doc != docID {
			return nil, sverka.Invalid("target", "the source is a text of document %s, but this is the container of document %s", doc, docID)
		}
		t, err := selection(text, "target", k)
		if err != nil {
			return nil, err
		}
		t.Lang = lang
		a.DocumentID, a.Target = doc, t
		if text.Source != "" && text.ID != "" {
			text.Extra = setKey(text.Extra, "id", mustJSON(text.ID))
		}
		k.TargetKeys = text.Extra
	}
	if a.Motivation == sverka.MotivationReply && (a.ReplyTo == 0 || len(k.Targets) > 0) {
		return nil, sverka.Invalid("target", "a reply targets the IRI of the annotation it answers, and nothing else")
	}
	if a.Motivation != sverka.MotivationReply && a.ReplyTo != 0 {
		return nil, sverka.Invalid("motivation", "only a reply targets another annotation")
	}
	a.Outside = text == nil && a.ReplyTo == 0
	if err := c.bodies(a, in, k); err != nil {
		return nil, err
	}
	if !k.empty() {
		a.W3C = mustJSON(k)
	}
	return a, nil
}

// targets sorts an annotation's targets: the annotation a reply answers
// (a.ReplyTo), the one passage of this server's texts Sverka anchors
// (returned), and targets outside, kept as they are.
func (c Codec) targets(a *sverka.Annotation, in *Annotation, k *kept) (*Resource, error) {
	if len(in.Target) == 0 {
		return nil, sverka.Invalid("target", "give a target: a passage of a text of this server (%s/documents/{id}/{lang}), an annotation to reply to, or any IRI", c.Base)
	}
	var text *Resource
	for i := range in.Target {
		t := &in.Target[i]
		iri := iriOf(t)
		if t.err != nil || iri == "" {
			return nil, sverka.Invalid("target", "a target is an IRI, or an object with a source or an id")
		}
		if id, ok := ParseAnnotationIRI(c.Base, iri); ok && t.Source == "" && len(t.Selector) == 0 {
			a.ReplyTo = id
			continue
		}
		if _, _, ok := ParseTextIRI(c.Base, iri); ok {
			if text != nil {
				return nil, sverka.Invalid("target", "give one passage of this server's texts per annotation")
			}
			if t.Type != "" && t.Type != "SpecificResource" {
				return nil, sverka.Invalid("target", "a passage is a SpecificResource, not %q", t.Type)
			}
			text = t
			continue
		}
		if _, local := localPath(c.Base, iri); local {
			return nil, sverka.Invalid("target", "%q is on this server but is neither one of its texts (%s/documents/{id}/{lang}) nor an annotation", iri, c.Base)
		}
		if !absoluteIRI(iri) {
			return nil, sverka.Invalid("target", "%q is not an absolute IRI", iri)
		}
		k.Targets = append(k.Targets, compact(t.src))
	}
	return text, nil
}

// motivation is the domain's motivation of an annotation: Sverka's four as
// they are; none, a reply or a note; any other of the model's, or several,
// a note that keeps the motivation given.
func motivation(in *Annotation, k *kept, reply bool) (string, error) {
	m := in.Motivation
	if _, several := k.Keys["motivation"]; several {
		return sverka.MotivationNote, nil
	}
	switch m {
	case sverka.MotivationNote, sverka.MotivationCorrection, sverka.MotivationLink, sverka.MotivationReply:
		return m, nil
	case "":
		if reply {
			return sverka.MotivationReply, nil
		}
		return sverka.MotivationNote, nil
	}
	if !slices.Contains(motivations, m) && !absoluteIRI(m) {
		return "", sverka.Invalid("motivation", "%q is not a motivation of the model (commenting, editing, linking, replying, describing, …) nor an IRI", m)
	}
	k.Keys = setKey(k.Keys, "motivation", mustJSON(m))
	return sverka.MotivationNote, nil
}

// serverKeys are Sverka's to say: values sent for them are ignored.
var serverKeys = []string{"modified", "status", "reviewedBy", "reviewed", "suggested", "batch", "orphaned", "deleted", "version", "html"}

// keepKeys keeps the keys of an annotation Sverka does not read, refusing
// keys that no context defines. A creator other than a user of this server
// is kept as writtenBy (with its created as writtenAt): the creator is who
// sends it. An id other than this server's is kept in via.
func (c Codec) keepKeys(in *Annotation, k *kept, terms map[string]bool, open bool) error {
	var via []json.RawMessage
	creatorKept := false
	for key, v := range in.Extra {
		v = compact(v)
		switch {
		case key == "via":
			if err := json.Unmarshal(v, &via); err != nil {
				via = []json.RawMessage{v}
			}
		case key == "created" || slices.Contains(serverKeys, key):
		case key == "creator":
			if _, own := ParseUserIRI(c.Base, agentIRI(v)); !own && in.Extra["writtenBy"] == nil {
				k.Keys = setKey(k.Keys, "writtenBy", v)
				creatorKept = true
			}
		case strings.HasPrefix(key, "@"):
			return sverka.Invalid(key, "write the JSON-LD keyword %s as the model's term (id, type)", key)
		case !keyDefined(key, terms, open):
			return sverka.Invalid(key, "%q is not a key of the Web Annotation model (anno.jsonld) or of Sverka's context: a misspelling? A key of your own needs a context that defines it, or a full IRI", key)
		default:
			k.Keys = setKey(k.Keys, key, v)
		}
	}
	if created, ok := in.Extra["created"]; ok && creatorKept && in.Extra["writtenAt"] == nil {
		k.Keys["writtenAt"] = compact(created)
	}
	if _, own := ParseAnnotationIRI(c.Base, in.ID); in.ID != "" && !own {
		id := mustJSON(in.ID)
		if !slices.ContainsFunc(via, func(v json.RawMessage) bool { return bytes.Equal(v, id) }) {
			via = append(via, id)
		}
	}
	switch len(via) {
	case 0:
	case 1:
		k.Keys = setKey(k.Keys, "via", via[0])
	default:
		k.Keys = setKey(k.Keys, "via", mustJSON(via))
	}
	return nil
}

// contexts checks an annotation's @context: absent, the Web Annotation
// context, or a list that holds it. Contexts besides it and Sverka's are
// kept; it returns the terms the client's own contexts define, and open
// when it names one by IRI (which Sverka does not fetch).
func (c Codec) contexts(ctx any, k *kept) (terms map[string]bool, open, ok bool) {
	switch x := ctx.(type) {
	case nil:
		return nil, false, true
	case string:
		return nil, false, x == ContextIRI
	case []any:
		terms = map[string]bool{}
		for _, e := range x {
			switch e := e.(type) {
			case string:
				ok = ok || e == ContextIRI
				if e == ContextIRI || strings.HasSuffix(e, ContextPath) {
					continue
				}
				open = true
			case map[string]any:
				for t := range e {
					terms[t] = true
				}
			default:
				return nil, false, false
			}
			k.Context = append(k.Context, mustJSON(e))
		}
		return terms, open, ok
	}
	return nil, false, false
}

// bodies reads the bodies Sverka uses (the text, tags, a citation, the far
// end of a cross-reference) and keeps the others as they are: bodies it
// does not read, and text bodies after the first (replies, in Recogito). A
// note without a text body is a highlight (kept.Bare).
func (c Codec) bodies(a *sverka.Annotation, in *Annotation, k *kept) error {
	var text []string
	for i := range in.Body {
		b := &in.Body[i]
		if b.err != nil {
			return sverka.Invalid("body", "a body is an IRI or an object: %v", b.err)
		}
		if b.Value != nil && b.ID != "" {
			b.Extra = setKey(b.Extra, "id", mustJSON(b.ID)) // a TextualBody's own IRI
		}
		for key, v := range map[string]string{"format": b.Format, "language": b.Language} {
			if v != "" {
				b.Extra = setKey(b.Extra, key, mustJSON(v))
			}
		}
		switch {
		case b.Type == "TextualBody" || b.Value != nil:
			if b.Value == nil {
				return sverka.Invalid("body", "a TextualBody needs a value")
			}
			if b.Type != "" && b.Type != "TextualBody" {
				return sverka.Invalid("body", "a body with a value is a TextualBody, not %q", b.Type)
			}
			if _, _, err := mime.ParseMediaType(b.Format); b.Format != "" && err != nil {
				return sverka.Invalid("body", "format %q is not a media type such as text/markdown", b.Format)
			}
			switch b.Purpose {
			case Tagging:
				a.Tags = append(a.Tags, *b.Value)
				k.bodyKeys("tag:"+strings.TrimSpace(*b.Value), b.Extra)
			case Identify:
				if a.Link == nil {
					a.Link = &sverka.CrossReference{}
				}
				a.Link.Citation = *b.Value
				k.bodyKeys("citation", b.Extra)
			case "", Commenting, Editing, Replying, "describing":
				if len(text) > 0 && a.Motivation != sverka.MotivationCorrection {
					// A further comment: Recogito writes the replies to an
					// annotation as further bodies, each with its creator.
					// The first is the annotation's text; the others are
					// kept as they came.
					k.Bodies = append(k.Bodies, compact(b.src))
					continue
				}
				text = append(text, *b.Value)
				if b.Purpose != "" && b.Purpose != textPurpose(a.Motivation) {
					b.Extra = setKey(b.Extra, "purpose", mustJSON(b.Purpose))
				}
				k.bodyKeys("text", b.Extra)
			default:
				if !slices.Contains(motivations, b.Purpose) {
					return sverka.Invalid("body", "purpose %q is not one of the model's (commenting, tagging, describing, …)", b.Purpose)
				}
				k.Bodies = append(k.Bodies, compact(b.src))
			}
		case a.Motivation == sverka.MotivationLink:
			if err := c.linkBody(a, b, k); err != nil {
				return err
			}
		case iriOf(b) != "" || b.Type != "":
			k.Bodies = append(k.Bodies, compact(b.src))
		default:
			return sverka.Invalid("body", "a body is a TextualBody with a value, or a resource with an id")
		}
	}
	if len(text) > 1 {
		return sverka.Invalid("body", "a correction has one reading (got %d text bodies)", len(text))
	}
	if len(text) == 1 {
		a.Body = text[0]
	} else if a.Motivation == sverka.MotivationNote {
		k.Bare = true // a highlight, a bookmark: the model's annotation without a body
	} else if a.Motivation == sverka.MotivationCorrection {
		return sverka.Invalid("body", "a correction's body is the corrected reading, a TextualBody (its value may be empty to delete)")
	}
	return nil
}

// textPurpose is the purpose Encode gives the text body of a motivation.
func textPurpose(motivation string) string {
	switch motivation {
	case sverka.MotivationCorrection:
		return Editing
	case sverka.MotivationReply:
		return Replying
	}
	return Commenting
}

// linkBody reads the far end of a cross-reference: a passage, a document,
// or a URL.
func (c Codec) linkBody(a *sverka.Annotation, b *Resource, k *kept) error {
	if a.Link == nil {
		a.Link = &sverka.CrossReference{}
	}
	iri := iriOf(b)
	if doc, lang, ok := ParseTextIRI(c.Base, iri); ok {
		t, err := selection(b, "body", nil)
		if err != nil {
			return err
		}
		if t.ByQuote {
			return sverka.Invalid("body", "give the linked passage's TextPositionSelector")
		}
		a.Link.DocumentID, a.Link.Lang, a.Link.Start, a.Link.End, a.Link.Exact = doc, lang, t.Start, t.End, t.Exact
		k.bodyKeys("passage", b.Extra)
	} else if doc, ok := ParseDocumentIRI(c.Base, iri); ok {
		a.Link.DocumentID = doc
		k.bodyKeys("link:"+DocumentIRI(c.Base, doc), b.Extra)
	} else if iri != "" {
		a.Link.URL = iri
		k.bodyKeys("link:"+iri, b.Extra)
	} else {
		return sverka.Invalid("body", "a cross-reference body names a passage (SpecificResource with source and selectors), a document or a URL")
	}
	return nil
}

// selection reads a text target's selectors; without a
// TextPositionSelector the target is found by its quote (ByQuote). Other
// selectors, and the keys of these two beside Sverka's, are kept in k (nil:
// refused).
func selection(r *Resource, what string, k *kept) (sverka.TextTarget, error) {
	t := sverka.TextTarget{ByQuote: true}
	seen := map[string]bool{}
	for i := range r.Selector {
		s := &r.Selector[i]
		if s.Type == "" {
			return t, sverka.Invalid(what, "a selector is an object with a type (a string), such as TextQuoteSelector")
		}
		if (s.Type != "TextPositionSelector" && s.Type != "TextQuoteSelector" || seen[s.Type]) && k != nil {
			k.Selectors = append(k.Selectors, compact(s.src))
			continue
		}
		if s.err != nil || s.Type != "TextPositionSelector" && s.Type != "TextQuoteSelector" {
			return t, sverka.Invalid(what, "selector type %q is not supported here; use TextPositionSelector and TextQuoteSelector", s.Type)
		}
		seen[s.Type] = true
		if len(s.Extra) > 0 && k != nil {
			if k.SelectorKeys == nil {
				k.SelectorKeys = map[string]map[string]json.RawMessage{}
			}
			k.SelectorKeys[s.Type] = s.Extra
		}
	}
	if start, end, ok := r.TextPosition(); ok {
		if start < 0 || end < start {
			return t, sverka.Invalid(what, "TextPositionSelector start %d and end %d must satisfy 0 ≤ start ≤ end", start, end)
		}
		t.Start, t.End, t.ByQuote = start, end, false
	}
	if q, ok := r.TextQuote(); ok {
		t.Exact, t.Prefix, t.Suffix = *q.Exact, q.Prefix, q.Suffix
	}
	if t.ByQuote && t.Exact == "" {
		return t, sverka.Invalid(what, "select a passage with a TextPositionSelector (code points) and/or a TextQuoteSelector")
	}
	return t, nil
}

// iriOf is the IRI a resource names: its source, else its id.
func iriOf(r *Resource) string {
	if r.Source != "" {
		return r.Source
	}
	return r.ID
}

// agentIRI is the IRI of an agent given as an IRI or an object with an id.
func agentIRI(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var o struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(v, &o)
	return o.ID
}

// absoluteIRI reports whether s is an absolute IRI (a scheme, then a host
// or an opaque part, such as urn:uuid:…).
func absoluteIRI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "")
}

func compact(b json.RawMessage) json.RawMessage {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return b
	}
	return buf.Bytes()
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}
