package web

import "testing"

func TestSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"document 7: not found", "Document 7."},
		{"the name \"anna\" is taken: conflict", "The name \"anna\" is taken."},
		{"Already a sentence.", "Already a sentence."},
		{"ёлка is not a role", "Ёлка is not a role."},
		{"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := sentence(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
