package store_test

import (
	"bytes"
	"fmt"
	"testing"
	"unicode/utf8"

	"sverka"
	"sverka/exchange"
	"sverka/internal/storetest"
	"sverka/store"
)

// What the reference model checks after each step (check) and at the end
// (roundTrip); the steps themselves are in reference_model_test.go.

// check compares the store with the model: the audit trail has an entry
// for the step; the list shows the live documents with their titles and
// none in the trash; every annotation on a live document, deleted or not,
// is on the words it was made on or marked orphaned, and so is the far end
// of every cross-reference, or it is marked orphaned when its document
// was purged; no annotation on a document in the trash is read.
func (m *referenceModel) check(op modelOp) error {
	changes, err := m.db.FindChanges(m.ctx, store.ChangeFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(changes) == 0 || changes[0].ID <= m.audit {
		return fmt.Errorf("%v: no new entry in the audit trail", op)
	}
	m.audit = changes[0].ID
	list, err := m.db.FindDocuments(m.ctx, m.user)
	if err != nil {
		return err
	}
	listed := map[string]string{}
	for _, s := range list {
		listed[s.ID] = s.Title
	}
	byID := map[string]*modelDoc{}
	for _, d := range m.docs {
		byID[d.id] = d
		if title, ok := listed[d.id]; ok == d.trashed || ok && title != d.title {
			return fmt.Errorf("document %s (in the trash %v, title %q) is listed %v, as %q", d.id, d.trashed, d.title, ok, title)
		}
	}
	seen := map[int64]*sverka.Annotation{}
	for _, d := range m.docs {
		as, _, err := m.db.FindAnnotations(m.ctx, store.AnnotationFilter{DocumentID: d.id, ViewerID: m.user.ID, IncludeDeleted: true})
		if err != nil {
			return err
		}
		if d.trashed && len(as) > 0 {
			return fmt.Errorf("annotation %d on %s is read while its document is in the trash", as[0].ID, d.id)
		}
		for _, a := range as {
			seen[a.ID] = a
		}
	}
	for _, ref := range m.refs {
		a := seen[ref.id]
		if a == nil {
			if d := byID[ref.doc]; d != nil && !d.trashed {
				return fmt.Errorf("annotation %d on %s is gone", ref.id, ref.doc)
			}
			continue
		}
		if a.Orphaned || a.Link != nil && a.Link.Orphaned {
			m.orphaned++
		}
		t := a.Target
		if got := quoteAt(byID[a.DocumentID].texts[t.Lang], t.Start, t.End); !a.Orphaned && (t.Exact != ref.exact || got != ref.exact) {
			return fmt.Errorf("annotation %d (deleted %v) points at %q (%d–%d), made on %q, and is not orphaned", a.ID, a.IsDeleted(), got, t.Start, t.End, ref.exact)
		}
		if l := a.Link; ref.linkDoc != "" && !l.Orphaned {
			far := byID[l.DocumentID]
			if far == nil {
				return fmt.Errorf("cross-reference %d into purged %s is not orphaned", a.ID, l.DocumentID)
			}
			if got := quoteAt(far.texts[l.Lang], l.Start, l.End); l.Exact != ref.linkExact || got != ref.linkExact {
				return fmt.Errorf("cross-reference %d points at %q in %s, made on %q, and is not orphaned", a.ID, got, l.DocumentID, ref.linkExact)
			}
		}
	}
	return m.checkReadings()
}

// quoteAt is the text of code points start to end, or "" outside it.
func quoteAt(text string, start, end int) string {
	if start < 0 || end < start || end > utf8.RuneCountInString(text) {
		return ""
	}
	return string([]rune(text)[start:end])
}

// modelKinds are the steps, as often as each is drawn.
var modelKinds = []string{"note", "note", "xref", "xref", "xref", "replace", "replace", "title", "merge", "delete-note", "trash", "restore", "purge",
	"correct", "correct", "accept", "accept", "reject", "split", "undo-alignment", "restore-version"}

// roundTrip exports the model's documents as Sverka JSON, imports them into
// a fresh database and exports them again: the two must be the same bytes.
func (m *referenceModel) roundTrip(t testing.TB) error {
	var ids []string
	for _, d := range m.docs {
		if !d.trashed {
			ids = append(ids, d.id)
		}
	}
	export := func(db *store.DB, viewer *sverka.User) ([]byte, error) {
		var buf bytes.Buffer
		docs := func(yield func(exchange.Source) error) error {
			return db.Export(m.ctx, ids, viewer, func(s *store.ExportSource) error { return yield(s) })
		}
		err := exchange.WriteJSON(&buf, docs, exchange.Options{Corpus: true})
		return buf.Bytes(), err
	}
	first, err := export(m.db, m.user)
	if err != nil {
		return err
	}
	archives, err := exchange.ReadJSON(bytes.NewReader(first))
	if err != nil {
		return err
	}
	fresh := storetest.Open(t)
	for _, a := range archives {
		if err := fresh.ImportDocument(m.ctx, a, false); err != nil {
			return fmt.Errorf("import %s: %w", a.Document.ID, err)
		}
	}
	viewer, err := fresh.FindUserByName(m.ctx, m.user.Name)
	if err != nil {
		return err
	}
	second, err := export(fresh, viewer)
	if err != nil {
		return err
	}
	if !bytes.Equal(first, second) {
		i := 0
		for i < min(len(first), len(second)) && first[i] == second[i] {
			i++
		}
		return fmt.Errorf("the Sverka JSON export, imported into a fresh database and exported again, differs at byte %d: %q against %q",
			i, first[max(0, i-60):min(len(first), i+60)], second[max(0, i-60):min(len(second), i+60)])
	}
	return nil
}
