package server

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/labstack/echo/v4"

	"sverka"
	"sverka/lexicon"
	"sverka/store"
	"sverka/suggest"
)

// suggestions holds the OCR checker of package suggest, loaded on first use
// (the lexicon takes a moment) and kept in step with the confusions learned
// from accepted corrections.
type suggestions struct {
	once    sync.Once
	checker *suggest.Checker
	err     error
}

// checker returns the server's OCR checker, loading it the first time: the
// Russian lexicon (without it, word frequencies alone, with a warning), the
// embedded counts with the readings scholars accepted, and the learned
// confusions.
func (s *Server) checker() (*suggest.Checker, error) {
	s.suggest.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		lex, err := lexicon.Open("ru_RU")
		if errors.Is(err, lexicon.ErrNoDictionary) {
			s.log.Warn("OCR suggestions without a lexicon: only word frequencies say what is a word", "err", err)
		} else if err != nil {
			s.suggest.err = err
			return
		}
		channel, err := s.db.FindConfusions(ctx)
		if err != nil {
			s.suggest.err = err
			return
		}
		counts := suggest.DefaultCounts()
		accepted, err := s.db.FindCorrections(ctx, store.CorrectionFilter{Status: sverka.StatusAccepted})
		if err != nil {
			s.suggest.err = err
			return
		}
		for _, a := range accepted {
			counts.AddTextWeighted(a.Body, acceptedWeight)
		}
		var opts []suggest.Option
		if s.cfg.CheckerCacheBytes > 0 {
			opts = append(opts, suggest.MemoBytes(int(s.cfg.CheckerCacheBytes)))
		}
		s.suggest.checker = suggest.New(lex, counts, channel, opts...)
	})
	return s.suggest.checker, s.suggest.err
}

// PrepareSuggestions loads the OCR checker, with what its checks share,
// and the bilingual dictionaries its English evidence reads (a second or
// two of CPU), so that the first suggestions a scholar asks for do not
// wait for them: serve runs it in the background as it starts.
func (s *Server) PrepareSuggestions() {
	suggest.ReadDictionaries()
	c, err := s.checker()
	if err != nil {
		s.log.Error("load the OCR checker", "err", err)
		return
	}
	c.Prepare()
}

// acceptedWeight is how many times a reading a scholar accepted counts
// among the word frequencies.
const acceptedWeight = 5

// relearn reads the learned confusions again after a review, if the
// checker is loaded.
func (s *Server) relearn(ctx context.Context) {
	c := s.suggest.checker
	if c == nil {
		return
	}
	channel, err := s.db.FindConfusions(ctx)
	if err != nil {
		s.log.Error("read learned OCR confusions", "err", err)
		return
	}
	c.Channel().Replace(channel)
}

// apiSuggestion is one flagged span of a document's original.
type apiSuggestion struct {
	Lang     string            `json:"lang"`
	Start    int               `json:"start"`
	End      int               `json:"end"`
	Form     string            `json:"form"`
	Readings []suggest.Reading `json:"readings"`
	Keep     float64           `json:"keep"`
	// Second is Tesseract's reading of the span on the scan, if any.
	Second string `json:"second,omitempty"`
	// Occurrences counts the other spans of the document flagged with the
	// same form and first reading ("every occurrence").
	Occurrences int `json:"occurrences"`
}

