package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"sverka"
)

// OCRJob is one run of "OCR the scan" on a document that has a base text
// already: Tesseract reads its pages one by one (PagesDone of Pages), then
// its words are matched to the base text of Lang, and Boxed of its Words
// get a box. State is "queued", "running", "done" or "failed" (Error says
// why). Runner names the server process that runs it, which touches its
// Heartbeat while it has it; Replace says it replaces the boxes the text
// had.
type OCRJob struct {
	ID         int64     `json:"id"`
	DocumentID string    `json:"document"`
	Lang       string    `json:"lang"`
	State      string    `json:"state"`
	Pages      int       `json:"pages"`
	PagesDone  int       `json:"pagesDone"`
	Words      int       `json:"words"`
	Boxed      int       `json:"boxed"`
	Error      string    `json:"error,omitempty"`
	Replace    bool      `json:"replace"`
	Runner     string    `json:"-"`
	UserID     int64     `json:"-"`
	CreatedAt  time.Time `json:"created"`
	UpdatedAt  time.Time `json:"updated"`
	Heartbeat  time.Time `json:"-"`
}

// Coverage is the share of the text's words that got a box, from 0 to 1.
func (j OCRJob) Coverage() float64 {
	if j.Words == 0 {
		return 0
	}
	return float64(j.Boxed) / float64(j.Words)
}

// Finished reports whether the job has ended, done or failed.
func (j OCRJob) Finished() bool { return j.State == "done" || j.State == "failed" }

// OCRJobHeartbeat is how often the server running a job touches its
// heartbeat (OCRJobBeat), and OCRJobStale how long a job still queued or
// running may go without one before any server takes it as dead (its
// server stopped, on this host or another): a new job may then start on
// its document, and the job is ended as failed when one does or a server
// starts.
const (
	OCRJobHeartbeat = 10 * time.Second
	OCRJobStale     = 6 * OCRJobHeartbeat
)

// ocrJobStopped is the error of a job whose server stopped.
const ocrJobStopped = "the server reading the scan stopped before it was read; start again"

// Dead reports whether job j, unfinished, has had no heartbeat for
// OCRJobStale at now.
func (j OCRJob) Dead(now time.Time) bool {
	return !j.Finished() && now.Sub(j.Heartbeat) > OCRJobStale
}

