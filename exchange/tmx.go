package exchange

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"sverka"
)

// tmxTime is the TMX date format, always UTC.
const tmxTime = "20060102T150405Z"

// WriteTMX writes documents as TMX 1.4b: one <tu> per link, with a <tuv>
// per language (the original in its corrected reading unless
// opt.Diplomatic), the diplomatic reading, the link status and confidence
// as <prop>s, and the notes and cross-references as <note>s. The source
// language is the first document's original.
func WriteTMX(w io.Writer, docs Documents, opt Options) error {
	x := newXMLWriter(w)
	x.token(xmlProcInst())
	x.nl()
	x.token(xml.Directive(`DOCTYPE tmx PUBLIC "-//LISA OSCAR:1998//DTD for Translation Memory eXchange//EN" "tmx14.dtd"`))
	x.nl()
	x.start("tmx", "version", "1.4")
	x.nl()
	header := false
	err := docs(func(src Source) error {
		d := src.Document()
		ls := langs(d)
		if len(ls) == 0 {
			return nil
		}
		if !header {
			header = true
			x.elem("header", "", "creationtool", "Sverka", "creationtoolversion", "1", "segtype", "sentence",
				"o-tmf", "sverka", "adminlang", "en", "srclang", ls[0], "datatype", "plaintext",
				"creationdate", d.CreatedAt.UTC().Format(tmxTime))
			x.nl()
			x.start("body")
			x.nl()
		}
		created := d.CreatedAt.UTC().Format(tmxTime)
		return src.Links(func(l *sverka.ExportLink) error {
			if opt.skip(l) {
				return nil
			}
			texts := opt.texts(l, ls)
			x.start("tu", "tuid", d.ID+"-"+strconv.Itoa(l.Number()), "creationdate", created)
			x.elem("prop", d.ID, "type", "x-document")
			x.elem("prop", strconv.Itoa(l.Number()), "type", "x-link")
			x.elem("prop", l.Status, "type", "x-status")
			x.elem("prop", strconv.FormatFloat(l.Confidence, 'f', -1, 64), "type", "x-confidence")
			for _, lang := range ls {
				if dip := texts[lang].diplomatic.String(); dip != texts[lang].corrected.String() {
					x.elem("prop", dip, "type", "x-diplomatic-"+lang)
				}
			}
			for _, n := range notes(l, opt) {
				x.elem("note", n)
			}
			for _, lang := range ls {
				x.start("tuv", "xml:lang", lang)
				x.elem("seg", texts.reading(lang, opt))
				x.end("tuv")
			}
			x.end("tu")
			x.nl()
			return x.err
		})
	})
	if err != nil {
		return err
	}
	if !header {
		return fmt.Errorf("write tmx: no document")
	}
	x.end("body")
	x.nl()
	x.end("tmx")
	x.nl()
	return x.flush()
}
