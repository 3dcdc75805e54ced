package server

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"sverka"
)

// TestDocumentJSONAsEncodingJSON: writeDocumentJSON writes what
// encoding/json makes of newAPIDocument, byte for byte: for the letter,
// for a document of odd strings, numbers and links, and for strings and
// numbers drawn at random.
func TestDocumentJSONAsEncodingJSON(t *testing.T) {
	_, db := newTestServer(t)
	letter, err := db.FindDocumentToRead(context.Background(), "117313")
	if err != nil {
		t.Fatal(err)
	}
	odd := strings.Repeat("x", 40<<10) + "\"\\/<>&\u2028\u2029\x00\x01\b\f\n\r\t\x1f\x7f é Ж 😀 \xff\xc3 end"
	d := &sverka.Document{ID: "odd<&>", Title: odd, Date: "1950", SourceFormat: "plain", RawSource: "kept apart", Public: true, Revision: 7,
		CreatedAt: time.Date(2026, 12, 3, 7, 0, 0, 123456789, time.FixedZone("", 3*3600)),
		Texts: []sverka.BaseText{
			{Lang: "ru", Role: "original", Text: "Да. " + odd, Segments: []sverka.Segment{{ID: 5, Start: 0, End: 3, Text: "Да."}, {ID: 6, Start: 4, End: 9, Text: odd}}},
			{Lang: "de", Role: "translation", Text: "Ja.", Segments: []sverka.Segment{{ID: 9, Start: 0, End: 3, Text: "Ja."}}},
			{Lang: "en", Role: "translation", Text: "", Segments: []sverka.Segment{}},
		},
		Links: []sverka.Link{
			{ID: 1, Position: 1, Ref: 1, Status: "auto", Confidence: 1e-7, Segments: map[string][]int{"ru": {0, 1}, "en": {}, "de": {0}}},
			{ID: 2, Position: 2, Ref: 3, Status: "confirmed", Confidence: 1e21, Segments: map[string][]int{"ru": {}}},
			{ID: 3, Position: 3, Ref: 4, Status: "auto", Confidence: 0.5, Segments: map[string][]int{}},
		},
		Pages: []sverka.PageImage{{Number: 1, Lang: "ru"}}, WordBoxes: []sverka.WordBox{{Lang: "ru", Page: 1}},
		Refs: []sverka.LinkRef{{Ref: 2, Spans: map[string][2]int{"ru": {0, 3}}}},
	}
	for _, doc := range []*sverka.Document{letter, d} {
		want, err := json.Marshal(newAPIDocument(doc))
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeDocumentJSON(&got, doc); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("document %s: writeDocumentJSON differs from encoding/json at byte %d of %d", doc.ID, firstDifference(got.Bytes(), want), len(want))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", " ", "\"", "\\", "<", ">", "&", "\u2028", "\u2029", "\x00", "\x1f", "\x7f", "Ж", "😀", "\xff", "\xc3", "\xe2\x80", "\u00e9"}
	for range 2000 {
		var s strings.Builder
		for range rng.IntN(12) {
			s.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		want, _ := json.Marshal(s.String())
		if got := appendJSONString(nil, s.String()); !bytes.Equal(got, want) {
			t.Errorf("string %q: got %s, want %s", s.String(), got, want)
		}
		f := math.Float64frombits(rng.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		want, _ = json.Marshal(f)
		if got, err := appendJSONFloat(nil, f); err != nil || !bytes.Equal(got, want) {
			t.Errorf("float %v: got %s (%v), want %s", f, got, err, want)
		}
	}
	if _, err := appendJSONFloat(nil, math.NaN()); err == nil {
		t.Error("NaN: no error, want one as encoding/json gives")
	}
}

// firstDifference is the offset of the first byte where a and b differ.
func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
