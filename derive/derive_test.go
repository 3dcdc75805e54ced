package derive

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"sverka/segment"
	"sverka/wca"
)

const seedFile = "testdata/117313-filippov-to-mao-1950-10-05.txt"

// seedMove is the one repair of the seed that no general rule makes: the line
// the OCR put before the page-2 header belongs after the end of page 2's first
// line. It is an editorial decision, so the test passes it in as an Edit.
var seedMove = Edit{
	Op:     OpMove,
	Text:   "-на Дальнем Востоке.",
	After:  "в свой плацдари",
	Editor: "gold",
	Reason: "OCR put the line before the page header; the English has it at the end of point 4",
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// tsvColumn returns column col of a gold TSV file, without the header row.
func tsvColumn(t *testing.T, name string, col int) []string {
	t.Helper()
	var out []string
	for i, line := range strings.Split(strings.TrimRight(readFile(t, name), "\n"), "\n") {
		if i == 0 {
			continue
		}
		out = append(out, strings.Split(line, "\t")[col])
	}
	return out
}

func parseSeed(t *testing.T) (string, *wca.Page) {
	t.Helper()
	raw := readFile(t, seedFile)
	p, err := wca.Parse(raw)
	if err != nil {
		t.Fatalf("parse seed: got %v, want no error", err)
	}
	return raw, p
}

func segmentTexts(r Result, lang string) []string {
	rs := []rune(r.Text)
	var out []string
	for _, s := range segment.Split(r.Text, lang) {
		out = append(out, string(rs[s.Start:s.End]))
	}
	return out
}

func compareLists(t *testing.T, got, want []string) {
	t.Helper()
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("item %d: got %q, want %q", i+1, g, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d items, want %d", len(got), len(want))
	}
}

func TestScanSeedMatchesGoldSegments(t *testing.T) {
	raw, p := parseSeed(t)
	r, err := Scan(raw, p.Original, []Edit{seedMove})
	if err != nil {
		t.Fatalf("got %v, want no error", err)
	}
	compareLists(t, segmentTexts(r, p.Original.Lang), tsvColumn(t, "testdata/ru_segments.tsv", 1))
	checkResult(t, raw, r)
}

func TestTranslationSeedMatchesGoldSegments(t *testing.T) {
	raw, p := parseSeed(t)
	r, err := Translation(raw, p.Translation)
	if err != nil {
		t.Fatalf("got %v, want no error", err)
	}
	compareLists(t, segmentTexts(r, p.Translation.Lang), tsvColumn(t, "testdata/en_segments.tsv", 1))
	checkResult(t, raw, r)
	var joins []string
	for _, s := range r.Steps {
		joins = append(joins, s.Op+" "+s.Rule+" "+s.Note)
	}
	if want := []string{`join pagebreak.paragraph "to" + "me."`}; !reflect.DeepEqual(joins, want) {
		t.Errorf("got steps %q, want %q", joins, want)
	}
}

func TestScanSeedNoiseMatchesGold(t *testing.T) {
	raw, p := parseSeed(t)
	r, err := Scan(raw, p.Original, []Edit{seedMove})
	if err != nil {
		t.Fatalf("got %v, want no error", err)
	}
	var got []string
	for _, s := range r.Steps {
		if s.Op == OpDrop {
			got = append(got, s.Text)
		}
	}
	// Drop steps never include the whitespace next to inline noise, so the
	// texts equal noise.txt exactly (the space after "114" and before the
	// trailing garbage goes with the whitespace normalisation).
	want := strings.Split(strings.TrimRight(readFile(t, "testdata/noise.txt"), "\n"), "\n")
	compareLists(t, got, want)
}

func TestScanSeedRepairs(t *testing.T) {
	raw, p := parseSeed(t)
	r, err := Scan(raw, p.Original, []Edit{seedMove})
	if err != nil {
		t.Fatalf("got %v, want no error", err)
	}
	var got []string
	for _, s := range r.Steps {
		if s.Op != OpDrop {
			got = append(got, s.Op+" "+s.Rule)
		}
	}
	want := []string{"join pagebreak.hyphen", "move edit.move", "join pagebreak.glued-header"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, s := range r.Steps {
		if s.Op == OpMove && (s.Editor != seedMove.Editor || s.Note != seedMove.Reason || s.Text != seedMove.Text) {
			t.Errorf("got move step %+v, want editor, reason and text of %+v", s, seedMove)
		}
		if s.Rule == "pagebreak.hyphen" && !strings.HasPrefix(s.Text, "-") {
			t.Errorf("got hyphen join text %q, want it to start at the hyphen", s.Text)
		}
	}
	for _, w := range []string{"японского империализма", "плацдари -на Дальнем Востоке.", "в стране будет Очень"} {
		if !strings.Contains(r.Text, w) {
			t.Errorf("got base text without %q", w)
		}
	}
}

// checkResult checks the invariants every Result must keep.
func checkResult(t *testing.T, raw string, r Result) {
	t.Helper()
	rs := []rune(raw)
	for _, s := range r.Steps {
		if s.SourceStart < 0 || s.SourceEnd < s.SourceStart || s.SourceEnd > len(rs) {
			t.Fatalf("step %+v outside the source of %d code points", s, len(rs))
		}
		if got := string(rs[s.SourceStart:s.SourceEnd]); got != s.Text {
			t.Errorf("step %s %s: got source %q, want its text %q", s.Op, s.Rule, got, s.Text)
		}
	}
	for i := 1; i < len(r.Steps); i++ {
		if r.Steps[i].SourceStart < r.Steps[i-1].SourceStart {
			t.Errorf("step %d starts at %d, before step %d at %d", i, r.Steps[i].SourceStart, i-1, r.Steps[i-1].SourceStart)
		}
	}
	text := []rune(r.Text)
	origin := r.Origin()
	if len(origin) != len(text) {
		t.Fatalf("got %d origins for %d code points", len(origin), len(text))
	}
	for i, o := range origin {
		if o == -1 && text[i] != ' ' && text[i] != '\n' || o != -1 && (o < 0 || o >= len(rs) || rs[o] != text[i]) {
			t.Fatalf("code point %d %q has origin %d in a source of %d", i, text[i], o, len(rs))
		}
	}
	var paras []string
	for _, p := range r.Paragraphs {
		if p.Start < 0 || p.End <= p.Start || p.End > len(text) {
			t.Fatalf("paragraph %v outside the text of %d code points", p, len(text))
		}
		paras = append(paras, string(text[p.Start:p.End]))
	}
	if got := strings.Join(paras, "\n\n"); got != r.Text {
		t.Errorf("got paragraphs joined %q, want the text %q", got, r.Text)
	}
	for _, p := range paras {
		if strings.TrimSpace(p) != p || strings.Contains(p, "  ") || strings.ContainsAny(p, "\n\t") {
			t.Errorf("got paragraph %q, want trimmed, no double spaces, no newlines or tabs", p)
		}
	}
}

func TestScanRules(t *testing.T) {
	tests := []struct {
		name, lang, raw string
		want            string
		wantRules       []string // rules of the steps, in source order
	}{
		{
			name:      "header glued to a word",
			lang:      "ru",
			raw:       "Первая строка буWilson Center Digital Archive\n\nOriginal Scan\n\nдет конец.",
			want:      "Первая строка будет конец.",
			wantRules: []string{"noise.header", "pagebreak.glued-header", "noise.header"},
		},
		{
			name:      "hyphen across a stamp",
			lang:      "ru",
			raw:       "Слово разде-\n\nROM\n\nленное тут.",
			want:      "Слово разделенное тут.",
			wantRules: []string{"pagebreak.hyphen", "noise.stamp"},
		},
		{
			name:      "paragraph split by a fuzzy header with markup",
			lang:      "ru",
			raw:       "Он пошёл\n\n**Wilsen Centre Digital Archlve**\n\nдомой.",
			want:      "Он пошёл домой.",
			wantRules: []string{"pagebreak.paragraph", "noise.header"},
		},
		{
			name: "no join without a page break",
			lang: "ru",
			raw:  "ПЕКИН СОВПОСОЛ\n\nдля МАО.",
			want: "ПЕКИН СОВПОСОЛ\n\nдля МАО.",
		},
		{
			name:      "no join after final punctuation",
			lang:      "ru",
			raw:       "Конец фразы.\n\n1200\n\nначало другой.",
			want:      "Конец фразы.\n\nначало другой.",
			wantRules: []string{"noise.stamp"},
		},
		{
			name:      "markup",
			lang:      "ru",
			raw:       "Текст <b>жирный</b> и<sub>2</sub> тут.",
			want:      "Текст жирный и2 тут.",
			wantRules: []string{"noise.markup", "noise.markup", "noise.markup", "noise.markup"},
		},
		{
			name:      "inline header with markup and dashes",
			lang:      "ru",
			raw:       "Слово <u>подчёркнуто</u>--- Wilson Center Digital Archive\n\nДальше.",
			want:      "Слово подчёркнуто\n\nДальше.",
			wantRules: []string{"noise.markup", "noise.header"},
		},
		{
			name:      "folio after a page break",
			lang:      "ru",
			raw:       "Конец стра-\n\nNilson Center Digital Archive\n\n27 ницы и дальше.",
			want:      "Конец страницы и дальше.",
			wantRules: []string{"pagebreak.hyphen", "noise.header", "noise.folio"},
		},
		{
			name: "number without a page break is text",
			lang: "ru",
			raw:  "Было\n\n12 стульев.",
			want: "Было\n\n12 стульев.",
		},
		{
			name:      "trailing garbage",
			lang:      "ru",
			raw:       "Подпись Иванов 1 2 xx S. . .",
			want:      "Подпись Иванов",
			wantRules: []string{"noise.trailing-garbage"},
		},
		{
			name: "a Latin phrase is not garbage",
			lang: "ru",
			raw:  "Он написал: The United States of America",
			want: "Он написал: The United States of America",
		},
		{
			name: "trailing garbage rule is off for Latin script",
			lang: "de",
			raw:  "Er schrieb 1 2 xx S. . .",
			want: "Er schrieb 1 2 xx S. . .",
		},
		{
			name:      "stamp lines",
			lang:      "ru",
			raw:       "Текст.\n\nЧ\n\n1200\n\nIBRARY\n\n0<sub>F</sub>\n\nЕщё текст.",
			want:      "Текст.\n\nЕщё текст.",
			wantRules: []string{"noise.stamp", "noise.stamp", "noise.stamp", "noise.stamp"},
		},
		{
			name:      "header and stamp before the body",
			lang:      "ru",
			raw:       "Nilson Center Digital Archive\t\tOriginal Scan ((\n\t\tU-m\tPULLIPPOLE\n\tНАЧАЛО письма\t\t",
			want:      "НАЧАЛО письма",
			wantRules: []string{"noise.header", "noise.stamp"},
		},
		{
			name: "whitespace normalised",
			lang: "ru",
			raw:  "\tДва   слова\nи ещё\t\n\n\n  Абзац  ",
			want: "Два слова и ещё\n\nАбзац",
		},
		{
			name:      "a word's hyphen is not eaten by a header",
			lang:      "ru",
			raw:       "Конец стра-Wilson Center Digital Archive\n\nницы.",
			want:      "Конец страницы.",
			wantRules: []string{"pagebreak.hyphen", "noise.header"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sec := wca.Section{Lang: tc.lang, Start: 0, End: len([]rune(tc.raw))}
			r, err := Scan(tc.raw, sec, nil)
			if err != nil {
				t.Fatalf("got %v, want no error", err)
			}
			if r.Text != tc.want {
				t.Errorf("got %q, want %q", r.Text, tc.want)
			}
			var rules []string
			for _, s := range r.Steps {
				rules = append(rules, s.Rule)
			}
			if !reflect.DeepEqual(rules, tc.wantRules) {
				t.Errorf("got rules %q, want %q", rules, tc.wantRules)
			}
			checkResult(t, tc.raw, r)
		})
	}
}

func TestTranslationRules(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"paragraph split", "that is new to\n\nme. You insist", "that is new to me. You insist"},
		{"hyphen split", "a hyphen-\n\nated word.", "a hyphenated word."},
		{"heading kept", "From cde. FILIPPOV\n\nI received your reply.", "From cde. FILIPPOV\n\nI received your reply."},
		{"item ends in a semicolon", "1) the USA;\n\nand more", "1) the USA;\n\nand more"},
		{"signature and date", "Respectfully, FILIPPOV\n\n5 October 1950", "Respectfully, FILIPPOV\n\n5 October 1950"},
		{"markup is text here", "A <u>word</u>.", "A <u>word</u>."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Translation(tc.raw, wca.Section{Lang: "en", Start: 0, End: len([]rune(tc.raw))})
			if err != nil {
				t.Fatalf("got %v, want no error", err)
			}
			if r.Text != tc.want {
				t.Errorf("got %q, want %q", r.Text, tc.want)
			}
			checkResult(t, tc.raw, r)
		})
	}
}

