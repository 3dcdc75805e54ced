package transfer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	"sverka"
	"sverka/derive"
	"sverka/exchange"
	"sverka/ingest"
	"sverka/store"
)

// The kinds of file an import takes, by name.
const (
	KindPage  = "page"  // a Wilson Center page (any other name)
	KindEdits = "edits" // NAME.edits.json: editorial edits of the page NAME.*
	KindJSON  = "json"  // Sverka JSON: archives of documents with their annotations
)

// Kind tells what an imported file is from its name.
func Kind(name string) string {
	switch {
	case strings.HasSuffix(name, ".edits.json"):
		return KindEdits
	case strings.HasSuffix(name, ".json"):
		return KindJSON
	}
	return KindPage
}

// EditsStem is the name an edits file goes with: the page's name without
// its extension ("letter.edits.json" and "letter.txt" share "letter").
func EditsStem(name string) string {
	if Kind(name) == KindEdits {
		return strings.TrimSuffix(name, ".edits.json")
	}
	return strings.TrimSuffix(name, path.Ext(name))
}

// The statuses of an Outcome.
const (
	Imported = "imported"
	Skipped  = "skipped"
	Replaced = "replaced"
	Failed   = "failed"
)

// Outcome is what became of one document, or of one file that failed
// before a document could be read from it.
type Outcome struct {
	// Name is the file (or plain pair) the document came from.
	Name       string
	DocumentID string
	// Status is Imported, Skipped (the very same document is present),
	// Replaced or Failed.
	Status string
	// Reason says why it failed, or what became of the annotations of a
	// replaced document.
	Reason string
	// NewUsers are the annotation authors created, as disabled annotators
	// without a password, to import it.
	NewUsers []string
}

// Fail is the outcome of a file that could not be read.
func Fail(name string, err error) Outcome {
	return Outcome{Name: name, Status: Failed, Reason: err.Error()}
}

// Importer stores documents, each in a transaction or a savepoint of its
// own: one that fails leaves nothing behind and the others go on.
type Importer struct {
	DB *store.DB
	// UserID is who imports, for the audit trail (0: the system).
	UserID int64
	// Replace swaps documents already present (see store.Import).
	Replace bool
}

// Archive stores one archived document (see store.Import): the very same
// document already present is skipped, another one with its id fails
// unless the importer replaces.
func (im Importer) Archive(ctx context.Context, name string, a *sverka.Archive) Outcome {
	a.ImporterID = im.UserID
	res, err := im.DB.Import(ctx, a, im.Replace)
	return outcome(name, a, res, err)
}

// outcome says what became of an archive that store.Import answered res
// and err for.
func outcome(name string, a *sverka.Archive, res store.ImportResult, err error) Outcome {
	o := Outcome{Name: name, DocumentID: a.Document.ID}
	switch {
	case err != nil:
		o.Status, o.Reason = Failed, err.Error()
	case res.Outcome == Skipped:
		o.Status, o.Reason = Skipped, "already present"
	case res.Replacement != nil:
		r := res.Replacement
		o.Status, o.NewUsers = Replaced, a.NewUsers
		o.Reason = fmt.Sprintf("%d annotations kept, %d moved with their words, %d orphaned (their words are gone); cross-references into it: %d moved, %d orphaned", r.Kept, r.Moved, r.Orphaned, r.LinksMoved, r.LinksOrphaned)
	default:
		o.Status, o.NewUsers = res.Outcome, a.NewUsers
	}
	return o
}

// Read is what was read and derived from one file (or plain pair): its
// documents, or why it could not be read. Reading needs no database, so
// that many files can be read at once ahead of the one writer.
type Read struct {
	Name     string
	Archives []*sverka.Archive
	Err      error
}

// ReadPage derives a Wilson Center page, with its edits file if there is
// one (nil if not).
func ReadPage(name string, page, edits []byte) Read {
	raw, err := ingest.Decode(page)
	if err != nil {
		return Read{Name: name, Err: err}
	}
	var ed []derive.Edit
	if edits != nil {
		if ed, err = ingest.ReadEdits(bytes.NewReader(edits)); err != nil {
			return Read{Name: name, Err: err}
		}
	}
	d, err := ingest.WCA(raw, ed)
	return document(name, d, err)
}

// ReadPair aligns a plain pair of texts.
func ReadPair(name string, p ingest.PlainPair) Read {
	d, err := ingest.Plain(p)
	return document(name, d, err)
}

// ReadJSON reads a Sverka JSON file.
func ReadJSON(name string, r io.Reader) Read {
	archives, err := exchange.ReadJSON(r)
	return Read{Name: name, Archives: archives, Err: err}
}

// document is the Read of one document just derived; err is the error of
// deriving it.
func document(name string, d *sverka.Document, err error) Read {
	if err != nil {
		return Read{Name: name, Err: err}
	}
	return Read{Name: name, Archives: []*sverka.Archive{{Document: d}}}
}

// Prepared is what was read from one file, checked and keyed for search
// (store.PrepareImport), ready to store.
type Prepared struct {
	Name     string
	Archives []*store.Prepared
	Err      error
}

// Prepare makes the documents read from a file ready to store. It needs
// no transaction, so that files are prepared on every core ahead of the
// one writer.
func (im Importer) Prepare(ctx context.Context, r Read) Prepared {
	p := Prepared{Name: r.Name, Err: r.Err}
	for _, a := range r.Archives {
		a.ImporterID = im.UserID
		p.Archives = append(p.Archives, im.DB.PrepareImport(ctx, a))
	}
	return p
}

// StorePrepared stores the documents of several files, new ones several
// to a transaction, each in a savepoint of its own (store.ImportPrepared),
// and says what became of each, in order.
func (im Importer) StorePrepared(ctx context.Context, files []Prepared) []Outcome {
	var list []*store.Prepared
	for _, f := range files {
		list = append(list, f.Archives...)
	}
	res, errs := im.DB.ImportPrepared(ctx, list, im.Replace)
	var out []Outcome
	k := 0
	for _, f := range files {
		if f.Err != nil {
			out = append(out, Fail(f.Name, f.Err))
			continue
		}
		for range f.Archives {
			out = append(out, outcome(f.Name, list[k].Archive, res[k], errs[k]))
			k++
		}
	}
	return out
}

// Store stores each document read from a file, in its own savepoint.
func (im Importer) Store(ctx context.Context, r Read) []Outcome {
	return im.StorePrepared(ctx, []Prepared{im.Prepare(ctx, r)})
}
