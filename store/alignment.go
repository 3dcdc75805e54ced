package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"unicode"

	"sverka"
)

// Every alignment edit replaces a window of consecutive links by new links.
// The window before and after is kept in alignment_edits, so that the last
// edit can be undone by putting the window back, and in the audit trail.
// Segments are ranges of the immutable base texts: splitting or joining a
// sentence changes ranges, never a text, so annotations (anchored to base
// text ranges) stay on their words whatever the editor does.

// Alignment edit operations, as recorded in the log and the audit trail.
const (
	OpMerge         = "merge"
	OpSplit         = "split"
	OpMoveUp        = "move-up"
	OpMoveDown      = "move-down"
	OpSplitSentence = "split-sentence"
	OpJoinSentences = "join-sentences"
	OpConfirm       = "confirm"
	OpRealign       = "realign"
	OpUndo          = "undo"
)

// AlignmentEdit says who edits which document's alignment, and against which
// revision of it: an edit made on a stale page is refused with sverka.ErrStale.
type AlignmentEdit struct {
	DocumentID string
	// Revision is the document revision the editor saw.
	Revision int64
	// UserID is the editor; 0 is the system.
	UserID int64
}

// AlignmentResult tells what an edit did: the document's new revision and
// the links that replaced the edited ones (positions First to First+Count-1).
type AlignmentResult struct {
	EditID   int64  `json:"editID"`
	Op       string `json:"op"`
	Revision int64  `json:"revision"`
	First    int    `json:"first"`
	Count    int    `json:"count"`
}

func loadAlignment(ctx context.Context, tx *sql.Tx, e AlignmentEdit) (*alignment, error) {
	d, err := findDocument(ctx, tx, e.DocumentID)
	if err != nil {
		return nil, err
	}
	if e.Revision != d.Revision {
		return nil, fmt.Errorf("document %s changed since it was loaded (revision %d, now %d); reload it: %w", d.ID, e.Revision, d.Revision, sverka.ErrStale)
	}
	if len(d.Texts) != 2 {
		return nil, sverka.Invalid("document", "document %s has %d texts; the alignment editor needs two", d.ID, len(d.Texts))
	}
	a := &alignment{doc: d}
	for _, l := range d.Links {
		wl := windowLink{Ref: l.Ref, Status: l.Status, Confidence: l.Confidence, Segments: map[string][][2]int{}}
		for _, t := range d.Texts {
			r := [][2]int{}
			for _, k := range l.Segments[t.Lang] {
				r = append(r, [2]int{t.Segments[k].Start, t.Segments[k].End})
			}
			wl.Segments[t.Lang] = r
		}
		a.links = append(a.links, wl)
		a.ids = append(a.ids, l.ID)
		a.positions = append(a.positions, l.Position)
	}
	return a, nil
}

// MergeLinks merges the link at position pos with the next one.
func (db *DB) MergeLinks(ctx context.Context, e AlignmentEdit, pos int) (*AlignmentResult, error) {
	return db.editAlignment(ctx, e, OpMerge, func(a *alignment) (int, int, []windowLink, error) {
		i, err := a.link(pos)
		if err != nil {
			return 0, 0, nil, err
		}
		if i+1 >= len(a.links) {
			return 0, 0, nil, sverka.Invalid("position", "link %d is the last; there is nothing to merge it with", pos)
		}
		m := a.links[i].clone()
		for lang, r := range a.links[i+1].Segments {
			m.Segments[lang] = append(m.Segments[lang], r...)
		}
		return i, 2, []windowLink{byHand(m)}, nil
	})
}

