package suggest

import (
	"slices"
	"testing"
)

func TestReadLookAlikes(t *testing.T) {
	tests := []struct {
		w, want string
		edits   []Edit
	}{
		{"заrрухеы", "загрухеы", []Edit{{"r", "г"}}},
		{"0сииотевшх", "осииотевшх", []Edit{{"0", "о"}}},
		{"до60вьте", "добовьте", []Edit{{"6", "б"}, {"0", "о"}}},
		{"hет", "нет", []Edit{{"h", "н"}}},
		{"пэдыдyщего", "пэдыдущего", []Edit{{"y", "у"}}},
		{"кому-либо", "кому-либо", nil},
		{"x-сервер", "x-сервер", nil}, // a Latin part: mixed on purpose
		{"usb-накопитель", "usb-накопитель", nil},
		{"3-го", "3-го", nil},
		{"ту-154", "ту-154", nil},
		{"вz", "вz", nil}, // z prints like no Russian letter
		{"в1950", "в1950", nil},
	}
	for _, tc := range tests {
		got, edits := readLookAlikes(tc.w)
		if got != tc.want || !slices.Equal(edits, tc.edits) {
			t.Errorf("readLookAlikes(%q) = %q, %v; want %q, %v", tc.w, got, edits, tc.want, tc.edits)
		}
	}
}
