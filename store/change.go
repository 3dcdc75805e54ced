package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Change is one entry of the audit trail: who changed what, when, with the
// state before and after. Every store function that changes something records
// one inside its own transaction, so a change and its record stand or fall
// together.
type Change struct {
	ID int64     `json:"id"`
	At time.Time `json:"at"`
	// UserID is who made the change; 0 means the system (a migration, the
	// command line without a user).
	UserID int64 `json:"userID,omitempty"`
	// UserName is filled in when read.
	UserName   string `json:"userName,omitempty"`
	DocumentID string `json:"documentID,omitempty"`
	// Entity names the kind of thing changed ("annotation", "link", "user",
	// …) and EntityID which one.
	Entity   string `json:"entity"`
	EntityID string `json:"entityID"`
	// Action is what was done: "create", "update", "delete", or a verb of
	// the entity's own ("accept", "reject", "set-role", …).
	Action string `json:"action"`
	// Before and After are the states around the change, stored as JSON;
	// nil is "nothing" (before a create, after a delete). When read they are
	// json.RawMessage. They must never hold secrets.
	Before any `json:"before"`
	After  any `json:"after"`
}

// ChangeFilter selects changes; zero fields do not filter.
type ChangeFilter struct {
	DocumentID string
	UserID     int64
	Entity     string
	EntityID   string
	// BeforeID pages backwards: only changes with a smaller id.
	BeforeID int64
	// Limit caps the answer (default 100, at most 1000).
	Limit int
	// ViewerID is who reads the trail (0: nobody signed in). The states of
	// a private annotation are shown only to its author; anyone else sees
	// that a change happened, not what the note said.
	ViewerID int64
}

// redactedPrivate stands in for a state of someone else's private annotation.
var redactedPrivate = json.RawMessage(`{"private":true,"redacted":"a private annotation: only its author sees its content"}`)

// redactPrivate replaces a stored annotation state with redactedPrivate when
// it is private and viewer is not its author.
func redactPrivate(state string, viewer int64) json.RawMessage {
	var a struct {
		Private   bool  `json:"private"`
		CreatorID int64 `json:"creatorID"`
	}
	if json.Unmarshal([]byte(state), &a) != nil || a.Private && a.CreatorID != viewer {
		return redactedPrivate
	}
	return json.RawMessage(state)
}

// recordChange adds ch to the audit trail inside tx. Call it from every store
// function that changes something, after the change, with the same tx.
func recordChange(ctx context.Context, tx *sql.Tx, ch Change) error {
	before, err := changeJSON(ch.Before)
	if err != nil {
		return fmt.Errorf("record change: before: %w", err)
	}
	after, err := changeJSON(ch.After)
	if err != nil {
		return fmt.Errorf("record change: after: %w", err)
	}
	if ch.Entity == "" || ch.Action == "" {
		return fmt.Errorf("record change: entity and action are required")
	}
	at := ch.At
	if at.IsZero() {
		at = time.Now().UTC()
	}
	var user, doc any
	if ch.UserID != 0 {
		user = ch.UserID
	}
	if ch.DocumentID != "" {
		doc = ch.DocumentID
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO changes (at, user_id, document_id, entity, entity_id, action, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		formatTime(at), user, doc, ch.Entity, ch.EntityID, ch.Action, before, after)
	if err != nil {
		return fmt.Errorf("record change: %w", err)
	}
	return nil
}

// changeJSON encodes a state; nil (or a nil pointer) is stored as "".
func changeJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return string(raw), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if string(b) == "null" {
		return "", nil
	}
	return string(b), nil
}

// FindChanges reads the audit trail, newest first.
func (db *DB) FindChanges(ctx context.Context, f ChangeFilter) ([]Change, error) {
	var where []string
	var args []any
	if f.DocumentID != "" {
		where, args = append(where, "c.document_id = ?"), append(args, f.DocumentID)
	}
	if f.UserID != 0 {
		where, args = append(where, "c.user_id = ?"), append(args, f.UserID)
	}
	if f.Entity != "" {
		where, args = append(where, "c.entity = ?"), append(args, f.Entity)
	}
	if f.EntityID != "" {
		where, args = append(where, "c.entity_id = ?"), append(args, f.EntityID)
	}
	if f.BeforeID > 0 {
		where, args = append(where, "c.id < ?"), append(args, f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	q := `SELECT c.id, c.at, coalesce(c.user_id, 0), coalesce(u.name, ''), coalesce(c.document_id, ''),
		c.entity, c.entity_id, c.action, c.before_json, c.after_json
		FROM changes c LEFT JOIN users u ON u.id = c.user_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY c.id DESC LIMIT ?"
	args = append(args, limit)
	rows, err := db.reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("find changes: %w", err)
	}
	defer rows.Close()
	list := []Change{}
	for rows.Next() {
		var ch Change
		var at, before, after string
		if err := rows.Scan(&ch.ID, &at, &ch.UserID, &ch.UserName, &ch.DocumentID, &ch.Entity, &ch.EntityID, &ch.Action, &before, &after); err != nil {
			return nil, fmt.Errorf("find changes: %w", err)
		}
		ch.At = parseTime(at)
		if before != "" {
			ch.Before = json.RawMessage(before)
			if ch.Entity == "annotation" {
				ch.Before = redactPrivate(before, f.ViewerID)
			}
		}
		if after != "" {
			ch.After = json.RawMessage(after)
			if ch.Entity == "annotation" {
				ch.After = redactPrivate(after, f.ViewerID)
			}
		}
		list = append(list, ch)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find changes: %w", err)
	}
	return list, nil
}
