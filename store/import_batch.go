package store

import (
	"context"
	"database/sql"
	"fmt"

	"sverka"
)

// BatchPassages is about the most passages one transaction of a batch
// imports and indexes: a batch holds the writer about as long as a write
// that indexes inline (inlineBudget). It is also about what a caller
// should gather before calling ImportBatch.
const BatchPassages = inlineBudget

// ImportBatch imports archives as Import would one after the other, in
// order, in fewer transactions: consecutive documents that are new go in
// together, up to BatchPassages passages, each within a savepoint of its
// own, so that one that fails leaves nothing behind and the others go on,
// and their search index is written in the same transaction. A document
// already present, or named twice, goes through Import. It returns each
// archive's result and error.
func (db *DB) ImportBatch(ctx context.Context, archives []*sverka.Archive, replace bool) ([]ImportResult, []error) {
	results := make([]ImportResult, len(archives))
	errs := make([]error, len(archives))
	present, err := db.presentDocuments(ctx, archives)
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
		return results, errs
	}
	var batch []int
	passages := 0
	flush := func() {
		db.importNew(ctx, archives, batch, errs)
		for _, i := range batch {
			if errs[i] == nil {
				results[i] = ImportResult{Outcome: "imported"}
			}
		}
		batch, passages = nil, 0
	}
	named := map[string]bool{}
	for i, a := range archives {
		if a == nil || a.Document == nil {
			errs[i] = sverka.Invalid("document", "nothing to import")
			continue
		}
		if present[a.Document.ID] || named[a.Document.ID] {
			flush()
			results[i], errs[i] = db.Import(ctx, a, replace)
			continue
		}
		named[a.Document.ID] = true
		n := 0
		for _, t := range a.Document.Texts {
			n += len(t.Segments)
		}
		if len(batch) > 0 && passages+n > BatchPassages {
			flush()
		}
		batch, passages = append(batch, i), passages+n
	}
	flush()
	return results, errs
}

// presentDocuments says which of the archives' documents are in the
// database.
func (db *DB) presentDocuments(ctx context.Context, archives []*sverka.Archive) (map[string]bool, error) {
	var ids []string
	for _, a := range archives {
		if a != nil && a.Document != nil {
			ids = append(ids, a.Document.ID)
		}
	}
	present := map[string]bool{}
	if len(ids) == 0 {
		return present, nil
	}
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM documents WHERE id IN (`+placeholders(len(ids))+`)`, anySlice(ids)...)
		if err != nil {
			return err
		}
		found, err := scanStrings(rows)
		for _, id := range found {
			present[id] = true
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return present, nil
}

// importNew imports the new documents archives[i] for i in batch in one
// transaction, each within a savepoint, indexing them before it commits;
// it sets errs[i] for each one that fails.
func (db *DB) importNew(ctx context.Context, archives []*sverka.Archive, batch []int, errs []error) {
	var ready []int
	passages := 0
	for _, i := range batch {
		if errs[i] = db.prepareImport(archives[i]); errs[i] == nil {
			ready = append(ready, i)
			for _, t := range archives[i].Document.Texts {
				passages += len(t.Segments)
			}
		}
	}
	if len(ready) == 0 {
		return
	}
	newUsers := make([][]string, len(archives))
	err := db.commitIndexing(ctx, func(tx *sql.Tx) error {
		for _, i := range ready {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT import_document`); err != nil {
				return fmt.Errorf("import: %w", err)
			}
			newUsers[i], errs[i] = db.importDocument(ctx, tx, archives[i], false)
			if errs[i] != nil {
				if _, err := tx.ExecContext(ctx, `ROLLBACK TO import_document`); err != nil {
					return fmt.Errorf("import: %w", err)
				}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE import_document`); err != nil {
				return fmt.Errorf("import: %w", err)
			}
		}
		return nil
	}, inlineBudget+min(passages, BatchPassages))
	for _, i := range ready {
		if err != nil && errs[i] == nil {
			errs[i] = err
		}
		if errs[i] == nil {
			archives[i].NewUsers = newUsers[i]
		}
	}
}
