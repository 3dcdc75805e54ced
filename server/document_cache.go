package server

import (
	"bytes"
	"context"
	"encoding/json"
	"html/template"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"

	"sverka/cache"
	"sverka/store"
)

// The server's cache of documents: their status, API JSON and rendered
// reading view by revision, within a byte budget.

// documentCache keeps, per document, its revision, whether it is public,
// and once built its API JSON and its rendered reading view, within a byte
// budget (least recently used dropped first). An entry is trusted without
// asking the database while this process has written nothing and for at
// most cacheRecheck, which bounds how long a change made by another
// process (a command-line import) goes unseen.
type documentCache struct {
	entries *cache.LRU[string, cachedDocument]
}

type cachedDocument struct {
	store.DocumentStatus
	writes  int64
	checked time.Time
	// body is the API JSON of revision bodyRevision, or nil, and gzipped
	// the same gzipped.
	body, gzipped []byte
	bodyRevision  int64
	// view is the reading view of revision viewRevision, titled title, or "".
	view         template.HTML
	viewRevision int64
	title        string
}

const cacheRecheck = time.Second

func newDocumentCache(budget int64) *documentCache {
	size := func(e cachedDocument) int64 {
		return int64(len(e.body) + len(e.gzipped) + len(e.view) + len(e.title) + 64)
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

// documentJSON returns the API JSON of document id, plain and gzipped
// (kept, so that a document read again and again is compressed once per
// revision, not once per request), and its revision.
func (s *Server) documentJSON(ctx context.Context, id string) (body, gzipped []byte, revision int64, err error) {
	e, err := s.documentState(ctx, id)
	if err != nil {
		return nil, nil, 0, err
	}
	if e.body != nil && e.bodyRevision == e.Revision {
		return e.body, e.gzipped, e.Revision, nil
	}
	d, err := s.db.FindDocumentToRead(ctx, id)
	if err != nil {
		return nil, nil, 0, err
	}
	if body, err = json.Marshal(newAPIDocument(d)); err != nil {
		return nil, nil, 0, err
	}
	gzipped, err = gzipBytes(body)
	if err != nil {
		return nil, nil, 0, err
	}
	e.body, e.gzipped, e.bodyRevision = body, gzipped, d.Revision
	if d.Revision == e.Revision {
		s.cache.put(id, e)
	}
	return e.body, e.gzipped, d.Revision, nil
}

// gzipWriters are gzip writers to reuse: each holds its encoder's tables
// (about 300 KB at the fastest level), which a new writer per document
// allocated and cleared again.
var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, compressLevel) // a valid level: no error
	return w
}}

// gzipBytes is b gzipped at compressLevel.
func gzipBytes(b []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(b)/3 + 64)
	w := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(w)
	w.Reset(&out)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
