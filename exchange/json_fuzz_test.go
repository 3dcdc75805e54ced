package exchange

import (
	"bytes"
	"testing"
)

// FuzzReadJSON feeds arbitrary bytes to the Sverka JSON reader, which takes
// uploads: it returns archives or an error, and never panics.
func FuzzReadJSON(f *testing.F) {
	for _, s := range []string{
		`{"format":"sverka/2","documents":[]}`,
		`{"format":"sverka/2","documents":[{"id":"x","title":"T","texts":[{"lang":"ru","role":"original","text":"Да.","segments":[[0,3]]}],"links":[]}]}`,
		`{"format":"sverka/1"}`, `{}`, `[]`, `null`, `{"documents":[null]}`, "\x00\x01",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		archives, err := ReadJSON(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, a := range archives {
			if a == nil || a.Document == nil {
				t.Fatal("an archive without a document and no error")
			}
		}
	})
}
