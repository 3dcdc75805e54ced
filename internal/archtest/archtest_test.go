package archtest

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// module is the module path; project packages are it and what lies below.
const module = "sverka"

// row matches a line of the package table of ARCHITECTURE.md:
// | `package` | `import`, `import` | …
var row = regexp.MustCompile("^\\| `([a-z/.-]+)` \\| ([^|]*)\\|")

// allowedImports reads the package table of ARCHITECTURE.md: each project
// package with the project packages it may import.
func allowedImports(t *testing.T) map[string][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	allowed := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := row.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		var deps []string
		for _, d := range regexp.MustCompile("`([a-z/.-]+)`").FindAllStringSubmatch(m[2], -1) {
			deps = append(deps, d[1])
		}
		allowed[m[1]] = deps
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(allowed) < 10 {
		t.Fatalf("read %d packages from the table of ARCHITECTURE.md; is the table still there?", len(allowed))
	}
	return allowed
}

type listed struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// packages lists every package of the module with its imports and all its
// dependencies (test files left out), as the go tool sees them.
func packages(t *testing.T) []listed {
	t.Helper()
	cmd := exec.Command("go", "list", "-tags", "sqlite_fts5", "-json=ImportPath,Imports,Deps", module+"/...")
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var list []listed
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p listed
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		list = append(list, p)
	}
	return list
}

// short names a project package as the table does: "." for the module
// root, else its path below the module.
func short(path string) (string, bool) {
	if path == module {
		return ".", true
	}
	rest, ok := strings.CutPrefix(path, module+"/")
	return rest, ok
}

// TestImportsFollowTheMap fails on any import between project packages that
// the table of ARCHITECTURE.md does not list, and on a package the table
// does not know.
func TestImportsFollowTheMap(t *testing.T) {
	allowed := allowedImports(t)
	for _, p := range packages(t) {
		name, _ := short(p.ImportPath)
		deps, ok := allowed[name]
		if !ok {
			t.Errorf("package %s is not in the table of ARCHITECTURE.md; add it with what it may import", name)
			continue
		}
		for _, imp := range p.Imports {
			dep, ok := short(imp)
			if ok && !slices.Contains(deps, dep) {
				t.Errorf("%s imports %s: ARCHITECTURE.md allows it only %v", name, dep, deps)
			}
		}
	}
}

// textPackages read and write files and text; they never reach the store.
var textPackages = []string{"anno", "exchange", "ingest", "seed", "markdown", "reading"}

// TestLayersStayApart checks the arrows that matter most through every
// dependency, not just direct imports: the domain depends on nothing of the
// project, and only the HTTP layer and the command line know echo.
func TestLayersStayApart(t *testing.T) {
	for _, p := range packages(t) {
		name, _ := short(p.ImportPath)
		for _, dep := range p.Deps {
			if name == "." {
				if _, ok := short(dep); ok {
					t.Errorf("the domain package imports %s; it must import nothing of the project", dep)
				}
			}
			if strings.HasPrefix(dep, "github.com/labstack/echo") && name != "server" && name != "cmd/sverka" {
				t.Errorf("%s depends on %s; only server (and the command line that starts it) may", name, dep)
			}
			if dep == module+"/store" && slices.Contains(textPackages, name) {
				t.Errorf("%s depends on store; the file and text packages speak the domain only", name)
			}
			if dep == module+"/server" && name != "cmd/sverka" {
				t.Errorf("%s depends on server; only the command line may", name)
			}
		}
	}
}
