package anno

import (
	"testing"
)

// FuzzParse feeds arbitrary bytes to the parser of annotations sent by
// clients: it returns an annotation or an error, and never panics.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"@context":"http://www.w3.org/ns/anno.jsonld","type":"Annotation","motivation":"commenting","body":{"type":"TextualBody","value":"x"},"target":{"source":"http://h/documents/1/en","selector":[{"type":"TextPositionSelector","start":0,"end":3},{"type":"TextQuoteSelector","exact":"abc"}]}}`,
		`{"motivation":"linking","body":[{"type":"SpecificResource","source":"http://h/documents/2/ru","selector":{"type":"TextPositionSelector","start":-1,"end":99999999999}}],"target":"http://h/api/annotations/1"}`,
		`{"target":[],"body":null}`, `[]`, `"x"`, `{`, `{"selector":{"type":1}}`, "\xff\xfe",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := Parse(b)
		if err == nil && a == nil {
			t.Fatal("no annotation and no error")
		}
		if err != nil {
			return
		}
		for i := range a.Target {
			a.Target[i].TextPosition()
			a.Target[i].TextQuote()
		}
	})
}

// FuzzReanchor: whatever the text, old position and quote, a quote found
// again is exactly where it says, and nothing panics.
func FuzzReanchor(f *testing.F) {
	f.Add("Баш ответ получил. Баш ответ.", 0, "Баш", "", " ответ получил")
	f.Add("abcabc", 3, "abc", "abc", "")
	f.Add("", -5, "", "x", "y")
	f.Add("aaaa", 99, "aa", "a", "a")
	f.Fuzz(func(t *testing.T, text string, old int, exact, prefix, suffix string) {
		runes := []rune(text)
		start, end, ok := Reanchor(runes, old, exact, prefix, suffix)
		if ok && (start < 0 || end > len(runes) || start > end || string(runes[start:end]) != string([]rune(exact))) {
			t.Fatalf("Reanchor(%q, %d, %q) = [%d,%d), which does not hold the quote", text, old, exact, start, end)
		}
	})
}
