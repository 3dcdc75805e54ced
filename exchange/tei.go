package exchange

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"sverka"
)

// TEINamespace is the namespace of TEI P5.
const TEINamespace = "http://www.tei-c.org/ns/1.0"

// WriteTEI writes documents as TEI P5: one <TEI> for a document, a
// <teiCorpus> if opt.Corpus is set. The header holds the metadata, the citation and
// the annotators (respStmt); each text is a <div xml:lang> of paragraphs
// of <s xml:id> sentences, with corrections as <choice><sic/><corr/></choice>
// and notes and cross-references as <note target resp> after the sentence
// they start in; replies follow in <back>, and the alignment is a <linkGrp>
// of <link>s (n:m in @type, the status in @subtype, the confidence in @cert).
//
// Every id is prefixed with "d" and the document id, so that ids stay unique
// in a corpus. A link with no counterpart in a language points at that
// language's <div>, as @target needs two pointers.
func WriteTEI(w io.Writer, docs Documents, opt Options) error {
	x := newXMLWriter(w)
	x.token(procInst)
	x.nl()
	if opt.Corpus {
		x.start("teiCorpus", "xmlns", TEINamespace)
		x.nl()
		writeCorpusHeader(x)
	}
	n := 0
	err := docs(func(src Source) error {
		n++
		if n > 1 && !opt.Corpus {
			return fmt.Errorf("write tei: several documents need a corpus")
		}
		return writeTEIDocument(x, src, opt, !opt.Corpus)
	})
	if err != nil {
		return err
	}
	if n == 0 && !opt.Corpus {
		return fmt.Errorf("write tei: no document")
	}
	if opt.Corpus {
		x.end("teiCorpus")
		x.nl()
	}
	return x.flush()
}

func writeCorpusHeader(x *xmlWriter) {
	x.start("teiHeader")
	x.start("fileDesc")
	x.start("titleStmt")
	x.elem("title", "Sverka corpus")
	x.end("titleStmt")
	x.start("publicationStmt")
	x.elem("p", "Exported from Sverka.")
	x.end("publicationStmt")
	x.start("sourceDesc")
	x.elem("p", "Archival documents and their published translations.")
	x.end("sourceDesc")
	x.end("fileDesc")
	x.end("teiHeader")
	x.nl()
}

// teiIDs makes a document's xml:ids.
type teiIDs struct{ prefix string }

var notNCName = regexp.MustCompile(`[^A-Za-z0-9._-]`)

func newTEIIDs(docID string) teiIDs {
	return teiIDs{prefix: "d" + notNCName.ReplaceAllString(docID, "_")}
}

func (t teiIDs) doc() string             { return t.prefix }
func (t teiIDs) text(lang string) string { return t.prefix + "-" + lang }
func (t teiIDs) seg(lang string, i int) string {
	return t.prefix + "-" + lang + "-s" + strconv.Itoa(i+1)
}
func (t teiIDs) link(n int) string    { return t.prefix + "-l" + strconv.Itoa(n) }
func (t teiIDs) user(id int64) string { return t.prefix + "-u" + strconv.FormatInt(id, 10) }
func (t teiIDs) annotation(id int64) string {
	return t.prefix + "-a" + strconv.FormatInt(id, 10)
}

var isoDate = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

