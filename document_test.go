package sverka_test

import (
	"errors"
	"testing"

	"sverka"
)

func TestValidLanguage(t *testing.T) {
	tests := []struct {
		lang string
		ok   bool
	}{
		{"ru", true}, {"en", true}, {"en-GB", true}, {"zh-Hant", true}, {"de-DE-1996", true}, {"qaa", true},
		{"", false}, {"EN", false}, {"en-gb", false}, {"en_GB", false}, {"xx", false},
		{"x/../../../../tmp/zipslip", false}, {`e"n <x>`, false}, {"source", false}, {"export", false},
		{"ru\n", false}, {"ru ", false}, {"en-", false}, {"i-klingon", false},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			err := sverka.ValidLanguage(tc.lang)
			var invalid *sverka.ValidationError
			if tc.ok && err != nil || !tc.ok && !errors.As(err, &invalid) {
				t.Errorf("ValidLanguage(%q) = %v, want ok %v", tc.lang, err, tc.ok)
			}
		})
	}
}
