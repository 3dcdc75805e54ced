package transfer

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"slices"

	"sverka"
	"sverka/exchange"
	"sverka/store"
)

// Compared is what SameJSON compared.
type Compared struct {
	// Documents counts the documents, Exports their exports (one for an
	// anonymous reader and one for each person who annotated it), Bytes
	// the bytes of Sverka JSON each side wrote.
	Documents, Exports int
	Bytes              int64
}

// JSONDifference is a document whose Sverka JSON differs between the two
// databases: for whom it was exported and at which byte it first differs.
// It shows nothing of the document's text or notes.
type JSONDifference struct {
	DocumentID string
	// Viewer is the name of the person it was exported for ("" an
	// anonymous reader).
	Viewer string
	// Offset is the first byte that differs.
	Offset int64
}

func (d *JSONDifference) Error() string {
	who := "an anonymous reader"
	if d.Viewer != "" {
		who = d.Viewer
	}
	return fmt.Sprintf("the copy differs from the source: the Sverka JSON of document %s for %s differs from byte %d on", d.DocumentID, who, d.Offset)
}

// SameJSON exports every document of a and of b (those not in the trash)
// as Sverka JSON and compares the bytes: once as an anonymous reader sees
// it and once for each person who annotated it, so that each private note
// and its history is in some export. The lists of documents and of their
// annotators must be the same too. It is how a copy between databases,
// whatever their engines, shows that it holds what a scholar exports.
func SameJSON(ctx context.Context, a, b *store.DB) (Compared, error) {
	var c Compared
	ra, err := a.DocumentReaders(ctx)
	if err != nil {
		return c, err
	}
	rb, err := b.DocumentReaders(ctx)
	if err != nil {
		return c, err
	}
	if !slices.EqualFunc(ra, rb, sameReaders) {
		return c, fmt.Errorf("the copy differs from the source: the documents or the people who annotated them are not the same (%d documents, %d in the copy)", len(ra), len(rb))
	}
	format, err := exchange.Lookup("json")
	if err != nil {
		return c, err
	}
	for _, r := range ra {
		c.Documents++
		for _, viewer := range append([]*sverka.User{nil}, pointers(r.Users)...) {
			n, err := sameExport(ctx, format, r.DocumentID, viewer, a, b)
			if err != nil {
				return c, err
			}
			c.Exports++
			c.Bytes += n
		}
	}
	return c, nil
}

func sameReaders(x, y store.Readers) bool {
	return x.DocumentID == y.DocumentID && slices.Equal(x.Users, y.Users)
}

func pointers(users []sverka.User) []*sverka.User {
	var list []*sverka.User
	for i := range users {
		list = append(list, &users[i])
	}
	return list
}

// sameExport compares one document's export for viewer from a and b by
// their SHA-256, streaming; when they differ it exports both again to
// find the first byte that does.
func sameExport(ctx context.Context, format exchange.Format, id string, viewer *sverka.User, a, b *store.DB) (int64, error) {
	write := func(db *store.DB, w io.Writer) (int64, error) {
		counted := &countingWriter{w: w}
		bw := bufio.NewWriter(counted)
		x := Export{DB: db, Format: format, IDs: []string{id}, Viewer: viewer}
		if err := x.Write(ctx, bw); err != nil {
			return 0, fmt.Errorf("export %s: %w", id, err)
		}
		return counted.n, bw.Flush()
	}
	ha, hb := sha256.New(), sha256.New()
	n, err := write(a, ha)
	if err != nil {
		return 0, err
	}
	if _, err := write(b, hb); err != nil {
		return 0, err
	}
	if bytes.Equal(ha.Sum(nil), hb.Sum(nil)) {
		return n, nil
	}
	var ba, bb bytes.Buffer
	if _, err := write(a, &ba); err != nil {
		return 0, err
	}
	if _, err := write(b, &bb); err != nil {
		return 0, err
	}
	diff := &JSONDifference{DocumentID: id, Offset: int64(min(ba.Len(), bb.Len()))}
	if viewer != nil {
		diff.Viewer = viewer.Name
	}
	for i := range min(ba.Len(), bb.Len()) {
		if ba.Bytes()[i] != bb.Bytes()[i] {
			diff.Offset = int64(i)
			break
		}
	}
	return 0, diff
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
