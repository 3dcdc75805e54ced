package loadtest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Latencies collects how long requests of each kind took, and failures.
type Latencies struct {
	mu     sync.Mutex
	took   map[string][]time.Duration
	failed map[string]int
}

// NewLatencies returns an empty collection.
func NewLatencies() *Latencies {
	return &Latencies{took: map[string][]time.Duration{}, failed: map[string]int{}}
}

// Add records one request of kind that took d; ok is false for a failure.
func (l *Latencies) Add(kind string, d time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !ok {
		l.failed[kind]++
		return
	}
	l.took[kind] = append(l.took[kind], d)
}

// Quantile is the q-quantile (0.99 for p99) of the requests of kind, or
// of all kinds if kind is "".
func (l *Latencies) Quantile(kind string, q float64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	var all []time.Duration
	for k, ds := range l.took {
		if kind == "" || k == kind {
			all = append(all, ds...)
		}
	}
	if len(all) == 0 {
		return 0
	}
	slices.Sort(all)
	return all[min(len(all)-1, int(q*float64(len(all))))]
}

// Count is how many requests of kind succeeded, and how many failed.
func (l *Latencies) Count(kind string) (ok, failed int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.took[kind]), l.failed[kind]
}

// Kinds lists the kinds seen, sorted.
func (l *Latencies) Kinds() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for k := range l.took {
		out = append(out, k)
	}
	for k := range l.failed {
		if _, ok := l.took[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// String is a table: per kind, the count, failures, p50 and p99.
func (l *Latencies) String() string {
	var b strings.Builder
	for _, k := range l.Kinds() {
		ok, failed := l.Count(k)
		fmt.Fprintf(&b, "%-12s %6d ok %4d failed  p50 %8v  p99 %8v\n", k, ok, failed,
			l.Quantile(k, 0.5).Round(100*time.Microsecond), l.Quantile(k, 0.99).Round(100*time.Microsecond))
	}
	return b.String()
}
