package store

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestFindDocumentToRead reads the letter as the reading view does: all of
// it but the raw source and the derivation, which it never shows.
func TestFindDocumentToRead(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	whole, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	read, err := db.FindDocumentToRead(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	if whole.RawSource == "" || read.RawSource != "" {
		t.Fatalf("raw source: %d bytes read whole, %d to read; want some, then none", len(whole.RawSource), len(read.RawSource))
	}
	read.RawSource = whole.RawSource
	for i := range read.Texts {
		if len(whole.Texts[i].Steps) == 0 || len(read.Texts[i].Steps) != 0 {
			t.Fatalf("%s derivation: %d steps read whole, %d to read; want some, then none", whole.Texts[i].Lang, len(whole.Texts[i].Steps), len(read.Texts[i].Steps))
		}
		read.Texts[i].Steps = whole.Texts[i].Steps
	}
	if !reflect.DeepEqual(read, whole) {
		t.Error("the document read to read differs from the whole document beyond its raw source and derivation")
	}
}

// TestTextCutter cuts random ranges, in order of their starts as segments
// come, out of texts of one- to four-byte code points, and compares them
// with slices of the text's code points.
func TestTextCutter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aZ ёЖ—€𝄞\n")
	for range 200 {
		runes := make([]rune, rng.IntN(300))
		for i := range runes {
			runes[i] = alphabet[rng.IntN(len(alphabet))]
		}
		cut := textCutter{text: string(runes)}
		start := -1
		for range 20 {
			start += rng.IntN(20) - 3 // now and then back: the cutter starts over
			end := start + rng.IntN(30) - 3
			want := ""
			if start >= 0 && end >= start && end <= len(runes) {
				want = string(runes[start:end])
			}
			if got := cut.slice(start, end); got != want {
				t.Fatalf("%q [%d,%d): got %q, want %q", string(runes), start, end, got, want)
			}
		}
	}
}
