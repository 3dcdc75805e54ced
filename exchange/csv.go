package exchange

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"sverka/store"
)

func init() {
	Formats["csv"] = Format{Name: "csv", MediaType: "text/csv; charset=utf-8; header=present", Ext: "csv", Write: WriteCSV}
}

// WriteCSV writes one row per link (RFC 4180, CRLF line ends, UTF-8 with a
// byte order mark so that spreadsheets read the Cyrillic right): document,
// link number, status, the original's diplomatic and corrected readings,
// the translation, and the notes on the link, one a line. Column names
// come from the first document's languages.
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
			for _, l := range ls[1:] {
				row = append(row, l)
			}
			row = append(row, "notes")
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		return src.Links(func(l *store.ExportLink) error {
			if opt.skip(l) {
				return nil
			}
			texts := opt.texts(l, ls)
			row = append(row[:0], d.ID, strconv.Itoa(l.Position), l.Status,
				texts[ls[0]].diplomatic.String(), texts[ls[0]].corrected.String())
			for _, lang := range ls[1:] {
				row = append(row, texts.reading(lang, opt))
			}
			row = append(row, strings.Join(notes(l, opt), "\n"))
			return cw.Write(row)
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
