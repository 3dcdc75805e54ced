// Command sverka runs the Sverka server and its command-line tools.
//
//	sverka [serve] [--addr 127.0.0.1:8080] [--db sverka.db]
//	sverka migrate up|down|version [--yes] [--db sverka.db]
//	sverka backup FILE | restore FILE
//	sverka copy-db --from SOURCE --to TARGET
//	sverka user add NAME --role admin   (password on standard input)
//	sverka user list | set-role NAME ROLE | disable NAME | enable NAME
//	sverka token create NAME [--label LABEL]
//	sverka import [--replace] [--id ID] [--title TITLE] FILE…
//	sverka align RU.txt EN.txt
//	sverka suggest FILE
//
// Settings come from defaults, then the environment (SVERKA_ADDR, SVERKA_DB,
// SVERKA_BASE_URL, SVERKA_LOG_LEVEL, SVERKA_SIGN_IN_TO_READ,
// SVERKA_INSECURE_COOKIES, SVERKA_CACHE_MB, SVERKA_IMAGE_CACHE_MB), then flags. This file is the only place
// that reads them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"sverka/store"
	"sverka/suggest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "sverka:", err)
		os.Exit(1)
	}
}

// Config is everything sverka can be told.
type Config struct {
	Addr string
	// DB is a SQLite file or a postgres:// URL (SVERKA_DB).
	DB string
	// Images is the folder of page images (SVERKA_IMAGES); by default
	// beside a SQLite file (DB.images), sverka.images for PostgreSQL.
	Images   string
	BaseURL  string
	LogLevel string
	// SignInToRead keeps anonymous visitors out (SVERKA_SIGN_IN_TO_READ=true);
	// by default they may read public documents.
	SignInToRead bool
	// InsecureCookies drops the Secure flag of cookies
	// (SVERKA_INSECURE_COOKIES=true), for plain HTTP on a private network.
	InsecureCookies bool
	// CacheMB bounds, in megabytes, what the server keeps of documents in
	// memory between requests (SVERKA_CACHE_MB): a quarter for base texts,
	// the rest for API answers and rendered reading views (memory.go says
	// how the heap is held).
	CacheMB int
	// ImageCacheMB bounds, in megabytes, what the IIIF image service keeps
	// in memory (SVERKA_IMAGE_CACHE_MB): three quarters for decoded scans,
	// the rest for the images it answered.
	ImageCacheMB int
	// CheckerCacheMB bounds, in megabytes, what the OCR checker keeps of
	// what it worked out of words and sentences (SVERKA_CHECKER_CACHE_MB):
	// half for sentences, which a check after an edit finds again.
	CheckerCacheMB int
	// GoMemLimit is the Go runtime's own GOMEMLIMIT, which wins when set.
	GoMemLimit string
	// GoGC is the Go runtime's own GOGC, which wins when set.
	GoGC string
	// MallocArenaMax is glibc's own MALLOC_ARENA_MAX, which wins when set
	// (else serve holds the C allocator to mallocArenas arenas).
	MallocArenaMax string
	// TrustedProxies is a comma-separated list of the reverse proxies
	// (CIDR ranges or addresses) whose X-Forwarded-For names the client
	// (SVERKA_TRUSTED_PROXIES).
	TrustedProxies string
	// MigrateWait bounds how long serve waits while another server
	// migrates the same PostgreSQL database (SVERKA_MIGRATE_WAIT).
	MigrateWait time.Duration
	// CORSOrigins is a comma-separated list of the origins whose pages may
	// write through the API with a Bearer token (SVERKA_CORS_ORIGINS).
	CORSOrigins string
	// DebugAddr is where serve answers Go's profiles (/debug/pprof/), on a
	// listener of its own (SVERKA_DEBUG_ADDR); empty: nowhere.
	DebugAddr string
	// Export holds the flags of sverka export (export.go).
	Export ExportConfig
	// Import holds the flags of sverka import (import.go).
	Import ImportConfig
	// OCR holds the flags of sverka ocr (ocr.go).
	OCR OCRConfig
	// Copy holds the flags of sverka copy-db (copydb.go).
	Copy CopyConfig
	// Yes answers yes to the question sverka migrate down asks.
	Yes bool
}

// env is what a command gets: its settings, its own arguments and its streams.
type env struct {
	cfg    Config
	args   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	log    *slog.Logger
}

// command is one subcommand: flags it adds to the common ones, and what it does.
type command struct {
	summary string
	flags   func(fs *flag.FlagSet, cfg *Config)
	run     func(ctx context.Context, e env) error
}

// commands lists every subcommand; each lives in a file of its name.
var commands = map[string]command{
	"serve":    serveCommand,
	"user":     userCommand,
	"token":    tokenCommand,
	"migrate":  migrateCommand,
	"backup":   backupCommand,
	"copy-db":  copyDBCommand,
	"restore":  restoreCommand,
	"export":   exportCommand,
	"import":   importCommand,
	"ocr":      ocrCommand,
	"align":    alignCommand,
	"suggest":  suggestCommand,
	"document": documentCommand,
}

