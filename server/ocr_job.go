package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/language"

	"sverka"
	"sverka/ocr"
	"sverka/store"
)

// ocrJobs runs the "OCR the scan" jobs of one server in the background,
// one at a time (Tesseract takes a core and seconds a page), touching the
// heartbeat of each it has every beat.
type ocrJobs struct {
	slot chan struct{}
	ctx  context.Context
	stop context.CancelFunc
	wg   sync.WaitGroup
	beat time.Duration
}

func newOCRJobs() *ocrJobs {
	ctx, stop := context.WithCancel(context.Background())
	return &ocrJobs{slot: make(chan struct{}, 1), ctx: ctx, stop: stop, beat: store.OCRJobHeartbeat}
}

// close stops the jobs under way (each ends as failed) and waits for them.
func (o *ocrJobs) close() {
	o.stop()
	o.wg.Wait()
}

// ocrJobJSON is a job as the API shows it, with where to ask again.
type ocrJobJSON struct {
	store.OCRJob
	Coverage float64 `json:"coverage"`
	// Message says how far it has got, as the details page says it.
	Message string `json:"message"`
	Status  string `json:"status"`
}

func jobJSON(j store.OCRJob) ocrJobJSON {
	return ocrJobJSON{OCRJob: j, Coverage: j.Coverage(), Message: ocrStatus(j), Status: fmt.Sprintf("/api/documents/%s/ocr/%d", url.PathEscape(j.DocumentID), j.ID)}
}

// handleOCRStart handles "POST /api/documents/:id/ocr" and the details
// form's "POST /documents/:id/ocr": Tesseract reads the document's scan in
// the background and its words are matched to the base text of "lang" (the
// original's by default), which never changes, for their boxes. The API
// answers 202 with the job and its status URL (also in Location); the form
// goes back to the details page, which shows how far the job has got.
func (s *Server) handleOCRStart(c echo.Context) error {
	d, err := s.findDocument(c)
	if err != nil {
		return err
	}
	lang, replace := c.FormValue("lang"), c.FormValue("replace") == "true"
	if lang == "" {
		for _, t := range d.Texts {
			if t.Role == "original" {
				lang = t.Lang
			}
		}
	}
	tess, err := tesseractFor(lang)
	if err != nil {
		return err
	}
	// Refuse what no program could do before asking for the program.
	if err := d.CheckOCR(lang, replace); err != nil {
		return err
	}
	if err := tess.Available(c.Request().Context()); err != nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "this server cannot read scans: "+err.Error())
	}
	j, err := s.db.StartOCRJob(c.Request().Context(), store.OCRJob{DocumentID: d.ID, Lang: lang, Replace: replace, UserID: currentUser(c).ID, Runner: ocrRunner})
	if err != nil {
		return err
	}
	s.ocr.wg.Add(1)
	go s.runOCRJob(j, tess)
	if !strings.HasPrefix(c.Path(), "/api/") {
		return c.Redirect(http.StatusSeeOther, "/documents/"+url.PathEscape(d.ID)+"/edit#scan")
	}
	out := jobJSON(j)
	c.Response().Header().Set(echo.HeaderLocation, out.Status)
	return c.JSON(http.StatusAccepted, out)
}

// handleOCRJob handles "GET /api/documents/:id/ocr/:job": how far the job
// has got, and once done how many of the text's words got a box.
func (s *Server) handleOCRJob(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	n, err := strconv.ParseInt(c.Param("job"), 10, 64)
	if err != nil {
		return fmt.Errorf("ocr job %q: %w", c.Param("job"), sverka.ErrNotFound)
	}
	j, err := s.db.FindOCRJob(c.Request().Context(), id, n)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, jobJSON(j))
}

// ocrStatus says in a sentence how far job j has got.
func ocrStatus(j store.OCRJob) string {
	switch j.State {
	case "queued":
		return "Waiting for Tesseract to be free to read the scan."
	case "running":
		return fmt.Sprintf("Tesseract is reading the scan: %d of %d pages read.", j.PagesDone, j.Pages)
	case "done":
		return fmt.Sprintf("The scan was read: %d of the text's %d words (%.1f %%) have their box on the scan.", j.Boxed, j.Words, 100*j.Coverage())
	}
	return "Reading the scan failed: " + j.Error
}

