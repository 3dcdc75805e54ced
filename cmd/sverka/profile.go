package main

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// serveProfiles answers Go's runtime profiles (CPU, heap, allocations,
// goroutines, the execution trace) under /debug/pprof/ on addr, a listener
// apart from the site's, so that they are never reachable through it. It
// returns the address it listens on and a function that closes it.
func serveProfiles(addr string, log *slog.Logger) (string, func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("listen for profiles: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Info("profiles are served", "url", "http://"+ln.Addr().String()+"/debug/pprof/")
	go hs.Serve(ln) //nolint:errcheck // ends with the listener
	return ln.Addr().String(), func() { hs.Close() }, nil
}
