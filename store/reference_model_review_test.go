package store_test

import (
	"errors"
	"fmt"
	"strings"

	"sverka"
	"sverka/reading"
	"sverka/store"
)

// The reference model's steps of OCR review and undo: corrections
// proposed on the original's words, accepted and rejected; alignment edits
// undone and links split; an annotation put back to an earlier version
// (undoing an edit, a delete or a move). A step the store refuses (an
// overlap, nothing to undo, a version that no longer fits) must change
// nothing.

// applyReview does op, one of the steps above.
func (m *referenceModel) applyReview(op modelOp) error {
	err := m.review(op)
	var invalid *sverka.ValidationError
	if !errors.Is(err, sverka.ErrConflict) && !errors.Is(err, sverka.ErrNotFound) && !errors.As(err, &invalid) {
		return err
	}
	changes, cerr := m.db.FindChanges(m.ctx, store.ChangeFilter{Limit: 1})
	if cerr != nil {
		return cerr
	}
	if len(changes) > 0 && changes[0].ID > m.audit {
		return fmt.Errorf("%v was refused (%v) but recorded change %d", op, err, changes[0].ID)
	}
	return errSkip
}

func (m *referenceModel) review(op modelOp) error {
	switch op.Kind {
	case "correct":
		d := m.pick(false, op.Doc)
		if d == nil {
			return errSkip
		}
		s, e, exact := span(d.texts["ru"], op.At, op.Words)
		a := &sverka.Annotation{DocumentID: d.id, Motivation: sverka.MotivationCorrection, CreatorID: m.user.ID, Body: strings.ToUpper(exact),
			Target: sverka.TextTarget{Lang: "ru", Start: s, End: e, Exact: exact}}
		if err := m.db.CreateAnnotation(m.ctx, a); err != nil {
			return err
		}
		m.refs = append(m.refs, &modelRef{id: a.ID, doc: d.id, exact: exact, correction: true})
	case "accept", "reject":
		a, err := m.pickRef(op.Doc, func(r *modelRef) bool { return r.correction && !r.deleted })
		if a == nil || err != nil {
			return err
		}
		status := map[string]string{"accept": sverka.StatusAccepted, "reject": sverka.StatusRejected}[op.Kind]
		if a.Status == status {
			return errSkip
		}
		_, err = m.db.ReviewCorrection(m.ctx, a.ID, status, a.Version, m.user.ID)
		return err
	case "split":
		d := m.pick(false, op.Doc)
		if d == nil {
			return errSkip
		}
		rev, doc, err := m.alignment(d.id)
		if err != nil {
			return err
		}
		pos := 1 + int(op.At*float64(len(doc.Links)))
		counts := map[string]int{"ru": 1, "en": op.Variant % 2}
		_, err = m.db.SplitLink(m.ctx, store.AlignmentEdit{DocumentID: d.id, Revision: rev, UserID: m.user.ID}, min(pos, len(doc.Links)), counts)
		return err
	case "undo-alignment":
		d := m.pick(false, op.Doc)
		if d == nil {
			return errSkip
		}
		rev, _, err := m.alignment(d.id)
		if err != nil {
			return err
		}
		_, err = m.db.UndoAlignmentEdit(m.ctx, store.AlignmentEdit{DocumentID: d.id, Revision: rev, UserID: m.user.ID})
		return err
	case "restore-version":
		a, err := m.pickRef(op.Doc, func(*modelRef) bool { return true })
		if a == nil || err != nil || a.Version < 2 {
			return errors.Join(err, errSkip)
		}
		restored, err := m.db.RestoreAnnotation(m.ctx, a.ID, 1+op.Variant%(a.Version-1), a.Version, m.user.ID)
		if err != nil {
			return err
		}
		for _, r := range m.refs {
			if r.id == a.ID {
				r.deleted = restored.IsDeleted()
			}
		}
	default:
		return fmt.Errorf("no step %q", op.Kind)
	}
	return nil
}

