package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"sverka"
)

// ImportResult says what Import did with an archive.
type ImportResult struct {
	// Outcome is "imported", "skipped" (the same document is present) or
	// "replaced".
	Outcome string
	// Replacement tells, when a page or pair replaced a document, what
	// became of its annotations.
	Replacement *Replacement
}

// Import stores an archived document, the way both the command line and
// the upload form do: a new document is imported; the very same one (same
// source, same base texts, no annotations to bring) is skipped; a different
// one with its id, or an archive with annotations, is ErrConflict unless
// replace, which swaps a complete archive in whole (ImportDocument) and
// re-derives a document from a new page or pair, keeping its annotations
// (ReplaceDocument).
func (db *DB) Import(ctx context.Context, a *sverka.Archive, replace bool) (ImportResult, error) {
	old, err := db.FindDocumentByID(ctx, a.Document.ID)
	switch {
	case errors.Is(err, ErrTrashed):
		return ImportResult{}, trashedConflict(a.Document.ID)
	case errors.Is(err, sverka.ErrNotFound):
		return ImportResult{Outcome: "imported"}, db.ImportDocument(ctx, a, false)
	case err != nil:
		return ImportResult{}, err
	case replace && a.Complete:
		r, err := db.importArchive(ctx, a, true)
		return ImportResult{Outcome: "replaced", Replacement: &r}, err
	case sameDerivation(old, a.Document) && len(a.Annotations) == 0:
		return ImportResult{Outcome: "skipped"}, nil
	case !replace && a.Complete:
		return ImportResult{}, fmt.Errorf("document %s is already present (import with --replace to swap it): %w", a.Document.ID, sverka.ErrConflict)
	case !replace:
		return ImportResult{}, fmt.Errorf("a different document %s is already present; import this one under another id, or replace it: %w", a.Document.ID, sverka.ErrConflict)
	}
	r, err := db.ReplaceDocument(ctx, a.Document, a.ImporterID)
	return ImportResult{Outcome: "replaced", Replacement: &r}, err
}

// sameDerivation reports whether two documents come from the same source
// with the same base texts, so that replacing one with the other would only
// throw away alignment work.
func sameDerivation(a, b *sverka.Document) bool {
	if a.RawSource != b.RawSource || len(a.Texts) != len(b.Texts) {
		return false
	}
	for i := range a.Texts {
		if a.Texts[i].Lang != b.Texts[i].Lang || a.Texts[i].Text != b.Texts[i].Text {
			return false
		}
	}
	return true
}

// ImportDocument stores an archived document in one transaction. A document
// with the same id is ErrConflict unless replace is set; then the old one
// and everything attached to it are deleted and the archived one takes its
// place in the same transaction, so that readers see either the old or the
// new document, never a mix. The document keeps its revision and creation
// time.
//
// The archive's annotations are stored with their history, so that their
// versions can be listed and restored as before. Their authors, reviewers
// and editors are matched by user name; a name not in the database becomes
// a disabled annotator without a password (listed in a.NewUsers), so that
// an import never gives anyone a way to sign in. Cross-references are
// stored as archived, even to documents not (yet) in the database.
func (db *DB) ImportDocument(ctx context.Context, a *sverka.Archive, replace bool) error {
	_, err := db.importArchive(ctx, a, replace)
	return err
}

// importArchive is ImportDocument, saying when it replaced a document what
// became of the cross-references into it.
func (db *DB) importArchive(ctx context.Context, a *sverka.Archive, replace bool) (Replacement, error) {
	if err := db.prepareImport(a); err != nil {
		return Replacement{}, err
	}
	var newUsers []string
	var r Replacement
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		newUsers, r, err = db.importDocument(ctx, tx, a, replace)
		return err
	})
	if err != nil {
		return Replacement{}, err
	}
	a.NewUsers = newUsers
	return r, nil
}