func writeTEIDocument(x *xmlWriter, src Source, opt Options, root bool) error {
	d := src.Document()
	ids := newTEIIDs(d.ID)
	if root {
		x.start("TEI", "xmlns", TEINamespace, "xml:id", ids.doc())
	} else {
		x.start("TEI", "xml:id", ids.doc())
	}
	x.nl()
	users, err := src.Annotators()
	if err != nil {
		return err
	}
	known := map[int64]bool{}
	for _, u := range users {
		known[u.ID] = true
	}
	resp := func(id int64) string {
		if known[id] {
			return "#" + ids.user(id)
		}
		return ""
	}

	// The header.
	x.start("teiHeader")
	x.start("fileDesc")
	x.start("titleStmt")
	x.elem("title", d.Title)
	for _, u := range users {
		x.start("respStmt", "xml:id", ids.user(u.ID))
		x.elem("resp", "annotation")
		x.elem("name", u.Name)
		x.end("respStmt")
	}
	x.end("titleStmt")
	x.start("publicationStmt")
	x.elem("publisher", "Sverka")
	x.elem("idno", d.ID, "type", "sverka")
	x.elem("date", "", "when", d.CreatedAt.UTC().Format(time.RFC3339))
	x.end("publicationStmt")
	x.start("sourceDesc")
	x.start("bibl")
	x.elem("title", d.Title)
	if isoDate.MatchString(d.Date) {
		x.elem("date", d.Date, "when", d.Date)
	} else if d.Date != "" {
		x.elem("date", d.Date)
	}
	if d.SourceURL != "" {
		x.elem("ptr", "", "target", d.SourceURL)
	}
	if d.Citation != "" {
		x.elem("note", d.Citation, "type", "citation")
	}
	if d.Credits != "" {
		x.elem("note", d.Credits, "type", "credits")
	}
	x.end("bibl")
	x.end("sourceDesc")
	x.end("fileDesc")
	x.start("profileDesc")
	if d.Summary != "" {
		x.start("abstract")
		x.elem("p", d.Summary)
		x.end("abstract")
	}
	x.start("langUsage")
	for _, t := range d.Texts {
		x.elem("language", LanguageName(t.Lang), "ident", t.Lang)
	}
	x.end("langUsage")
	x.end("profileDesc")
	x.end("teiHeader")
	x.nl()

	// The texts, one pass over the links each.
	x.start("text")
	x.start("body")
	x.nl()
	for _, t := range d.Texts {
		x.start("div", "type", t.Role, "xml:lang", t.Lang, "xml:id", ids.text(t.Lang))
		x.nl()
		open := false
		err := src.Links(func(l *sverka.ExportLink) error {
			for i := range l.Segments {
				seg := &l.Segments[i]
				if seg.Lang != t.Lang {
					continue
				}
				if open && strings.Contains(seg.Gap, "\n") {
					x.end("p")
					x.nl()
					open = false
				}
				if !open {
					x.start("p")
					open = true
				} else {
					x.text(" ")
				}
				writeTEISentence(x, ids, seg, l.Annotations, opt, resp)
				writeTEINotes(x, src, ids, l, i, opt, resp)
			}
			return x.err
		})
		if err != nil {
			return err
		}
		if open {
			x.end("p")
			x.nl()
		}
		x.end("div")
		x.nl()
	}
	x.end("body")
	x.nl()

	// Replies and the alignment.
	x.start("back")
	x.nl()
	replies := 0
	err = src.Replies(func(a *sverka.Annotation) error {
		if replies == 0 {
			x.start("div", "type", "replies")
			x.nl()
			x.start("p")
		}
		replies++
		x.start("note", "xml:id", ids.annotation(a.ID), "type", "reply", "target", "#"+ids.annotation(a.ReplyTo), "resp", resp(a.CreatorID))
		x.text(a.Body)
		x.end("note")
		return x.err
	})
	if err != nil {
		return err
	}
	if replies > 0 {
		x.end("p")
		x.nl()
		x.end("div")
		x.nl()
	}
	x.start("linkGrp", "type", "alignment", "xml:id", ids.doc()+"-alignment")
	x.nl()
	var target strings.Builder
	err = src.Links(func(l *sverka.ExportLink) error {
		if opt.skip(l) {
			return nil
		}
		target.Reset()
		count := map[string]int{}
		for _, seg := range l.Segments {
			count[seg.Lang]++
			if target.Len() > 0 {
				target.WriteByte(' ')
			}
			target.WriteString("#" + ids.seg(seg.Lang, seg.Index))
		}
		kind := make([]string, 0, len(d.Texts))
		for _, t := range d.Texts {
			kind = append(kind, strconv.Itoa(count[t.Lang]))
			if count[t.Lang] == 0 {
				target.WriteString(" #" + ids.text(t.Lang))
			}
		}
		x.elem("link", "", "xml:id", ids.link(l.Number()), "n", strconv.Itoa(l.Position), "type", strings.Join(kind, ":"),
			"subtype", l.Status, "cert", strconv.FormatFloat(min(max(l.Confidence, 0), 1), 'f', -1, 64), "target", target.String())
		x.nl()
		return x.err
	})
	if err != nil {
		return err
	}
	x.end("linkGrp")
	x.nl()
	x.end("back")
	x.end("text")
	x.nl()
	x.end("TEI")
	x.nl()
	return x.err
}