// SplitLink splits the link at position pos in two: the first keeps the
// first counts[lang] sentences of each language, the second the rest. Each
// must keep at least one sentence.
func (db *DB) SplitLink(ctx context.Context, e AlignmentEdit, pos int, counts map[string]int) (*AlignmentResult, error) {
	return db.editAlignment(ctx, e, OpSplit, func(a *alignment) (int, int, []windowLink, error) {
		i, err := a.link(pos)
		if err != nil {
			return 0, 0, nil, err
		}
		for lang := range counts {
			if err := a.lang(lang); err != nil {
				return 0, 0, nil, err
			}
		}
		first := windowLink{Segments: map[string][][2]int{}}
		second := windowLink{Segments: map[string][][2]int{}}
		for lang, r := range a.links[i].Segments {
			c := counts[lang]
			if c < 0 || c > len(r) {
				return 0, 0, nil, sverka.Invalid("counts", "link %d has %d %s sentences; cannot keep %d in the first part", pos, len(r), lang, c)
			}
			first.Segments[lang] = slices.Clone(r[:c])
			second.Segments[lang] = slices.Clone(r[c:])
		}
		if first.empty() || second.empty() {
			return 0, 0, nil, sverka.Invalid("counts", "splitting link %d there leaves an empty link", pos)
		}
		return i, 1, []windowLink{byHand(first), byHand(second)}, nil
	})
}

// MoveSentence moves a sentence of lang across the boundary of the link at
// pos: up moves its first sentence of that language to the end of the link
// above, down moves its last to the start of the link below. A link left
// with no sentence disappears.
func (db *DB) MoveSentence(ctx context.Context, e AlignmentEdit, pos int, lang string, up bool) (*AlignmentResult, error) {
	op := OpMoveDown
	if up {
		op = OpMoveUp
	}
	return db.editAlignment(ctx, e, op, func(a *alignment) (int, int, []windowLink, error) {
		i, err := a.link(pos)
		if err != nil {
			return 0, 0, nil, err
		}
		if err := a.lang(lang); err != nil {
			return 0, 0, nil, err
		}
		cur := a.links[i].clone()
		r := cur.Segments[lang]
		if len(r) == 0 {
			return 0, 0, nil, sverka.Invalid("lang", "link %d has no %s sentence to move", pos, lang)
		}
		var out []windowLink
		if up {
			if i == 0 {
				return 0, 0, nil, sverka.Invalid("position", "link 1 is the first; there is no link above")
			}
			prev := a.links[i-1].clone()
			prev.Segments[lang] = append(prev.Segments[lang], r[0])
			cur.Segments[lang] = r[1:]
			out = append(out, byHand(prev))
			if !cur.empty() {
				out = append(out, byHand(cur))
			}
			return i - 1, 2, out, nil
		}
		if i+1 >= len(a.links) {
			return 0, 0, nil, sverka.Invalid("position", "link %d is the last; there is no link below", pos)
		}
		next := a.links[i+1].clone()
		next.Segments[lang] = append([][2]int{r[len(r)-1]}, next.Segments[lang]...)
		cur.Segments[lang] = r[:len(r)-1]
		if !cur.empty() {
			out = append(out, byHand(cur))
		}
		out = append(out, byHand(next))
		return i, 2, out, nil
	})
}

// SplitSentence splits sentence seg (0-based) of lang in two at the code
// point at of its base text; the whitespace around the cut belongs to
// neither. Both halves stay in the sentence's link. The text is untouched.
func (db *DB) SplitSentence(ctx context.Context, e AlignmentEdit, lang string, seg, at int) (*AlignmentResult, error) {
	return db.editAlignment(ctx, e, OpSplitSentence, func(a *alignment) (int, int, []windowLink, error) {
		i, k, err := a.segmentLink(lang, seg)
		if err != nil {
			return 0, 0, nil, err
		}
		text := []rune(a.doc.Text(lang).Text)
		s := a.links[i].Segments[lang][k]
		if at <= s[0] || at >= s[1] || s[1] > len(text) {
			// Checked before text is indexed at at: an offset outside the
			// sentence (negative, past the text) is the editor's mistake.
			return 0, 0, nil, sverka.Invalid("at", "%d is not inside %s sentence %d [%d,%d) with text on both sides", at, lang, seg+1, s[0], s[1])
		}
		end, start := at, at
		for end > s[0] && unicode.IsSpace(text[end-1]) {
			end--
		}
		for start < s[1] && unicode.IsSpace(text[start]) {
			start++
		}
		if at <= s[0] || at >= s[1] || end <= s[0] || start >= s[1] {
			return 0, 0, nil, sverka.Invalid("at", "%d is not inside %s sentence %d [%d,%d) with text on both sides", at, lang, seg+1, s[0], s[1])
		}
		l := a.links[i].clone()
		l.Segments[lang] = slices.Insert(l.Segments[lang], k+1, [2]int{start, s[1]})
		l.Segments[lang][k] = [2]int{s[0], end}
		return i, 1, []windowLink{l}, nil
	})
}