// pickRef reads the first annotation the model made, from the k-th on,
// that keep accepts and whose document is out of the trash; nil if none.
func (m *referenceModel) pickRef(k int, keep func(*modelRef) bool) (*sverka.Annotation, error) {
	for i := range len(m.refs) {
		r := m.refs[(k+i)%len(m.refs)]
		if !keep(r) {
			continue
		}
		a, err := m.db.FindAnnotationByID(m.ctx, r.id, m.user.ID)
		if errors.Is(err, sverka.ErrNotFound) {
			continue // in the trash, or purged, with its document
		}
		return a, err
	}
	return nil, errSkip
}

// alignment reads a document's revision and links.
func (m *referenceModel) alignment(id string) (int64, *sverka.Document, error) {
	rev, err := m.db.DocumentRevision(m.ctx, id)
	if err != nil {
		return 0, nil, err
	}
	doc, err := m.db.FindDocumentByID(m.ctx, id)
	return rev, doc, err
}

// checkReadings checks every live document: its revision never goes back
// (the document cache and ETags key on it), its accepted corrections do
// not overlap, so its corrected reading can be made, and every link number
// it had since its text was last replaced still resolves to a row.
func (m *referenceModel) checkReadings() error {
	for _, d := range m.docs {
		if d.trashed {
			continue
		}
		rev, err := m.db.DocumentRevision(m.ctx, d.id)
		if err != nil {
			return err
		}
		if rev < d.revision {
			return fmt.Errorf("document %s went back from revision %d to %d", d.id, d.revision, rev)
		}
		d.revision = rev
		r, err := m.db.FindReading(m.ctx, d.id, "ru")
		if err != nil {
			return err
		}
		for i := 1; i < len(r.Edits); i++ {
			if reading.Overlap(r.Edits[i-1], r.Edits[i]) {
				return fmt.Errorf("accepted corrections %d (%d–%d) and %d (%d–%d) of %s overlap",
					r.Edits[i-1].ID, r.Edits[i-1].Start, r.Edits[i-1].End, r.Edits[i].ID, r.Edits[i].Start, r.Edits[i].End, d.id)
			}
		}
		doc, err := m.db.FindDocumentByID(m.ctx, d.id)
		if err != nil {
			return err
		}
		if d.refs == nil {
			d.refs = map[int]bool{}
		}
		for _, l := range doc.Links {
			d.refs[l.Ref] = true
		}
		refs, err := m.db.FindLinkRefs(m.ctx, d.id)
		if err != nil {
			return err
		}
		rows := map[int]int{}
		for _, t := range doc.ResolveRefs(refs) { // as ResolveLinkRef does, all at once
			rows[t.Ref] = t.Position
		}
		for ref := range d.refs {
			if p := rows[ref]; p < 1 || p > len(doc.Links) {
				return fmt.Errorf("link %d of %s resolves to row %d of %d", ref, d.id, p, len(doc.Links))
			}
		}
	}
	return nil
}

// replace puts nd in the place of d: from new texts, or with byArchive as a
// complete Sverka JSON archive with d's title at its revision, when no
// annotation was made on d (an archive must carry every one of them), so
// that only cross-references from other documents are found again.
func (m *referenceModel) replace(d *modelDoc, nd *sverka.Document, byArchive bool) error {
	if byArchive {
		own, _, err := m.db.FindAnnotations(m.ctx, store.AnnotationFilter{DocumentID: d.id, ViewerID: m.user.ID, IncludeDeleted: true})
		if err != nil {
			return err
		}
		byArchive = len(own) == 0
	}
	if !byArchive {
		_, err := m.db.ReplaceDocument(m.ctx, nd, m.user.ID)
		return err
	}
	rev, err := m.db.DocumentRevision(m.ctx, d.id)
	if err != nil {
		return err
	}
	nd.Title, nd.Revision = d.title, rev
	_, err = m.db.Import(m.ctx, &sverka.Archive{Document: nd, Complete: true, ImporterID: m.user.ID}, true)
	return err
}
