package store

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// matchNode is a parsed FTS5 query (https://sqlite.org/fts5.html#full_text_query_syntax),
// the part of it search_query.go writes: phrases ("…", bare words, a
// trailing * for a prefix), column filters {a b} : …, parentheses, and
// NOT, AND, OR (binding in that order), AND where nothing is written.
type matchNode struct {
	op   string       // "AND", "OR", "NOT"; "" for a phrase
	kids []*matchNode // the operands of op
	// A phrase: its tokens, whether the last is a prefix, and the columns
	// it may match in (nil: any).
	tokens []string
	prefix bool
	cols   []string
}

// phrases lists the phrases of n from left to right, as FTS5 numbers them.
func (n *matchNode) phrases() []*matchNode {
	if n.op == "" {
		return []*matchNode{n}
	}
	var out []*matchNode
	for _, k := range n.kids {
		out = append(out, k.phrases()...)
	}
	return out
}

// parseMatch parses an FTS5 query.
func parseMatch(expr string) (*matchNode, error) {
	p := &matchParser{s: expr}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.skip(); p.i < len(p.s) {
		return nil, fmt.Errorf("match: unexpected %q at %d", p.s[p.i:], p.i)
	}
	return n, nil
}

type matchParser struct {
	s string
	i int
}

func (p *matchParser) skip() {
	for p.i < len(p.s) && unicode.IsSpace(rune(p.s[p.i])) {
		p.i++
	}
}

// keyword reports whether the operator kw comes next, and takes it.
func (p *matchParser) keyword(kw string) bool {
	p.skip()
	rest := p.s[p.i:]
	if !strings.HasPrefix(rest, kw) || len(rest) > len(kw) && isBareword(rest[len(kw)]) {
		return false
	}
	p.i += len(kw)
	return true
}

func (p *matchParser) or() (*matchNode, error) {
	return p.binary("OR", p.and)
}

func (p *matchParser) and() (*matchNode, error) {
	n, err := p.not()
	if err != nil {
		return nil, err
	}
	for {
		p.skip()
		explicit := p.keyword("AND")
		if !explicit && (p.i == len(p.s) || p.s[p.i] == ')' || p.peekKeyword()) {
			return n, nil
		}
		m, err := p.not()
		if err != nil {
			return nil, err
		}
		n = &matchNode{op: "AND", kids: []*matchNode{n, m}}
	}
}

func (p *matchParser) peekKeyword() bool {
	i := p.i
	defer func() { p.i = i }()
	return p.keyword("OR") || p.keyword("NOT")
}

func (p *matchParser) not() (*matchNode, error) {
	return p.binary("NOT", p.primary)
}

func (p *matchParser) binary(op string, operand func() (*matchNode, error)) (*matchNode, error) {
	n, err := operand()
	if err != nil {
		return nil, err
	}
	for p.keyword(op) {
		m, err := operand()
		if err != nil {
			return nil, err
		}
		n = &matchNode{op: op, kids: []*matchNode{n, m}}
	}
	return n, nil
}

func (p *matchParser) primary() (*matchNode, error) {
	p.skip()
	if p.i == len(p.s) {
		return nil, fmt.Errorf("match: %q ends too soon", p.s)
	}
	switch c := p.s[p.i]; {
	case c == '(':
		p.i++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.skip(); p.i == len(p.s) || p.s[p.i] != ')' {
			return nil, fmt.Errorf("match: ( without ) in %q", p.s)
		}
		p.i++
		return n, nil
	case c == '{':
		end := strings.IndexByte(p.s[p.i:], '}')
		if end < 0 {
			return nil, fmt.Errorf("match: { without } in %q", p.s)
		}
		cols := strings.Fields(p.s[p.i+1 : p.i+end])
		p.i += end + 1
		if p.skip(); p.i == len(p.s) || p.s[p.i] != ':' {
			return nil, fmt.Errorf("match: column filter without : in %q", p.s)
		}
		p.i++
		n, err := p.primary()
		if err != nil {
			return nil, err
		}
		for _, ph := range n.phrases() {
			if ph.cols == nil {
				ph.cols = cols
			} else {
				ph.cols = slices.DeleteFunc(slices.Clone(ph.cols), func(c string) bool { return !slices.Contains(cols, c) })
			}
		}
		return n, nil
	case c == '"':
		var b strings.Builder
		for p.i++; ; p.i++ {
			if p.i == len(p.s) {
				return nil, fmt.Errorf("match: unterminated string in %q", p.s)
			}
			if p.s[p.i] == '"' {
				if p.i+1 < len(p.s) && p.s[p.i+1] == '"' {
					p.i++
				} else {
					p.i++
					break
				}
			}
			b.WriteByte(p.s[p.i])
		}
		return p.phrase(b.String()), nil
	case isBareword(c):
		start := p.i
		for p.i < len(p.s) && isBareword(p.s[p.i]) {
			p.i++
		}
		return p.phrase(p.s[start:p.i]), nil
	}
	return nil, fmt.Errorf("match: unexpected %q in %q", p.s[p.i:], p.s)
}

// phrase makes a phrase of text, a prefix if a * follows.
func (p *matchParser) phrase(text string) *matchNode {
	n := &matchNode{tokens: ftsTokens(text)}
	if p.skip(); p.i < len(p.s) && p.s[p.i] == '*' {
		p.i++
		n.prefix = true
	}
	return n
}

// isBareword reports whether c may be part of an FTS5 bareword: a letter,
// a digit, _, or a byte of a character outside ASCII.
func isBareword(c byte) bool {
	return c >= 0x80 || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// ftsTokens splits text as FTS5's unicode61 tokenizer (remove_diacritics
// 0) does: runs of letters, digits and private-use characters, in lower
// case.
func ftsTokens(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Co, r)
	})
}
