package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Manifest is what a generated corpus holds: its documents and search
// queries drawn from its own word frequencies, for a load test.
type Manifest struct {
	Documents []ManifestDocument `json:"documents"`
	Queries   Queries            `json:"queries"`
}

// ManifestDocument is one generated document.
type ManifestDocument struct {
	ID    string `json:"id"`
	Pairs int    `json:"pairs"`
	Notes int    `json:"notes"`
}

// ManifestName is the manifest's file name in a corpus directory; its
// extension keeps it out of "sverka import DIR/*.json".
const ManifestName = "manifest.sverka-corpus"

// WriteManifest writes the manifest into a corpus directory.
func WriteManifest(dir string, m *Manifest) error {
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ManifestName), b, 0o644)
}

// ReadManifest reads the manifest of a corpus directory.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	if len(m.Documents) == 0 {
		return nil, fmt.Errorf("read manifest: no documents in %s", dir)
	}
	return &m, nil
}

// All returns every query of every kind, with its kind.
func (q Queries) All() [][2]string {
	var out [][2]string
	for _, k := range []struct {
		kind string
		list []string
	}{{"common", q.Common}, {"rare", q.Rare}, {"phrase", q.Phrase}, {"inflected", q.Inflected}, {"prefix", q.Prefix}} {
		for _, s := range k.list {
			out = append(out, [2]string{k.kind, s})
		}
	}
	return out
}
