// Package lexicon reads hunspell dictionaries (a .dic list of stems with
// affix flags and the .aff file of affix rules, as Debian's hunspell-ru and
// hunspell-en-us install them) and answers two questions about a word form:
// is it a word of the language (Known), and which dictionary stems generate
// it (Lemmas). Forms are recognised by taking affixes off rather than by
// storing every expanded form, so a Russian lexicon of 146,000 stems and
// several million forms stays a few megabytes; Forms expands one stem.
package lexicon

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"sverka/strtab"
)

// ErrNoDictionary is returned by Open when the language's hunspell files are
// not installed.
var ErrNoDictionary = errors.New("no hunspell dictionary installed")

// Dirs are the directories Open looks in, in order.
var Dirs = []string{"/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts"}

// opened holds the Lexicons Open has read, by their files' paths: a
// func() (*Lexicon, error) that loads once.
var opened sync.Map

// Lexicon is a loaded hunspell dictionary. It is safe for concurrent use.
type Lexicon struct {
	aff *affixFile
	// stems holds every stem once (homonyms, one stem on several lines,
	// share one, with the flags of all their lines); stemFlags[i] is the
	// number in flagSets of the flags of stem i: a few thousand lists of
	// flags serve 146,000 Russian stems.
	stems     strtab.Table
	stemFlags []uint32
	flagSets  [][]flag
	// Affix rules by the string they add, and by their flag.
	suffixByAdd map[string][]*affix
	prefixByAdd map[string][]*affix
	byFlag      map[flag][]*affix
	maxSuffix   int // longest suffix added, in bytes
	maxPrefix   int
	continued   map[flag]bool // flags that some affix's continuation names
	forms       formLows      // every generated form, for Known
	index       formIndex
	filter      formFilter
	// The beginnings and endings of every form, in lower case, for a
	// spelling corrector (MayBegin, MayEnd): 16 MB a language, read from the
	// cache at edgesAt on first use, so that a server that never corrects
	// spelling (search, the aligner) does not hold them.
	edges              sync.Once
	edgesAt            string
	prefixes, suffixes prefixFilter
}

// Open loads the dictionary of a language such as "ru_RU" or "en_US" from
// the first of Dirs that holds both of its files. A process reads each
// dictionary once: the search keys, the OCR checker and the aligner share
// the one Lexicon (tens of megabytes), which is read-only.
func Open(lang string) (*Lexicon, error) {
	for _, dir := range Dirs {
		aff := filepath.Join(dir, lang+".aff")
		dic := filepath.Join(dir, lang+".dic")
		if fileExists(aff) && fileExists(dic) {
			load, _ := opened.LoadOrStore(aff+"\x00"+dic, sync.OnceValues(func() (*Lexicon, error) { return Load(aff, dic) }))
			return load.(func() (*Lexicon, error))()
		}
	}
	return nil, fmt.Errorf("open lexicon %s: %w (Debian: apt-get install hunspell-%s)", lang, ErrNoDictionary, debianSuffix(lang))
}

