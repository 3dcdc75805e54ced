package anno

import (
	"mime"

	"sverka"
)

// selection reads a text target's selectors; without a
// TextPositionSelector the target is found by its quote (ByQuote).
func selection(r *Resource, what string) (sverka.TextTarget, error) {
	t := sverka.TextTarget{ByQuote: true}
	for _, s := range r.Selector {
		if s.Type != "TextPositionSelector" && s.Type != "TextQuoteSelector" {
			return t, sverka.Invalid(what, "selector type %q is not supported; use TextPositionSelector and TextQuoteSelector", s.Type)
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

// Decode turns a posted annotation into the domain's form, checking
// everything the model says; the store checks the rest. docID is the
// container's document ("" when the annotation names it). Mistakes are
// *sverka.ValidationError.
func (c Codec) Decode(docID string, in *Annotation) (*sverka.Annotation, error) {
	base := c.Base
	a := &sverka.Annotation{DocumentID: docID, Motivation: in.Motivation, Private: in.Private, Tags: []string{}}
	switch in.Motivation {
	case sverka.MotivationNote, sverka.MotivationCorrection, sverka.MotivationLink, sverka.MotivationReply:
	case "":
		return nil, sverka.Invalid("motivation", "say what the annotation is: commenting (a note), editing (an OCR correction), linking (a cross-reference) or replying")
	default:
		return nil, sverka.Invalid("motivation", "%q is not one of commenting, editing, linking, replying", in.Motivation)
	}
	if in.Type != "" && in.Type != "Annotation" {
		return nil, sverka.Invalid("type", "an annotation has type \"Annotation\", not %q", in.Type)
	}
	if !validContext(in.Context) {
		return nil, sverka.Invalid("@context", "give %q, or a list of contexts that includes it", ContextIRI)
	}
	if len(in.Target) != 1 {
		return nil, sverka.Invalid("target", "give exactly one target (got %d)", len(in.Target))
	}
	tg := &in.Target[0]
	if a.Motivation == sverka.MotivationReply {
		iri := tg.ID
		if iri == "" {
			iri = tg.Source
		}
		id, ok := ParseAnnotationIRI(base, iri)
		if !ok {
			return nil, sverka.Invalid("target", "a reply targets the IRI of the annotation it answers (%s/api/annotations/{id}), not %q", base, iri)
		}
		a.ReplyTo = id
	} else {
		if tg.Type != "" && tg.Type != "SpecificResource" {
			return nil, sverka.Invalid("target", "a passage is a SpecificResource, not %q", tg.Type)
		}
		src := tg.Source
		if src == "" {
			src = tg.ID
		}
		doc, lang, ok := ParseTextIRI(base, src)
		if !ok {
			return nil, sverka.Invalid("target", "the source must be a base text of this server, %s/documents/{id}/{lang}; got %q", base, src)
		}
		if docID != "" && doc != docID {
			return nil, sverka.Invalid("target", "the source is a text of document %s, but this is the container of document %s", doc, docID)
		}
		t, err := selection(tg, "target")
		if err != nil {
			return nil, err
		}
		t.Lang = lang
		a.DocumentID, a.Target = doc, t
	}
	var text []string
	for i := range in.Body {
		b := &in.Body[i]
		switch {
		case b.Type == "TextualBody" || b.Value != nil:
			if b.Value == nil {
				return nil, sverka.Invalid("body", "a TextualBody needs a value")
			}
			if b.Type != "" && b.Type != "TextualBody" {
				return nil, sverka.Invalid("body", "a body with a value is a TextualBody, not %q", b.Type)
			}
			if _, _, err := mime.ParseMediaType(b.Format); b.Format != "" && err != nil {
				return nil, sverka.Invalid("body", "format %q is not a media type such as text/markdown", b.Format)
			}
			switch b.Purpose {
			case Tagging:
				a.Tags = append(a.Tags, *b.Value)
			case Identify:
				if a.Link == nil {
					a.Link = &sverka.CrossReference{}
				}
				a.Link.Citation = *b.Value
			case "", Commenting, Editing, Replying, "describing":
				text = append(text, *b.Value)
			default:
				return nil, sverka.Invalid("body", "purpose %q is not used here (commenting, editing, replying, tagging, identifying)", b.Purpose)
			}
		case a.Motivation == sverka.MotivationLink:
			if a.Link == nil {
				a.Link = &sverka.CrossReference{}
			}
			iri := b.Source
			if iri == "" {
				iri = b.ID
			}
			if doc, lang, ok := ParseTextIRI(base, iri); ok {
				t, err := selection(b, "body")
				if err != nil {
					return nil, err
				}
				if t.ByQuote {
					return nil, sverka.Invalid("body", "give the linked passage's TextPositionSelector")
				}
				a.Link.DocumentID, a.Link.Lang, a.Link.Start, a.Link.End, a.Link.Exact = doc, lang, t.Start, t.End, t.Exact
			} else if doc, ok := ParseDocumentIRI(base, iri); ok {
				a.Link.DocumentID = doc
			} else if iri != "" {
				a.Link.URL = iri
			} else {
				return nil, sverka.Invalid("body", "a cross-reference body names a passage (SpecificResource with source and selectors), a document or a URL")
			}
		default:
			return nil, sverka.Invalid("body", "a %s has a TextualBody, not %q", a.Motivation, b.Type+b.ID)
		}
	}
	if len(text) > 1 {
		return nil, sverka.Invalid("body", "give one text body (got %d)", len(text))
	}
	if len(text) == 1 {
		a.Body = text[0]
	} else if a.Motivation == sverka.MotivationCorrection {
		return nil, sverka.Invalid("body", "a correction's body is the corrected reading, a TextualBody (its value may be empty to delete)")
	}
	return a, nil
}

// validContext reports whether an annotation's @context is absent, the Web
// Annotation context, or a list of contexts (IRIs or objects) that holds it.
func validContext(ctx any) bool {
	switch c := ctx.(type) {
	case nil:
		return true
	case string:
		return c == ContextIRI
	case []any:
		found := false
		for _, x := range c {
			switch x := x.(type) {
			case string:
				found = found || x == ContextIRI
			case map[string]any:
			default:
				return false
			}
		}
		return found
	}
	return false
}
