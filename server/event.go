package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/anno"
	"sverka/store"
)

// change is what the browsers reading a document are told when someone
// changes it: what kind of thing changed, how, and by whom. It carries no
// content; the page fetches what it may see.
type change struct {
	Kind   string `json:"kind"`             // "annotation" or "alignment"
	Action string `json:"action"`           // "create", "update", "delete", "restore", "review", "edit"
	ID     string `json:"id,omitempty"`     // the annotation's IRI
	User   string `json:"user"`             // who did it
	Client string `json:"client,omitempty"` // the page that did it (X-Sverka-Client), so it can skip its own
	At     string `json:"at"`
}

// broker hands each change of a document to the streams open on it. It
// is fed by the database's notices (hearNotice), which a server announces
// after a change is committed: on SQLite within the process, on PostgreSQL
// to every server on the database (LISTEN/NOTIFY).
type broker struct {
	mu     sync.Mutex
	subs   map[string]map[chan change]bool
	closed bool
}

func newBroker() *broker { return &broker{subs: map[string]map[chan change]bool{}} }

// subscribe opens a stream of the changes of document doc; cancel closes it.
// The channel is closed when the broker is.
func (b *broker) subscribe(doc string) (ch chan change, cancel func()) {
	ch = make(chan change, 16)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		close(ch)
		return ch, func() {}
	}
	if b.subs[doc] == nil {
		b.subs[doc] = map[chan change]bool{}
	}
	b.subs[doc][ch] = true
	return ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.subs[doc][ch] {
			delete(b.subs[doc], ch)
			close(ch)
		}
		if len(b.subs[doc]) == 0 {
			delete(b.subs, doc)
		}
	}
}

// publish tells every stream of doc about e. A stream too slow to take it
// misses it rather than holding up the writer; its page catches up when it
// next hears of a change.
func (b *broker) publish(doc string, e change) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs[doc] {
		select {
		case ch <- e:
		default:
		}
	}
}

// close ends every stream, so that a server shutting down need not wait
// for them.
func (b *broker) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for doc, chans := range b.subs {
		for ch := range chans {
			close(ch)
		}
		delete(b.subs, doc)
	}
}

// Shutdown ends the live event streams and the OCR jobs under way (each
// ends as failed); call it when the HTTP server shuts down
// (http.Server.RegisterOnShutdown), as they would otherwise keep it waiting.
func (s *Server) Shutdown() {
	s.stopListening()
	s.events.close()
	s.ocr.close()
	s.renderings.close()
}

// hearNotice hands a change that a server announced to the streams of its
// document.
func (s *Server) hearNotice(n store.Notice) {
	var e change
	if err := json.Unmarshal(n.Body, &e); err == nil {
		s.events.publish(n.Document, e)
	}
}

// eventKeepAlive is how often an idle stream sends a comment, so that
// proxies and browsers keep it open.
const eventKeepAlive = 25 * time.Second

