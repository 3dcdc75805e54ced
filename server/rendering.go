package server

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"

	"sverka"
	"sverka/store"
)

// The renderings kept in the database (store.Rendering): a document's API
// JSON gzipped and its reading view's document part compressed
// (compressedView), made once per revision and read back by any later
// request whose document the memory cache (document_cache.go) let go, by
// this server or another of the same build. The request that finds none
// makes its own and hands it to the renderingKeeper. Both are the same
// for every visitor: who may read the document is checked before either
// is served (hidePrivateDocuments), and what differs by visitor (the
// layout, the orphans they may see) is rendered around it for each
// request.

// The kinds of rendering kept.
const (
	renderingAPI  = "api"
	renderingView = "view"
)

// maxPendingBytes bounds what waits to be kept; past it a rendering is
// kept the next time its document is read.
const maxPendingBytes = 4 << 20

// renderingKeeper keeps in the database, in the background, the
// renderings that requests made when they found none, a transaction for
// all that wait: the request that made one is not kept waiting.
type renderingKeeper struct {
	db  *store.DB
	log *slog.Logger
	// build names this build (thisBuild); nil until known, "" if it cannot
	// be: renderings are neither read nor kept then.
	build atomic.Pointer[string]

	mu      sync.Mutex
	pending []store.KeptRendering
	bytes   int
	wake    chan struct{}
	stop    context.CancelFunc
	done    chan struct{}
}

// thisBuild names this build of the server in the renderings it keeps: a
// hash of its executable, so that a rendering is never read by a server
// whose templates or code might render the document otherwise. Reading
// the executable takes a moment (tens of MB): it is done once, in the
// background.
var thisBuild = sync.OnceValue(func() string {
	path, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))[:20]
})

func newRenderingKeeper(db *store.DB, log *slog.Logger) *renderingKeeper {
	ctx, stop := context.WithCancel(context.Background())
	k := &renderingKeeper{db: db, log: log, wake: make(chan struct{}, 1), stop: stop, done: make(chan struct{})}
	go k.run(ctx)
	return k
}

// run learns the build, then keeps what is handed to it until stopped.
func (k *renderingKeeper) run(ctx context.Context) {
	defer close(k.done)
	build := thisBuild()
	if build == "" {
		k.log.Warn("renderings are not kept: this server's executable cannot be read to name its build")
	}
	k.build.Store(&build)
	for {
		select {
		case <-ctx.Done():
			return
		case <-k.wake:
		}
		k.mu.Lock()
		rs := k.pending
		k.pending, k.bytes = nil, 0
		k.mu.Unlock()
		if err := k.db.SaveRenderings(ctx, build, rs); err != nil && ctx.Err() == nil {
			k.log.Warn("keep renderings", "renderings", len(rs), "err", err)
		}
	}
}

// known is the build, or "" while it is not known or cannot be.
func (k *renderingKeeper) known() string {
	if b := k.build.Load(); b != nil {
		return *b
	}
	return ""
}

// keep has the rendering of kind made of src kept, body its bytes.
func (k *renderingKeeper) keep(src store.RenderSource, kind string, body []byte) {
	if k.known() == "" {
		return
	}
	k.mu.Lock()
	if k.bytes+len(body) <= maxPendingBytes {
		k.pending = append(k.pending, store.KeptRendering{DocumentID: src.Doc.ID, Stamp: src.Stamp,
			Rendering: store.Rendering{Kind: kind, Revision: src.Doc.Revision, Body: body}})
		k.bytes += len(body)
	}
	k.mu.Unlock()
	select {
	case k.wake <- struct{}{}:
	default:
	}
}

// find returns the body of the rendering of kind kept of document id at
// revision rev, if there is one.
func (k *renderingKeeper) find(ctx context.Context, id, kind string, rev int64) ([]byte, bool) {
	build := k.known()
	if build == "" {
		return nil, false
	}
	r, err := k.db.FindRendering(ctx, id, kind, build)
	if err != nil || r.Revision != rev {
		return nil, false
	}
	return r.Body, true
}

// close stops keeping renderings, once those being written are.
func (k *renderingKeeper) close() {
	k.stop()
	<-k.done
}

// compressFirstView renders the document part of d's reading view, the
// first window of links, compressed.
func (s *Server) compressFirstView(d *sverka.Document, refs []sverka.LinkRef) (compressedView, error) {
	html, err := s.documentHTML(newDocumentView(d, refs, newWindow(len(d.Links), 1, false)))
	if err != nil {
		return compressedView{}, err
	}
	return compressView(string(html))
}

// encodeView is v and the document's title as a rendering's body: the
// title's length and the title, v's CRC-32 and length, v's bytes.
func encodeView(v compressedView, title string) []byte {
	b := binary.AppendUvarint(nil, uint64(len(title)))
	b = append(b, title...)
	b = binary.LittleEndian.AppendUint32(b, v.crc)
	b = binary.AppendUvarint(b, uint64(v.size))
	return append(b, v.deflated...)
}

// errBadRendering is a rendering's body that decodeView cannot read.
var errBadRendering = errors.New("bad rendering")

// decodeView reads what encodeView wrote.
func decodeView(b []byte) (v compressedView, title string, err error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n+4 {
		return v, "", errBadRendering
	}
	b = b[k:]
	title, b = string(b[:n]), b[n:]
	v.crc, b = binary.LittleEndian.Uint32(b), b[4:]
	size, k := binary.Uvarint(b)
	if k <= 0 {
		return v, "", errBadRendering
	}
	v.size, v.deflated = int(size), b[k:]
	return v, title, nil
}