// StartOCRJob queues an "OCR the scan" job j on the scan of document
// j.DocumentID for its base text of j.Lang, as j.UserID, run by j.Runner,
// and records it in the audit trail. A document without a scan or without
// that text is refused (a validation error); one whose text has word boxes
// already (unless j.Replace), or whose job is under way, is ErrConflict (see
// Document.CheckOCR).
func (db *DB) StartOCRJob(ctx context.Context, j OCRJob) (OCRJob, error) {
	now := db.now()
	j.State, j.CreatedAt, j.UpdatedAt = "queued", now, now
	err := db.write(ctx, func(tx *sql.Tx) error {
		d, err := findLiveDocumentHead(ctx, tx, j.DocumentID)
		if err != nil {
			return err
		}
		if err := d.CheckOCR(j.Lang, j.Replace); err != nil {
			return err
		}
		if _, err := failStaleOCRJobs(ctx, tx, now, d.ID); err != nil {
			return err
		}
		var under int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ocr_jobs WHERE document_id = ? AND state IN ('queued', 'running')`, d.ID).Scan(&under); err != nil {
			return fmt.Errorf("find ocr jobs: %w", err)
		}
		if under > 0 {
			return fmt.Errorf("document %s is being read already: %w", d.ID, sverka.ErrConflict)
		}
		j.Pages, j.Heartbeat = len(d.PagesOf(j.Lang)), now
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO ocr_jobs (document_id, lang, state, pages, user_id, runner, replace_boxes, created_at, updated_at, heartbeat_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			d.ID, j.Lang, j.State, j.Pages, nullID(j.UserID), j.Runner, boolInt(j.Replace), formatTime(now), formatTime(now), formatTime(now)).Scan(&j.ID); err != nil {
			return fmt.Errorf("store ocr job: %w", err)
		}
		return recordChange(ctx, tx, Change{At: now, UserID: j.UserID, DocumentID: d.ID, Entity: "scan", EntityID: d.ID,
			Action: "ocr", After: map[string]any{"job": j.ID, "lang": j.Lang, "pages": j.Pages, "replace": j.Replace}})
	})
	if err != nil {
		return OCRJob{}, fmt.Errorf("start ocr: %w", err)
	}
	return j, nil
}

// failStaleOCRJobs ends as failed the jobs still queued or running (of
// document docID, or of every document when it is "") whose heartbeat is
// older than OCRJobStale at now, and returns how many it ended.
func failStaleOCRJobs(ctx context.Context, tx *sql.Tx, now time.Time, docID string) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE ocr_jobs SET state = 'failed', error = ?, updated_at = ?
		WHERE state IN ('queued', 'running') AND heartbeat_at < ? AND (? = '' OR document_id = ?)`,
		ocrJobStopped, formatTime(now), formatTime(now.Add(-OCRJobStale)), docID, docID)
	if err != nil {
		return 0, fmt.Errorf("end stale ocr jobs: %w", err)
	}
	return res.RowsAffected()
}

// OCRJobBeat touches the heartbeat of job id, which this server runs, and
// reports whether the job is still its to run: false once it has ended, or
// another server took it as dead.
func (db *DB) OCRJobBeat(ctx context.Context, id int64) (bool, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE ocr_jobs SET heartbeat_at = ? WHERE id = ? AND state IN ('queued', 'running')`, formatTime(db.now()), id)
		if err != nil {
			return fmt.Errorf("ocr job heartbeat: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}

// FailDeadOCRJobs ends as failed every job still queued or running whose
// runner is dead (a server that stopped without ending it: a process of
// this host that is gone, as dead says, or any whose heartbeat is stale),
// so that a new one may start on its document at once; it returns how
// many it ended.
func (db *DB) FailDeadOCRJobs(ctx context.Context, dead func(runner string) bool) (int, error) {
	n := 0
	err := db.write(ctx, func(tx *sql.Tx) error {
		stale, err := failStaleOCRJobs(ctx, tx, db.now(), "")
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, runner FROM ocr_jobs WHERE state IN ('queued', 'running')`)
		if err != nil {
			return fmt.Errorf("find ocr jobs: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			var runner string
			if err := rows.Scan(&id, &runner); err != nil {
				rows.Close()
				return fmt.Errorf("find ocr jobs: %w", err)
			}
			if dead(runner) {
				ids = append(ids, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("find ocr jobs: %w", err)
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE ocr_jobs SET state = 'failed', error = ?, updated_at = ? WHERE id = ?`,
				ocrJobStopped, formatTime(db.now()), id); err != nil {
				return fmt.Errorf("end ocr job %d: %w", id, err)
			}
		}
		n = len(ids) + int(stale)
		return nil
	})
	return n, err
}

// OCRJobRead moves job id on: running, pagesDone of its pages read.
func (db *DB) OCRJobRead(ctx context.Context, id int64, pagesDone int) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE ocr_jobs SET state = 'running', pages_done = ?, updated_at = ? WHERE id = ? AND state IN ('queued', 'running')`,
			pagesDone, formatTime(db.now()), id)
		return err
	})
}

// FailOCRJob ends job id with why it failed; the document is as it was.
func (db *DB) FailOCRJob(ctx context.Context, id int64, why string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE ocr_jobs SET state = 'failed', error = ?, updated_at = ? WHERE id = ?`, why, formatTime(db.now()), id)
		return err
	})
}

// FinishOCRJob stores the word boxes job id found for its text, where boxed
// of its words words got boxes (two for a word hyphenated across lines), and
// ends it, in one change recorded in the audit trail as
// its starter's. The boxes are checked against the text and the pages; a
// text that got its boxes meanwhile keeps them (ErrConflict), unless the
// job replaces them: then the boxes it replaces are kept in the change's
// before state, from which they can be put back.
func (db *DB) FinishOCRJob(ctx context.Context, id int64, boxes []sverka.WordBox, words, boxed int) (OCRJob, error) {
	var j OCRJob
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if j, err = findOCRJob(ctx, tx, id, db.now()); err != nil {
			return err
		}
		if j.Finished() {
			return fmt.Errorf("ocr job %d is %s already: %w", id, j.State, sverka.ErrConflict)
		}
		if err := refuseTrashed(ctx, tx, j.DocumentID); err != nil {
			return err
		}
		d, _, err := findDocumentHead(ctx, tx, j.DocumentID)
		if err != nil {
			return err
		}
		if err := d.CheckOCR(j.Lang, j.Replace); err != nil {
			return err
		}
		var replaced [][7]int
		for _, w := range d.WordBoxes {
			if w.Lang == j.Lang {
				replaced = append(replaced, [7]int{w.Start, w.End, w.Page, w.X, w.Y, w.W, w.H})
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM word_boxes WHERE base_text_id = (SELECT id FROM base_texts WHERE document_id = ? AND lang = ?)`,
			d.ID, j.Lang); err != nil {
			return fmt.Errorf("replace word boxes: %w", err)
		}
		for i := range boxes {
			boxes[i].Lang = j.Lang
		}
		d.WordBoxes = boxes
		if err := d.ValidateScan(); err != nil {
			return err
		}
		for _, st := range scanStatements(&sverka.Document{ID: d.ID, WordBoxes: boxes}) {
			if _, err := tx.ExecContext(ctx, st.query, st.args...); err != nil {
				return fmt.Errorf("store word boxes: %w", err)
			}
		}
		if _, err := bumpRevision(ctx, tx, d.ID); err != nil {
			return err
		}
		now := db.now()
		j.State, j.PagesDone, j.Words, j.Boxed, j.UpdatedAt = "done", j.Pages, words, boxed, now
		if _, err := tx.ExecContext(ctx, `UPDATE ocr_jobs SET state = ?, pages_done = ?, words = ?, boxed = ?, updated_at = ? WHERE id = ?`,
			j.State, j.PagesDone, j.Words, j.Boxed, formatTime(now), id); err != nil {
			return fmt.Errorf("end ocr job: %w", err)
		}
		ch := Change{At: now, UserID: j.UserID, DocumentID: d.ID, Entity: "scan", EntityID: d.ID,
			Action: "word boxes", After: map[string]any{"job": id, "lang": j.Lang, "words": words, "boxed": boxed}}
		if replaced != nil {
			// [start, end, page, x, y, w, h] of each box replaced.
			ch.Before = map[string]any{"lang": j.Lang, "boxes": replaced}
		}
		return recordChange(ctx, tx, ch)
	})
	if err != nil {
		return OCRJob{}, fmt.Errorf("finish ocr: %w", err)
	}
	return j, nil
}

