package exchange

import (
	"bufio"
	"fmt"
	"io"

	"sverka"
	"sverka/anno"
	"sverka/markdown"
)

// WriteW3C writes an AnnotationCollection of every annotation the viewer may
// see in the documents (deleted ones left out), with its one page embedded
// and partOf as an object, each annotation in the one W3C mapping
// (anno.Codec) that the server also answers with. The items are streamed;
// the total is counted first.
func WriteW3C(w io.Writer, docs Documents, opt Options) error {
	codec := anno.Codec{Base: opt.BaseURL, Notes: new(markdown.Cache)}
	bw := bufio.NewWriter(w)
	j := &jsonWriter{w: bw}
	// The collection is the export itself (its one page, the same with
	// page=0); a document's is its annotation container.
	id, page := opt.BaseURL+"/api/export?format=w3c", "&page=0"
	var first Source
	total, n := 0, 0
	err := docs(func(src Source) error {
		n++
		if n == 1 {
			first = src
		}
		return src.Annotations(false, func(*sverka.Annotation) error { total++; return nil })
	})
	if err != nil {
		return err
	}
	if n == 1 && !opt.Corpus {
		id, page = anno.ContainerIRI(opt.BaseURL, first.Document().ID), "?page=0"
	}
	label := "Sverka corpus"
	if n == 1 && !opt.Corpus {
		label = "Annotations of " + first.Document().Title
	}
	j.raw("{")
	j.key(true, "@context")
	j.value(anno.Contexts(opt.BaseURL))
	j.key(false, "id")
	j.value(id)
	j.key(false, "type")
	j.value("AnnotationCollection")
	j.key(false, "label")
	j.value(label)
	j.key(false, "total")
	j.value(total)
	j.raw(`,"first":{`)
	j.key(true, "id")
	j.value(id + page)
	j.key(false, "type")
	j.value("AnnotationPage")
	j.key(false, "partOf")
	j.value(anno.PartOf{ID: id, Total: total})
	j.key(false, "startIndex")
	j.value(0)
	j.raw(`,"items":[`)
	k := 0
	err = docs(func(src Source) error {
		return src.Annotations(false, func(a *sverka.Annotation) error {
			if k > 0 {
				j.raw(",")
			}
			k++
			j.raw("\n")
			j.value(codec.Encode(a))
			return j.err
		})
	})
	if err != nil {
		return err
	}
	if k != total {
		return fmt.Errorf("write w3c: %d annotations, counted %d", k, total)
	}
	j.raw("\n]}}\n")
	if j.err != nil {
		return fmt.Errorf("write w3c: %w", j.err)
	}
	return bw.Flush()
}
