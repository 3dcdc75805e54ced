package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"sverka"
	"sverka/facsimile"
)

// Images opens the store of page images that goes with the database: the
// directory beside a SQLite file named after it, "sverka.db.images"; for
// PostgreSQL the folder WithImages names.
func (db *DB) Images() (*facsimile.Store, error) {
	return facsimile.Open(db.images)
}

// PutPages stores the images in the files at paths, in order, in the image
// store and describes them as pages numbered from 1. An image already
// stored is not written again. Every file is checked before any is stored:
// one that is not an image (facsimile.ErrNotImage) or too large refuses
// the scan whole and leaves the image store as it was, holding no file
// that nothing names.
func (db *DB) PutPages(paths []string) ([]sverka.PageImage, error) {
	images, err := db.Images()
	if err != nil {
		return nil, err
	}
	for _, path := range paths {
		if _, err := pageImage(path, facsimile.Inspect); err != nil {
			return nil, err
		}
	}
	var pages []sverka.PageImage
	for i, path := range paths {
		img, err := pageImage(path, images.Put)
		if err != nil {
			return nil, err
		}
		pages = append(pages, sverka.PageImage{Number: i + 1, Hash: img.Hash, Format: img.Format, Width: img.Width, Height: img.Height})
	}
	return pages, nil
}

// pageImage hands the file at path to read (facsimile.Inspect or a store's
// Put), naming the file in its error.
func pageImage(path string, read func(io.Reader) (facsimile.Image, error)) (facsimile.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return facsimile.Image{}, err
	}
	defer f.Close()
	img, err := read(f)
	if err != nil {
		return facsimile.Image{}, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return img, nil
}