// documentSuggestions checks a document's Russian original sentence by
// sentence, each with the English aligned to it, and drops what a
// correction already covers (unless rejected) and what was dismissed.
func (s *Server) documentSuggestions(ctx context.Context, d *sverka.Document, viewer int64) ([]apiSuggestion, bool, error) {
	orig, trans := originalAndTranslation(d)
	if orig == nil || orig.Lang != "ru" {
		return []apiSuggestion{}, false, nil
	}
	checker, err := s.checker()
	if err != nil {
		return nil, false, err
	}
	units := make([]suggest.Unit, len(orig.Segments))
	pages := &scanPages{}
	for i, sg := range orig.Segments {
		units[i].Text = sg.Text
		units[i].Second = s.secondReader(ctx, d, orig.Lang, sg.Start, pages)
	}
	if trans != nil {
		for _, l := range d.Links {
			var en []string
			for _, k := range l.Segments[trans.Lang] {
				en = append(en, trans.Segments[k].Text)
			}
			for _, k := range l.Segments[orig.Lang] {
				units[k].English = strings.Join(en, " ")
			}
		}
	}
	taken, err := s.takenSpans(ctx, d.ID, orig.Lang, viewer)
	if err != nil {
		return nil, false, err
	}
	out := []apiSuggestion{}
	for i, flags := range checker.CheckAll(ctx, units) {
		for _, f := range flags {
			a := apiSuggestion{Lang: orig.Lang, Start: orig.Segments[i].Start + f.Start, End: orig.Segments[i].Start + f.End,
				Form: f.Form, Readings: f.Readings, Keep: f.Keep, Second: f.Second}
			if !taken(a.Start, a.End, a.Form) {
				out = append(out, a)
			}
		}
	}
	// Counted by form and first reading: a document of 2,000 sentences has
	// a thousand suggestions or more, too many to compare each pair.
	same := map[[2]string]int{}
	for _, a := range out {
		same[[2]string{a.Form, a.Readings[0].Text}]++
	}
	for i, a := range out {
		out[i].Occurrences = same[[2]string{a.Form, a.Readings[0].Text}] - 1
	}
	return out, checker.HasLexicon(), ctx.Err()
}

// takenSpans returns whether a span is already dealt with: under a
// correction that is not rejected, or dismissed for this document.
func (s *Server) takenSpans(ctx context.Context, doc, lang string, viewer int64) (func(start, end int, form string) bool, error) {
	corrections, _, err := s.db.FindAnnotations(ctx, store.AnnotationFilter{DocumentID: doc, ViewerID: viewer, Motivation: sverka.MotivationCorrection, Lang: lang})
	if err != nil {
		return nil, err
	}
	dismissed, err := s.db.FindDismissals(ctx, doc)
	if err != nil {
		return nil, err
	}
	return func(start, end int, form string) bool {
		for _, a := range corrections {
			if a.Status != sverka.StatusRejected && !a.IsDeleted() && !a.Orphaned && a.Target.Start < end && start < a.Target.End {
				return true
			}
		}
		for _, dm := range dismissed {
			if dm.Lang == lang && dm.Start == start && dm.End == end && dm.Form == form {
				return true
			}
		}
		return false
	}, nil
}

func originalAndTranslation(d *sverka.Document) (orig, trans *sverka.BaseText) {
	for i := range d.Texts {
		if d.Texts[i].Role == "original" {
			orig = &d.Texts[i]
		} else if trans == nil {
			trans = &d.Texts[i]
		}
	}
	return orig, trans
}

// handleSuggestionList handles "GET /api/documents/:id/suggestions".
func (s *Server) handleSuggestionList(c echo.Context) error {
	d, err := s.findDocument(c)
	if err != nil {
		return err
	}
	list, lex, err := s.documentSuggestions(c.Request().Context(), d, viewerID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"document": d.ID, "lexicon": lex, "suggestions": list})
}

