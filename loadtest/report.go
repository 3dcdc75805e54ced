package loadtest

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Report is what a load test measured.
type Report struct {
	// ReadAll is every document read once (nil if not run), Baseline the
	// static file alone (nil if not run), Mixed the mix.
	ReadAll, Baseline, Mixed *Phase
}

// Phase is what one run of the clients measured.
type Phase struct {
	mu sync.Mutex
	// Latencies are the durations of the requests answered, by kind.
	Latencies map[string][]time.Duration
	// Errors count the failed requests by kind; FirstErrors keeps a few.
	Errors      map[string]int
	FirstErrors []string
	// Unfinished counts the requests still unanswered when the phase
	// ended, by kind; LongestUnfinished is how long the oldest had waited.
	Unfinished        map[string]int
	LongestUnfinished time.Duration
	Elapsed           time.Duration
	// RSSPeak and RSSEnd are the server's resident memory in bytes, the
	// most seen and the last (0 when not sampled).
	RSSPeak, RSSEnd int64
	// CPU is the processor time the server spent during the phase, user
	// and system (0 when not sampled): on a busy machine a fairer measure
	// than requests per second.
	CPU time.Duration
}

func newPhase() *Phase {
	return &Phase{Latencies: map[string][]time.Duration{}, Errors: map[string]int{}, Unfinished: map[string]int{}}
}

// cutShort notes a request the end of the phase cut short after waiting d.
func (p *Phase) cutShort(kind string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Unfinished[kind]++
	p.LongestUnfinished = max(p.LongestUnfinished, d)
}

func (p *Phase) record(kind string, d time.Duration, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.Errors[kind]++
		if len(p.FirstErrors) < 5 {
			p.FirstErrors = append(p.FirstErrors, err.Error())
		}
		return
	}
	p.Latencies[kind] = append(p.Latencies[kind], d)
}

// Count is the number of requests answered without error.
func (p *Phase) Count() int {
	n := 0
	for _, l := range p.Latencies {
		n += len(l)
	}
	return n
}

// ErrorCount is the number of requests that failed.
func (p *Phase) ErrorCount() int {
	n := 0
	for _, e := range p.Errors {
		n += e
	}
	return n
}

// Rate is the requests answered per second.
func (p *Phase) Rate() float64 {
	return float64(p.Count()) / p.Elapsed.Seconds()
}

// Percentile returns the latency below which q of the requests of the
// kinds named were answered (all kinds if none are named).
func (p *Phase) Percentile(q float64, kinds ...string) time.Duration {
	var all []time.Duration
	for k, l := range p.Latencies {
		if len(kinds) == 0 || slices.Contains(kinds, k) || slices.ContainsFunc(kinds, func(prefix string) bool { return strings.HasPrefix(k, prefix+" ") }) {
			all = append(all, l...)
		}
	}
	return percentile(all, q)
}

func percentile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	return d[min(int(q*float64(len(d))), len(d)-1)]
}

// sampleRSS reads the resident memory of a process four times a second,
// and its processor time, until the function it returns is called.
func (p *Phase) sampleRSS(pid int) (stop func()) {
	if pid == 0 {
		return func() {}
	}
	cpu0, cpuErr := CPU(pid)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss, err := RSS(pid); err == nil {
				p.mu.Lock()
				p.RSSPeak, p.RSSEnd = max(p.RSSPeak, rss), rss
				p.mu.Unlock()
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		if cpu1, err := CPU(pid); err == nil && cpuErr == nil {
			p.CPU = cpu1 - cpu0
		}
	}
}

// clockTicks is the unit of the times in /proc/PID/stat (USER_HZ, 100 on
// every Linux architecture Go runs on).
const clockTicks = 100

// CPU returns the processor time a process has used, user and system,
// from Linux's /proc/PID/stat.
func CPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 13 {
		return 0, fmt.Errorf("process %d: unexpected /proc/%d/stat", pid, pid)
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("process %d: unexpected /proc/%d/stat", pid, pid)
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// RSS returns the resident memory of a process in bytes, from Linux's
// /proc/PID/status.
func RSS(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for process %d", pid)
}

// Print writes the report as a table: per kind and in all, the count,
// rate, latency percentiles and errors; then memory.
func (r *Report) Print(w io.Writer) {
	if r.ReadAll != nil {
		fmt.Fprintln(w, "every document read once, as a page and through the API")
		r.ReadAll.print(w)
		fmt.Fprintln(w)
	}
	if r.Baseline != nil {
		fmt.Fprintln(w, "baseline: a static file through the same server")
		r.Baseline.print(w)
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "mixed load")
	r.Mixed.print(w)
	if r.Baseline != nil && r.Baseline.Rate() > 0 {
		fmt.Fprintf(w, "\nmixed throughput is %.3f of the static baseline's (%.0f vs %.0f req/s)\n", r.Mixed.Rate()/r.Baseline.Rate(), r.Mixed.Rate(), r.Baseline.Rate())
	}
}

func (p *Phase) print(w io.Writer) {
	kinds := make([]string, 0, len(p.Latencies))
	for k := range p.Latencies {
		kinds = append(kinds, k)
	}
	for k := range p.Errors {
		if _, ok := p.Latencies[k]; !ok {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	fmt.Fprintf(w, "%-18s %8s %9s %9s %9s %9s %9s %7s\n", "kind", "count", "req/s", "p50", "p95", "p99", "max", "errors")
	line := func(name string, lat []time.Duration, errs int) {
		fmt.Fprintf(w, "%-18s %8d %9.1f %9s %9s %9s %9s %7d\n", name, len(lat), float64(len(lat))/p.Elapsed.Seconds(),
			ms(percentile(lat, 0.50)), ms(percentile(lat, 0.95)), ms(percentile(lat, 0.99)), ms(percentile(lat, 1)), errs)
	}
	var all []time.Duration
	for _, k := range kinds {
		line(k, p.Latencies[k], p.Errors[k])
		all = append(all, p.Latencies[k]...)
	}
	line("all", all, p.ErrorCount())
	fmt.Fprintf(w, "%d requests in %s\n", p.Count()+p.ErrorCount(), p.Elapsed.Round(time.Millisecond))
	if len(p.Unfinished) > 0 {
		fmt.Fprintf(w, "unanswered at the end (the oldest waited %s):", p.LongestUnfinished.Round(time.Millisecond))
		for _, k := range slices.Sorted(maps.Keys(p.Unfinished)) {
			fmt.Fprintf(w, " %s %d", k, p.Unfinished[k])
		}
		fmt.Fprintln(w)
	}
	if p.RSSPeak > 0 {
		fmt.Fprintf(w, "server RSS: peak %.1f MB, at the end %.1f MB\n", float64(p.RSSPeak)/(1<<20), float64(p.RSSEnd)/(1<<20))
	}
	if n := p.Count() + p.ErrorCount(); p.CPU > 0 && n > 0 {
		fmt.Fprintf(w, "server CPU: %.2f s, %.2f ms a request\n", p.CPU.Seconds(), p.CPU.Seconds()*1000/float64(n))
	}
	for _, e := range p.FirstErrors {
		fmt.Fprintln(w, "error:", e)
	}
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64) + "ms"
}
