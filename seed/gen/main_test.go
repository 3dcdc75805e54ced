package main

import "testing"

// TestNewDatabaseHoldsWhatThePipelineMakes proves that a new database, after
// every migration, holds the seed documents exactly as the import pipeline
// makes them today: texts, segments, links and their scores.
func TestNewDatabaseHoldsWhatThePipelineMakes(t *testing.T) {
	up, _, err := Refresh("..")
	if err != nil {
		t.Fatal(err)
	}
	if up != "" {
		t.Errorf("the pipeline scores the seeded links differently; run go generate ./seed and review the new migration:\n%s", up)
	}
}
