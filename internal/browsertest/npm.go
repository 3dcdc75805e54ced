package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// NPM finds the folder of an npm package that .ci/run installs, at the
// version given, into .cache/npm under the module root (not committed). Where
// it is missing, or at another version, the test is skipped with the command
// that installs it; under CI=true it fails.
func NPM(t testing.TB, pkg, version string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
	}
	dir = filepath.Join(dir, ".cache", "npm", "node_modules", filepath.FromSlash(pkg))
	var meta struct {
		Version string `json:"version"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err == nil {
		err = json.Unmarshal(b, &meta)
	}
	if err == nil && meta.Version != version {
		err = fmt.Errorf("version %s is installed", meta.Version)
	}
	if err != nil {
		msg := fmt.Sprintf("%s@%s is not installed (npm install --prefix .cache/npm %s@%s): %v", pkg, version, pkg, version, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}
