package ocrnoise

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestInjectUndone checks that each error stands where it says and that
// putting back what it replaced gives the clean text again.
func TestInjectUndone(t *testing.T) {
	clean := strings.Repeat("Внутреннее положение страны, конечно, очень сложное и требует внимания. ", 160)
	noisy, errs := Inject(clean, 0.3, rand.New(rand.NewPCG(1, 2)))
	if len(errs) < 50 {
		t.Fatalf("got %d errors, want many at rate 0.3", len(errs))
	}
	kinds := map[string]int{}
	runes := []rune(noisy)
	var b strings.Builder
	last := 0
	for _, e := range errs {
		kinds[e.Kind]++
		if got := string(runes[e.Start:e.End]); got != e.OCR {
			t.Fatalf("error at [%d,%d): text has %q, error says %q", e.Start, e.End, got, e.OCR)
		}
		if e.OCR == e.Want {
			t.Errorf("error %v changes nothing", e)
		}
		b.WriteString(string(runes[last:e.Start]) + e.Want)
		last = e.End
	}
	b.WriteString(string(runes[last:]))
	if b.String() != clean {
		t.Errorf("undoing the errors: got %.100q…, want the clean text", b.String())
	}
	for _, k := range Kinds {
		if kinds[k] == 0 {
			t.Errorf("no error of kind %s", k)
		}
	}
}

// TestRealWords checks that each real-word error stands where it says,
// makes a word isWord knows, and that undoing it gives the clean text.
func TestRealWords(t *testing.T) {
	clean := strings.Repeat("Ваш ответ был бы с нами в любом случае. ", 100)
	words := map[string]bool{"Баш": true, "би": true, "о": true, "к": true, "бил": true}
	noisy, errs := RealWords(clean, 0.3, rand.New(rand.NewPCG(1, 2)), func(w string) bool { return words[w] })
	if len(errs) < 50 {
		t.Fatalf("got %d errors, want many at rate 0.3", len(errs))
	}
	runes := []rune(noisy)
	var b strings.Builder
	last := 0
	for _, e := range errs {
		if got := string(runes[e.Start:e.End]); got != e.OCR || !words[got] || e.Kind != "realword" {
			t.Fatalf("error %v: text has %q, want a known word", e, got)
		}
		b.WriteString(string(runes[last:e.Start]) + e.Want)
		last = e.End
	}
	b.WriteString(string(runes[last:]))
	if b.String() != clean {
		t.Errorf("undoing the errors: got %.100q…, want the clean text", b.String())
	}
}

// TestGarble checks that each garbled word stands where it says, is two
// edits or more from the clean word, and that undoing it gives the clean
// text.
func TestGarble(t *testing.T) {
	clean := strings.Repeat("Внутреннее положение страны, конечно, очень сложное и требует внимания. ", 100)
	noisy, errs := Garble(clean, 0.3, rand.New(rand.NewPCG(1, 2)))
	if len(errs) < 50 {
		t.Fatalf("got %d errors, want many at rate 0.3", len(errs))
	}
	runes := []rune(noisy)
	var b strings.Builder
	last, far := 0, 0
	for _, e := range errs {
		if got := string(runes[e.Start:e.End]); got != e.OCR || e.Kind != "garble" || e.OCR == e.Want {
			t.Fatalf("error %v: text has %q", e, got)
		}
		if distance([]rune(e.OCR), []rune(e.Want)) >= 2 {
			far++
		}
		b.WriteString(string(runes[last:e.Start]) + e.Want)
		last = e.End
	}
	b.WriteString(string(runes[last:]))
	if b.String() != clean {
		t.Errorf("undoing the errors: got %.100q…, want the clean text", b.String())
	}
	if far < len(errs)*8/10 {
		t.Errorf("%d of %d garbled words two edits or more away, want most", far, len(errs))
	}
}

// distance is the Levenshtein distance of a and b.
func distance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := range a {
		cur := []int{i + 1}
		for j := range b {
			c := prev[j]
			if a[i] != b[j] {
				c++
			}
			cur = append(cur, min(c, prev[j+1]+1, cur[j]+1))
		}
		prev = cur
	}
	return prev[len(b)]
}

// TestSmall checks that each small error stands where it says, is of its
// kind, and that undoing them gives the clean text.
func TestSmall(t *testing.T) {
	clean := strings.Repeat("Я обратился к Вам с вопросом о посылке, но ответа нет. По делу и в срок. ", 100)
	noisy, errs := Small(clean, 0.3, rand.New(rand.NewPCG(1, 2)))
	runes := []rune(noisy)
	kinds := map[string]int{}
	var b strings.Builder
	last := 0
	for _, e := range errs {
		kinds[e.Kind]++
		got := string(runes[e.Start:e.End])
		if got != e.OCR || got == e.Want {
			t.Fatalf("error %v: text has %q", e, got)
		}
		switch e.Kind {
		case "function":
			if !strings.Contains(oneLetter, strings.ToLower(got)) && shortWords[strings.ToLower(e.Want)] == nil {
				t.Errorf("function error %v reads as no short word", e)
			}
		case "dashletter":
			if got != "—" && got != "-" || !strings.Contains(oneLetter, strings.ToLower(e.Want)) {
				t.Errorf("dash error %v", e)
			}
		case "punct":
			if e.Want != "," && e.Want != "." {
				t.Errorf("punctuation error %v", e)
			}
		}
		b.WriteString(string(runes[last:e.Start]) + e.Want)
		last = e.End
	}
	b.WriteString(string(runes[last:]))
	if b.String() != clean {
		t.Errorf("undoing the errors: got %.100q…, want the clean text", b.String())
	}
	for _, k := range SmallKinds {
		if kinds[k] < 20 {
			t.Errorf("%d errors of kind %s, want many", kinds[k], k)
		}
	}
}