// prepareImport checks what an archive to import can be checked for
// without the database, and completes its creation time and revision.
func (db *DB) prepareImport(a *sverka.Archive) error {
	if a == nil || a.Document == nil {
		return sverka.Invalid("document", "nothing to import")
	}
	d := a.Document
	if err := d.Validate(); err != nil {
		return err
	}
	if err := checkArchivedAnnotations(d, a.Annotations); err != nil {
		return err
	}
	if err := db.checkScans(d); err != nil {
		return err
	}
	if d.CreatedAt.IsZero() {
		d.CreatedAt = db.now()
	}
	if d.Revision < 1 {
		d.Revision = 1
	}
	return nil
}

// importDocument stores a prepared archive inside tx (see ImportDocument)
// and returns the users it created and, when it replaced a document, what
// became of the cross-references into it.
func (db *DB) importDocument(ctx context.Context, tx *sql.Tx, a *sverka.Archive, replace bool) ([]string, Replacement, error) {
	d := a.Document
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE id = ?`, d.ID).Scan(&n); err != nil {
		return nil, Replacement{}, fmt.Errorf("import document: %w", err)
	}
	if n > 0 && !replace {
		return nil, Replacement{}, fmt.Errorf("document %s is already present (import with --replace to swap it): %w", d.ID, sverka.ErrConflict)
	}
	var was *sverka.Document
	if n > 0 {
		var err error
		if was, err = removeReplaced(ctx, tx, a); err != nil {
			return nil, Replacement{}, err
		}
	}
	if err := db.insertDocument(ctx, tx, d); err != nil {
		return nil, Replacement{}, fmt.Errorf("import document %s: %w", d.ID, err)
	}
	if err := restoreRevision(ctx, tx, d.ID, d.Revision); err != nil {
		return nil, Replacement{}, fmt.Errorf("import document %s: %w", d.ID, err)
	}
	var r Replacement
	if was != nil {
		moved, orphaned, err := reanchorLinks(ctx, tx, d.ID, textsOf(was), db.now(), a.ImporterID)
		if err != nil {
			return nil, Replacement{}, err
		}
		r = Replacement{Kept: len(a.Annotations), LinksMoved: len(moved), LinksOrphaned: len(orphaned)}
	}
	users := &importUsers{ctx: ctx, tx: tx, at: db.now(), importer: a.ImporterID, ids: map[string]int64{}}
	if err := importAnnotations(ctx, tx, d.ID, a.Annotations, users); err != nil {
		return nil, Replacement{}, fmt.Errorf("import document %s: %w", d.ID, err)
	}
	if err := db.engine.idsChosen(ctx, tx, "annotations"); err != nil {
		return nil, Replacement{}, fmt.Errorf("import document %s: %w", d.ID, err)
	}
	action := "import"
	if n > 0 {
		action = "replace"
	}
	return users.created, r, recordChange(ctx, tx, Change{At: db.now(), UserID: a.ImporterID, DocumentID: d.ID, Entity: "document", EntityID: d.ID, Action: action,
		After: map[string]any{"title": d.Title, "revision": d.Revision, "annotations": len(a.Annotations), "newUsers": users.created}})
}

// checkNothingLost refuses to replace a document with an archive that
// lacks work done on it here: more annotations than the archive carries
// (made since it was exported, or private notes of others, which no archive
// holds), a change to any of them after the archive's latest, or a newer
// corrected reading. Replacing deletes the document's annotations with
// their versions, so it is only for an archive that has everything.
func checkNothingLost(ctx context.Context, tx *sql.Tx, a *sverka.Archive) error {
	d := a.Document
	var revision int64
	if err := tx.QueryRowContext(ctx, `SELECT revision FROM documents WHERE id = ?`, d.ID).Scan(&revision); err != nil {
		return fmt.Errorf("compare document %s: %w", d.ID, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT modified_at, deleted_at FROM annotations WHERE document_id = ?`, d.ID)
	if err != nil {
		return fmt.Errorf("compare document %s: %w", d.ID, err)
	}
	defer rows.Close()
	count := 0
	var here time.Time
	for rows.Next() {
		var modified, deleted string
		if err := rows.Scan(&modified, &deleted); err != nil {
			return fmt.Errorf("compare document %s: %w", d.ID, err)
		}
		count++
		for _, t := range []time.Time{parseTime(modified), parseTime(deleted)} {
			if t.After(here) {
				here = t
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("compare document %s: %w", d.ID, err)
	}
	var archived time.Time
	for _, an := range a.Annotations {
		for _, t := range []time.Time{an.Current.Modified, an.Current.Deleted} {
			if t.After(archived) {
				archived = t
			}
		}
	}
	if count > len(a.Annotations) || here.After(archived) || revision > d.Revision {
		return fmt.Errorf("document %s has work this archive lacks (here %d annotations, last changed %s, revision %d; in the archive %d, %s, revision %d): "+
			"replacing it would lose that work. Export the document again and import that, or import this archive under another id: %w",
			d.ID, count, formatTime(here), revision, len(a.Annotations), formatTime(archived), d.Revision, sverka.ErrConflict)
	}
	return nil
}

// checkArchivedAnnotations validates what does not need the database: the
// numbering, parents that come before their replies, motivations, and text
// targets inside the texts (unless orphaned).
func checkArchivedAnnotations(d *sverka.Document, list []sverka.ArchivedAnnotation) error {
	if len(list) == 0 {
		return nil // a text is not made code points for nothing
	}
	length := map[string]int{}
	texts := map[string][]rune{}
	for _, t := range d.Texts {
		length[t.Lang] = utf8.RuneCountInString(t.Text)
		texts[t.Lang] = []rune(t.Text)
	}
	for i := range list {
		a := &list[i]
		field := fmt.Sprintf("annotations[%d]", i+1)
		if a.N != i+1 {
			return sverka.Invalid(field, "annotation numbered %d where %d comes next", a.N, i+1)
		}
		if err := sverka.ValidUserName(a.Creator); err != nil {
			return sverka.Invalid(field, "creator %q: %v", a.Creator, err)
		}
		switch a.Motivation {
		case sverka.MotivationReply:
			if a.ReplyTo < 1 || a.ReplyTo >= a.N {
				return sverka.Invalid(field, "a reply answers an earlier annotation; %d is not one", a.ReplyTo)
			}
		case sverka.MotivationNote, sverka.MotivationCorrection, sverka.MotivationLink:
			if a.ReplyTo != 0 {
				return sverka.Invalid(field, "only a reply answers another annotation")
			}
		default:
			return sverka.Invalid(field, "%q is not one of commenting, editing, linking, replying", a.Motivation)
		}
		states := []*sverka.AnnotationState{&a.Current}
		for k := range a.Versions {
			states = append(states, &a.Versions[k].State)
		}
		// An earlier version may lie on a text since replaced (it is
		// history; a restore anchors it anew): only the current state must
		// lie within the document's text.
		for k, s := range states {
			if a.Motivation == sverka.MotivationReply || s.Orphaned || s.Outside {
				continue
			}
			n, ok := length[s.Target.Lang]
			if !ok && k == 0 {
				return sverka.Invalid(field, "the target's language %q is not one of the document's texts", s.Target.Lang)
			}
			if s.Target.Start < 0 || s.Target.End < s.Target.Start || k == 0 && s.Target.End > n {
				return sverka.Invalid(field, "range %d–%d is outside the %s text, which has %d code points", s.Target.Start, s.Target.End, s.Target.Lang, n)
			}
		}
		if err := checkArchivedStates(a, states, texts); err != nil {
			return sverka.Invalid(field, "%v", err)
		}
	}
	return nil
}

// checkArchivedStates puts every state of an archived annotation through
// the validation the API applies to a new one (body size, tags, links and
// their URLs, what each motivation needs), and checks that the current
// quote is what the text says there, unless the annotation is orphaned.
func checkArchivedStates(a *sverka.ArchivedAnnotation, states []*sverka.AnnotationState, texts map[string][]rune) error {
	for _, s := range states {
		v := sverka.Annotation{Motivation: a.Motivation, Body: s.Body, Tags: slices.Clone(s.Tags), Link: s.Link, Private: s.Private,
			Outside: s.Outside, Target: s.Target, W3C: s.W3C}
		if s.Outside {
			v.Target = sverka.TextTarget{}
		}
		if err := v.Validate(); err != nil {
			return err
		}
		if len(s.W3C) > 0 && (!json.Valid(s.W3C) || s.W3C[0] != '{') {
			return fmt.Errorf("w3c is not a JSON object")
		}
	}
	t := a.Current.Target
	if a.Motivation == sverka.MotivationReply || a.Current.Orphaned || a.Current.Outside {
		return nil
	}
	if got := string(texts[t.Lang][t.Start:t.End]); got != t.Exact {
		return fmt.Errorf("the quote %q is not what the %s text says at %d–%d (%q)", t.Exact, t.Lang, t.Start, t.End, got)
	}
	return nil
}

// importUsers finds the user an archive's name stands for inside an
// import's transaction. Someone who imports (importer) is never allowed to
// act as anyone else: every name stands for them, and the names are kept
// as data (written_by). An import by the system (the command line, run by
// whoever keeps the database) matches names to users, creating the missing
// ones as disabled annotators without a password.
type importUsers struct {
	ctx      context.Context
	tx       *sql.Tx
	at       time.Time
	importer int64
	ids      map[string]int64
	created  []string
}

// id returns the id of the user called name; "" is the system (0).
func (u *importUsers) id(name string) (int64, error) {
	if name == "" {
		return 0, nil
	}
	if u.importer != 0 {
		return u.importer, nil
	}
	if id, ok := u.ids[name]; ok {
		return id, nil
	}
	var id int64
	err := u.tx.QueryRowContext(u.ctx, `SELECT id FROM users WHERE name = ?`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if err := sverka.ValidUserName(name); err != nil {
			return 0, fmt.Errorf("user %q: %w", name, err)
		}
		err := u.tx.QueryRowContext(u.ctx, `INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, '', 1, ?) RETURNING id`,
			name, sverka.RoleAnnotator, formatTime(u.at)).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("create user %q: %w", name, err)
		}
		nu := &sverka.User{ID: id, Name: name, Role: sverka.RoleAnnotator, Disabled: true, Version: 1, CreatedAt: u.at}
		if err := recordChange(u.ctx, u.tx, Change{At: u.at, Entity: "user", EntityID: strconv.FormatInt(id, 10), Action: "create", After: nu}); err != nil {
			return 0, err
		}
		u.created = append(u.created, name)
	} else if err != nil {
		return 0, fmt.Errorf("find user %q: %w", name, err)
	}
	u.ids[name] = id
	return id, nil
}

