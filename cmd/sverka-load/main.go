// Command sverka-load puts a running Sverka server under load from many
// clients on loopback, with the documents and queries of a corpus made by
// sverka-corpus and imported into the server's database:
//
//	sverka-load -corpus DIR [-url http://127.0.0.1:8080] [-clients 32] [-duration 30s]
//	            [-requests N] [-mix 70/20/10] [-token TOKEN] [-pid PID] [-baseline 10s] [-read-all]
//
// It prints throughput, latency percentiles by kind of request, errors
// and, given the server's process id, its resident memory. Writes (notes)
// need an annotator's API token: -token or SVERKA_TOKEN.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"sverka/corpus"
	"sverka/loadtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "sverka-load:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := loadtest.Config{Token: getenv("SVERKA_TOKEN")}
	var dir, mix string
	fs := flag.NewFlagSet("sverka-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&dir, "corpus", "", "directory made by sverka-corpus (its manifest names documents and queries)")
	fs.StringVar(&cfg.BaseURL, "url", "http://127.0.0.1:8080", "the server's origin")
	fs.IntVar(&cfg.Clients, "clients", 32, "clients sending requests at once")
	fs.DurationVar(&cfg.Duration, "duration", 30*time.Second, "how long the mixed load lasts")
	fs.IntVar(&cfg.Requests, "requests", 0, "stop after this many requests (0: no bound)")
	fs.StringVar(&mix, "mix", "70/20/10", "percent of reads/searches/writes")
	fs.StringVar(&cfg.Token, "token", cfg.Token, "API token of an annotator, for writes (SVERKA_TOKEN)")
	fs.IntVar(&cfg.PID, "pid", 0, "the server's process id, to sample its resident memory")
	fs.DurationVar(&cfg.Baseline, "baseline", 0, "first load a static file for this long, as a baseline")
	fs.BoolVar(&cfg.ReadAll, "read-all", false, "first read every document once (page and API)")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "seed of the choice of requests")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if dir == "" || fs.NArg() > 0 {
		return errors.New("usage: sverka-load -corpus DIR [flags]")
	}
	parts := strings.Split(mix, "/")
	if len(parts) != 3 {
		return fmt.Errorf("-mix %q: want READS/SEARCHES/WRITES in percent", mix)
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return fmt.Errorf("-mix %q: want READS/SEARCHES/WRITES in percent", mix)
		}
		cfg.Mix[i] = n
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	var err error
	if cfg.Manifest, err = corpus.ReadManifest(dir); err != nil {
		return err
	}
	rep, err := loadtest.Run(ctx, cfg)
	if rep != nil {
		rep.Print(stdout)
	}
	return err
}
