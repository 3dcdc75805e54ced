package align

import (
	"fmt"
	"io"
	"strings"
)

// Format writes one line per link for the command line: the Russian sentences of the link
// joined by a space, a tab, then the English sentences joined by a space. A side with no
// sentences is left empty.
func Format(w io.Writer, ru, en []Sentence, links []Link) error {
	var b strings.Builder
	for _, l := range links {
		b.Reset()
		for k, i := range l.RU {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(ru[i].Text)
		}
		b.WriteByte('\t')
		for k, j := range l.EN {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(en[j].Text)
		}
		b.WriteByte('\n')
		if _, err := io.WriteString(w, b.String()); err != nil {
			return fmt.Errorf("format link: %w", err)
		}
	}
	return nil
}