// JoinSentences joins sentence seg (0-based) of lang with the next sentence
// of that language into one, in the first one's link. A link left with no
// sentence disappears.
func (db *DB) JoinSentences(ctx context.Context, e AlignmentEdit, lang string, seg int) (*AlignmentResult, error) {
	return db.editAlignment(ctx, e, OpJoinSentences, func(a *alignment) (int, int, []windowLink, error) {
		i, k, err := a.segmentLink(lang, seg)
		if err != nil {
			return 0, 0, nil, err
		}
		j, m, err := a.segmentLink(lang, seg+1)
		if err != nil {
			return 0, 0, nil, sverka.Invalid("segment", "%s sentence %d is the last; there is nothing to join it with", lang, seg+1)
		}
		out := make([]windowLink, 0, j-i+1)
		for x := i; x <= j; x++ {
			out = append(out, a.links[x].clone())
		}
		first, last := &out[0], &out[len(out)-1]
		second := last.Segments[lang][m]
		last.Segments[lang] = slices.Delete(last.Segments[lang], m, m+1)
		first.Segments[lang][k][1] = second[1]
		if i != j {
			out[0] = byHand(out[0])
			if last.empty() {
				out = out[:len(out)-1]
			} else {
				out[len(out)-1] = byHand(out[len(out)-1])
			}
		}
		return i, j - i + 1, out, nil
	})
}

// ConfirmLinks marks the links at positions from to to (inclusive) confirmed:
// one link when from == to, all above a point when from is 1.
func (db *DB) ConfirmLinks(ctx context.Context, e AlignmentEdit, from, to int) (*AlignmentResult, error) {
	return db.editAlignment(ctx, e, OpConfirm, func(a *alignment) (int, int, []windowLink, error) {
		i, err := a.link(from)
		if err != nil {
			return 0, 0, nil, err
		}
		j, err := a.link(to)
		if err != nil {
			return 0, 0, nil, err
		}
		if j < i {
			return 0, 0, nil, sverka.Invalid("position", "links %d to %d: the first comes after the last", from, to)
		}
		out := make([]windowLink, 0, j-i+1)
		for _, l := range a.links[i : j+1] {
			l = l.clone()
			l.Status = "confirmed"
			out = append(out, l)
		}
		return i, j - i + 1, out, nil
	})
}

// RealignAfterConfirmed aligns afresh, with realign, every link after the
// last confirmed one (all of them if none is confirmed).
func (db *DB) RealignAfterConfirmed(ctx context.Context, e AlignmentEdit, realign sverka.Realigner) (*AlignmentResult, error) {
	return db.editAlignment(ctx, e, OpRealign, func(a *alignment) (int, int, []windowLink, error) {
		i := len(a.links)
		for i > 0 && a.links[i-1].Status != "confirmed" {
			i--
		}
		if i == len(a.links) {
			return 0, 0, nil, sverka.Invalid("position", "every link up to the last is confirmed; there is nothing to re-align")
		}
		from := map[string]int{}
		for _, l := range a.doc.Links[:i] {
			for lang, idx := range l.Segments {
				from[lang] += len(idx)
			}
		}
		var out []windowLink
		for _, l := range realign(a.doc, from) {
			wl := windowLink{Status: "auto", Confidence: l.Confidence, Segments: map[string][][2]int{}}
			for _, t := range a.doc.Texts {
				r := [][2]int{}
				for _, k := range l.Segments[t.Lang] {
					if k < from[t.Lang] || k >= len(t.Segments) {
						return 0, 0, nil, fmt.Errorf("realign: %s segment %d is outside the stretch to align", t.Lang, k+1)
					}
					r = append(r, [2]int{t.Segments[k].Start, t.Segments[k].End})
				}
				wl.Segments[t.Lang] = r
			}
			out = append(out, wl)
		}
		return i, len(a.links) - i, out, nil
	})
}

