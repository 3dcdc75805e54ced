package transfer

import (
	"context"
	"io"

	"sverka"
	"sverka/exchange"
	"sverka/store"
)

// Export is one export: which documents, for whom, in which format, with
// which choices.
type Export struct {
	DB     *store.DB
	Format exchange.Format
	// IDs are the documents to export; nil exports every document the
	// viewer may see.
	IDs []string
	// Viewer is whom the export is for: their private notes, and no one
	// else's, go with it; nil is an anonymous reader.
	Viewer  *sverka.User
	Options exchange.Options
}

// Write streams the export to w, reading every document inside one
// read-only transaction, however often the format goes through them.
func (x *Export) Write(ctx context.Context, w io.Writer) error {
	return x.DB.ExportSnapshot(ctx, x.IDs, x.Viewer, func(walk func(func(*store.ExportSource) error) error) error {
		docs := func(yield func(exchange.Source) error) error {
			return walk(func(src *store.ExportSource) error { return yield(src) })
		}
		return x.Format.Write(w, docs, x.Options)
	})
}

// FileName is the name the export is saved under: after its document, or
// after the corpus.
func (x *Export) FileName() string {
	ids := x.IDs
	if x.Options.Corpus {
		ids = nil
	}
	return exchange.FileName(x.Format, ids)
}