func TestScanMove(t *testing.T) {
	raw := "Один два\n\nтри.\n\nЧетыре пять."
	sec := wca.Section{Lang: "ru", Start: 0, End: len([]rune(raw))}
	r, err := Scan(raw, sec, []Edit{{Op: OpMove, Text: "три.", After: "Четыре пять.", Editor: "ed", Reason: "order"}})
	if err != nil {
		t.Fatalf("got %v, want no error", err)
	}
	if want := "Один два\n\nЧетыре пять. три."; r.Text != want {
		t.Errorf("got %q, want %q", r.Text, want)
	}
	want := []Step{{Op: OpMove, SourceStart: 10, SourceEnd: 14, Text: "три.", Replacement: "Четыре пять. три.", Rule: "edit.move", Editor: "ed", Note: "order"}}
	if !reflect.DeepEqual(r.Steps, want) {
		t.Errorf("got %+v, want %+v", r.Steps, want)
	}
}

func TestScanErrors(t *testing.T) {
	raw := "Один два.\n\nДва три.\n\nЧетыре."
	all := wca.Section{Lang: "ru", Start: 0, End: len([]rune(raw))}
	tests := []struct {
		name  string
		raw   string
		sec   wca.Section
		edits []Edit
		want  error
	}{
		{"text not found", raw, all, []Edit{{Op: OpMove, Text: "пять", After: "Один"}}, ErrEditNotFound},
		{"after not found", raw, all, []Edit{{Op: OpMove, Text: "Четыре.", After: "пять"}}, ErrEditNotFound},
		{"empty text", raw, all, []Edit{{Op: OpMove, Text: "", After: "Один"}}, ErrEditNotFound},
		{"text ambiguous", raw, all, []Edit{{Op: OpMove, Text: "ва", After: "Четыре."}}, ErrEditAmbiguous},
		{"after ambiguous", raw, all, []Edit{{Op: OpMove, Text: "Четыре.", After: "ва"}}, ErrEditAmbiguous},
		{"overlap", raw, all, []Edit{{Op: OpMove, Text: "Один два.", After: "Один"}}, ErrEditOverlap},
		{"unknown op", raw, all, []Edit{{Op: "swap", Text: "Четыре.", After: "Один"}}, ErrEditOp},
		{"section past the end", raw, wca.Section{Start: 0, End: 1000}, nil, ErrSection},
		{"negative section", raw, wca.Section{Start: -1, End: 3}, nil, ErrSection},
		{"invalid UTF-8", "a\xffb", wca.Section{Start: 0, End: 1}, nil, ErrInvalidUTF8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Scan(tc.raw, tc.sec, tc.edits)
			if !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := Translation(raw, wca.Section{Start: 5, End: 2}); !errors.Is(err, ErrSection) {
		t.Errorf("translation: got %v, want %v", err, ErrSection)
	}
}

func FuzzScan(f *testing.F) {
	f.Add("Слово разде-\n\nROM\n\nленное тут.", 0, 100, "ru", "тут.", "Слово")
	f.Add("Первая буWilson Center Digital Archive\n\nOriginal Scan\n\nдет.", 0, 100, "ru", "", "")
	f.Add("a <u>b</u>--- Wilson Center Digital Archive\n\n114 c d 1 2 xx S. . .", 0, 100, "ru", "c", "a")
	f.Add("x-\n\n\n\ny", 1, 4, "en", "y", "x-")
	f.Add("\t\n\t", 0, 3, "und", "\t", "\n")
	f.Add("Один два\n\nтри.", 0, 14, "ru", "три.", "Один")
	if b, err := os.ReadFile(seedFile); err == nil {
		raw := string(b)
		if p, err := wca.Parse(raw); err == nil {
			f.Add(raw, p.Original.Start, p.Original.End, "ru", seedMove.Text, seedMove.After)
		}
	}
	f.Fuzz(func(t *testing.T, raw string, start, end int, lang, text, after string) {
		sec := wca.Section{Lang: lang, Start: start, End: end}
		var edits []Edit
		if text != "" || after != "" {
			edits = []Edit{{Op: OpMove, Text: text, After: after}}
		}
		r, err := Scan(raw, sec, edits)
		if err == nil {
			checkResult(t, raw, r)
		}
		if tr, err := Translation(raw, sec); err == nil {
			checkResult(t, raw, tr)
		}
		for _, s := range r.Steps {
			if s.Op == OpDrop && s.Text != "" && unicode.IsSpace([]rune(s.Text)[0]) && s.Rule != "noise.stamp" && s.Rule != "noise.header" {
				t.Errorf("got inline drop %q starting with whitespace", s.Text)
			}
		}
	})
}
