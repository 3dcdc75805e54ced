package lexicon

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// affix is one PFX or SFX rule of an .aff file: remove strip from the stem's
// start (PFX) or end (SFX), add add, provided the stem matches cond there.
type affix struct {
	flag   flag
	prefix bool
	cross  bool // may combine with an affix of the other kind
	strip  string
	add    string
	cond   condition
	// next holds continuation flags ("SFX A 0 s/BC ."): affixes that may be
	// added on top of this one (hunspell's twofold affixes).
	next []flag
}

// flag names an affix class; it is a code point or, with FLAG long or FLAG
// num, a small number derived from the two characters or the decimal.
type flag uint32

// affixFile is what the .aff file says that matters to word forms.
type affixFile struct {
	enc       encoding.Encoding
	flagMode  string // "", "long", "num" or "UTF-8"
	prefixes  []*affix
	suffixes  []*affix
	needAffix flag // stems with this flag are no words by themselves
	forbidden flag // FORBIDDENWORD
	onlyComp  flag // ONLYINCOMPOUND: forms valid only inside compounds
}

// encodingFor maps an .aff SET name to its decoder.
func encodingFor(set string) (encoding.Encoding, error) {
	switch strings.ToUpper(set) {
	case "UTF-8", "UTF8":
		return unicode.UTF8, nil
	case "KOI8-R":
		return charmap.KOI8R, nil
	case "KOI8-U":
		return charmap.KOI8U, nil
	case "ISO8859-1", "ISO-8859-1":
		return charmap.ISO8859_1, nil
	case "ISO8859-5", "ISO-8859-5":
		return charmap.ISO8859_5, nil
	case "ISO8859-15", "ISO-8859-15":
		return charmap.ISO8859_15, nil
	case "CP1251", "WINDOWS-1251", "MICROSOFT-CP1251":
		return charmap.Windows1251, nil
	}
	return nil, fmt.Errorf("unsupported SET %q", set)
}

