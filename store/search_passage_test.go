package store

import (
	"testing"

	"sverka/stemming"
	"sverka/variant"
)

// TestKeyPassages checks what a passage is indexed under, whatever the
// words said again: the keys of every word in order, as Keyer.Keys makes
// them; each form once, as it first occurs (a name's sound from its first
// capitalized occurrence); hyphenated compounds, however often they come.
func TestKeyPassages(t *testing.T) {
	keyer := stemming.New(nil, nil)
	readings := [][2]string{
		{"Москва ответила: москва, МОСКВА и Энь-лай.", ""},
		{"Энь-лай — Энь-лай, и москва-река; москвы\u00adнет", "Энь-лай сказал"},
	}
	passages := make([]indexPassage, len(readings))
	forms := map[string]indexForm{}
	for _, f := range keyPassages(keyer, readings, passages) {
		if _, ok := forms[f.form]; ok {
			t.Errorf("form %q noted twice", f.form)
		}
		forms[f.form] = f
	}
	for i, r := range readings {
		want := keyer.Keys(r[0])
		if r[1] != "" {
			want += " " + keyer.Keys(r[1])
		}
		if got := passages[i].keys; got != want {
			t.Errorf("passage %d: got keys %q, want %q", i, got, want)
		}
	}
	for _, tc := range []struct{ form, keys, sound string }{
		{"москва", keyer.Key("москва"), variant.Sound("москва")},
		{"энь-лай", keyer.Key("энь") + " " + keyer.Key("лай"), variant.Sound("энь-лай")},
		{"москва-река", keyer.Key("москва") + " " + keyer.Key("река"), ""},
		{"ответила", keyer.Key("ответила"), ""},
	} {
		f, ok := forms[tc.form]
		if !ok {
			t.Errorf("form %q not noted", tc.form)
			continue
		}
		if f.keys != tc.keys || f.sound != tc.sound {
			t.Errorf("form %q: got keys %q sound %q, want %q, %q", tc.form, f.keys, f.sound, tc.keys, tc.sound)
		}
	}
}
