package pgtest

import (
	"fmt"
	"os"
	osexec "os/exec"
	"strings"
	"testing"
)

// EngineEnv chooses the engine a test process opens its stores on:
// "postgres" for PostgreSQL, SQLite otherwise.
const EngineEnv = "SVERKA_TEST_ENGINE"

// On reports whether this process's tests run on PostgreSQL.
func On() bool { return os.Getenv(EngineEnv) == "postgres" }

// SkipOn skips t on PostgreSQL: it tests what only a SQLite file has
// (the file, its backup, its write-ahead log).
func SkipOn(t testing.TB) {
	t.Helper()
	if On() {
		t.Skip("a SQLite file's own behaviour; nothing to test on PostgreSQL")
	}
}

// Main runs a package's tests, on SQLite, then, when SVERKA_TEST_POSTGRES
// names a server, once more on PostgreSQL: those run selects (a -run
// pattern; "" every one, as does a -run given to go test) but for those
// skip names (a -skip pattern; "" none, as does a -skip given to go test),
// in a child process of the same test binary with
// SVERKA_TEST_ENGINE=postgres. It exits with the first failure's status.
func Main(m *testing.M, run, skip string) {
	code := m.Run()
	if code != 0 || On() || os.Getenv(Env) == "" {
		os.Exit(code)
	}
	args := os.Args[1:]
	given := strings.Join(args, " ")
	if run != "" && !strings.Contains(given, "-test.run") {
		args = append(args, "-test.run="+run)
	}
	if skip != "" && !strings.Contains(given, "-test.skip") {
		args = append(args, "-test.skip="+skip)
	}
	fmt.Println("--- the same tests on PostgreSQL (" + EngineEnv + "=postgres)")
	child := osexec.Command(os.Args[0], args...)
	child.Env = append(os.Environ(), EngineEnv+"=postgres")
	child.Stdout, child.Stderr = os.Stdout, os.Stderr
	if err := child.Run(); err != nil {
		fmt.Println("on PostgreSQL:", err)
		os.Exit(1)
	}
	os.Exit(0)
}