func debianSuffix(lang string) string {
	if lang == "ru_RU" {
		return "ru"
	}
	return strings.ToLower(strings.ReplaceAll(lang, "_", "-"))
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// Load reads an .aff and a .dic file. The expanded forms are cached in the
// user's cache directory (see formCachePath).
func Load(affPath, dicPath string) (*Lexicon, error) {
	aff, err := os.ReadFile(affPath)
	if err != nil {
		return nil, fmt.Errorf("load lexicon: %w", err)
	}
	dic, err := os.ReadFile(dicPath)
	if err != nil {
		return nil, fmt.Errorf("load lexicon: %w", err)
	}
	h := sha256.New()
	h.Write(aff)
	h.Write([]byte{0})
	h.Write(dic)
	cache := formCachePath(h.Sum(nil))
	return read(bytes.NewReader(aff), bytes.NewReader(dic), readFormCache(cache), cache)
}

// Read reads a lexicon from the contents of an .aff and a .dic file.
func Read(aff, dic io.Reader) (*Lexicon, error) {
	return read(aff, dic, nil, "")
}

// read reads a lexicon. Its forms, when not given (read from the cache at
// path), are expanded with the prefix and suffix filters and written to the
// cache at path; given, the filters are read from there when first asked.
func read(aff, dic io.Reader, forms formSet, cache string) (*Lexicon, error) {
	a, err := parseAffixes(aff)
	if err != nil {
		return nil, fmt.Errorf("read affixes: %w", err)
	}
	lx := &Lexicon{
		aff:         a,
		suffixByAdd: map[string][]*affix{},
		prefixByAdd: map[string][]*affix{},
		byFlag:      map[flag][]*affix{},
		continued:   map[flag]bool{},
	}
	for _, x := range a.suffixes {
		lx.suffixByAdd[x.add] = append(lx.suffixByAdd[x.add], x)
		lx.byFlag[x.flag] = append(lx.byFlag[x.flag], x)
		lx.maxSuffix = max(lx.maxSuffix, len(x.add))
		for _, f := range x.next {
			lx.continued[f] = true
		}
	}
	for _, x := range a.prefixes {
		lx.prefixByAdd[x.add] = append(lx.prefixByAdd[x.add], x)
		lx.byFlag[x.flag] = append(lx.byFlag[x.flag], x)
		lx.maxPrefix = max(lx.maxPrefix, len(x.add))
	}
	if err := lx.readStems(dic); err != nil {
		return nil, fmt.Errorf("read dictionary: %w", err)
	}
	lx.edgesAt = cache
	if forms == nil {
		lx.edges.Do(func() {
			forms, lx.prefixes, lx.suffixes = lx.expand()
			writeFormCache(cache, forms, lx.prefixes, lx.suffixes)
		})
	}
	lx.forms, lx.filter = forms.lows(), filterForms(forms)
	if lx.index, err = indexForms(forms); err != nil {
		return nil, fmt.Errorf("index forms: %w", err)
	}
	return lx, nil
}

// readStems reads the .dic file: a count, then one "stem/FLAGS" a line.
func (lx *Lexicon) readStems(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	dec := lx.aff.enc.NewDecoder()
	sets := map[string]uint32{} // a list of flags, as bytes -> its number in flagSets
	for n := 1; sc.Scan(); n++ {
		raw := sc.Bytes()
		if n == 1 {
			if _, err := strconv.Atoi(strings.TrimSpace(string(trimBOM(raw)))); err == nil {
				continue
			}
		}
		line, err := dec.String(string(raw))
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		word, flags, err := lx.dicLine(line)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if word == "" {
			continue
		}
		i := lx.stems.Add(word)
		if i == len(lx.stemFlags) {
			lx.stemFlags = append(lx.stemFlags, lx.flagSet(sets, flags))
		} else if len(flags) > 0 {
			lx.stemFlags[i] = lx.flagSet(sets, slices.Concat(lx.flagSets[lx.stemFlags[i]], flags))
		}
	}
	lx.stems.Trim()
	lx.stemFlags = slices.Clip(lx.stemFlags)
	return sc.Err()
}

// flagSet returns the number of a list of flags in flagSets, adding it
// when it is new; sets finds the lists by their bytes.
func (lx *Lexicon) flagSet(sets map[string]uint32, flags []flag) uint32 {
	b := make([]byte, 0, 4*len(flags))
	for _, f := range flags {
		b = binary.LittleEndian.AppendUint32(b, uint32(f))
	}
	n, ok := sets[string(b)]
	if !ok {
		n = uint32(len(lx.flagSets))
		sets[string(b)] = n
		lx.flagSets = append(lx.flagSets, flags)
	}
	return n
}

// flagsOf returns the flags of a stem, and whether the dictionary has it.
func (lx *Lexicon) flagsOf(stem string) ([]flag, bool) {
	i, ok := lx.stems.Find(stem)
	if !ok {
		return nil, false
	}
	return lx.flagSets[lx.stemFlags[i]], true
}

// dicLine splits "word/FLAGS\tmorphology" ("\/" is a literal slash).
func (lx *Lexicon) dicLine(line string) (string, []flag, error) {
	if i := strings.IndexByte(line, '\t'); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	if line == "" || strings.HasPrefix(line, "#") {
		return "", nil, nil
	}
	var word strings.Builder
	flagField := ""
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '/':
			word.WriteByte('/')
			i++
		case line[i] == '/' && i > 0:
			flagField = line[i+1:]
			i = len(line)
		default:
			word.WriteByte(line[i])
		}
	}
	if j := strings.IndexAny(flagField, " "); j >= 0 {
		flagField = flagField[:j]
	}
	w := word.String()
	if j := strings.Index(w, " "); j >= 0 && strings.Contains(w[j:], ":") {
		w = w[:j] // a morphological field after a space: "word po:noun"
	}
	if flagField == "" {
		return w, nil, nil
	}
	fl, err := lx.aff.flags(flagField)
	return w, fl, err
}

// Known reports whether form is a word of the lexicon, allowing the
// capitalisations print allows: a lower-case stem may be written with a
// capital first letter or in capitals, a proper name in capitals.
func (lx *Lexicon) Known(form string) bool {
	if lx.KnownHash(hashForm(form)) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(form)
	if !unicode.IsUpper(first) {
		return false
	}
	for _, v := range caseVariants(form)[1:] {
		if lx.KnownHash(hashForm(v)) {
			return true
		}
	}
	return false
}

// KnownHash reports whether the form with this HashOf is a word of the
// lexicon exactly as spelled (no capitalisation allowed for: try each).
func (lx *Lexicon) KnownHash(h uint64) bool {
	if !lx.filter.mayHave(h) {
		return false
	}
	b := h >> (64 - bucketBits)
	for _, x := range lx.forms[lx.index.at(b):lx.index.at(b+1)] {
		if x == uint32(h) {
			return true
		}
	}
	return false
}

