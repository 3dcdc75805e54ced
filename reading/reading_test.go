package reading

import "testing"

func TestPieces(t *testing.T) {
	text := []rune("Баш ответ получил.")
	tests := []struct {
		name            string
		edits           []Edit
		corrected, dipl string
	}{
		{"none", nil, "Баш ответ получил.", "Баш ответ получил."},
		{"replace", []Edit{{ID: 1, Start: 0, End: 3, Text: "Ваш"}}, "Ваш ответ получил.", "Баш ответ получил."},
		{"insert", []Edit{{ID: 1, Start: 3, End: 3, Text: " же"}}, "Баш же ответ получил.", "Баш ответ получил."},
		{"delete", []Edit{{ID: 1, Start: 3, End: 9, Text: ""}}, "Баш получил.", "Баш ответ получил."},
		{"two", []Edit{{ID: 1, Start: 0, End: 1, Text: "В"}, {ID: 2, Start: 17, End: 18, Text: "!"}}, "Ваш ответ получил!", "Баш ответ получил."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Pieces(text, 0, len(text), tc.edits)
			if got := Corrected(p); got != tc.corrected {
				t.Errorf("corrected: got %q, want %q", got, tc.corrected)
			}
			if got := Diplomatic(p); got != tc.dipl {
				t.Errorf("diplomatic: got %q, want %q", got, tc.dipl)
			}
		})
	}
}

func TestOverlap(t *testing.T) {
	tests := []struct {
		a, b Edit
		want bool
	}{
		{Edit{Start: 0, End: 3}, Edit{Start: 2, End: 5}, true},
		{Edit{Start: 0, End: 3}, Edit{Start: 3, End: 5}, false},
		{Edit{Start: 3, End: 3}, Edit{Start: 3, End: 3}, true},
		{Edit{Start: 3, End: 3}, Edit{Start: 0, End: 3}, false},
		{Edit{Start: 2, End: 2}, Edit{Start: 0, End: 3}, true},
		{Edit{Start: 0, End: 3}, Edit{Start: 2, End: 2}, true},
	}
	for _, tc := range tests {
		if got := Overlap(tc.a, tc.b); got != tc.want {
			t.Errorf("Overlap(%v, %v): got %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
