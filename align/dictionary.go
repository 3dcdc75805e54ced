package align

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"unicode"

	"sverka/stemming"
	"sverka/strtab"
)

// Dictionary is lexical evidence from a bilingual dictionary: for each Russian stem, the
// English stems it may translate. Words are reduced to their Snowball stems (package
// stemming), so that inflected forms in a text meet the dictionary's headwords.
// The stems are kept packed (package strtab): a server holds the Debian dictionaries for
// as long as it runs.
type Dictionary struct {
	en    *strtab.Table     // English stems; a stem's number is its id
	ru    *strtab.Table     // Russian stems
	ids   [][]int32         // of Russian stem i: the ids of the English stems it may translate, sorted
	stems map[string]string // word -> stem, while reading
}

// NewDictionary returns an empty dictionary.
func NewDictionary() *Dictionary {
	return &Dictionary{en: &strtab.Table{}, ru: &strtab.Table{}}
}

// Add records that the Russian word ru may translate the English word en.
func (d *Dictionary) Add(ru, en string) {
	d.add(ru, en)
	if i, ok := d.ru.Find(d.stem(ru)); ok {
		d.ids[i] = sortedUnique(d.ids[i])
	}
}

func (d *Dictionary) add(ru, en string) {
	r, e := d.stem(ru), d.stem(en)
	if len(r) < 2 || len(e) < 2 {
		return
	}
	d.addStems(r, e)
}

// addStems records that Russian stem r may translate English stem e; a Russian stem's
// ids are sorted later.
func (d *Dictionary) addStems(r, e string) {
	id := int32(d.en.Add(e))
	i := d.ru.Add(r)
	if i == len(d.ids) {
		d.ids = append(d.ids, nil)
	}
	d.ids[i] = append(d.ids[i], id)
}

// stem is stemming.Key, remembered while a dictionary is read: its words repeat.
func (d *Dictionary) stem(w string) string {
	if d.stems == nil {
		return stemming.Key(w)
	}
	s, ok := d.stems[w]
	if !ok {
		s = stemming.Key(w)
		d.stems[w] = s
	}
	return s
}

func sortedUnique(ids []int32) []int32 {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Each calls f with each pair of stems, Russian and English, in no order.
func (d *Dictionary) Each(f func(ru, en string)) {
	for i, ids := range d.ids {
		for _, id := range ids {
			f(d.ru.At(i), d.en.At(int(id)))
		}
	}
}

// EnglishLen is the number of English stems the dictionary's Russian stems
// translate.
func (d *Dictionary) EnglishLen() int { return d.en.Len() }

// Len is the number of Russian stems the dictionary translates.
func (d *Dictionary) Len() int {
	if d == nil {
		return 0
	}
	return d.ru.Len()
}

// Translations returns the ids of the English stems that Russian stem r may
// translate, sorted (the dictionary's own slice: not to be changed).
func (d *Dictionary) Translations(r string) []int32 {
	if i, ok := d.ru.Find(r); ok {
		return d.ids[i]
	}
	return nil
}

// English returns the id of English stem e, or -1 when no Russian word
// translates it: ids run from 0 to EnglishLen()-1.
func (d *Dictionary) English(e string) int32 {
	if id, ok := d.en.Find(e); ok {
		return int32(id)
	}
	return -1
}

// DebianDictionaries are the English-Russian dictionaries Debian packages in dictd
// format: V. K. Mueller's (mueller7-dict) and FreeDict's (dict-freedict-eng-rus).
var DebianDictionaries = []string{"/usr/share/dictd/mueller7", "/usr/share/dictd/freedict-eng-rus"}

var debian struct {
	once sync.Once
	dict *Dictionary
	err  error
}

// Debian returns the dictionary read from DebianDictionaries, read once, at first use.
// A dictionary that is not installed is skipped; when none is, Debian returns an empty
// dictionary and an error that says what to install.
func Debian() (*Dictionary, error) {
	debian.once.Do(func() {
		d := NewDictionary()
		var missing []string
		for _, base := range DebianDictionaries {
			err := d.ReadDictd(base+".index", base+".dict.dz")
			switch {
			case errors.Is(err, os.ErrNotExist):
				missing = append(missing, base)
			case err != nil:
				debian.err = err
			}
		}
		if len(missing) == len(DebianDictionaries) {
			debian.err = fmt.Errorf("no English-Russian dictionary at %s (apt-get install mueller7-dict dict-freedict-eng-rus): aligning without lexical evidence",
				strings.Join(missing, ", "))
		}
		debian.dict = d
	})
	return debian.dict, debian.err
}

// ReadDictd adds the entries of an English-Russian dictionary in dictd format: an index
// of headwords with base64 offsets and lengths, and the entries, compressed with gzip or
// dictzip (which gzip reads) when the name ends in ".dz" or ".gz". From each entry it
// takes the one-word Russian translations (see translationsOf).
func (d *Dictionary) ReadDictd(index, data string) error {
	raw, err := os.ReadFile(data)
	if err != nil {
		return err
	}
	if strings.HasSuffix(data, ".dz") || strings.HasSuffix(data, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return fmt.Errorf("read %s: %w", data, err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			return fmt.Errorf("read %s: %w", data, err)
		}
	}
	f, err := os.Open(index)
	if err != nil {
		return err
	}
	defer f.Close()
	d.stems = map[string]string{}
	defer func() {
		d.stems = nil
		for i, ids := range d.ids {
			d.ids[i] = sortedUnique(ids)
		}
		d.en.Trim()
		d.ru.Trim()
	}()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		head, off, size, ok := indexLine(sc.Text())
		if !ok || off+size > len(raw) {
			return fmt.Errorf("%s:%d: not a dictd index line", index, n)
		}
		if !singleWord(head) {
			continue
		}
		body := string(raw[off : off+size])
		// The entry repeats its headword on its first line.
		if _, rest, ok := strings.Cut(body, "\n"); ok {
			body = rest
		}
		for _, ru := range translationsOf(body) {
			d.add(ru, head)
		}
	}
	return sc.Err()
}

