package suggest

import (
	"slices"
	"testing"
)

func TestReadLookAlikes(t *testing.T) {
	tests := []struct {
		w     string
		shape caseShape
		want  string
		edits []Edit
	}{
		{"заrрухеы", lowerCase, "загрухеы", []Edit{{"r", "г"}}},
		{"0сииотевшх", lowerCase, "осииотевшх", []Edit{{"0", "о"}}},
		{"до60вьте", lowerCase, "добовьте", []Edit{{"6", "б"}, {"0", "о"}}},
		{"hет", lowerCase, "нет", []Edit{{"h", "н"}}},
		{"пэдыдyщего", lowerCase, "пэдыдущего", []Edit{{"y", "у"}}},
		{"кому-либо", lowerCase, "кому-либо", nil},
		{"x-сервер", lowerCase, "x-сервер", nil}, // a Latin part: mixed on purpose
		{"usb-накопитель", lowerCase, "usb-накопитель", nil},
		{"3-го", lowerCase, "3-го", nil},
		{"ту-154", lowerCase, "ту-154", nil},
		{"вz", lowerCase, "вz", nil}, // z prints like no Russian letter
		{"bам", titleCase, "вам", []Edit{{"B", "В"}}},
		{"bам", lowerCase, "ьам", []Edit{{"b", "ь"}}},
		{"bопpоc", upperCase, "вопрос", []Edit{{"B", "В"}, {"P", "Р"}, {"C", "С"}}},
		{"в1950", lowerCase, "в1950", nil},
	}
	for _, tc := range tests {
		got, edits := readLookAlikes(tc.w, tc.shape)
		if got != tc.want || !slices.Equal(edits, tc.edits) {
			t.Errorf("readLookAlikes(%q) = %q, %v; want %q, %v", tc.w, got, edits, tc.want, tc.edits)
		}
	}
}