// FindOCRJob reads job id of document docID (ErrNotFound if it is
// another's).
func (db *DB) FindOCRJob(ctx context.Context, docID string, id int64) (OCRJob, error) {
	var j OCRJob
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		j, err = findOCRJob(ctx, tx, id, db.now())
		if err == nil && j.DocumentID != docID {
			err = fmt.Errorf("ocr job %d of document %s: %w", id, docID, sverka.ErrNotFound)
		}
		return err
	})
	return j, err
}

// LatestOCRJob reads the last job started on document docID; ErrNotFound
// if none was.
func (db *DB) LatestOCRJob(ctx context.Context, docID string) (OCRJob, error) {
	var j OCRJob
	err := db.read(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM ocr_jobs WHERE document_id = ? ORDER BY id DESC LIMIT 1`, docID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no ocr job of document %s: %w", docID, sverka.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("find ocr job: %w", err)
		}
		j, err = findOCRJob(ctx, tx, id, db.now())
		return err
	})
	return j, err
}

// findOCRJob reads job id as it is at now: one whose server stopped (Dead)
// is shown failed, whether or not a server has recorded it yet.
func findOCRJob(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (OCRJob, error) {
	var j OCRJob
	var user sql.NullInt64
	var created, updated, beat string
	err := tx.QueryRowContext(ctx, `
		SELECT id, document_id, lang, state, pages, pages_done, words, boxed, error, user_id, runner, replace_boxes, created_at, updated_at, heartbeat_at
		FROM ocr_jobs WHERE id = ?`, id).Scan(&j.ID, &j.DocumentID, &j.Lang, &j.State, &j.Pages, &j.PagesDone, &j.Words, &j.Boxed, &j.Error, &user,
		&j.Runner, &j.Replace, &created, &updated, &beat)
	if errors.Is(err, sql.ErrNoRows) {
		return OCRJob{}, fmt.Errorf("ocr job %d: %w", id, sverka.ErrNotFound)
	}
	if err != nil {
		return OCRJob{}, fmt.Errorf("find ocr job: %w", err)
	}
	j.UserID, j.CreatedAt, j.UpdatedAt, j.Heartbeat = user.Int64, parseTime(created), parseTime(updated), parseTime(beat)
	if j.Dead(now) {
		j.State, j.Error = "failed", ocrJobStopped
	}
	return j, nil
}
