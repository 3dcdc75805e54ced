package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"sverka/stemming"
	"sverka/variant"
)

// searchTerm is one word, prefix or "quoted phrase" of a query.
type searchTerm struct {
	words  []string // folded, as typed
	prefix bool     // the word ended in *
	// alts are the FTS5 strings any of which matches the term: quoted keys
	// or phrases; ocr are those of OCR variants only, ocrForms their forms.
	alts     []string
	ocr      []string
	ocrForms []string
}

// parseTerms splits what a person typed into words, prefixes (дивиз*) and
// "quoted phrases". Nothing typed reaches FTS5 as syntax: every key is
// quoted, a * only counts at the end of a word of at least two letters.
func parseTerms(text string) []searchTerm {
	var out []searchTerm
	for i, chunk := range strings.Split(text, `"`) {
		if i%2 == 1 {
			if ws := stemming.Words(chunk); len(ws) > 1 {
				out = append(out, searchTerm{words: foldAll(ws)})
				continue
			}
		}
		for _, f := range strings.Fields(chunk) {
			ws := stemming.Words(f)
			for j, w := range ws {
				prefix := j == len(ws)-1 && strings.HasSuffix(f, "*") && utf8.RuneCountInString(w) >= 2
				out = append(out, searchTerm{words: []string{stemming.Fold(w)}, prefix: prefix})
			}
		}
	}
	return out
}

func foldAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = stemming.Fold(w)
	}
	return out
}

// maxPhraseAlternatives caps the spellings of one phrase (the product of
// its words' keys).
const maxPhraseAlternatives = 16

// expand fills in the alternatives of each term: the keys of every form of
// its words, the forms that begin with a prefix, names in the other script
// when translit is asked, OCR variants when ocr is.
func expand(ctx context.Context, q querier, keyer *stemming.Keyer, terms []searchTerm, translit, ocr bool) error {
	for i := range terms {
		t := &terms[i]
		switch {
		case t.prefix:
			keys, err := prefixKeys(ctx, q, t.words[0])
			if err != nil {
				return err
			}
			t.alts = append([]string{quote(t.words[0]) + " *"}, quoteAll(keys)...)
		case len(t.words) > 1:
			t.alts = phraseAlternatives(keyer, t.words)
		default:
			w := t.words[0]
			t.alts = quoteAll(keyer.QueryKeys(w))
			if translit {
				alts, err := soundAlternatives(ctx, q, w)
				if err != nil {
					return err
				}
				t.alts = appendNew(t.alts, alts...)
			}
			if ocr {
				forms, alts, err := ocrAlternatives(ctx, q, w, t.alts)
				if err != nil {
					return err
				}
				t.ocrForms, t.ocr = forms, alts
			}
		}
	}
	return nil
}

func phraseAlternatives(keyer *stemming.Keyer, words []string) []string {
	combos := [][]string{nil}
	for _, w := range words {
		var next [][]string
		for _, c := range combos {
			for j, k := range keyer.QueryKeys(w) {
				if j > 0 && len(next) >= maxPhraseAlternatives {
					break
				}
				next = append(next, append(slices.Clone(c), k))
			}
		}
		combos = next
	}
	var out []string
	for _, c := range combos {
		out = append(out, quote(strings.Join(c, " ")))
	}
	return out
}

// prefixKeys are the keys of the forms in the texts that begin with p, so
// that hesitat* finds hesitate though its key is hesit.
func prefixKeys(ctx context.Context, q querier, p string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT keys FROM search_forms WHERE form >= ? AND form < ? AND keys NOT LIKE '% %' LIMIT 64`, p, p+"\U0010FFFF")
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return scanColumn[string](rows)
}

// soundAlternatives are the keys of the names in the texts that sound like
// w in the other script (Filippov: Филиппов, Филиппова, …).
func soundAlternatives(ctx context.Context, q querier, w string) ([]string, error) {
	sounds := variant.Sounds(w)
	if len(sounds) == 0 {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT keys FROM search_forms WHERE sound IN (`+placeholders(len(sounds))+`) AND sound <> '' LIMIT 64`, anySlice(sounds)...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	keys, err := scanColumn[string](rows)
	return quoteAll(keys), err
}

// ocrAlternatives are the forms in the texts that the lexicon does not
// know and that OCR may have made of w, and their keys not among have.
func ocrAlternatives(ctx context.Context, q querier, w string, have []string) (forms, alts []string, err error) {
	if variant.MaxDistance(utf8.RuneCountInString(w)) == 0 {
		return nil, nil, nil
	}
	shapes := variant.Neighbours(w)
	rows, err := q.QueryContext(ctx, `SELECT form, keys FROM search_forms WHERE shape IN (`+placeholders(len(shapes))+`) AND shape <> '' LIMIT 500`, anySlice(shapes)...)
	if err != nil {
		return nil, nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var form, keys string
		if err := rows.Scan(&form, &keys); err != nil {
			return nil, nil, fmt.Errorf("search: %w", err)
		}
		k := quote(keys)
		if !variant.Plausible(w, form) || slices.Contains(have, k) {
			continue
		}
		forms = append(forms, form)
		alts = appendNew(alts, k)
	}
	return forms, alts, rows.Err()
}