// parseAffixes reads an .aff file. The file's bytes are decoded with its SET
// (ISO 8859-1 until a SET line says otherwise, as hunspell does).
func parseAffixes(r io.Reader) (*affixFile, error) {
	a := &affixFile{enc: charmap.ISO8859_1}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	pending := map[string]*affixHeader{} // "PFX A" -> its header
	for n := 1; sc.Scan(); n++ {
		raw := sc.Bytes()
		if n == 1 {
			raw = trimBOM(raw)
		}
		line, err := a.enc.NewDecoder().String(string(raw))
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		switch f[0] {
		case "SET":
			if len(f) < 2 {
				return nil, fmt.Errorf("line %d: SET without a name", n)
			}
			if a.enc, err = encodingFor(f[1]); err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
		case "FLAG":
			if len(f) > 1 {
				a.flagMode = f[1]
			}
		case "NEEDAFFIX", "PSEUDOROOT", "FORBIDDENWORD", "ONLYINCOMPOUND":
			if len(f) < 2 {
				continue
			}
			fl, err := a.flags(f[1])
			if err != nil || len(fl) != 1 {
				return nil, fmt.Errorf("line %d: bad flag %q", n, f[1])
			}
			switch f[0] {
			case "FORBIDDENWORD":
				a.forbidden = fl[0]
			case "ONLYINCOMPOUND":
				a.onlyComp = fl[0]
			default:
				a.needAffix = fl[0]
			}
		case "PFX", "SFX":
			if err := a.affixLine(f, pending); err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return a, nil
}

// affixHeader is what a PFX/SFX header line says about the rules after it.
type affixHeader struct {
	left  int // rules still to read
	cross bool
}

// affixLine reads a PFX/SFX header ("SFX A Y 3") or rule
// ("SFX A y ies [^aeiou]y"); pending holds the headers read so far.
func (a *affixFile) affixLine(f []string, pending map[string]*affixHeader) error {
	if len(f) < 4 {
		return fmt.Errorf("short %s line", f[0])
	}
	key := f[0] + " " + f[1]
	h := pending[key]
	if h == nil || h.left == 0 {
		count, err := strconv.Atoi(f[3])
		if err != nil {
			return fmt.Errorf("%s header: bad count %q", f[0], f[3])
		}
		if f[2] != "Y" && f[2] != "N" {
			return fmt.Errorf("%s header: cross product %q is neither Y nor N", f[0], f[2])
		}
		pending[key] = &affixHeader{left: count, cross: f[2] == "Y"}
		return nil
	}
	h.left--
	fl, err := a.flags(f[1])
	if err != nil || len(fl) != 1 {
		return fmt.Errorf("bad affix flag %q", f[1])
	}
	rule := &affix{flag: fl[0], prefix: f[0] == "PFX", cross: h.cross}
	if f[2] != "0" {
		rule.strip = f[2]
	}
	add, cont, _ := strings.Cut(f[3], "/")
	if add != "0" {
		rule.add = add
	}
	if cont != "" {
		if rule.next, err = a.flags(cont); err != nil {
			return err
		}
	}
	cond := "."
	if len(f) > 4 {
		cond = f[4]
	}
	if rule.cond, err = parseCondition(cond); err != nil {
		return err
	}
	if rule.prefix {
		a.prefixes = append(a.prefixes, rule)
	} else {
		a.suffixes = append(a.suffixes, rule)
	}
	return nil
}

// flags splits a flag field by the file's FLAG mode.
func (a *affixFile) flags(s string) ([]flag, error) {
	var out []flag
	switch a.flagMode {
	case "long":
		if len(s)%2 != 0 {
			return nil, fmt.Errorf("odd long flag field %q", s)
		}
		for i := 0; i < len(s); i += 2 {
			out = append(out, flag(s[i])<<8|flag(s[i+1]))
		}
	case "num":
		for _, p := range strings.Split(s, ",") {
			v, err := strconv.Atoi(p)
			if err != nil {
				return nil, fmt.Errorf("bad numeric flag %q", p)
			}
			out = append(out, flag(v))
		}
	default:
		for _, r := range s {
			out = append(out, flag(r))
		}
	}
	return out, nil
}

// condition is an affix condition such as "[^aeiou]y": one character class
// per code point, matched at the stem's end (SFX) or start (PFX).
type condition []charClass

type charClass struct {
	any    bool
	negate bool
	set    string
}

func (c charClass) match(r rune) bool {
	if c.any {
		return true
	}
	return strings.ContainsRune(c.set, r) != c.negate
}

func parseCondition(s string) (condition, error) {
	if s == "." {
		return nil, nil
	}
	var out condition
	for i := 0; i < len(s); {
		switch s[i] {
		case '.':
			out = append(out, charClass{any: true})
			i++
		case '[':
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("unclosed [ in condition %q", s)
			}
			body := s[i+1 : i+end]
			neg := strings.HasPrefix(body, "^")
			out = append(out, charClass{negate: neg, set: strings.TrimPrefix(body, "^")})
			i += end + 1
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			out = append(out, charClass{set: string(r)})
			i += size
		}
	}
	return out, nil
}

// matchEnd reports whether the condition holds at the end of w.
func (c condition) matchEnd(w string) bool {
	for i := len(c) - 1; i >= 0; i-- {
		r, size := utf8.DecodeLastRuneInString(w)
		if size == 0 || !c[i].match(r) {
			return false
		}
		w = w[:len(w)-size]
	}
	return true
}

// matchStart reports whether the condition holds at the start of w.
func (c condition) matchStart(w string) bool {
	for _, cc := range c {
		r, size := utf8.DecodeRuneInString(w)
		if size == 0 || !cc.match(r) {
			return false
		}
		w = w[size:]
	}
	return true
}

// apply adds the affix to stem, or reports false when it does not apply.
func (x *affix) apply(stem string) (string, bool) {
	if x.prefix {
		if !strings.HasPrefix(stem, x.strip) || !x.cond.matchStart(stem) {
			return "", false
		}
		return x.add + stem[len(x.strip):], true
	}
	if !strings.HasSuffix(stem, x.strip) || !x.cond.matchEnd(stem) {
		return "", false
	}
	return stem[:len(stem)-len(x.strip)] + x.add, true
}

// undo takes the affix off a word form, giving the stem it would come from,
// or reports false when the form cannot carry it.
func (x *affix) undo(form string) (string, bool) {
	var stem string
	if x.prefix {
		if !strings.HasPrefix(form, x.add) {
			return "", false
		}
		stem = x.strip + form[len(x.add):]
		if !x.cond.matchStart(stem) {
			return "", false
		}
	} else {
		if !strings.HasSuffix(form, x.add) {
			return "", false
		}
		stem = form[:len(form)-len(x.add)] + x.strip
		if !x.cond.matchEnd(stem) {
			return "", false
		}
	}
	return stem, stem != ""
}

func trimBOM(b []byte) []byte {
	return []byte(strings.TrimPrefix(string(b), "\uFEFF"))
}
