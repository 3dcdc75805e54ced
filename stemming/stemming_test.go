package stemming

import "testing"

func TestKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"войны", "войне"},
		{"войну", "Война"},
		{"ещё", "еще"},
		{"Ёлка", "елки"},
		{"divisions", "division"},
		{"Korean", "korean"},
	}
	for _, tc := range tests {
		if Key(tc.a) != Key(tc.b) {
			t.Errorf("Key(%q) = %q, Key(%q) = %q, want the same", tc.a, Key(tc.a), tc.b, Key(tc.b))
		}
	}
	if Key("Китай") == Key("Корея") {
		t.Errorf("different words got one key %q", Key("Китай"))
	}
}

func TestTokensAreCodePoints(t *testing.T) {
	toks := Tokens("Баш ответ, 38-ю: «мир»")
	want := []Token{{0, 3, Key("Баш")}, {4, 9, Key("ответ")}, {11, 13, "38"}, {14, 15, Key("ю")}, {18, 21, Key("мир")}}
	if len(toks) != len(want) {
		t.Fatalf("got %v, want %v", toks, want)
	}
	for i := range want {
		if toks[i] != want[i] {
			t.Errorf("token %d: got %v, want %v", i, toks[i], want[i])
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "Баш ответ получил.", "a\u0301b", "\xff\xfe", "ёЁ 1950 г."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := len([]rune(s))
		prev := 0
		for _, tok := range Tokens(s) {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > n {
				t.Fatalf("token %v out of order or range in %q", tok, s)
			}
			prev = tok.End
		}
	})
}