// handleDocumentEvents handles "GET /api/documents/:id/events": a stream of
// server-sent events, one "change" event per change to the document by
// anyone, as it is committed. Browsers reconnect on their own (after the
// retry interval sent first). The answer is neither buffered by a reverse
// proxy (X-Accel-Buffering: no) nor compressed. A request that does not
// ask for a stream (Accept: text/event-stream, as EventSource does) is
// refused rather than left hanging.
func (s *Server) handleDocumentEvents(c echo.Context) error {
	d, err := s.findDocument(c)
	if err != nil {
		return err
	}
	if !strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/event-stream") {
		return echo.NewHTTPError(http.StatusNotAcceptable, "this is a stream of server-sent events: ask for it with Accept: text/event-stream (EventSource does)")
	}
	ch, cancel := s.events.subscribe(d.ID)
	defer cancel()
	w := c.Response()
	h := w.Header()
	h.Set(echo.HeaderContentType, "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	rc := http.NewResponseController(w.Writer)
	// The stream outlives the server's read and write timeouts, meant for pages.
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprint(w, "retry: 2000\n: connected\n\n"); err != nil {
		return nil
	}
	_ = rc.Flush()
	tick := time.NewTicker(eventKeepAlive)
	defer tick.Stop()
	for {
		var msg string
		select {
		case <-c.Request().Context().Done():
			return nil
		case e, ok := <-ch:
			if !ok {
				return nil
			}
			b, err := json.Marshal(e)
			if err != nil {
				return nil
			}
			msg = "event: change\ndata: " + string(b) + "\n\n"
		case <-tick.C:
			msg = ": still here\n\n"
		}
		if _, err := fmt.Fprint(w, msg); err != nil {
			return nil
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

// clientName is the X-Sverka-Client header of a page: a short token, or "".
var clientName = regexp.MustCompile(`^[A-Za-z0-9-]{1,64}$`)

// publishChanges tells the streams of a document about each change made to
// it, once the handler that made it has answered with success. Changes to
// private annotations are not told.
func (s *Server) publishChanges(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if safeMethod(c.Request().Method) {
			return next(c)
		}
		if err := next(c); err != nil {
			return err
		}
		if st := c.Response().Status; st < 200 || st > 299 {
			return nil
		}
		doc, e, ok := s.changeOf(c)
		if !ok {
			return nil
		}
		if u := currentUser(c); u != nil {
			e.User = u.Name
		}
		if cl := c.Request().Header.Get("X-Sverka-Client"); clientName.MatchString(cl) {
			e.Client = cl
		}
		e.At = time.Now().UTC().Format(time.RFC3339Nano)
		body, err := json.Marshal(e)
		if err == nil {
			err = s.db.Announce(context.WithoutCancel(c.Request().Context()), store.Notice{Document: doc, Body: body})
		}
		if err != nil { // the change is made; only the live update is lost
			s.log.Warn("announce a change", "document", doc, "err", err)
		}
		return nil
	}
}

// changeOf says which document a successful request changed, and how.
func (s *Server) changeOf(c echo.Context) (string, change, bool) {
	route := c.Request().Method + " " + c.Path()
	switch route {
	case "POST /api/documents/:id/alignment":
		return c.Param("id"), change{Kind: "alignment", Action: "edit"}, true
	case "POST /api/documents/:id/annotations", "POST /api/documents/:id/annotations/":
		return s.annotationChange(c, path.Base(c.Response().Header().Get("Location")), "create")
	case "PUT /api/documents/:id/annotations/:aid":
		return s.annotationChange(c, c.Param("aid"), "update")
	case "DELETE /api/documents/:id/annotations/:aid":
		return s.annotationChange(c, c.Param("aid"), "delete")
	case "POST /api/documents/:id/annotations/:aid/versions/:version/restore":
		return s.annotationChange(c, c.Param("aid"), "restore")
	case "POST /api/documents/:id/annotations/:aid/review":
		return s.annotationChange(c, c.Param("aid"), "review")
	}
	return "", change{}, false
}

// answeredKey names, in a request's echo context, the annotation its
// handler answered with (writeAnnotation): the state the change made, which
// publishChanges tells of without reading it again.
const answeredKey = "sverka.answered"

// annotationChange is the change to the annotation with the given id, if
// it is not private.
func (s *Server) annotationChange(c echo.Context, id, action string) (string, change, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return "", change{}, false
	}
	a, ok := c.Get(answeredKey).(*sverka.Annotation)
	if !ok || a.ID != n {
		var viewer int64
		if u := currentUser(c); u != nil {
			viewer = u.ID
		}
		if a, err = s.db.FindAnnotationByID(c.Request().Context(), n, viewer); err != nil {
			return "", change{}, false
		}
	}
	if a.Private {
		return "", change{}, false
	}
	return a.DocumentID, change{Kind: "annotation", Action: action, ID: anno.AnnotationIRI(s.baseURL(c), a.DocumentID, a.ID)}, true
}