// indexLine parses "headword<TAB>offset<TAB>length" with dictd's base64 numbers.
func indexLine(line string) (head string, off, size int, ok bool) {
	parts := strings.Split(line, "\t")
	if len(parts) < 3 {
		return "", 0, 0, false
	}
	off, ok1 := base64Number(parts[1])
	size, ok2 := base64Number(parts[2])
	return parts[0], off, size, ok1 && ok2
}

const dictdDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func base64Number(s string) (int, bool) {
	n := 0
	for _, c := range s {
		k := strings.IndexRune(dictdDigits, c)
		if k < 0 {
			return 0, false
		}
		n = n*64 + k
	}
	return n, s != ""
}

// singleWord reports whether an English headword is one lower-case word of letters.
func singleWord(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return len(w) > 1
}

// translationsOf returns the Russian words an entry gives as translations: the words of
// each sense or alternative (split at ';', ',' and numbered senses) that is one word
// (not an English example with its translation, nor a phrase), leaving out
// labels ("_разг."), transcriptions ("[haʊs]") and remarks in brackets.
func translationsOf(body string) []string {
	var b strings.Builder
	depth := 0
	for _, r := range body {
		switch r {
		case '(', '[', '{', '<':
			depth++
			continue
		case ')', ']', '}', '>':
			if depth > 0 {
				depth--
				if depth == 0 {
					b.WriteRune(' ')
				}
				continue
			}
			r = ';' // the ")" of a numbered sense "1)"
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	var out []string
	for _, piece := range strings.FieldsFunc(b.String(), func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
		var words []string
		latin := false
		for _, w := range strings.Fields(piece) {
			if strings.HasPrefix(w, "_") || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
				continue
			}
			if strings.IndexFunc(w, func(r rune) bool { return r < unicode.MaxASCII && unicode.IsLetter(r) }) >= 0 {
				latin = true
				break
			}
			w = strings.TrimFunc(w, func(r rune) bool { return !unicode.Is(unicode.Cyrillic, r) })
			if w != "" {
				words = append(words, w)
			}
		}
		if !latin && len(words) == 1 {
			out = append(out, words[0])
		}
	}
	return out
}