// importAnnotations inserts archived annotations and their history inside
// tx. Their row ids are chosen above every annotation id the database has
// used, in the audit trail too, so that an id freed by a replaced document
// never mixes an old history into a new annotation.
func importAnnotations(ctx context.Context, tx *sql.Tx, documentID string, list []sverka.ArchivedAnnotation, users *importUsers) error {
	if len(list) == 0 {
		return nil
	}
	var used, recorded int64
	err := tx.QueryRowContext(ctx, `SELECT
		coalesce((SELECT max(id) FROM annotations), 0),
		coalesce((SELECT max(cast(entity_id AS BIGINT)) FROM changes WHERE entity = 'annotation'), 0)`).Scan(&used, &recorded)
	if err != nil {
		return fmt.Errorf("import annotations: %w", err)
	}
	base := max(used, recorded)
	for i := range list {
		a := &list[i]
		id := base + int64(a.N)
		var replyTo int64
		if a.ReplyTo != 0 {
			replyTo = base + int64(a.ReplyTo)
		}
		creator, err := users.id(a.Creator)
		if err != nil {
			return fmt.Errorf("annotation %d: %w", a.N, err)
		}
		cur, err := stored(a, a.Current, id, replyTo, creator, documentID, users)
		if err != nil {
			return fmt.Errorf("annotation %d: %w", a.N, err)
		}
		l := cur.Link
		if l == nil {
			l = &sverka.CrossReference{}
		}
		var reviewed, deleted string
		if !cur.ReviewedAt.IsZero() {
			reviewed = formatTime(cur.ReviewedAt)
		}
		if !cur.Deleted.IsZero() {
			deleted = formatTime(cur.Deleted)
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO annotations (id, document_id, motivation, lang, start_offset, end_offset, exact, prefix, suffix, orphaned,
				reply_to, body, tags, link_document, link_lang, link_start, link_end, link_exact, link_url, link_citation, link_orphaned,
				status, reviewed_by, reviewed_at, private, creator, created_at, modified_at, version, deleted_at, written_by, written_at, suggested, batch,
				outside, w3c)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, documentID, cur.Motivation, cur.Target.Lang, cur.Target.Start, cur.Target.End, cur.Target.Exact, cur.Target.Prefix, cur.Target.Suffix, boolInt(cur.Orphaned),
			nullID(replyTo), cur.Body, tagsJSON(cur.Tags), l.DocumentID, l.Lang, l.Start, l.End, l.Exact, l.URL, l.Citation, boolInt(l.Orphaned),
			cur.Status, nullID(cur.ReviewerID), reviewed, boolInt(cur.Private), creator, formatTime(cur.Created), formatTime(cur.Modified), cur.Version, deleted,
			cur.WrittenBy, writtenAt(cur), boolInt(cur.Suggested), cur.Batch, boolInt(cur.Outside), string(cur.W3C))
		if err != nil {
			return fmt.Errorf("annotation %d: %w", a.N, err)
		}
		if users.importer != 0 {
			// The importer did one thing, now: no entry in the audit trail
			// says that anyone else did anything, or at another time.
			ch := Change{At: users.at, UserID: users.importer, DocumentID: documentID, Entity: "annotation", EntityID: strconv.FormatInt(id, 10), Action: "import", After: recordOf(cur)}
			if err := recordChange(ctx, tx, ch); err != nil {
				return fmt.Errorf("annotation %d: %w", a.N, err)
			}
			continue
		}
		var before *sverka.Annotation
		for k, v := range a.Versions {
			after, err := stored(a, v.State, id, replyTo, creator, documentID, users)
			if err != nil {
				return fmt.Errorf("annotation %d version %d: %w", a.N, k+1, err)
			}
			by, err := users.id(v.By)
			if err != nil {
				return fmt.Errorf("annotation %d version %d: %w", a.N, k+1, err)
			}
			ch := Change{At: v.At, UserID: by, DocumentID: documentID, Entity: "annotation", EntityID: strconv.FormatInt(id, 10), Action: v.Action, After: recordOf(after)}
			if before != nil {
				ch.Before = recordOf(before)
			}
			if err := recordChange(ctx, tx, ch); err != nil {
				return fmt.Errorf("annotation %d version %d: %w", a.N, k+1, err)
			}
			before = after
		}
	}
	return nil
}