var procInst = xmlProcInst()

// writeTEISentence writes <s> with the corrections the export applies as
// <choice>, or only the reading asked for when opt.Diplomatic is set.
func writeTEISentence(x *xmlWriter, ids teiIDs, seg *sverka.ExportSegment, anns []*sverka.Annotation, opt Options, resp func(int64) string) {
	x.start("s", "xml:id", ids.seg(seg.Lang, seg.Index))
	for _, p := range opt.pieces(seg, anns) {
		if p.Correction == 0 {
			x.text(p.Text)
			continue
		}
		if opt.Diplomatic {
			x.text(p.Deleted)
			continue
		}
		var a *sverka.Annotation
		for _, b := range anns {
			if b.ID == p.Correction {
				a = b
			}
		}
		cert := ""
		if a != nil && a.Status == sverka.StatusProposed {
			cert = "low"
		}
		who := ""
		if a != nil {
			who = resp(a.CreatorID)
		}
		x.start("choice", "xml:id", ids.annotation(p.Correction))
		x.elem("sic", p.Deleted)
		x.elem("corr", p.Inserted, "resp", who, "cert", cert)
		x.end("choice")
	}
	x.end("s")
}

// writeTEINotes writes the notes and cross-references of l that belong to
// its k-th segment (see owner).
func writeTEINotes(x *xmlWriter, src Source, ids teiIDs, l *sverka.ExportLink, k int, opt Options, resp func(int64) string) {
	seg := &l.Segments[k]
	d := src.Document()
	for _, a := range l.Annotations {
		if owner(l, a) != k {
			continue
		}
		switch a.Motivation {
		case sverka.MotivationNote:
			x.start("note", "xml:id", ids.annotation(a.ID), "type", "comment", "target", "#"+ids.seg(seg.Lang, seg.Index),
				"resp", resp(a.CreatorID))
			writeTEIQuote(x, a)
			x.text(a.Body)
			x.end("note")
		case sverka.MotivationLink:
			x.start("note", "xml:id", ids.annotation(a.ID), "type", "crossReference", "target", "#"+ids.seg(seg.Lang, seg.Index),
				"resp", resp(a.CreatorID))
			writeTEIQuote(x, a)
			r := a.Link
			if r != nil && r.DocumentID != "" && r.Orphaned {
				// Its words are gone: it points at the document, marked.
				x.elem("ref", refLabel(r), "type", "orphaned", "target", opt.BaseURL+"/documents/"+r.DocumentID)
			} else if r != nil && r.DocumentID != "" {
				x.elem("ref", refLabel(r), "target", crossReferenceTarget(src, d.ID, ids, r, opt))
			}
			if r != nil && r.URL != "" {
				x.elem("ref", firstNonEmpty(r.Citation, r.URL), "target", r.URL)
			} else if r != nil && r.Citation != "" {
				x.elem("bibl", r.Citation)
			}
			if a.Body != "" {
				x.text(" " + a.Body)
			}
			x.end("note")
		}
	}
}

func writeTEIQuote(x *xmlWriter, a *sverka.Annotation) {
	if a.Target.Exact != "" {
		x.elem("quote", a.Target.Exact)
		x.text(" ")
	}
}

func refLabel(r *sverka.CrossReference) string {
	if r.Exact != "" {
		return r.Exact
	}
	return "document " + r.DocumentID
}

// crossReferenceTarget points at a passage of the same document by its
// sentence's xml:id, and at another document by its address.
func crossReferenceTarget(src Source, docID string, ids teiIDs, r *sverka.CrossReference, opt Options) string {
	if r.DocumentID == docID && r.Lang != "" {
		if i, ok := src.SegmentAt(docID, r.Lang, r.Start); ok {
			return "#" + ids.seg(r.Lang, i)
		}
	}
	u := opt.BaseURL + "/documents/" + r.DocumentID
	if r.Lang != "" {
		if i, ok := src.SegmentAt(r.DocumentID, r.Lang, r.Start); ok {
			u += "#" + r.Lang + "-s" + strconv.Itoa(i+1)
		}
	}
	return u
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// LanguageName is the English name of a BCP-47 language tag ("ru":
// "Russian"), or the tag itself when it names no known language.
func LanguageName(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil || tag == language.Und {
		return lang
	}
	return display.English.Tags().Name(tag)
}
