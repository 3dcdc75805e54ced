package store

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"sverka"
)

// ArchiveAnnotations calls fn with every annotation of the document that
// the viewer may see, deleted ones included, numbered from 1 in the order
// they were made, each with its history as the annotation store recorded
// it. Others' private annotations are left out, and so are replies whose
// parent is left out (and replies to those), so that every reply's parent
// is in the archive; so are versions of an annotation that were private,
// unless the viewer is its author. Annotations are read one at a time; the value passed
// to fn is not reused, but nothing else is held.
func (s *ExportSource) ArchiveAnnotations(fn func(*sverka.ArchivedAnnotation) error) error {
	cond, args := annotationVisible(s.viewerID())
	rows, err := s.tx.QueryContext(s.ctx, `
		WITH RECURSIVE seen (id) AS (
			SELECT a.id FROM annotations a WHERE a.document_id = ? AND a.reply_to IS NULL AND `+cond+`
			UNION
			SELECT a.id FROM annotations a JOIN seen ON a.reply_to = seen.id WHERE `+cond+`
		), num (id, n) AS (SELECT id, row_number() OVER (ORDER BY id) FROM seen)
		SELECT num.n, coalesce(p.n, 0), `+annotationColumns+`
		JOIN num ON num.id = a.id LEFT JOIN num p ON p.id = a.reply_to
		ORDER BY num.n`, append(append([]any{s.doc.ID}, args...), args...)...)
	if err != nil {
		return fmt.Errorf("export annotations: %w", err)
	}
	defer rows.Close()
	history := &historyCursor{src: s, names: map[int64]string{}}
	defer history.close()
	for rows.Next() {
		var n, parent int
		a, err := scanAnnotation(prefixScanner{rows, []any{&n, &parent}})
		if err != nil {
			return fmt.Errorf("export annotations: %w", err)
		}
		out := &sverka.ArchivedAnnotation{N: n, ReplyTo: parent, Motivation: a.Motivation, Creator: a.CreatorName, Created: a.Created,
			Current: stateOf(a, a.ReviewerName)}
		if out.Versions, err = history.versions(a.ID); err != nil {
			return err
		}
		if err := fn(out); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export annotations: %w", err)
	}
	return nil
}

// historyCursor reads the recorded versions of a document's annotations
// in the order of their ids, in one pass over the audit trail's index per
// number of digits (the index orders ids as text, which is their numeric
// order among ids of the same length), so that no query is made per
// annotation and nothing is sorted.
type historyCursor struct {
	src     *ExportSource
	names   map[int64]string // user names by id
	rows    *sql.Rows
	digits  int
	pending *historyRow
}

type historyRow struct {
	entityID, at, by, action, after string
}

func (h *historyCursor) close() {
	if h.rows != nil {
		h.rows.Close()
	}
}

// versions returns the versions of annotation id, oldest first; ids must
// come in increasing order.
func (h *historyCursor) versions(id int64) ([]sverka.ArchivedVersion, error) {
	key := strconv.FormatInt(id, 10)
	if len(key) != h.digits {
		h.close()
		h.digits, h.pending = len(key), nil
		var err error
		h.rows, err = h.src.tx.QueryContext(h.src.ctx, `
			SELECT c.entity_id, c.at, coalesce(u.name, ''), c.action, c.after_json FROM changes c LEFT JOIN users u ON u.id = c.user_id
			WHERE c.entity = 'annotation' AND c.entity_id >= ? AND c.entity_id <= ? AND length(c.entity_id) = ?
			  AND c.document_id || '' = ? AND c.after_json <> ''
			ORDER BY c.entity_id, c.id`, key, strings.Repeat("9", len(key)), len(key), h.src.doc.ID)
		if err != nil {
			return nil, fmt.Errorf("export annotation history: %w", err)
		}
	}
	var list []sverka.ArchivedVersion
	for {
		if h.pending == nil {
			if h.rows == nil || !h.rows.Next() {
				if h.rows != nil {
					if err := h.rows.Err(); err != nil {
						return nil, fmt.Errorf("export annotation history: %w", err)
					}
					h.rows.Close()
					h.rows = nil
				}
				return list, nil
			}
			var r historyRow
			if err := h.rows.Scan(&r.entityID, &r.at, &r.by, &r.action, &r.after); err != nil {
				return nil, fmt.Errorf("export annotation history: %w", err)
			}
			h.pending = &r
		}
		r := h.pending
		if r.entityID > key {
			return list, nil
		}
		h.pending = nil
		if r.entityID < key {
			continue // an annotation not exported (someone else's private one)
		}
		st, err := readRecord(r.after)
		if err != nil {
			return nil, fmt.Errorf("export annotation %d history: %w", id, err)
		}
		if st.Private && st.CreatorID != h.src.viewerID() {
			continue // a private state of someone else's note stays private
		}
		reviewer, err := h.src.userName(st.ReviewerID, h.names)
		if err != nil {
			return nil, err
		}
		list = append(list, sverka.ArchivedVersion{Action: r.action, At: parseTime(r.at), By: r.by, State: stateOf(st, reviewer)})
	}
}

// userName is the name of user id (0: ""), remembered in names.
func (s *ExportSource) userName(id int64, names map[int64]string) (string, error) {
	if id == 0 {
		return "", nil
	}
	if n, ok := names[id]; ok {
		return n, nil
	}
	var n string
	if err := s.tx.QueryRowContext(s.ctx, `SELECT name FROM users WHERE id = ?`, id).Scan(&n); err != nil {
		return "", fmt.Errorf("export annotation history: user %d: %w", id, err)
	}
	names[id] = n
	return n, nil
}

// stateOf is the part of a that can change between versions.
func stateOf(a *sverka.Annotation, reviewer string) sverka.AnnotationState {
	tags := a.Tags
	if tags == nil {
		tags = []string{}
	}
	return sverka.AnnotationState{Version: a.Version, Target: a.Target, Orphaned: a.Orphaned, Body: a.Body, Tags: tags, Link: a.Link,
		Status: a.Status, Reviewer: reviewer, ReviewedAt: a.ReviewedAt, Private: a.Private, Modified: a.Modified, Deleted: a.Deleted,
		Outside: a.Outside, W3C: a.W3C}
}

// prefixScanner scans a row's first columns into extra and the rest into
// what Scan is given.
type prefixScanner struct {
	rows  *sql.Rows
	extra []any
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.rows.Scan(append(p.extra, dest...)...)
}