// Lemmas returns the dictionary stems that generate form (in any
// capitalisation Known accepts), each once, in a stable order; nil when the
// lexicon does not know the form.
func (lx *Lexicon) Lemmas(form string) []string {
	var out []string
	for _, v := range caseVariants(form) {
		for _, s := range lx.analyze(v) {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// caseVariants lists the spellings under which form may stand in the
// dictionary: itself, lower case after a capital, and title case or lower
// case when written all in capitals.
func caseVariants(form string) []string {
	out := []string{form}
	first, size := utf8.DecodeRuneInString(form)
	if !unicode.IsUpper(first) {
		return out
	}
	lower := strings.ToLower(form)
	if strings.ToUpper(form) == form && utf8.RuneCountInString(form) > 1 {
		title := string(first) + lower[len(string(unicode.ToLower(first))):]
		out = append(out, title)
	} else if form[size:] != strings.ToLower(form[size:]) {
		return out // mixed case such as "МАо": only as written
	}
	if lower != form {
		out = append(out, lower)
	}
	return out
}

// analyze returns the stems that generate form exactly as spelled.
func (lx *Lexicon) analyze(form string) []string {
	var out []string
	add := func(stem string) {
		if !slices.Contains(out, stem) {
			out = append(out, stem)
		}
	}
	if fl, ok := lx.flagsOf(form); ok && lx.standsAlone(fl) {
		add(form)
	}
	// Suffixes, each possibly on a prefix (cross product) or on another
	// suffix (a continuation flag).
	lx.eachSuffix(form, func(x *affix, stem string) {
		if lx.hasFlag(stem, x.flag) {
			add(stem)
		}
		if x.cross && len(lx.prefixByAdd) > 0 {
			lx.eachPrefix(stem, func(p *affix, inner string) {
				if p.cross && lx.hasFlag(inner, x.flag) && lx.hasFlag(inner, p.flag) {
					add(inner)
				}
			})
		}
		if lx.continued[x.flag] {
			lx.eachSuffix(stem, func(y *affix, inner string) {
				if slices.Contains(y.next, x.flag) && lx.hasFlag(inner, y.flag) {
					add(inner)
				}
			})
		}
	})
	lx.eachPrefix(form, func(p *affix, stem string) {
		if lx.hasFlag(stem, p.flag) {
			add(stem)
		}
	})
	return out
}

// standsAlone reports whether a stem with these flags is a word by itself.
func (lx *Lexicon) standsAlone(fl []flag) bool {
	for _, f := range fl {
		if f != 0 && (f == lx.aff.needAffix || f == lx.aff.forbidden || f == lx.aff.onlyComp) {
			return false
		}
	}
	return true
}

func (lx *Lexicon) hasFlag(stem string, f flag) bool {
	fl, ok := lx.flagsOf(stem)
	return ok && slices.Contains(fl, f) && !(lx.aff.forbidden != 0 && slices.Contains(fl, lx.aff.forbidden))
}

// eachSuffix calls fn for every suffix rule that form may end in, with the
// stem it would come from.
func (lx *Lexicon) eachSuffix(form string, fn func(x *affix, stem string)) {
	for n := 0; n <= lx.maxSuffix && n < len(form); n++ {
		if n > 0 && !utf8.RuneStart(form[len(form)-n]) {
			continue
		}
		for _, x := range lx.suffixByAdd[form[len(form)-n:]] {
			if stem, ok := x.undo(form); ok {
				fn(x, stem)
			}
		}
	}
}

// eachPrefix calls fn for every prefix rule that form may start with, with
// the stem it would come from.
func (lx *Lexicon) eachPrefix(form string, fn func(p *affix, stem string)) {
	for n := 0; n <= lx.maxPrefix && n < len(form); n++ {
		if !utf8.RuneStart(form[n]) {
			continue
		}
		for _, p := range lx.prefixByAdd[form[:n]] {
			if stem, ok := p.undo(form); ok {
				fn(p, stem)
			}
		}
	}
}

// Forms returns every form the dictionary generates from stem (the stem
// itself first when it stands alone), each once.
func (lx *Lexicon) Forms(stem string) []string {
	fl, ok := lx.flagsOf(stem)
	if !ok {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	if lx.standsAlone(fl) {
		add(stem)
	}
	for _, f := range fl {
		for _, x := range lx.byFlag[f] {
			form, ok := x.apply(stem)
			if !ok {
				continue
			}
			add(form)
			if x.prefix {
				continue
			}
			for _, n := range x.next {
				for _, y := range lx.byFlag[n] {
					if !y.prefix {
						if f2, ok := y.apply(form); ok {
							add(f2)
						}
					}
				}
			}
			if !x.cross {
				continue
			}
			for _, g := range fl {
				for _, p := range lx.byFlag[g] {
					if p.prefix && p.cross && p.cond.matchStart(stem) {
						if f2, ok := p.apply(form); ok {
							add(f2)
						}
					}
				}
			}
		}
	}
	return out
}

// Stems calls fn for every stem of the dictionary, in no particular order,
// until fn returns false.
func (lx *Lexicon) Stems(fn func(stem string) bool) {
	for i := range lx.stems.Len() {
		if !fn(lx.stems.At(i)) {
			return
		}
	}
}

// Len returns the number of distinct stems.
func (lx *Lexicon) Len() int { return lx.stems.Len() }

// FormCount returns the number of distinct forms the stems generate.
func (lx *Lexicon) FormCount() int { return len(lx.forms) }
