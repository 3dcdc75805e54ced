package exchange

import "testing"

func TestLanguageName(t *testing.T) {
	for _, tc := range []struct{ tag, want string }{{"ru", "Russian"}, {"en", "English"}, {"uk", "Ukrainian"}, {"und", "und"}, {"not a tag", "not a tag"}} {
		if got := LanguageName(tc.tag); got != tc.want {
			t.Errorf("LanguageName(%q): got %q, want %q", tc.tag, got, tc.want)
		}
	}
}
