package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress draws a bar on a terminal when many files are imported: how
// many are done, the rate, and when the rest will be.
type progress struct {
	w     io.Writer
	total int
	on    bool
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, total int) *progress {
	f, ok := w.(*os.File)
	on := false
	if ok && total >= 5 {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			on = true
		}
	}
	return &progress{w: w, total: total, on: on, start: time.Now()}
}

// show says that item i (from 0) is under way; it redraws at most ten
// times a second.
func (p *progress) show(i int, name string) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond && i+1 < p.total {
		return
	}
	p.last = time.Now()
	fmt.Fprint(p.w, "\r"+p.line(i, name, time.Since(p.start)))
}

// line is the bar after i of total items took elapsed: done, rate, ETA.
func (p *progress) line(i int, name string, elapsed time.Duration) string {
	const width = 30
	filled := width * i / p.total
	if r := []rune(name); len(r) > 30 {
		name = "…" + string(r[len(r)-29:])
	}
	rate, eta := "", ""
	if i > 0 && elapsed > 0 {
		perSecond := float64(i) / elapsed.Seconds()
		rate = fmt.Sprintf("%.1f/s", perSecond)
		eta = "ETA " + (time.Duration(float64(p.total-i)/perSecond) * time.Second).Round(time.Second).String()
	}
	return fmt.Sprintf("[%s%s] %d/%d %8s %-12s %-30s", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), i+1, p.total, rate, eta, name)
}

func (p *progress) done() {
	if p.on {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 110))
	}
}
