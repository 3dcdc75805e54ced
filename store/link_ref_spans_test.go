package store

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestParseSpans reads spans as encoding/json reads them: those spansJSON
// writes, and others it does not (spaces, escapes, broken ones).
func TestParseSpans(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cases := []string{`{}`, ` {"en":[0,5]}`, `{"en": [0,5]}`, `{"e\u006e":[0,5]}`, `{"en":[0,5],}`, `{"en":[+1,5]}`,
		`{"en":[0,5]`, `{"en":[0]}`, `{"en":[0,5,6]}`, `{"en":[0,5],"en":[1,2]}`, `null`, `{"en":[-3,99999999999]}`, `{"":[1,2]}`, `{"en":[0,5]}{`}
	for range 300 {
		spans := map[string][2]int{}
		for _, lang := range []string{"ru", "en", "de", "uk"}[:rng.IntN(5)] {
			spans[lang] = [2]int{rng.IntN(100000), rng.IntN(100000)}
		}
		cases = append(cases, spansJSON(spans))
	}
	for _, s := range cases {
		var want map[string][2]int
		wantErr := json.Unmarshal([]byte(s), &want)
		got, err := parseSpans(s)
		if (err != nil) != (wantErr != nil) || err == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, %v; want %v, %v", s, got, err, want, wantErr)
		}
	}
}
