package align

import (
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sverka/stemming"
)

// writeDictd writes entries (headword, then body) as a dictd index and a gzipped data
// file in dir, as dictfmt and dictzip would.
func writeDictd(t *testing.T, dir string, entries [][2]string) (index, data string) {
	t.Helper()
	var body, idx strings.Builder
	for _, e := range entries {
		entry := e[0] + "\n" + e[1]
		idx.WriteString(e[0] + "\t" + dictdNumber(body.Len()) + "\t" + dictdNumber(len(entry)) + "\n")
		body.WriteString(entry)
	}
	index, data = filepath.Join(dir, "test.index"), filepath.Join(dir, "test.dict.dz")
	if err := os.WriteFile(index, []byte(idx.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(data)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write([]byte(body.String())); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return index, data
}

func dictdNumber(n int) string {
	if n == 0 {
		return "A"
	}
	var b []byte
	for ; n > 0; n /= 64 {
		b = append([]byte{dictdDigits[n%64]}, b...)
	}
	return string(b)
}

func TestReadDictd(t *testing.T) {
	index, data := writeDictd(t, t.TempDir(), [][2]string{
		{"house", "   1. _n. [haʊs]\n      1) дом; жилище, здание\n      2) to keep house вести хозяйство\n      3) (тж. the H.) палата (парламента)\n"},
		{"war", "   _n. война\n"},
		{"parliament house", "   здание парламента\n"},
	})
	d := NewDictionary()
	if err := d.ReadDictd(index, data); err != nil {
		t.Fatal(err)
	}
	translates := func(ru, en string) bool {
		return slices.Contains(d.Translations(stemming.Key(ru)), d.English(stemming.Key(en)))
	}
	for _, tc := range []struct {
		ru, en string
		want   bool
	}{
		{"домами", "houses", true}, {"жилища", "house", true}, {"здание", "house", true},
		{"палата", "house", true}, {"войны", "wars", true},
		{"хозяйство", "house", false}, // from an example, not a translation
		{"парламента", "house", false}, {"парламента", "parliament", false},
	} {
		if got := translates(tc.ru, tc.en); got != tc.want {
			t.Errorf("%s translates %s: got %v, want %v", tc.ru, tc.en, got, tc.want)
		}
	}
	if err := NewDictionary().ReadDictd(index+".missing", data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v, want an error that wraps os.ErrNotExist", err)
	}
}

// TestDictionaryEvidence checks that words decide where lengths cannot: which of two
// Russian sentences of about the same length the translation left out.
func TestDictionaryEvidence(t *testing.T) {
	d := NewDictionary()
	for _, p := range [][2]string{{"война", "war"}, {"мир", "peace"}, {"дом", "house"}, {"пустой", "empty"},
		{"пакет", "package"}, {"утро", "morning"}, {"год", "year"}, {"стоять", "stand"}, {"понедельник", "monday"},
		{"прийти", "come"}, {"почта", "mail"}, {"срочный", "urgent"}} {
		d.Add(p[0], p[1])
	}
	ru := sentences("Мир лучше войны, говорил он.", "Срочный пакет пришёл почтой утром в понедельник.", "Дом стоял пустым много лет.")
	en := sentences("Peace is better than war, he said.", "The house stood empty for many years.")
	want := []string{"1|1", "2|", "3|2"}
	if got := linkKeys(Align(ru, en, d)); !slices.Equal(got, want) {
		t.Errorf("with the dictionary: got %v, want %v", got, want)
	}
	if got := linkKeys(Align(ru, en, nil)); slices.Equal(got, want) {
		t.Logf("without the dictionary: got %v too", got)
	}
}

// TestLearn checks that confirmed links teach the dictionary what it lacks, and only
// pairs that keep occurring together.
func TestLearn(t *testing.T) {
	base := NewDictionary()
	base.Add("пакет", "package")
	pairs := [][2]string{
		{"Сопровождающий загружает пакет.", "The maintainer uploads the package."},
		{"Сопровождающий отвечает за пакет.", "The maintainer is responsible for the package."},
		{"Каждый сопровождающий читает рассылку.", "Every maintainer reads the mailing list."},
		{"Рассылка открыта.", "The list is open."},
	}
	d := base.Learn(pairs)
	translates := func(d *Dictionary, ru, en string) bool {
		return slices.Contains(d.Translations(stemming.Key(ru)), d.English(stemming.Key(en)))
	}
	for _, tc := range []struct {
		ru, en string
		want   bool
	}{
		{"сопровождающего", "maintainers", true},
		{"рассылки", "list", true},
		{"пакет", "package", true},
		{"пакет", "maintainer", false},  // explained by the dictionary in each pair
		{"загружает", "uploads", false}, // together once only
	} {
		if got := translates(d, tc.ru, tc.en); got != tc.want {
			t.Errorf("%s translates %s: got %v, want %v", tc.ru, tc.en, got, tc.want)
		}
	}
	if translates(base, "сопровождающий", "maintainer") || base.Len() != 1 {
		t.Error("Learn changed the dictionary it learnt from")
	}
}

// TestDictionaryWithoutEnglishWords aligns a Russian text whose words the dictionary
// knows with an English one that has none of their translations, or nothing at all.
func TestDictionaryWithoutEnglishWords(t *testing.T) {
	d := NewDictionary()
	d.Add("война", "war")
	for _, en := range [][]Sentence{sentences("Xyz qwv."), nil} {
		links := Align(sentences("Война началась."), en, d)
		if len(links) == 0 {
			t.Errorf("English %v: got no links", en)
		}
	}
}