// run parses args and runs the subcommand they name ("serve" if none).
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg := Config{Addr: "127.0.0.1:8080", DB: "sverka.db", LogLevel: "info", CacheMB: 16, ImageCacheMB: 128, CheckerCacheMB: suggest.DefaultMemoBytes >> 20}
	for name, dst := range map[string]*string{"SVERKA_ADDR": &cfg.Addr, "SVERKA_DB": &cfg.DB, "SVERKA_IMAGES": &cfg.Images, "SVERKA_BASE_URL": &cfg.BaseURL, "SVERKA_LOG_LEVEL": &cfg.LogLevel, "SVERKA_TRUSTED_PROXIES": &cfg.TrustedProxies, "SVERKA_CORS_ORIGINS": &cfg.CORSOrigins, "SVERKA_DEBUG_ADDR": &cfg.DebugAddr} {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	for name, dst := range map[string]*bool{"SVERKA_SIGN_IN_TO_READ": &cfg.SignInToRead, "SVERKA_INSECURE_COOKIES": &cfg.InsecureCookies} {
		if v := getenv(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s=%q: want true or false", name, v)
			}
			*dst = b
		}
	}
	cfg.GoMemLimit = getenv("GOMEMLIMIT")
	cfg.GoGC = getenv("GOGC")
	cfg.MallocArenaMax = getenv("MALLOC_ARENA_MAX")
	cfg.MigrateWait = store.DefaultMigrationWait
	if v := getenv("SVERKA_MIGRATE_WAIT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("SVERKA_MIGRATE_WAIT=%q: want a duration such as 30m", v)
		}
		cfg.MigrateWait = d
	}
	for name, mb := range map[string]*int{"SVERKA_CACHE_MB": &cfg.CacheMB, "SVERKA_IMAGE_CACHE_MB": &cfg.ImageCacheMB, "SVERKA_CHECKER_CACHE_MB": &cfg.CheckerCacheMB} {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return fmt.Errorf("%s=%q: want a whole number of megabytes, at least 1", name, v)
			}
			*mb = n
		}
	}
	if len(args) > 0 && (args[0] == "help" || isHelpFlag(args[0])) {
		if len(args) > 1 && args[0] == "help" {
			return run(ctx, []string{args[1], "--help"}, getenv, stdin, stdout, stderr)
		}
		usage(stdout)
		return nil
	}
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	cmd, ok := commands[name]
	if !ok {
		return fmt.Errorf("unknown command %q; commands: %s", name, strings.Join(commandNames(), ", "))
	}
	fs := flag.NewFlagSet("sverka "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if slices.ContainsFunc(args, isHelpFlag) {
		fs.SetOutput(stdout) // asked for: the answer, not an error
	}
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file, or a postgres:// URL (SVERKA_DB)")
	fs.StringVar(&cfg.Images, "images", cfg.Images, "folder of page images (SVERKA_IMAGES; default: beside a SQLite file, sverka.images for PostgreSQL)")
	fs.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "debug, info, warn or error (SVERKA_LOG_LEVEL)")
	if cmd.flags != nil {
		cmd.flags(fs, &cfg)
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "sverka %s: %s\n", name, cmd.summary)
		fs.PrintDefaults()
	}
	if err := fs.Parse(flagsFirst(fs, args)); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return fmt.Errorf("log level %q: %w", cfg.LogLevel, err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	return cmd.run(ctx, env{cfg: cfg, args: fs.Args(), stdin: stdin, stdout: stdout, stderr: stderr, log: log})
}

// flagsFirst moves the flags fs knows, wherever they stand, to the front of
// args, so that "sverka import a.json --replace" and "sverka user add NAME
// --role admin --db FILE" work as well as with the flags first. Flags fs
// does not know (a sub-command's own) stay where they are.
func flagsFirst(fs *flag.FlagSet, args []string) []string {
	var known, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if !strings.HasPrefix(a, "-") || f == nil {
			rest = append(rest, a)
			continue
		}
		known = append(known, a)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if !hasValue && i+1 < len(args) {
			known = append(known, args[i+1])
			i++
		}
	}
	return append(known, rest...)
}

// isHelpFlag reports whether arg asks for help.
func isHelpFlag(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}

// usage lists the commands, for sverka help.
func usage(w io.Writer) {
	fmt.Fprintln(w, "Sverka: a workbench for sentence-aligned Russian-English archival documents.")
	fmt.Fprintln(w, "\nUsage: sverka [COMMAND] [FLAGS] [ARGUMENTS]   (serve if no command is given)\n\nCommands:")
	for _, n := range commandNames() {
		summary, _, _ := strings.Cut(commands[n].summary, "\n")
		fmt.Fprintf(w, "  %-8s %s\n", n, summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --db FILE (SVERKA_DB) and --log-level LEVEL.")
	fmt.Fprintln(w, "sverka help COMMAND or sverka COMMAND --help lists its flags.")
}

func commandNames() []string {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
