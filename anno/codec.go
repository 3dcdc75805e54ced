package anno

import (
	"sverka"
	"sverka/markdown"
)

// Codec maps the domain's annotations to their W3C form and back, for the
// server whose origin is Base (such as "https://sverka.example.org"; "" gives
// relative IRIs). It is the one mapping: the API, the exports and the
// command line all use it.
type Codec struct {
	Base string
	// Notes renders note bodies to HTML; a nil cache renders each time.
	Notes *markdown.Cache
}

// Encode is the JSON-LD form of an annotation, without @context (see
// Contexts).
func (c Codec) Encode(a *sverka.Annotation) *Annotation {
	base := c.Base
	out := &Annotation{
		ID: AnnotationIRI(base, a.DocumentID, a.ID), Type: "Annotation", Motivation: a.Motivation,
		Created: Time(a.Created), Modified: Time(a.Modified),
		Creator: UserAgent(base, a.CreatorID, a.CreatorName),
		Status:  a.Status, ReviewedBy: UserAgent(base, a.ReviewerID, a.ReviewerName), Reviewed: Time(a.ReviewedAt),
		Suggested: a.Suggested, Batch: a.Batch,
		Private: a.Private, Orphaned: a.Orphaned, Deleted: Time(a.Deleted), Version: a.Version,
	}
	k := &kept{}
	if len(a.W3C) > 0 {
		k = readKept(a.W3C)
	}
	switch a.Motivation {
	case sverka.MotivationNote, sverka.MotivationReply:
		if k.Bare && a.Body == "" {
			break // a highlight: no body
		}
		out.Body = append(out.Body, Resource{Type: "TextualBody", Value: Text(a.Body), Format: "text/markdown",
			Purpose: a.Motivation, HTML: c.Notes.HTML(a.Body)})
	case sverka.MotivationCorrection:
		out.Body = append(out.Body, Resource{Type: "TextualBody", Value: Text(a.Body), Format: "text/plain",
			Language: a.Target.Lang, Purpose: Editing})
	case sverka.MotivationLink:
		if l := a.Link; l != nil {
			switch {
			case l.DocumentID != "" && l.Lang != "":
				out.Body = append(out.Body, Resource{Type: "SpecificResource", Source: TextIRI(base, l.DocumentID, l.Lang),
					Selector: []Selector{Position(l.Start, l.End), Quote(l.Exact, "", "")}, Orphaned: l.Orphaned})
			case l.DocumentID != "":
				out.Body = append(out.Body, Resource{ID: DocumentIRI(base, l.DocumentID), Type: "Text", Orphaned: l.Orphaned})
			}
			if l.URL != "" {
				out.Body = append(out.Body, Resource{ID: l.URL})
			}
			if l.Citation != "" {
				out.Body = append(out.Body, Resource{Type: "TextualBody", Value: Text(l.Citation), Format: "text/plain", Purpose: Identify})
			}
		}
		if a.Body != "" {
			out.Body = append(out.Body, Resource{Type: "TextualBody", Value: Text(a.Body), Format: "text/markdown",
				Purpose: Commenting, HTML: c.Notes.HTML(a.Body)})
		}
	}
	for _, t := range a.Tags {
		out.Body = append(out.Body, Resource{Type: "TextualBody", Value: Text(t), Purpose: Tagging})
	}
	switch {
	case a.Motivation == sverka.MotivationReply:
		out.Target = Resources{{ID: AnnotationIRI(base, a.DocumentID, a.ReplyTo)}}
	case a.Outside:
		// The targets are in what was kept.
	default:
		t := a.Target
		out.Target = Resources{{Type: "SpecificResource", Source: TextIRI(base, a.DocumentID, t.Lang),
			Selector: []Selector{Position(t.Start, t.End), Quote(t.Exact, t.Prefix, t.Suffix)}}}
	}
	if len(a.W3C) > 0 {
		k.lay(out)
		if len(k.Context) > 0 {
			// The client's contexts define keys kept: the annotation
			// carries them, wherever it is served.
			ctx := []any{ContextIRI, base + ContextPath}
			for _, c := range k.Context {
				ctx = append(ctx, c)
			}
			out.Context = ctx
		}
	}
	if a.WrittenBy != "" && out.Extra["writtenBy"] == nil {
		// Who wrote an annotation imported from an archive, and when, as the
		// archive says: kept as data, as a client's own creator is.
		out.Extra = setKey(out.Extra, "writtenBy", mustJSON(Agent{Type: "Person", Name: a.WrittenBy}))
		if !a.WrittenAt.IsZero() {
			out.Extra = setKey(out.Extra, "writtenAt", mustJSON(Time(a.WrittenAt)))
		}
	}
	return out
}
