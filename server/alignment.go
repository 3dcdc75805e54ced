package server

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"sverka/ingest"
	"sverka/store"
)

// uncertainBelow is the confidence under which the reading view marks an
// automatic link as uncertain, for the editor's "next uncertain" jump.
const uncertainBelow = 0.5

// alignmentEditRequest is the body of an alignment edit: the operation,
// what the operation needs, and (older clients; If-Match otherwise) the
// document revision the editor saw.
type alignmentEditRequest struct {
	Op       string `json:"op"`
	Revision int64  `json:"revision"`
	// Position is the link (1-based): merged with the next, split, whose
	// sentence moves, or confirmed (with To: all from Position to To).
	Position int `json:"position"`
	To       int `json:"to"`
	// Lang and Segment (0-based) name a sentence to move, split or join.
	Lang    string `json:"lang"`
	Segment int    `json:"segment"`
	// Counts are the sentences per language that stay in the first part
	// of a split link.
	Counts map[string]int `json:"counts"`
	// At is the code point of the base text where a split sentence's
	// second part begins.
	At int `json:"at"`
}

// handleAlignmentEdit handles "POST /api/documents/:id/alignment": one edit
// of the document's alignment (merge, split, move-up, move-down,
// split-sentence, join-sentences, confirm, realign, undo), made against
// the revision its If-Match (or the body's revision) names, else 412 with
// the document as it is now; it answers with the document's new ETag.
func (s *Server) handleAlignmentEdit(c echo.Context) error {
	id, err := documentID(c)
	if err != nil {
		return err
	}
	var req alignmentEditRequest
	if err := bindJSON(c, &req); err != nil {
		return err // the edit is a JSON object: op, revision, and what the op needs
	}
	if req.Revision, err = alignmentRevision(c, id, req.Revision); err != nil {
		return err
	}
	e := store.AlignmentEdit{DocumentID: id, Revision: req.Revision, UserID: currentUser(c).ID}
	ctx := c.Request().Context()
	var res *store.AlignmentResult
	switch req.Op {
	case store.OpMerge:
		res, err = s.db.MergeLinks(ctx, e, req.Position)
	case store.OpSplit:
		res, err = s.db.SplitLink(ctx, e, req.Position, req.Counts)
	case store.OpMoveUp, store.OpMoveDown:
		res, err = s.db.MoveSentence(ctx, e, req.Position, req.Lang, req.Op == store.OpMoveUp)
	case store.OpSplitSentence:
		res, err = s.db.SplitSentence(ctx, e, req.Lang, req.Segment, req.At)
	case store.OpJoinSentences:
		res, err = s.db.JoinSentences(ctx, e, req.Lang, req.Segment)
	case store.OpConfirm:
		to := req.To
		if to == 0 {
			to = req.Position
		}
		res, err = s.db.ConfirmLinks(ctx, e, req.Position, to)
	case store.OpRealign:
		if err := s.useLearned(ctx); err != nil {
			return err
		}
		res, err = s.db.RealignAfterConfirmed(ctx, e, ingest.Realign)
	case store.OpUndo:
		res, err = s.db.UndoAlignmentEdit(ctx, e)
	default:
		return badRequest("op: unknown operation %q", req.Op)
	}
	if err != nil {
		return s.staleDocument(c, id, err)
	}
	c.Response().Header().Set("ETag", documentTag.etag(id, res.Revision))
	return c.JSON(http.StatusOK, res)
}

// alignmentRevision is the revision an alignment edit is made against: the
// one its If-Match names (the document's ETag, conflict.go), or the
// revision field of the body, which older clients send. An edit moves
// links by position, so it names the revision its editor saw: "*" alone
// or nothing is a bad request, and the two must agree when both are sent.
func alignmentRevision(c echo.Context, id string, body int64) (int64, error) {
	rev, _, err := documentTag.ifMatch(c, id) // not sent or "*": 0
	switch {
	case err != nil:
		return 0, err
	case body < 0:
		return 0, badRequest("revision: a document revision is a number from 1")
	case rev > 0 && body > 0 && rev != body:
		return 0, badRequest("If-Match names revision %d of the document and the body revision %d; send one of them", rev, body)
	case rev != 0:
		body = rev // -1: an ETag of another resource, which no revision matches
	}
	if body == 0 {
		return 0, badRequest("revision: send If-Match with the ETag of the document (GET /api/documents/%s) whose alignment you edit, or its revision", id)
	}
	return body, nil
}

// handleAlignmentEditList handles "GET /api/documents/:id/alignment/edits":
// the document's alignment edits, newest first, with who and when.
func (s *Server) handleAlignmentEditList(c echo.Context) error {
	d, err := s.findDocument(c)
	if err != nil {
		return err
	}
	edits, err := s.db.FindAlignmentEdits(c.Request().Context(), d.ID, 100)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"edits": edits})
}

// useLearned has the importer and the alignment editor align with what the corpus has
// learnt from its confirmed links so far (store LearnedPairs).
func (s *Server) useLearned(ctx context.Context) error {
	pairs, err := s.db.LearnedPairs(ctx)
	if err != nil {
		return err
	}
	ingest.UseLearned(pairs)
	return nil
}
