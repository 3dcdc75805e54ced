package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// MaxSourceBytes is the largest source file an import reads: far above any
// archival document (the 1950 letter is 14 kB), low enough that a wrong file
// cannot exhaust memory.
const MaxSourceBytes = 16 << 20

// Errors of input that is not text Sverka can import. Each comes wrapped in a
// message that says where and what to do.
var (
	ErrEmpty     = errors.New("empty input")
	ErrTooLarge  = errors.New("input too large")
	ErrBinary    = errors.New("binary data, not text")
	ErrEncoding  = errors.New("not UTF-8")
	ErrTruncated = errors.New("truncated input")
)

// Decode checks that b is UTF-8 text and returns it without a byte order
// mark and with CRLF line ends made LF (encoding, not content: code point
// offsets then mean the same on every system). Empty, enormous, binary,
// UTF-16, legacy 8-bit (Windows-1251, KOI8-R) and cut-off input is refused
// with an error that says which and where.
func Decode(b []byte) (string, error) {
	if len(b) > MaxSourceBytes {
		return "", fmt.Errorf("larger than the %d MB an import takes: %w", MaxSourceBytes>>20, ErrTooLarge)
	}
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return "", fmt.Errorf("UTF-16 text; save it as UTF-8: %w", ErrEncoding)
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "", fmt.Errorf("a PDF file; import its text, as UTF-8: %w", ErrBinary)
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if len(bytes.TrimSpace(b)) == 0 {
		return "", fmt.Errorf("nothing but whitespace: %w", ErrEmpty)
	}
	control := 0
	for i, c := range b {
		if c == 0 {
			return "", fmt.Errorf("a NUL byte at offset %d: %w", i, ErrBinary)
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			control++
		}
	}
	if control > 8 && control*100 > len(b) {
		return "", fmt.Errorf("%d control characters in %d bytes: %w", control, len(b), ErrBinary)
	}
	if !utf8.Valid(b) {
		at := firstInvalid(b)
		if len(b)-at < utf8.UTFMax && !utf8.FullRune(b[at:]) && utf8.Valid(b[:at]) {
			return "", fmt.Errorf("the file ends in the middle of a character (byte %d of %d): %w", at, len(b), ErrTruncated)
		}
		return "", fmt.Errorf("invalid UTF-8 at byte %d (a legacy encoding such as Windows-1251 or KOI8-R? convert it, e.g. iconv -f cp1251 -t utf-8): %w", at, ErrEncoding)
	}
	if bytes.Contains(b, []byte("\r\n")) {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	return string(b), nil
}

// firstInvalid is the byte offset of the first byte that is not part of a
// valid UTF-8 encoding.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// ReadSource reads a source file through Decode, without reading more than
// MaxSourceBytes of an enormous one.
func ReadSource(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxSourceBytes+1))
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	s, err := Decode(b)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}
