package exchange

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"sverka"
	"sverka/store"
)

// benchSizes are the numbers of links (and of annotations) of the
// generated documents: memory held during an export must not grow from
// the first to the second beyond the base texts.
var benchSizes = []int{1000, 5000}

var (
	benchOnce sync.Once
	benchDB   *store.DB
	benchErr  error
)

// benchDocuments stores, once per run, a generated document "bench-N" for
// each of benchSizes: N 1:1 links with N annotations (3 in 5 notes, the
// others corrections, accepted, so with two versions each).
func benchDocuments(b *testing.B) *store.DB {
	benchOnce.Do(func() {
		ctx := context.Background()
		db, err := store.Open(ctx, b.TempDir()+"/bench.db")
		if err != nil {
			benchErr = err
			return
		}
		benchDB = db
		u, err := db.CreateUser(ctx, "anna", sverka.RoleEditor, "")
		if err != nil {
			benchErr = err
			return
		}
		for _, n := range benchSizes {
			if benchErr = benchDocument(ctx, db, u, n); benchErr != nil {
				return
			}
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDB
}

func benchDocument(ctx context.Context, db *store.DB, u *sverka.User, n int) error {
	var ru, en strings.Builder
	var rs, es []sverka.Segment
	var ruLen, enLen int
	d := &sverka.Document{ID: fmt.Sprintf("bench-%d", n), Title: "Generated", SourceFormat: "text", RawSource: "generated"}
	for i := range n {
		r := fmt.Sprintf("Предложение номер %d о мирных переговорах в Пекине. ", i+1)
		e := fmt.Sprintf("Sentence number %d about the peace talks in Peking. ", i+1)
		rl, el := len([]rune(r)), len([]rune(e))
		rs = append(rs, sverka.Segment{Start: ruLen, End: ruLen + rl - 1})
		es = append(es, sverka.Segment{Start: enLen, End: enLen + el - 1})
		ruLen, enLen = ruLen+rl, enLen+el
		ru.WriteString(r)
		en.WriteString(e)
		d.Links = append(d.Links, sverka.Link{Status: "auto", Confidence: 0.9, Segments: map[string][]int{"ru": {i}, "en": {i}}})
	}
	d.Texts = []sverka.BaseText{{Lang: "ru", Role: "original", Text: ru.String(), Segments: rs}, {Lang: "en", Role: "translation", Text: en.String(), Segments: es}}
	if err := db.CreateDocument(ctx, d); err != nil {
		return err
	}
	for i := range n {
		s := rs[i].Start
		a := &sverka.Annotation{DocumentID: d.ID, CreatorID: u.ID, Target: sverka.TextTarget{Lang: "ru", Start: s, End: s + 11}}
		if i%5 < 3 {
			a.Motivation, a.Body = sverka.MotivationNote, fmt.Sprintf("Note %d on this sentence.", i)
		} else {
			a.Motivation, a.Body = sverka.MotivationCorrection, "ПРЕДЛОЖЕНИЕ"
		}
		if err := db.CreateAnnotation(ctx, a); err != nil {
			return err
		}
		if a.Motivation == sverka.MotivationCorrection {
			if _, err := db.ReviewCorrection(ctx, a.ID, sverka.StatusAccepted, a.Version, u.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// BenchmarkExport writes the generated documents in every format. ns/op is
// the time of one export; peak-live-KiB is the most heap found live
// during one export beyond what was live before it (measured with the
// collector made eager, so that it is close to what the writer holds, not
// garbage); text-KiB is the size of the two base texts, which every
// writer keeps. From 1,000 to 5,000 links peak-live-KiB may grow by the
// growth of the texts, and no more.
func BenchmarkExport(b *testing.B) {
	db := benchDocuments(b)
	for _, n := range benchSizes {
		id := fmt.Sprintf("bench-%d", n)
		d, err := db.FindDocumentByID(context.Background(), id)
		if err != nil {
			b.Fatal(err)
		}
		texts := 0
		for _, t := range d.Texts {
			texts += len(t.Text)
		}
		for _, name := range FormatNames() {
			b.Run(fmt.Sprintf("links=%d/%s", n, name), func(b *testing.B) {
				f, _ := Lookup(name)
				cw := &countWriter{}
				write := func() {
					cw.n = 0
					if err := f.Write(cw, documents(db, nil, id), Options{}); err != nil {
						b.Fatal(err)
					}
				}
				for b.Loop() {
					write()
				}
				b.StopTimer()
				b.ReportMetric(float64(cw.n), "out-bytes")
				b.ReportMetric(float64(peakLive(write))/1024, "peak-live-KiB")
				b.ReportMetric(float64(texts)/1024, "text-KiB")
			})
		}
	}
}

// peakLive runs fn with the collector made eager and returns the most heap
// found live while it ran, less what was live before.
func peakLive(fn func()) uint64 {
	old := debug.SetGCPercent(5)
	defer debug.SetGCPercent(old)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	live := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := live()
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Microsecond)
		defer t.Stop()
		for {
			if v := live(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	<-done
	if peak.Load() < base {
		return 0
	}
	return peak.Load() - base
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
