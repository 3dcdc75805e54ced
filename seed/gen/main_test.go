package main

import (
	"testing"

	"sverka/migrations"
)

// TestMigrationIsGenerated proves that the committed seed migration is what
// the pipeline makes of the seed files today.
func TestMigrationIsGenerated(t *testing.T) {
	up, down, err := Migration("..")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{MigrationName + ".up.sql": up, MigrationName + ".down.sql": down} {
		got, err := migrations.FS.ReadFile(name)
		if err != nil {
			t.Fatalf("read %s: %v (run go generate ./seed)", name, err)
		}
		if string(got) != want {
			t.Errorf("%s differs from what the pipeline generates now; run go generate ./seed and review the diff", name)
		}
	}
}