// editAlignment runs one alignment edit in one transaction: it loads the
// alignment (refusing a stale revision), lets change pick the window to
// replace (index of its first link, number of links, new links), checks the
// result, writes it, bumps the document revision and records the edit in
// the edit log and the audit trail.
func (db *DB) editAlignment(ctx context.Context, e AlignmentEdit, op string, change func(a *alignment) (int, int, []windowLink, error)) (*AlignmentResult, error) {
	var res *AlignmentResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		a, err := loadAlignment(ctx, tx, e)
		if err != nil {
			return err
		}
		start, n, links, err := change(a)
		if err != nil {
			return err
		}
		for k := range links {
			links[k].Ref = 0 // handed on by assignRefs alone
		}
		before := window{Position: start + 1, Links: a.links[start : start+n]}
		after := window{Position: start + 1, Links: links}
		if err := a.check(start, n, links); err != nil {
			return err
		}
		if err := replaceWindow(ctx, tx, a, start, n, links); err != nil {
			return err
		}
		res, err = logEdit(ctx, tx, db.now(), e, op, before, after)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return res, nil
}

// replaceWindow writes the new links in place of links [start, start+n),
// after giving each its ref (assignRefs; links is changed). When only
// statuses or confidences change, the links are updated in place and keep
// their ids; otherwise the old links and their segments go, later links
// shift, and the new ones are inserted. What the corpus learns from the
// document's confirmed links follows (syncLearned).
func replaceWindow(ctx context.Context, tx *sql.Tx, a *alignment, start, n int, links []windowLink) error {
	if err := assignRefs(ctx, tx, a, start, n, links); err != nil {
		return err
	}
	if err := widenRefs(ctx, tx, a.doc.ID, links); err != nil {
		return err
	}
	if len(links) == n {
		same := true
		for k, l := range links {
			same = same && l.sameSegments(a.links[start+k])
		}
		if same {
			for k, l := range links {
				if _, err := tx.ExecContext(ctx, `UPDATE links SET status = ?, confidence = ? WHERE id = ?`, l.Status, l.Confidence, a.ids[start+k]); err != nil {
					return fmt.Errorf("update link: %w", err)
				}
			}
			return syncLearned(ctx, tx, a.doc.ID)
		}
	}
	first := len(a.links) + 1
	if start < len(a.positions) {
		first = a.positions[start]
	} else if len(a.positions) > 0 {
		first = a.positions[len(a.positions)-1] + 1
	}
	last := first - 1
	if n > 0 {
		last = a.positions[start+n-1]
	}
	for _, id := range a.ids[start : start+n] {
		if _, err := tx.ExecContext(ctx, `DELETE FROM links WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete link: %w", err)
		}
	}
	if delta := first + len(links) - 1 - last; delta != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE links SET position = position + ? WHERE document_id = ? AND position > ?`, delta, a.doc.ID, last); err != nil {
			return fmt.Errorf("shift links: %w", err)
		}
	}
	textIDs, codes := map[string]int64{}, map[string]*codeText{}
	for _, t := range a.doc.Texts {
		var id int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM base_texts WHERE document_id = ? AND lang = ?`, a.doc.ID, t.Lang).Scan(&id); err != nil {
			return fmt.Errorf("find base text: %w", err)
		}
		textIDs[t.Lang], codes[t.Lang] = id, newCodeText(t.Text)
	}
	for k, l := range links {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO links (document_id, position, ref, status, confidence) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			a.doc.ID, first+k, l.Ref, l.Status, l.Confidence).Scan(&id)
		if err != nil {
			return fmt.Errorf("insert link: %w", err)
		}
		for _, t := range a.doc.Texts {
			for _, r := range l.Segments[t.Lang] {
				start, end := codes[t.Lang].byteRange(r[0], r[1])
				if _, err := tx.ExecContext(ctx, `INSERT INTO segments (base_text_id, link_id, start_offset, end_offset, start_byte, end_byte) VALUES (?, ?, ?, ?, ?, ?)`,
					textIDs[t.Lang], id, r[0], r[1], start, end); err != nil {
					return fmt.Errorf("insert segment: %w", err)
				}
			}
		}
	}
	return syncLearned(ctx, tx, a.doc.ID)
}
