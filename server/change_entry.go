package server

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"sverka/store"
)

// The audit trail in words, for /changes: who did what to which document,
// with a link to it, and what changed (a title, a note's text), never the
// JSON states, which stay in the API.

// changeEntry is one change of the audit trail as a person reads it.
type changeEntry struct {
	store.Change
	// What says what was done, after who did it: "edited the note on …".
	What string
	// Href is where the thing changed can be seen, or "".
	Href string
	// Details are lines of what changed: "title: “a” → “b”".
	Details []string
}

// stateOf decodes a change's state (nil when there is none or it is not
// JSON) into v.
func stateOf(state any, v any) bool {
	raw, ok := state.(json.RawMessage)
	return ok && json.Unmarshal(raw, v) == nil
}

// newChangeEntry presents ch.
func newChangeEntry(ch store.Change) changeEntry {
	e := changeEntry{Change: ch, What: ch.Action + " " + ch.Entity + " " + ch.EntityID}
	if ch.DocumentID != "" {
		e.Href = "/documents/" + url.PathEscape(ch.DocumentID)
	}
	switch ch.Entity {
	case "annotation":
		e.annotation()
	case "document":
		e.document()
	case "alignment":
		e.alignment()
	case "user":
		e.What = strings.ReplaceAll(ch.Action, ",", " and ") + " the account " + ch.EntityID
		var before, after struct {
			Name string `json:"name"`
			Role string `json:"role"`
		}
		if stateOf(ch.After, &after) && after.Name != "" {
			e.What = strings.ReplaceAll(ch.Action, ",", " and ") + " the account of " + after.Name
			if stateOf(ch.Before, &before) && before.Role != after.Role {
				e.Details = append(e.Details, "role: "+before.Role+" → "+after.Role)
			} else if ch.Action == "create" {
				e.Details = append(e.Details, "role: "+after.Role)
			}
		}
	case "token":
		e.What = map[string]string{"create": "created an API token", "delete": "revoked an API token"}[ch.Action]
	}
	return e
}

// annotationWords names an annotation by its kind and its words.
func annotationWords(s annotationState) string {
	kind := annotationKinds[s.Motivation]
	if kind == "" {
		kind = "annotation"
	}
	if s.Target.Exact != "" {
		kind += " on “" + s.Target.Exact + "”"
	}
	return kind
}

// annotation presents a change of an annotation.
func (e *changeEntry) annotation() {
	var before, after annotationState
	hasBefore, hasAfter := stateOf(e.Before, &before), stateOf(e.After, &after)
	if after.Redacted != "" || before.Redacted != "" {
		e.What = e.Action + " a private annotation (only its author sees what it says)"
		return
	}
	if !hasAfter {
		return
	}
	verb := map[string]string{"create": "added", "update": "edited", "delete": "deleted", "restore": "restored",
		"accept": "accepted", "reject": "rejected", "reanchor": "re-anchored", "import": "imported"}[e.Action]
	if verb == "" {
		verb = e.Action
	}
	e.What = verb + " the " + annotationWords(after) + " (annotation " + e.EntityID + ")"
	if e.Action == "create" {
		e.What = "added a " + annotationWords(after) + " (annotation " + e.EntityID + ")"
	}
	var was *annotationState
	if hasBefore {
		was = &before
	}
	e.Details = annotationDetails(was, after)
}

// document presents a change of a document as a whole.
func (e *changeEntry) document() {
	var before, after map[string]any
	stateOf(e.Before, &before)
	stateOf(e.After, &after)
	title, _ := after["title"].(string)
	if title == "" {
		title, _ = before["title"].(string)
	}
	name := "document " + e.EntityID
	if title != "" {
		name = "“" + title + "” (" + e.EntityID + ")"
	}
	switch e.Action {
	case "import":
		e.What = "imported " + name
	case "replace":
		e.What = "replaced the texts of " + name + " from a new source"
		if r, ok := after["annotations"].(map[string]any); ok { // what store.Replacement says
			e.Details = append(e.Details,
				fmt.Sprintf("its annotations: %v kept, %v moved with their words, %v orphaned (their words are gone)", r["Kept"], r["Moved"], r["Orphaned"]),
				fmt.Sprintf("cross-references into it: %v moved with their words, %v orphaned", r["LinksMoved"], r["LinksOrphaned"]))
		}
	case "update":
		e.What = "changed the details of " + name
		keys := make([]string, 0, len(after))
		for k := range after {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			e.Details = append(e.Details, strings.ReplaceAll(k, "_", " ")+": "+fmt.Sprintf("“%v” → “%v”", before[k], after[k]))
		}
	case "trash":
		e.What, e.Href = "moved "+name+" to the trash", "/trash#trashed-"+url.PathEscape(e.EntityID)
	case "restore":
		e.What = "restored " + name + " from the trash"
	case "purge":
		e.What, e.Href = "purged "+name+" for good", ""
		if links, ok := after["orphanedLinks"].([]any); ok && len(links) > 0 {
			e.Details = append(e.Details, strconv.Itoa(len(links))+" cross-reference(s) into it orphaned")
		}
	}
}

// alignment presents an alignment edit: "merged links 11 and 12", naming
// links by their stable numbers (the N of #link-N) where the log has them,
// by position in logs written before links had one.
func (e *changeEntry) alignment() {
	type loggedLink struct {
		Ref int `json:"ref"`
	}
	var before, after struct {
		Position int          `json:"position"`
		Links    []loggedLink `json:"links"`
	}
	stateOf(e.Before, &before)
	stateOf(e.After, &after)
	pos := after.Position
	if pos < 1 {
		return
	}
	op, undo := strings.CutPrefix(e.Action, store.OpUndo+" ")
	// The links as they were before the edit (an undo logs them as after).
	named := before.Links
	if undo {
		named = after.Links
	}
	n := func(k int) string {
		if k < len(named) && named[k].Ref > 0 {
			return strconv.Itoa(named[k].Ref)
		}
		return strconv.Itoa(pos + k)
	}
	switch op {
	case store.OpMerge:
		e.What = "merged links " + n(0) + " and " + n(1)
	case store.OpSplit:
		e.What = "split link " + n(0) + " in two"
	case store.OpMoveUp:
		e.What = "moved a sentence of link " + n(0) + " up"
	case store.OpMoveDown:
		e.What = "moved a sentence of link " + n(0) + " down"
	case store.OpSplitSentence:
		e.What = "split a sentence of link " + n(0)
	case store.OpJoinSentences:
		e.What = "joined two sentences of link " + n(0)
	case store.OpConfirm:
		e.What = "confirmed links " + n(0) + " to " + n(len(after.Links)-1)
	case store.OpRealign:
		e.What = "re-aligned from link " + n(0) + " on"
	default:
		return
	}
	if undo {
		e.What = "undid: " + e.What
	}
	e.What += " of document " + e.DocumentID
	e.Href = "/documents/" + url.PathEscape(e.DocumentID) + "#link-" + n(0)
}
