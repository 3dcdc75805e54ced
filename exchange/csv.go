package exchange

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"sverka"
)

// WriteCSV writes one row per link (RFC 4180, CRLF line ends, UTF-8 with a
// byte order mark so that spreadsheets read the Cyrillic right): document,
// link number, status, the original's diplomatic and corrected readings,
// the translation, and the notes on the link, one a line. Column names
// come from the first document's languages.
//
// A cell that a spreadsheet would take for a formula — one starting with
// =, +, -, @, a tab or a carriage return — is written with a ' before it,
// as OWASP advises against CSV injection: a scholar opening the file sees
// the text with a leading apostrophe instead of running what a document
// or a note smuggled in. Text starting with "-" gets it too ("- Да," is a
// formula to a spreadsheet); only a plain number such as -5 or +3.5 is
// left alone, since a spreadsheet reads it as the number it is. The
// lossless formats (Sverka JSON, TMX, TEI) keep every text as it is.
func WriteCSV(w io.Writer, docs Documents, opt Options) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	header := false
	row := make([]string, 0, 8)
	err := docs(func(src Source) error {
		d := src.Document()
		ls := langs(d)
		if len(ls) == 0 {
			return nil
		}
		if !header {
			header = true
			row = append(row[:0], "document", "link", "status", ls[0]+" diplomatic", ls[0]+" corrected")
			row = append(row, ls[1:]...)
			row = append(row, "notes")
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		return src.Links(func(l *sverka.ExportLink) error {
			if opt.skip(l) {
				return nil
			}
			texts := opt.texts(l, ls)
			row = append(row[:0], d.ID, strconv.Itoa(l.Number()), l.Status,
				texts[ls[0]].diplomatic.String(), texts[ls[0]].corrected.String())
			for _, lang := range ls[1:] {
				row = append(row, texts.reading(lang, opt))
			}
			row = append(row, strings.Join(notes(l, opt), "\n"))
			return cw.Write(guardCells(row))
		})
	})
	if err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return bw.Flush()
}

// guardCells prefixes with ' each cell a spreadsheet would read as a
// formula (see WriteCSV), in place.
func guardCells(row []string) []string {
	for i, c := range row {
		if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) || plainNumber(c) {
			continue
		}
		row[i] = "'" + c
	}
	return row
}

// plainNumber reports whether s is a signed decimal number: digits with
// at most one '.' or ',' inside them, after one '+' or '-'.
func plainNumber(s string) bool {
	s = s[1:]
	digits, sep := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case (c == '.' || c == ',') && !sep && digits > 0 && i < len(s)-1:
			sep = true
		default:
			return false
		}
	}
	return digits > 0
}