// keyColumns are the columns of passage_keys that hold keys: all but meta.
const keyColumns = "ru en keys"

// matchExpr is the FTS5 expression of terms over column col: all terms
// must match, each in any of its alternatives (and of its OCR variants
// when withOCR).
func matchExpr(col string, terms []searchTerm, withOCR bool) string {
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		alts := t.alts
		if withOCR {
			alts = append(slices.Clone(alts), t.ocr...)
		}
		parts = append(parts, columnFilter(col, alts)+"("+strings.Join(alts, " OR ")+")")
	}
	return strings.Join(parts, " AND ")
}

// ocrOnlyExpr matches, over column col, rows that match every term in
// some form (OCR variants included), among them every row that does not
// match every term as written: left of NOT (the terms as written), it is
// the OCR tier. Such a row has a variant of some term: it matches that
// term's variants and every other term in some form. Written that way,
// FTS5 reads the variants' matches and looks each up in the other terms'
// and in the NOT's, where every term in any form, as the tier was written
// before, read every match of the words as written too. On the 10,000
// documents, with keys of the manifest's words for variants (1,200 tiers,
// the same passages), 400 single words' tiers counted in a quarter of the
// time (176 ms instead of 685; 199 instead of 794 in a second run, load
// 10-15), those of two or three words with variants of one or two in four
// fifths (757 instead of 991; 1,609 instead of 2,015); with three words'
// variants the expression repeats each word thrice and took 664 ms
// instead of 286: beyond maxOCRTerms terms with variants, all terms in any
// form, as before.
func ocrOnlyExpr(col string, terms []searchTerm) string {
	var parts []string
	for i, t := range terms {
		if len(t.ocr) == 0 {
			continue
		}
		p := columnFilter(col, t.ocr) + "(" + strings.Join(t.ocr, " OR ") + ")"
		if others := slices.Concat(terms[:i], terms[i+1:]); len(others) > 0 {
			p += " AND " + matchExpr(col, others, true)
		}
		parts = append(parts, "("+p+")")
	}
	if len(parts) > maxOCRTerms {
		return matchExpr(col, terms, true)
	}
	return strings.Join(parts, " OR ")
}

// maxOCRTerms is the most terms with OCR variants ocrOnlyExpr writes out
// one by one.
const maxOCRTerms = 2

// columnFilter is the filter "{col} : " of alternatives over col. Over
// every key column, alternatives none of whose tokens can be a token of
// meta (passageMeta) need none: they match the same rows, with the same
// bm25, in every column as in the key columns, and the filter made FTS5
// sort out the columns of every position it read (a tenth of the time of
// a phrase of common words).
func columnFilter(col string, alts []string) string {
	if col == keyColumns && !slices.ContainsFunc(alts, mayMatchMeta) {
		return ""
	}
	return "{" + col + "} : "
}

// mayMatchMeta reports whether an alternative (a quoted key or phrase, a
// prefix when * follows) may match a filter token of meta: pub, l and a
// language, y, m or d and digits.
func mayMatchMeta(alt string) bool {
	body, prefix := strings.CutSuffix(alt, " *")
	toks := ftsTokens(body)
	for i, tok := range toks {
		open := prefix && i == len(toks)-1
		switch {
		case tok == "pub" || open && strings.HasPrefix("pub", tok), tok[0] == 'l':
			return true
		case strings.ContainsRune("ymd", rune(tok[0])) && strings.Trim(tok[1:], "0123456789") == "":
			return true
		}
	}
	return false
}

// hasOCR reports whether any term has OCR variants.
func hasOCR(terms []searchTerm) bool {
	return slices.ContainsFunc(terms, func(t searchTerm) bool { return len(t.ocr) > 0 })
}

// quote makes a key or phrase one FTS5 string.
func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func quoteAll(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = quote(k)
	}
	return out
}

func appendNew(list []string, more ...string) []string {
	for _, m := range more {
		if !slices.Contains(list, m) {
			list = append(list, m)
		}
	}
	return list
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// markKeys is every key a hit's words are marked by: the terms' keys,
// their OCR variants' keys apart.
func markKeys(terms []searchTerm) (exact, ocr map[string]bool, prefixes []string) {
	exact, ocr = map[string]bool{}, map[string]bool{}
	for _, t := range terms {
		if t.prefix {
			prefixes = append(prefixes, t.words[0])
		}
		for _, a := range t.alts {
			for _, k := range strings.Fields(strings.Trim(strings.TrimSuffix(a, " *"), `"`)) {
				exact[k] = true
			}
		}
		for _, a := range t.ocr {
			for _, k := range strings.Fields(strings.Trim(a, `"`)) {
				ocr[k] = true
			}
		}
	}
	return exact, ocr, prefixes
}
