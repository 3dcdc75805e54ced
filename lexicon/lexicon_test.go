package lexicon

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// openOrSkip loads an installed dictionary, skipping the test when it is
// missing (failing under CI=true, where .ci/run installs it).
func openOrSkip(t testing.TB, lang string) *Lexicon {
	t.Helper()
	lx, err := Open(lang)
	if errors.Is(err, ErrNoDictionary) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %v", err)
		}
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

func load(t *testing.T, name string) *Lexicon {
	t.Helper()
	lx, err := Load("testdata/"+name+".aff", "testdata/"+name+".dic")
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

func TestAffixRules(t *testing.T) {
	koi8 := load(t, "koi8")
	long := load(t, "long")
	tests := []struct {
		name string
		lx   *Lexicon
		form string
		want []string // lemmas; nil: unknown
	}{
		{"KOI8-R stem", koi8, "вода", []string{"вода"}},
		{"suffix replacing a letter", koi8, "воды", []string{"вода"}},
		{"prefix", koi8, "невода", []string{"вода"}},
		{"cross product of prefix and suffix", koi8, "неводу", []string{"вода"}},
		{"condition [^ч] refuses", koi8, "тучу", nil},
		{"condition [^ч] irrelevant to another rule", koi8, "тучи", nil},
		{"flag not on the stem", koi8, "нетуча", nil},
		{"stem without flags", koi8, "дом", []string{"дом"}},
		{"no affix on a stem without flags", koi8, "домы", nil},
		{"capitalised lower-case stem", koi8, "Воды", []string{"вода"}},
		{"all capitals", koi8, "ВОДЫ", []string{"вода"}},
		{"long flags", long, "cats", []string{"cat"}},
		{"continuation flag (twofold suffix)", long, "cats's", []string{"cat"}},
		{"continuation only after its suffix", long, "cat's", nil},
		{"condition [^aeiou]y", long, "flies", []string{"fly"}},
		{"condition [aeiou]y", long, "days", []string{"day"}},
		{"condition refuses", long, "daies", nil},
		{"prefix without cross product", long, "unfly", []string{"fly"}},
		{"no cross product when the prefix says N", long, "unflies", nil},
		{"NEEDAFFIX stem alone", long, "kind", nil},
		{"NEEDAFFIX stem with its affix", long, "unkind", []string{"kind"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.lx.Lemmas(tc.form)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Lemmas(%q) = %q, want %q", tc.form, got, tc.want)
			}
			if tc.lx.Known(tc.form) != (tc.want != nil) {
				t.Errorf("Known(%q) = %v, want %v", tc.form, !(tc.want != nil), tc.want != nil)
			}
		})
	}
	got := koi8.Forms("вода")
	slices.Sort(got)
	if want := []string{"вода", "воду", "воды", "невода", "неводу", "неводы"}; !slices.Equal(got, want) {
		t.Errorf("Forms(вода) = %q, want %q", got, want)
	}
	if got, want := long.Forms("kind"), []string{"unkind"}; !slices.Equal(got, want) {
		t.Errorf("Forms(kind) = %q, want %q", got, want)
	}
}

func TestRussian(t *testing.T) {
	lx := openOrSkip(t, "ru_RU")
	tests := []struct {
		form string
		want []string
	}{
		{"Корею", []string{"Корея"}},
		{"Кореей", []string{"Корея"}},
		{"КОРЕЮ", []string{"Корея"}},
		{"корею", nil}, // a proper name is not written in lower case
		{"Китаю", []string{"Китай"}},
		{"знал", []string{"знать"}},
		{"Ваш", []string{"ваш"}},
		{"вынуждены", []string{"вынужденный"}},
		{"плацдармом", []string{"плацдарм"}},
		{"объяснял", []string{"объяснять"}},
		{"руководителей", []string{"руководитель"}},
		{"будет", []string{"быть"}},
		{"вниуждени", nil},
		{"плацдари", nil},
		{"обльшой", nil},
	}
	for _, tc := range tests {
		if got := lx.Lemmas(tc.form); !slices.Equal(got, tc.want) {
			t.Errorf("Lemmas(%q) = %q, want %q", tc.form, got, tc.want)
		}
	}
}

func TestEnglish(t *testing.T) {
	lx := openOrSkip(t, "en_US")
	for form, want := range map[string]string{"divisions": "division", "Korea's": "Korea", "unexpectedly": "unexpected", "armies": "army"} {
		if got := lx.Lemmas(form); !slices.Contains(got, want) {
			t.Errorf("Lemmas(%q) = %q, want it to contain %q", form, got, want)
		}
	}
	if lx.Known("Koreaa") {
		t.Errorf("Known(Koreaa) = true, want false")
	}
}

