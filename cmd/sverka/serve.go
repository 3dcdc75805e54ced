package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"sverka/server"
	"sverka/store"
)

var serveCommand = command{
	summary: "run the web server (the default command)",
	flags: func(fs *flag.FlagSet, cfg *Config) {
		fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "address to listen on (SVERKA_ADDR)")
		fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "public origin, e.g. https://sverka.example.org (SVERKA_BASE_URL)")
		fs.BoolVar(&cfg.SignInToRead, "sign-in-to-read", cfg.SignInToRead, "anonymous visitors may read nothing (SVERKA_SIGN_IN_TO_READ)")
		fs.BoolVar(&cfg.InsecureCookies, "insecure-cookies", cfg.InsecureCookies, "cookies without the Secure flag, for plain HTTP (SVERKA_INSECURE_COOKIES)")
		fs.IntVar(&cfg.CacheMB, "cache-mb", cfg.CacheMB, "memory for caching documents and searches between requests, in MB (SVERKA_CACHE_MB)")
		fs.IntVar(&cfg.ImageCacheMB, "image-cache-mb", cfg.ImageCacheMB, "memory for caching decoded scans and IIIF images, in MB (SVERKA_IMAGE_CACHE_MB)")
		fs.IntVar(&cfg.CheckerCacheMB, "checker-cache-mb", cfg.CheckerCacheMB, "memory for what the OCR checker worked out of words and sentences, in MB (SVERKA_CHECKER_CACHE_MB)")
		fs.StringVar(&cfg.TrustedProxies, "trusted-proxies", cfg.TrustedProxies, "reverse proxies whose X-Forwarded-For to believe, comma-separated CIDRs (SVERKA_TRUSTED_PROXIES)")
		fs.DurationVar(&cfg.MigrateWait, "migrate-wait", cfg.MigrateWait, "how long to wait while another server migrates the same PostgreSQL database (SVERKA_MIGRATE_WAIT)")
		fs.StringVar(&cfg.DebugAddr, "debug-addr", cfg.DebugAddr, "address to answer Go's profiles on (/debug/pprof/), apart from the site; keep it private (SVERKA_DEBUG_ADDR)")
		fs.StringVar(&cfg.CORSOrigins, "cors-origins", cfg.CORSOrigins, "origins whose pages may write through the API with a Bearer token, comma-separated, e.g. https://tool.example.org (SVERKA_CORS_ORIGINS)")
	},
	run: serve,
}

// serve opens the database (migrating it), listens, and shuts down gracefully
// when ctx ends: HTTP first, then the database.
func serve(ctx context.Context, e env) error {
	if len(e.args) > 0 {
		return fmt.Errorf("serve takes no arguments, got %q", e.args)
	}
	if e.cfg.CacheMB < 1 || e.cfg.ImageCacheMB < 1 || e.cfg.CheckerCacheMB < 1 {
		return fmt.Errorf("--cache-mb %d, --image-cache-mb %d, --checker-cache-mb %d: want at least 1 each", e.cfg.CacheMB, e.cfg.ImageCacheMB, e.cfg.CheckerCacheMB)
	}
	budget, imageBudget := int64(e.cfg.CacheMB)<<20, int64(e.cfg.ImageCacheMB)<<20
	holdMemory(e.cfg)
	// A quarter of the budget keeps base texts, a sixteenth the passages
	// searches found (row ids), the rest the server's documents and pages.
	db, err := store.Open(ctx, e.cfg.DB, store.WithTextCacheBytes(budget/4), store.WithSearchCacheBytes(budget/16),
		store.WithImages(e.cfg.Images), store.WithMigrationWait(e.cfg.MigrateWait))
	if err != nil {
		return err
	}
	defer db.Close()
	proxies, err := parseCIDRs(e.cfg.TrustedProxies)
	if err != nil {
		return err
	}
	origins, err := parseOrigins(e.cfg.CORSOrigins)
	if err != nil {
		return err
	}
	srv, err := server.New(db, e.log, server.Config{BaseURL: e.cfg.BaseURL, CacheBytes: budget - budget/4 - budget/16, ImageCacheBytes: imageBudget, CheckerCacheBytes: int64(e.cfg.CheckerCacheMB) << 20, SignInToRead: e.cfg.SignInToRead,
		InsecureCookies: e.cfg.InsecureCookies, TrustedProxies: proxies, CORSOrigins: origins})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", e.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	// Live event streams end at shutdown instead of holding it up.
	hs.RegisterOnShutdown(srv.Shutdown)
	if e.cfg.DebugAddr != "" {
		_, stop, err := serveProfiles(e.cfg.DebugAddr, e.log)
		if err != nil {
			return err
		}
		defer stop()
	}
	e.log.Info("sverka is serving", "url", "http://"+ln.Addr().String()+"/", "db", store.Describe(e.cfg.DB))
	go func() {
		readDictionaries(e.log)
		srv.PrepareSuggestions()
		// Reading the dictionaries left several times their size of
		// garbage; give it back now rather than over minutes.
		debug.FreeOSMemory()
	}()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	cctx, stopCheckpoints := context.WithCancel(ctx)
	checkpointsDone := make(chan struct{})
	go func() {
		defer close(checkpointsDone)
		checkpoints(cctx, db, e.log)
	}()
	defer func() { stopCheckpoints(); <-checkpointsDone }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	e.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// checkpointEvery is how often the server looks at the write-ahead log.
const checkpointEvery = 5 * time.Second

// checkpoints empties the write-ahead log whenever it has grown past its
// limit (store.DB.Checkpoint), until ctx ends.
func checkpoints(ctx context.Context, db *store.DB, log *slog.Logger) {
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		wal, err := db.Checkpoint(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Warn("checkpoint failed", "err", err)
		case wal.Busy:
			log.Info("the write-ahead log is still needed by a reader", "bytes", wal.Bytes)
		}
	}
}

// parseCIDRs reads a comma-separated list of CIDR ranges; a bare address is
// a range of one.
func parseCIDRs(list string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			ip := net.ParseIP(item)
			if ip == nil {
				return nil, fmt.Errorf("trusted proxy %q is neither an address nor a CIDR range", item)
			}
			bits := 128
			if ip.To4() != nil {
				bits = 32
			}
			item += "/" + strconv.Itoa(bits)
		}
		_, n, err := net.ParseCIDR(item)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q is neither an address nor a CIDR range", item)
		}
		out = append(out, n)
	}
	return out, nil
}

// parseOrigins reads a comma-separated list of origins, each
// scheme://host[:port] with nothing after it.
func parseOrigins(list string) ([]string, error) {
	var out []string
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		u, err := url.Parse(item)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("CORS origin %q: want scheme://host[:port], such as https://tool.example.org", item)
		}
		out = append(out, u.Scheme+"://"+strings.ToLower(u.Host))
	}
	return out, nil
}
