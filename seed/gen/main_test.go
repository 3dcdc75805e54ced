package main

import (
	"testing"

	"sverka/internal/pgtest"
)

// TestNewDatabaseHoldsWhatThePipelineMakes proves that a new database, after
// every migration, holds the seed documents exactly as the import pipeline
// makes them today: texts, segments, links and their scores; on SQLite and
// on PostgreSQL.
func TestNewDatabaseHoldsWhatThePipelineMakes(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			var pg string
			if engine == "postgres" {
				pg = pgtest.URL(t)
			}
			up, _, err := Refresh("..", pg)
			if err != nil {
				t.Fatal(err)
			}
			if up != "" {
				t.Errorf("the pipeline scores the seeded links differently; run go generate ./seed and review the new migration:\n%s", up)
			}
		})
	}
}