// TestFormsRoundTrip checks the two directions against each other on every
// 25th stem: each form that Forms generates from a stem is Known and names
// that stem among its Lemmas.
func TestFormsRoundTrip(t *testing.T) {
	for _, lang := range []string{"ru_RU", "en_US"} {
		t.Run(lang, func(t *testing.T) {
			lx := openOrSkip(t, lang)
			n, forms, bad := 0, 0, 0
			lx.Stems(func(stem string) bool {
				n++
				if n%25 != 0 {
					return true
				}
				for _, f := range lx.Forms(stem) {
					forms++
					if !slices.Contains(lx.analyze(f), stem) {
						bad++
						if bad <= 10 {
							t.Errorf("Forms(%q) gives %q, but Lemmas(%q) = %q", stem, f, f, lx.Lemmas(f))
						}
					}
				}
				return true
			})
			if forms < n/25 {
				t.Errorf("only %d forms from %d stems", forms, n/25)
			}
		})
	}
}

// BenchmarkLoadRussian reads the Russian dictionary afresh (Open reads it
// once a process).
func BenchmarkLoadRussian(b *testing.B) {
	aff, dic := dictionaryFiles(b, "ru_RU")
	for b.Loop() {
		if _, err := Load(aff, dic); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOpenSharesOneLexicon: the search keys, the OCR checker and the
// aligner of one process open the same dictionary, which they must not
// hold several times.
func TestOpenSharesOneLexicon(t *testing.T) {
	first := openOrSkip(t, "ru_RU")
	if again := openOrSkip(t, "ru_RU"); again != first {
		t.Error("a second Open of ru_RU read the dictionary again")
	}
	if en := openOrSkip(t, "en_US"); en == first {
		t.Error("en_US opened as ru_RU")
	}
}

func BenchmarkKnownRussian(b *testing.B) {
	lx := openOrSkip(b, "ru_RU")
	words := []string{"Корею", "вниуждени", "плацдармом", "руководителей", "знал", "обльшой"}
	for i := 0; b.Loop(); i++ {
		lx.Known(words[i%len(words)])
	}
}

// TestMayBegin checks that every beginning and ending of every form, in
// lower case, may begin or end a word, and that most strings that begin or
// end none are told so.
func TestMayBegin(t *testing.T) {
	lx := openOrSkip(t, "ru_RU")
	n := 0
	lx.Stems(func(stem string) bool {
		n++
		for _, f := range lx.Forms(stem) {
			h := HashOf("", "", "")
			for _, r := range strings.ToLower(f) {
				h = ExtendHash(h, string(r))
				if !lx.MayBegin(h) {
					t.Errorf("%q: a beginning of it may begin no word", f)
					return false
				}
			}
			lf := strings.ToLower(f)
			for k := range lf {
				if !lx.MayEnd(HashBack(lf[k:])) {
					t.Errorf("%q: its ending %q may end no word", f, lf[k:])
					return false
				}
			}
		}
		return n < 20000
	})
	wrong := 0
	for _, s := range []string{"ъъ", "ыы", "йй", "щщщ", "жжжж", "qз", "ьа", "ыпр", "аоаоао", "ккккк"} {
		if lx.MayBegin(HashOf(s, "", "")) {
			wrong++
		}
		if lx.MayEnd(HashBack(s)) {
			wrong++
		}
	}
	if wrong > 2 {
		t.Errorf("%d of 20 times a string that begins or ends no word may, want at most 2", wrong)
	}
}

// TestFormCache checks that a second load reads the forms from the cache
// and knows the same words, reads the prefix and suffix filters only when
// first asked, and that a damaged or missing cache file is ignored.
func TestFormCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	first := load(t, "koi8")
	matches, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "sverka", "lexicon-*.forms"))
	if len(matches) != 1 {
		t.Fatalf("cache files: got %q, want one", matches)
	}
	second := load(t, "koi8")
	if second.prefixes != nil || second.suffixes != nil {
		t.Errorf("the cached prefix and suffix filters were read before a spelling corrector asked")
	}
	second.MayBegin(HashOf("нев", "", ""))
	if !slices.Equal(first.forms, second.forms) || !slices.Equal(first.prefixes, second.prefixes) || !slices.Equal(first.suffixes, second.suffixes) || !second.Known("неводу") {
		t.Errorf("cached forms differ: got %v, want %v", second.forms, first.forms)
	}
	if err := os.Remove(filterCachePath(matches[0], "prefixes")); err != nil {
		t.Fatal(err)
	}
	if third := load(t, "koi8"); !third.MayBegin(HashOf("нев", "", "")) || !slices.Equal(first.prefixes, third.prefixes) {
		t.Errorf("with the prefix cache gone: prefixes differ from the first load's")
	}
	if err := os.WriteFile(matches[0], []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	if third := load(t, "koi8"); !third.Known("неводу") {
		t.Errorf("with a damaged cache Known(неводу) = false, want true")
	}
}