// tesseractFor is Tesseract set to read lang (a BCP 47 tag); its language
// packs are named by ISO 639-3 ("rus", "eng").
func tesseractFor(lang string) (ocr.Tesseract, error) {
	tag, err := language.Parse(lang)
	if err != nil {
		return ocr.Tesseract{}, badRequest("lang: %q is not a language tag (like ru or en)", lang)
	}
	base, _ := tag.Base()
	return ocr.Tesseract{Lang: base.ISO3()}, nil
}

// runOCRJob reads the pages of job j's document one by one, matches the
// words read to its base text and stores their boxes; any failure ends the
// job as failed, and the document is then as it was. While it runs, its
// heartbeat says so to every server; a job another server took as dead
// (this one was stalled for OCRJobStale) is given up.
func (s *Server) runOCRJob(j store.OCRJob, tess ocr.Tesseract) {
	defer s.ocr.wg.Done()
	ctx, stop := context.WithCancel(s.ocr.ctx)
	beating := make(chan struct{})
	go func() {
		defer close(beating)
		s.beatOCRJob(ctx, stop, j.ID)
	}()
	err := s.readScan(ctx, j, tess)
	given := ctx.Err() != nil // up, or the server stopped
	stop()
	<-beating
	if err == nil {
		return
	}
	why := err.Error()
	switch {
	case s.ocr.ctx.Err() != nil:
		why = "the server stopped before the scan was read; start again"
	case given:
		s.log.Warn("ocr job given up: another server took it as dead", "document", j.DocumentID, "job", j.ID)
		return
	}
	s.log.Warn("ocr job failed", "document", j.DocumentID, "job", j.ID, "err", err)
	if err := s.db.FailOCRJob(context.WithoutCancel(ctx), j.ID, why); err != nil {
		s.log.Error("ocr job: cannot record its failure", "job", j.ID, "err", err)
	}
}

// beatOCRJob touches the heartbeat of job id every beat until ctx ends,
// and stops the job (stop) once it is no longer this server's.
func (s *Server) beatOCRJob(ctx context.Context, stop context.CancelFunc, id int64) {
	tick := time.NewTicker(s.ocr.beat)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		ours, err := s.db.OCRJobBeat(ctx, id)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log.Warn("ocr job heartbeat", "job", id, "err", err)
		case err == nil && !ours:
			stop()
			return
		}
	}
}

func (s *Server) readScan(ctx context.Context, j store.OCRJob, tess ocr.Tesseract) error {
	select {
	case s.ocr.slot <- struct{}{}:
		defer func() { <-s.ocr.slot }()
	case <-ctx.Done():
		return ctx.Err()
	}
	d, err := s.db.FindDocumentByID(ctx, j.DocumentID)
	if err != nil {
		return err
	}
	images, err := s.db.Images()
	if err != nil {
		return err
	}
	if err := s.db.OCRJobRead(ctx, j.ID, 0); err != nil {
		return err
	}
	pages := d.PagesOf(j.Lang)
	var read ocr.Document
	for i, p := range pages {
		path, err := images.Path(p.Hash)
		if err != nil {
			return err
		}
		page, err := tess.Recognize(ctx, path)
		if err != nil {
			return fmt.Errorf("page %d: %w", p.Number, err)
		}
		read.Pages = append(read.Pages, page.Scale(p.Width, p.Height))
		if err := s.db.OCRJobRead(ctx, j.ID, i+1); err != nil {
			return err
		}
	}
	t := d.Text(j.Lang)
	if t == nil {
		return fmt.Errorf("document %s has no %s text: %w", d.ID, j.Lang, sverka.ErrNotFound)
	}
	placed := ocr.Match(t.Text, read)
	boxes := make([]sverka.WordBox, 0, len(placed.Spans))
	for _, sp := range placed.Spans {
		boxes = append(boxes, sverka.WordBox{Lang: j.Lang, Start: sp.Start, End: sp.End, Page: pages[sp.Page].Number,
			X: sp.Box.X0, Y: sp.Box.Y0, W: sp.Box.Width(), H: sp.Box.Height()})
	}
	done, err := s.db.FinishOCRJob(ctx, j.ID, boxes, placed.Words, placed.Boxed)
	if err != nil {
		return err
	}
	s.log.Info("ocr job done", "document", j.DocumentID, "job", j.ID, "words", done.Words, "boxed", done.Boxed)
	return nil
}
