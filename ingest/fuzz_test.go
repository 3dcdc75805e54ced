package ingest

import (
	"os"
	"testing"
)

// The parsers take anything a scholar may feed them; they must answer with a
// document or an error, never panic, and a document they make must be one
// the store takes. Run longer with:
//
//	go test -tags sqlite_fts5 -fuzz FuzzWCA -fuzztime 1m ./ingest

func FuzzDecode(f *testing.F) {
	f.Add([]byte("Привет, мир.\r\n"))
	f.Add([]byte{0xff, 0xfe, 0, 0})
	f.Add([]byte{0xd0})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(b)
		if err == nil && s == "" {
			t.Fatal("no error and no text")
		}
	})
}

func FuzzWCA(f *testing.F) {
	page, err := os.ReadFile(letterPage)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(page))
	f.Add(string(page[:len(page)/2]))
	f.Add("# Title\n\n#### Citation:\n\nhttps://digitalarchive.wilsoncenter.org/document/1\n\nТекст.\n\nText.\n")
	f.Fuzz(func(t *testing.T, raw string) {
		d, err := WCA(raw, nil)
		if err == nil {
			checkDocument(t, d)
		}
	})
}

func FuzzPlain(f *testing.F) {
	f.Add("Первая фраза. Вторая фраза.\n\nТретья.", "The first. The second.\n\nThe third.")
	f.Add("1) Пункт.", "")
	f.Add("\n\n", "A.\n\n\nB. C.")
	f.Fuzz(func(t *testing.T, ru, en string) {
		d, err := Plain(PlainPair{ID: "fuzz", Russian: ru, English: en})
		if err == nil {
			checkDocument(t, d)
		}
	})
}
