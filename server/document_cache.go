package server

import (
	"bytes"
	"context"
	"io"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"

	"sverka"
	"sverka/cache"
	"sverka/store"
)

// The server's cache of documents: their status, API JSON and rendered
// reading view by revision, within a byte budget; behind it, the
// renderings kept in the database (rendering.go).

// documentCache keeps, per document, its revision, whether it is public,
// and once built its API JSON and its rendered reading view, within a byte
// budget (least recently used dropped first). An entry is trusted without
// asking the database while this process has written nothing that may
// change a document's status (store.DB.Writes: every write but a new
// annotation) and for at most cacheRecheck, which bounds how long a change
// made by another process (a command-line import) goes unseen.
type documentCache struct {
	entries *cache.LRU[string, cachedDocument]
}

type cachedDocument struct {
	store.DocumentStatus
	writes  int64
	checked time.Time
	// gzipped is the API JSON of revision bodyRevision gzipped, or nil:
	// kept only so, a fifth of its plain size, since nearly every client
	// takes gzip.
	gzipped      []byte
	bodyRevision int64
	// view is the document part of the reading view (the first window) of
	// revision viewRevision, titled title, compressed; or empty.
	view         compressedView
	viewRevision int64
	title        string
}

const cacheRecheck = time.Second

func newDocumentCache(budget int64) *documentCache {
	size := func(e cachedDocument) int64 {
		return int64(len(e.gzipped) + len(e.view.deflated) + len(e.title) + 64)
	}
	return &documentCache{entries: cache.New[string](budget, size)}
}

// documentState returns the current cache entry of document id, checking
// its revision and visibility in the database when the entry may be stale.
func (s *Server) documentState(ctx context.Context, id string) (cachedDocument, error) {
	writes := s.db.Writes()
	e, ok := s.cache.entries.Get(id)
	if ok && e.writes == writes && time.Since(e.checked) < cacheRecheck {
		return e, nil
	}
	st, err := s.db.FindDocumentStatus(ctx, id)
	if err != nil {
		return e, err
	}
	e.DocumentStatus, e.writes, e.checked = st, writes, time.Now()
	s.cache.put(id, e)
	return e, nil
}

func (dc *documentCache) put(id string, e cachedDocument) {
	dc.entries.Put(id, e)
}

// documentJSON returns the API JSON of document id gzipped (kept, so that
// a document read again and again is compressed once per revision, not
// once per request) and its revision: written into the gzip writer as it
// is encoded (writeDocumentJSON), the plain JSON never whole. Not in
// memory, it is read from the renderings kept in the database, or else
// made and then kept there.
func (s *Server) documentJSON(ctx context.Context, id string) (gzipped []byte, revision int64, err error) {
	e, err := s.documentState(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	if e.gzipped != nil && e.bodyRevision == e.Revision {
		return e.gzipped, e.Revision, nil
	}
	if kept, ok := s.renderings.find(ctx, id, renderingAPI, e.Revision); ok {
		e.gzipped, e.bodyRevision = kept, e.Revision
		s.cache.put(id, e)
		return kept, e.Revision, nil
	}
	src, err := s.db.FindRenderSource(ctx, id, false)
	if err != nil {
		return nil, 0, err
	}
	d := src.Doc
	if gzipped, err = gzipDocument(d); err != nil {
		return nil, 0, err
	}
	e.gzipped, e.bodyRevision = gzipped, d.Revision
	if d.Revision == e.Revision {
		s.cache.put(id, e)
	}
	s.renderings.keep(src, renderingAPI, gzipped)
	return gzipped, d.Revision, nil
}

// gzipWriters are gzip writers to reuse: each holds its encoder's tables
// (about 300 KB at the fastest level), which a new writer per document
// allocated and cleared again.
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, compressLevel) // a valid level: no error
	return w
}}

// gzipDocument is d's API JSON gzipped at compressLevel.
func gzipDocument(d *sverka.Document) ([]byte, error) {
	var out bytes.Buffer
	w := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(w)
	w.Reset(&out)
	if err := writeDocumentJSON(w, d); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// documentPlainJSON returns the API JSON of document id as documentJSON
// does, not gzipped, and its revision.
func (s *Server) documentPlainJSON(ctx context.Context, id string) (body []byte, revision int64, err error) {
	gzipped, revision, err := s.documentJSON(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	body, err = gunzip(gzipped)
	return body, revision, err
}

// gunzip is what gzipped holds.
func gunzip(gzipped []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(gzipped))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
