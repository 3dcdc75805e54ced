package ocr

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// readAll reads at most MaxFileSize bytes and refuses entity declarations, so
// no reader ever sees an expansion bomb or an external entity.
func readAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read layout file: %w", err)
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("over %d MB: %w", MaxFileSize>>20, ErrTooLarge)
	}
	if bytes.Contains(bytes.ToUpper(b), []byte("<!ENTITY")) {
		return nil, ErrHostile
	}
	return b, nil
}

// readXML reads an XML layout file with parse and checks what it read, or
// returns an error that names the format.
func readXML(r io.Reader, format string, parse func(*xml.Decoder) (Document, error)) (Document, error) {
	b, err := readAll(r)
	if err != nil {
		return Document{}, fmt.Errorf("%s: %w", format, err)
	}
	doc, err := parse(xmlDecoder(b))
	if err == nil {
		err = doc.check()
	}
	if err != nil {
		return Document{}, fmt.Errorf("%s: %w", format, err)
	}
	return doc, nil
}

// xmlDecoder is a strict decoder over b that knows only XML's own entities
// and reads only UTF-8 (what every OCR tool writes).
func xmlDecoder(b []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8") {
			return in, nil
		}
		return nil, fmt.Errorf("encoding %q: %w", label, ErrFormat)
	}
	return d
}

// nextToken is d.Token with every failure and every DOCTYPE internal subset
// reported as one of the package's errors.
func nextToken(d *xml.Decoder) (xml.Token, error) {
	tok, err := d.Token()
	if err == io.EOF {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if dir, ok := tok.(xml.Directive); ok && bytes.Contains(dir, []byte("[")) {
		return nil, ErrHostile
	}
	return tok, nil
}

// attr is the value of the attribute with local name name, or "".
func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
