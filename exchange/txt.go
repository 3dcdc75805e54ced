package exchange

import (
	"archive/zip"
	"fmt"
	"io"
	"time"

	"sverka"
)

// WriteText writes Moses-style parallel text, zipped: for each document a
// file per language ("117313.ru", "117313.en") with one line per link, the
// segments of a link joined by a space and line breaks folded. Line n of
// one file translates line n of the other; a side with no sentence is an
// empty line.
func WriteText(w io.Writer, docs Documents, opt Options) error {
	zw := zip.NewWriter(w)
	err := docs(func(src Source) error {
		d := src.Document()
		ls := langs(d)
		for _, lang := range ls {
			f, err := zw.CreateHeader(&zip.FileHeader{Name: d.ID + "." + lang, Method: zip.Deflate, Modified: d.CreatedAt.UTC().Truncate(time.Second)})
			if err != nil {
				return err
			}
			err = src.Links(func(l *sverka.ExportLink) error {
				if opt.skip(l) {
					return nil
				}
				texts := opt.texts(l, []string{lang})
				if _, err := io.WriteString(f, texts.reading(lang, opt)+"\n"); err != nil {
					return err
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write text: %w", err)
	}
	return zw.Close()
}
