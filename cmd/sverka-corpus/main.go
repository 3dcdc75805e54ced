// Command sverka-corpus makes up an archive of parallel Russian-English
// documents of realistic shape, as files that sverka import reads, for
// measuring Sverka at scale (see package corpus):
//
//	sverka-corpus [-n 10000] [-seed 1] [-format json|plain] [-annotated 0.1] [-long 1] DIR
//
// DIR receives one Sverka JSON file a document (with notes on some), or a
// plain pair NAME.ru.txt + NAME.en.txt a document (no notes), and
// manifest.sverka-corpus: JSON listing the documents and search queries
// drawn from the corpus's own word frequencies, which sverka-load reads.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"

	"sverka/corpus"
	"sverka/exchange"
	"sverka/ingest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "sverka-corpus:", err)
		}
		os.Exit(1)
	}
}

// Config is what sverka-corpus can be told.
type Config struct {
	Dir        string
	N          int
	Seed       uint64
	Format     string
	Annotated  float64
	Long       int
	Vocabulary int
	Queries    int
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("sverka-corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.N, "n", 10000, "number of documents")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "the same seed makes the same corpus")
	fs.StringVar(&cfg.Format, "format", "json", "json (Sverka JSON, titles, dates, notes) or plain (NAME.ru.txt + NAME.en.txt pairs)")
	fs.Float64Var(&cfg.Annotated, "annotated", 0.1, "share of documents with notes (json only)")
	fs.IntVar(&cfg.Long, "long", 1, fmt.Sprintf("the first LONG documents have the most sentence pairs (%d)", corpus.MaxPairs))
	fs.IntVar(&cfg.Vocabulary, "vocabulary", 30000, "lemmas per language")
	fs.IntVar(&cfg.Queries, "queries", 200, "search queries of each kind in the manifest")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: sverka-corpus [flags] DIR")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("name one output directory")
	}
	cfg.Dir = fs.Arg(0)
	if cfg.Format != "json" && cfg.Format != "plain" {
		return fmt.Errorf("-format %q: want json or plain", cfg.Format)
	}
	if cfg.N < 1 || cfg.Vocabulary < 100 {
		return errors.New("-n must be at least 1 and -vocabulary at least 100")
	}
	return generate(ctx, cfg, stdout, stderr)
}

// job is one document on its way to a file.
type job struct {
	doc   corpus.Document
	notes int
	seed  uint64
}

// generate draws the documents in order (one random stream, so the same
// seed gives the same corpus) and derives and writes them on every core.
func generate(ctx context.Context, cfg Config, stdout, stderr io.Writer) error {
	rng := rand.New(rand.NewPCG(cfg.Seed, 1))
	ru, en, err := corpus.ReadDictionaries(cfg.Vocabulary, rng)
	if err != nil {
		return err
	}
	g := corpus.New(ru, en, cfg.Seed)
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return err
	}
	jobs := make(chan job)
	errc := make(chan error, runtime.NumCPU())
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := write(cfg, g, j); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	var m corpus.Manifest
	start := time.Now()
	segments := 0
	for i := 0; i < cfg.N && err == nil; i++ {
		pairs := g.Pairs()
		if i < cfg.Long {
			pairs = corpus.MaxPairs
		}
		j := job{doc: g.Document(fmt.Sprintf("gen-%05d", i), pairs), seed: cfg.Seed<<32 + uint64(i)}
		if cfg.Format == "json" && rng.Float64() < cfg.Annotated {
			j.notes = 1 + rng.IntN(8)
		}
		m.Documents = append(m.Documents, corpus.ManifestDocument{ID: j.doc.ID, Pairs: pairs, Notes: j.notes})
		segments += 2 * pairs
		select {
		case jobs <- j:
		case err = <-errc:
		case <-ctx.Done():
			err = ctx.Err()
		}
		if (i+1)%500 == 0 {
			fmt.Fprintf(stderr, "\r%d of %d documents, %.0f/s", i+1, cfg.N, float64(i+1)/time.Since(start).Seconds())
		}
	}
	close(jobs)
	wg.Wait()
	close(errc)
	if err != nil {
		return err
	}
	if err := <-errc; err != nil {
		return err
	}
	m.Queries = g.Queries(cfg.Queries)
	if err := corpus.WriteManifest(cfg.Dir, &m); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d documents (about %d sentences) to %s in %s\n", cfg.N, segments, cfg.Dir, time.Since(start).Round(time.Millisecond))
	return nil
}

// write writes one document: a plain pair, or Sverka JSON derived as the
// importer derives a plain pair, with its metadata and notes.
func write(cfg Config, g *corpus.Generator, j job) error {
	base := filepath.Join(cfg.Dir, j.doc.ID)
	if cfg.Format == "plain" {
		if err := os.WriteFile(base+".ru.txt", []byte(j.doc.Russian), 0o644); err != nil {
			return err
		}
		return os.WriteFile(base+".en.txt", []byte(j.doc.English), 0o644)
	}
	d, err := ingest.Plain(ingest.PlainPair{ID: j.doc.ID, Title: j.doc.Title, Russian: j.doc.Russian, English: j.doc.English})
	if err != nil {
		return fmt.Errorf("derive %s: %w", j.doc.ID, err)
	}
	d.Date, d.Summary = j.doc.Date, j.doc.Summary
	d.CreatedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(j.seed&0xffffffff) * time.Minute)
	notes := map[string][]corpus.Note{}
	if j.notes > 0 {
		ru := g.Notes(d.Text("ru").Text, (j.notes+1)/2, j.seed)
		en := g.Notes(d.Text("en").Text, j.notes/2, j.seed+1)
		notes["ru"], notes["en"] = ru, en
	}
	f, err := os.Create(base + ".json")
	if err != nil {
		return err
	}
	a := newArchive(d, notes)
	err = exchange.WriteJSON(f, func(yield func(exchange.Source) error) error { return yield(a) }, exchange.Options{})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
