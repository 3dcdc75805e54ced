package exchange

import (
	"encoding/xml"
	"io"
)

// xmlWriter streams XML with encoding/xml and keeps the first error. Names
// are written as given (such as "xml:id"), without Go's namespace handling.
type xmlWriter struct {
	enc *xml.Encoder
	err error
}

func newXMLWriter(w io.Writer) *xmlWriter {
	return &xmlWriter{enc: xml.NewEncoder(w)}
}

func attrs(kv ...string) []xml.Attr {
	var out []xml.Attr
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" && kv[i] != "target" {
			continue // empty attributes are left out
		}
		out = append(out, xml.Attr{Name: xml.Name{Local: kv[i]}, Value: kv[i+1]})
	}
	return out
}

func (x *xmlWriter) token(t xml.Token) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(t)
	}
}

// start opens element name with attributes given as name, value pairs;
// pairs with an empty value are left out.
func (x *xmlWriter) start(name string, kv ...string) {
	x.token(xml.StartElement{Name: xml.Name{Local: name}, Attr: attrs(kv...)})
}

func (x *xmlWriter) end(name string) { x.token(xml.EndElement{Name: xml.Name{Local: name}}) }

func (x *xmlWriter) text(s string) {
	if s != "" {
		x.token(xml.CharData(s))
	}
}

// elem writes <name kv…>text</name>.
func (x *xmlWriter) elem(name, text string, kv ...string) {
	x.start(name, kv...)
	x.text(text)
	x.end(name)
}

// nl writes a line break, only where whitespace is not content.
func (x *xmlWriter) nl() { x.token(xml.CharData("\n")) }

func (x *xmlWriter) flush() error {
	if x.err == nil {
		x.err = x.enc.Flush()
	}
	return x.err
}

func xmlProcInst() xml.ProcInst {
	return xml.ProcInst{Target: "xml", Inst: []byte(`version="1.0" encoding="UTF-8"`)}
}
