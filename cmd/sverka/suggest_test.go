package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSuggest runs "sverka suggest" on a small text as a user would and
// reads its output: paragraph index, form, suggestion.
func TestSuggest(t *testing.T) {
	if _, err := os.Stat("/usr/share/hunspell/ru_RU.dic"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but hunspell-ru is not installed")
		}
		t.Skip("hunspell-ru is not installed")
	}
	file := filepath.Join(t.TempDir(), "text.txt")
	text := "Я об яснял им это.\n\nВсё хорошо.\n\nОн хорошо внал,\nчто будет втянут I: в войну.\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"suggest", file}, func(string) string { return "" }, strings.NewReader(""), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	want := "0\tоб яснял\tобъяснял\n2\tвнал\tзнал\n2\tвтянут I:\tвтянут\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	if err := run(context.Background(), []string{"suggest"}, func(string) string { return "" }, strings.NewReader(""), io.Discard, io.Discard); err == nil {
		t.Errorf("sverka suggest without a file: got no error")
	}
}
