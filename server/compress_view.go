package server

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"net/http"
	"slices"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/labstack/echo/v4"
)

// The reading view's document part is kept compressed (in memory and in
// the database) as a piece of a deflate stream, so that a page is sent
// gzipped by compressing only the layout around it, a few KB for each
// visitor, and copying the document's piece between: a deflate stream may
// be cut into pieces each compressed on its own, if each but the last ends
// on a byte boundary (a sync flush) and none reaches back into another.

// compressedView is a piece of a deflate stream (ended by a sync flush, not
// final) and the CRC-32 and length of what it holds.
type compressedView struct {
	deflated []byte
	crc      uint32
	size     int
}

// flateWriters are deflate writers to reuse, as gzipWriters.
var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, compressLevel) // a valid level: no error
	return w
}}

// deflatePiece appends to out plain compressed as a piece of a deflate
// stream: ended by a sync flush unless last, when it ends the stream.
func deflatePiece(out *bytes.Buffer, plain []byte, last bool) error {
	w := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(w)
	w.Reset(out)
	if _, err := w.Write(plain); err != nil {
		return err
	}
	if last {
		return w.Close()
	}
	return w.Flush()
}

// compressView compresses html, the reading view's document part.
func compressView(html string) (compressedView, error) {
	var out bytes.Buffer
	if err := deflatePiece(&out, []byte(html), false); err != nil {
		return compressedView{}, err
	}
	return compressedView{deflated: out.Bytes(), crc: crc32.ChecksumIEEE([]byte(html)), size: len(html)}, nil
}

// plain is what v holds, uncompressed.
func (v compressedView) plain() ([]byte, error) {
	r := flate.NewReader(bytes.NewReader(v.deflated))
	defer r.Close()
	out := make([]byte, v.size)
	// The piece has no final block: read what it holds, not to its end.
	if _, err := io.ReadFull(r, out); err != nil {
		return nil, err
	}
	return out, nil
}

// gzipHeader is a gzip member's header: deflate, no name, no time, unknown
// system.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}

// gzipAround writes to out one gzip member holding prefix, then what v
// holds, then suffix: only prefix and suffix are compressed here.
func gzipAround(out *bytes.Buffer, prefix []byte, v compressedView, suffix []byte) error {
	out.Write(gzipHeader)
	if err := deflatePiece(out, prefix, false); err != nil {
		return err
	}
	out.Write(v.deflated)
	if err := deflatePiece(out, suffix, true); err != nil {
		return err
	}
	sum := crc32.Update(crc32Combine(crc32.ChecksumIEEE(prefix), v.crc, v.size), crc32.IEEETable, suffix)
	out.Write(binary.LittleEndian.AppendUint32(nil, sum))
	out.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(prefix)+v.size+len(suffix)))) // modulo 2^32, as gzip says
	return nil
}

// The CRC-32 of two strings one after the other, from the CRC of each: the
// CRC of a followed by b is the CRC of a times x^(8 len(b)), plus the CRC
// of b, in polynomials over GF(2) modulo the CRC's polynomial. A
// polynomial is held as the CRC holds it, reflected: bit 31 is x^0.

// crc32Combine is the CRC-32 (IEEE) of a string a followed by b, given
// a's CRC, b's and b's length.
func crc32Combine(crcA, crcB uint32, lenB int) uint32 {
	return mulModP(xPowModP(8*uint64(lenB)), crcA) ^ crcB
}

// mulModP is a times b modulo the CRC's polynomial.
func mulModP(a, b uint32) uint32 {
	var p uint32
	for bit := uint32(1) << 31; bit != 0; bit >>= 1 { // x^0, x^1, … of a
		if a&bit != 0 {
			p ^= b
		}
		// b times x: the reflected polynomial shifts right.
		if b&1 != 0 {
			b = b>>1 ^ crc32.IEEE
		} else {
			b >>= 1
		}
	}
	return p
}

// xPowModP is x^n modulo the CRC's polynomial.
func xPowModP(n uint64) uint32 {
	p, sq := uint32(1)<<31, uint32(1)<<30 // x^0, x^1
	for ; n > 0; n >>= 1 {
		if n&1 != 0 {
			p = mulModP(p, sq)
		}
		sq = mulModP(sq, sq)
	}
	return p
}

// viewMark stands for the document part where renderAround renders the
// layout around it: the templates escape NUL in whatever they write, so
// that it cannot come from a document.
const viewMark = "\x00document\x00"

// layoutBuffers are renderAround's buffers for the layout.
var layoutBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// renderAround answers with page name, whose data p holds viewMark for
// its part v (the reading view's document, the document list): to a client
// that takes gzip, gzipped with only the layout compressed here
// (gzipAround); to another, plain. The compress middleware leaves these
// answers alone: it is not in the way of precompressed requests, and it
// passes on what comes gzipped already.
func (s *Server) renderAround(c echo.Context, name string, p pageData, v compressedView) error {
	fillPage(c, p)
	b := layoutBuffers.Get().(*bytes.Buffer)
	defer layoutBuffers.Put(b)
	b.Reset()
	if err := s.pages.Render(b, name, p); err != nil {
		return err
	}
	prefix, suffix, ok := bytes.Cut(b.Bytes(), []byte(viewMark))
	if !ok {
		return errors.New("render " + name + ": the layout has no place for the part kept")
	}
	gzipped := compressing(c)
	if precompressed(c) {
		c.Response().Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
		gzipped = acceptsGzip(c)
	}
	if !gzipped {
		plain, err := v.plain()
		if err != nil {
			return err
		}
		return c.HTMLBlob(http.StatusOK, slices.Concat(prefix, plain, suffix))
	}
	out := bytes.NewBuffer(make([]byte, 0, len(v.deflated)+len(prefix)/2+len(suffix)/2+64))
	if err := gzipAround(out, prefix, v, suffix); err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentEncoding, "gzip")
	return c.Blob(http.StatusOK, echo.MIMETextHTMLCharsetUTF8, out.Bytes())
}