// AttachScan gives the lang text of document id (its original or its
// translation), scanned by no page yet, the pages (their images already in
// the image store, see PutPages) as userID, and returns them numbered
// after the document's other pages. A text that has a scan keeps it:
// attaching another is ErrConflict, so no page is ever replaced. The
// change moves the revision on and is recorded in the audit trail.
func (db *DB) AttachScan(ctx context.Context, id, lang string, pages []sverka.PageImage, userID int64) ([]sverka.PageImage, error) {
	if len(pages) == 0 {
		return nil, sverka.Invalid("pages", "a scan needs at least one page")
	}
	if err := db.checkScans(&sverka.Document{Pages: pages}); err != nil {
		return nil, err
	}
	var added []sverka.PageImage
	err := db.write(ctx, func(tx *sql.Tx) error {
		d, err := findLiveDocumentHead(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Text(lang) == nil {
			return sverka.Invalid("lang", "document %s has no %q text to attach a scan of", id, lang)
		}
		if have := len(d.PagesOf(lang)); have > 0 {
			return fmt.Errorf("the %s text of document %s already has a scan of %d pages, which is never replaced: %w", lang, id, have, sverka.ErrConflict)
		}
		added = make([]sverka.PageImage, len(pages))
		for i, p := range pages {
			p.Number, p.Lang = len(d.Pages)+i+1, lang
			added[i] = p
		}
		d.Pages = append(d.Pages, added...)
		if err := d.ValidateScan(); err != nil {
			return err
		}
		for _, st := range scanStatements(&sverka.Document{ID: id, Pages: added}) {
			if _, err := tx.ExecContext(ctx, st.query, st.args...); err != nil {
				return fmt.Errorf("store page images: %w", err)
			}
		}
		if _, err := bumpRevision(ctx, tx, id); err != nil {
			return err
		}
		return recordChange(ctx, tx, Change{At: db.now(), UserID: userID, DocumentID: id, Entity: "scan", EntityID: id,
			Action: "attach", After: added})
	})
	if err != nil {
		return nil, fmt.Errorf("attach scan: %w", err)
	}
	return added, nil
}

// checkScans refuses a document whose scans are not in the image store: an
// archive names its scans by hash, and the images travel beside it.
func (db *DB) checkScans(d *sverka.Document) error {
	if len(d.Pages) == 0 {
		return nil
	}
	images, err := db.Images()
	if err != nil {
		return err
	}
	for _, p := range d.Pages {
		if !images.Has(p.Hash) {
			return sverka.Invalid("pages", "the scan of page %d (%s) is not in the image store %s: copy the images directory with the archive", p.Number, p.Hash, db.images)
		}
	}
	return nil
}

// scanStatements lists the inserts that store d's scans and word boxes.
func scanStatements(d *sverka.Document) []statement {
	var st []statement
	for _, p := range d.Pages {
		st = append(st, statement{
			`INSERT INTO page_images (document_id, number, lang, hash, format, width, height) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			[]any{d.ID, p.Number, d.PageLang(p), p.Hash, p.Format, p.Width, p.Height},
		})
	}
	for _, w := range d.WordBoxes {
		st = append(st, statement{
			`INSERT INTO word_boxes (base_text_id, start_offset, end_offset, page, x, y, w, h) VALUES ((SELECT id FROM base_texts WHERE document_id = ? AND lang = ?), ?, ?, ?, ?, ?, ?, ?)`,
			[]any{d.ID, w.Lang, w.Start, w.End, w.Page, w.X, w.Y, w.W, w.H},
		})
	}
	return st
}

// FindPageImages lists the scans of document id in page order (none for a
// document without scans), without reading the rest of the document: what
// the image service needs on every request.
func (db *DB) FindPageImages(ctx context.Context, id string) ([]sverka.PageImage, error) {
	var pages []sverka.PageImage
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		pages, err = findPages(ctx, tx, id)
		return err
	})
	return pages, err
}

func findPages(ctx context.Context, tx *sql.Tx, id string) ([]sverka.PageImage, error) {
	rows, err := tx.QueryContext(ctx, `SELECT number, lang, hash, format, width, height FROM page_images WHERE document_id = ? ORDER BY number`, id)
	if err != nil {
		return nil, fmt.Errorf("find page images: %w", err)
	}
	defer rows.Close()
	var pages []sverka.PageImage
	for rows.Next() {
		var p sverka.PageImage
		if err := rows.Scan(&p.Number, &p.Lang, &p.Hash, &p.Format, &p.Width, &p.Height); err != nil {
			return nil, fmt.Errorf("find page images: %w", err)
		}
		pages = append(pages, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find page images: %w", err)
	}
	return pages, nil
}

// findScan reads d's page images and word boxes, in order.
func findScan(ctx context.Context, tx *sql.Tx, d *sverka.Document) error {
	var err error
	if d.Pages, err = findPages(ctx, tx, d.ID); err != nil || len(d.Pages) == 0 {
		return err
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT t.lang, w.start_offset, w.end_offset, w.page, w.x, w.y, w.w, w.h
		FROM word_boxes w JOIN base_texts t ON t.id = w.base_text_id
		WHERE t.document_id = ? ORDER BY t.lang, w.start_offset`, d.ID)
	if err != nil {
		return fmt.Errorf("find word boxes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var w sverka.WordBox
		if err := rows.Scan(&w.Lang, &w.Start, &w.End, &w.Page, &w.X, &w.Y, &w.W, &w.H); err != nil {
			return fmt.Errorf("find word boxes: %w", err)
		}
		d.WordBoxes = append(d.WordBoxes, w)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("find word boxes: %w", err)
	}
	return nil
}

// CheckImages makes sure that every page image the database's documents
// name is in its image store, holding the image its name (the SHA-256 of
// its bytes) says; otherwise it names the first that is not.
func (db *DB) CheckImages(ctx context.Context) error {
	rows, err := db.reader.QueryContext(ctx, `SELECT DISTINCT hash FROM page_images ORDER BY hash`)
	if err != nil {
		return fmt.Errorf("check images: %w", err)
	}
	hashes, err := scanColumn[string](rows)
	if err != nil || len(hashes) == 0 {
		return err
	}
	images, err := db.Images()
	if err != nil {
		return err
	}
	for _, h := range hashes {
		if err := sameImage(images, h); err != nil {
			return fmt.Errorf("check images: %w", err)
		}
	}
	return nil
}

// sameImage checks that the stored image hash holds the bytes it is named by.
func sameImage(images *facsimile.Store, hash string) error {
	f, err := images.Open(hash)
	if err != nil {
		return err
	}
	defer f.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return fmt.Errorf("image %s: %w", hash, err)
	}
	if hex.EncodeToString(sum.Sum(nil)) != hash {
		return fmt.Errorf("image %s holds other bytes", hash)
	}
	return nil
}
