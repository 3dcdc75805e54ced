package strtab

import (
	"fmt"
	"testing"
)

func TestTable(t *testing.T) {
	var tab Table
	if _, ok := tab.Find("а"); ok {
		t.Fatal("an empty table finds а")
	}
	words := []string{"", "а", "стали", "сталь", "стать", "steel", "stal", "сталь"}
	want := map[string]int{}
	for _, w := range words {
		n := tab.Add(w)
		if m, ok := want[w]; ok && m != n {
			t.Errorf("Add(%q) again = %d, want %d", w, n, m)
		}
		want[w] = n
	}
	for i := range 5000 {
		w := fmt.Sprintf("слово%d", i)
		want[w] = tab.Add(w)
	}
	tab.Trim()
	want["после"] = tab.Add("после")
	if tab.Len() != len(want) {
		t.Errorf("Len() = %d, want %d", tab.Len(), len(want))
	}
	for w, n := range want {
		if got, ok := tab.Find(w); !ok || got != n {
			t.Errorf("Find(%q) = %d, %v, want %d, true", w, got, ok, n)
		}
		if got := tab.At(n); got != w {
			t.Errorf("At(%d) = %q, want %q", n, got, w)
		}
	}
	for _, w := range []string{"стал", "сталиь", "слово5000", "steels"} {
		if n, ok := tab.Find(w); ok {
			t.Errorf("Find(%q) = %d, true for a string never added", w, n)
		}
	}
}