// suggestionRequest names a suggestion: the span of a base text, its form
// as the text has it, and the reading chosen or dismissed.
type suggestionRequest struct {
	Lang    string `json:"lang"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Form    string `json:"form"`
	Reading string `json:"reading"`
	// Every proposes the reading for every other occurrence of the form,
	// as a whole word, in the corpus's originals, as one batch.
	Every bool `json:"every"`
	// Accept accepts at once (editors only).
	Accept bool `json:"accept"`
}

// suggestionRequest reads the document a suggestion route names and the
// request's body.
func (s *Server) suggestionRequest(c echo.Context) (*sverka.Document, suggestionRequest, error) {
	var in suggestionRequest
	d, err := s.findDocument(c)
	if err != nil {
		return nil, in, err
	}
	return d, in, bindJSON(c, &in)
}

// handleSuggestionPropose handles "POST /api/documents/:id/suggestions/propose":
// a suggested reading goes through the normal correction workflow, proposed
// by the user and marked as suggested by Sverka.
func (s *Server) handleSuggestionPropose(c echo.Context) error {
	d, in, err := s.suggestionRequest(c)
	if err != nil {
		return err
	}
	user := currentUser(c)
	if in.Accept && !user.Role.AtLeast(sverka.RoleEditor) {
		return echo.NewHTTPError(http.StatusForbidden, "only an editor accepts a correction; propose it without accept")
	}
	if in.Reading == "" || in.Reading == in.Form {
		return sverka.Invalid("reading", "choose a reading other than the OCR's")
	}
	ctx := c.Request().Context()
	one := func(doc string, start, end int) *sverka.Annotation {
		return &sverka.Annotation{DocumentID: doc, Motivation: sverka.MotivationCorrection, CreatorID: user.ID, Suggested: true,
			Body: in.Reading, Target: sverka.TextTarget{Lang: in.Lang, Start: start, End: end, Exact: in.Form}}
	}
	list := []*sverka.Annotation{one(d.ID, in.Start, in.End)}
	if in.Every {
		more, err := s.occurrences(ctx, in, d.ID, user)
		if err != nil {
			return err
		}
		for _, o := range more {
			list = append(list, one(o.doc, o.start, o.end))
		}
	}
	if err := s.db.ProposeCorrections(ctx, list, in.Accept); err != nil {
		return err
	}
	if in.Accept {
		s.relearn(ctx)
	}
	return c.JSON(http.StatusCreated, map[string]any{"corrections": ids(list), "batch": list[0].Batch, "status": list[0].Status})
}

type occurrence struct {
	doc        string
	start, end int
}

// occurrences finds the other places where the form stands as a whole word
// in the originals of the documents the user may read (in the same
// language), leaving out the one asked about and those a correction (not
// rejected) already covers.
func (s *Server) occurrences(ctx context.Context, in suggestionRequest, doc string, user *sverka.User) ([]occurrence, error) {
	docs, err := s.db.FindDocuments(ctx, user)
	if err != nil {
		return nil, err
	}
	var out []occurrence
	form := []rune(in.Form)
	for _, sum := range docs {
		d, err := s.db.FindDocumentByID(ctx, sum.ID)
		if err != nil {
			return nil, err
		}
		orig, _ := originalAndTranslation(d)
		if orig == nil || orig.Lang != in.Lang {
			continue
		}
		taken, err := s.takenSpans(ctx, d.ID, in.Lang, user.ID)
		if err != nil {
			return nil, err
		}
		text := []rune(orig.Text)
		for i := 0; i+len(form) <= len(text); i++ {
			if string(text[i:i+len(form)]) != in.Form || (d.ID == doc && i == in.Start) || !wholeWord(text, i, i+len(form)) {
				continue
			}
			if !taken(i, i+len(form), "") {
				out = append(out, occurrence{d.ID, i, i + len(form)})
			}
		}
	}
	return out, nil
}

// wholeWord reports whether text[start:end] has no letter right before or
// after it.
func wholeWord(text []rune, start, end int) bool {
	return (start == 0 || !unicode.IsLetter(text[start-1])) && (end == len(text) || !unicode.IsLetter(text[end]))
}

// handleSuggestionDismiss handles "POST /api/documents/:id/suggestions/dismiss".
func (s *Server) handleSuggestionDismiss(c echo.Context) error {
	d, in, err := s.suggestionRequest(c)
	if err != nil {
		return err
	}
	if in.Every || in.Accept {
		return badRequest("a dismissal takes lang, start, end, form and reading only")
	}
	err = s.db.DismissSuggestion(c.Request().Context(), &store.Dismissal{DocumentID: d.ID, Lang: in.Lang, Start: in.Start, End: in.End,
		Form: in.Form, Reading: in.Reading, UserID: currentUser(c).ID})
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// batchReview is the body of a batch review.
type batchReview struct {
	Status string `json:"status"`
}

// handleBatchReview handles "POST /api/batches/:batch/review": accept or
// reject every correction of a batch at once, each with its own history.
func (s *Server) handleBatchReview(c echo.Context) error {
	var in batchReview
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	batch := c.Param("batch")
	if len(batch) == 0 || len(batch) > 64 {
		return badRequest("malformed batch name")
	}
	list, err := s.db.ReviewBatch(c.Request().Context(), batch, in.Status, currentUser(c).ID)
	if err != nil {
		return err
	}
	s.relearn(c.Request().Context())
	return c.JSON(http.StatusOK, map[string]any{"batch": batch, "status": in.Status, "corrections": ids(list)})
}

// ids lists the ids of annotations.
func ids(list []*sverka.Annotation) []int64 {
	out := make([]int64, len(list))
	for i, a := range list {
		out[i] = a.ID
	}
	return out
}
