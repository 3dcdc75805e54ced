// Package seed builds the documents every new Sverka database starts with
// (the letter of 5 October 1950 from Filippov [Stalin] to Mao Zedong) through
// the general import pipeline; seed/gen keeps the seed migrations up to date with it.
//
// The seed migration was generated from the pipeline; migrations are only
// appended, so when the pipeline later scores the seed's links differently,
//
//	go generate ./seed
//
// appends a migration that updates them, and a test proves that a new
// database holds what the pipeline makes today.
package seed

//go:generate go run -tags sqlite_fts5 ./gen

import (
	"fmt"
	"path/filepath"
	"time"

	"sverka"
	"sverka/ingest"
)

// Sources are the seed files, relative to this folder; each may have an
// editorial edits file beside it (see ingest.EditsPath).
var Sources = []string{"117313-filippov-to-mao-1950-10-05.txt"}

// seededAt is the creation time recorded for seed documents, fixed so that
// the generated migration does not change from one run to the next.
var seededAt = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// Documents runs the import pipeline on the seed files in dir.
func Documents(dir string) ([]*sverka.Document, error) {
	var docs []*sverka.Document
	for _, name := range Sources {
		d, err := ingest.WCAFile(filepath.Join(dir, name), seededAt)
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}