// stored makes the stored form of one state of an archived annotation.
func stored(a *sverka.ArchivedAnnotation, s sverka.AnnotationState, id, replyTo, creator int64, documentID string, users *importUsers) (*sverka.Annotation, error) {
	reviewer, err := users.id(s.Reviewer)
	if err != nil {
		return nil, err
	}
	tags := s.Tags
	if tags == nil {
		tags = []string{}
	}
	var link *sverka.CrossReference
	if s.Link != nil {
		l := *s.Link
		link = &l
	}
	out := &sverka.Annotation{
		ID: id, DocumentID: documentID, Motivation: a.Motivation, Target: s.Target, Orphaned: s.Orphaned, ReplyTo: replyTo,
		Body: s.Body, Tags: tags, Link: link, Status: s.Status, ReviewerID: reviewer, ReviewerName: s.Reviewer, ReviewedAt: s.ReviewedAt,
		Private: s.Private, CreatorID: creator, CreatorName: a.Creator, Created: a.Created, Modified: s.Modified,
		Version: s.Version, Deleted: s.Deleted, Outside: s.Outside, W3C: s.W3C,
	}
	if users.importer != 0 {
		out.WrittenBy, out.WrittenAt = a.Creator, a.Created
		out.CreatorName, out.ReviewerName = "", ""
		out.Created, out.Modified = users.at, users.at
	}
	return out, nil
}

// writtenAt is the stored form of a.WrittenAt ("" if none).
func writtenAt(a *sverka.Annotation) string {
	if a.WrittenAt.IsZero() {
		return ""
	}
	return formatTime(a.WrittenAt)
}
