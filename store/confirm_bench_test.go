package store_test

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"sverka/ingest"
	"sverka/internal/storetest"
	"sverka/store"
)

// BenchmarkConfirmMany confirms every link of a public document of 500 and 2,000
// one-sentence paragraphs at once ("confirm all above", as the editor does), undoing
// it between rounds: the edit, its log, and the corpus's learned dictionary (stems of
// every newly confirmed link) in one transaction. It reports the milliseconds of the
// confirmation, wall and processor (the whole process's, the background indexer
// included), and one link's share of the wall time.
func BenchmarkConfirmMany(b *testing.B) {
	for _, n := range []int{500, 2000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			db := storetest.Open(b)
			ctx := context.Background()
			var ru, en strings.Builder
			for k := range n {
				fmt.Fprintf(&ru, "Сопровождающий %d загрузил пакет номер %d в архив.\n\n", k, k)
				fmt.Fprintf(&en, "Maintainer %d uploaded package number %d to the archive.\n\n", k, k)
			}
			d, err := ingest.Plain(ingest.PlainPair{ID: "many", Russian: ru.String(), English: en.String()})
			if err != nil {
				b.Fatal(err)
			}
			d.Public = true
			if err := db.CreateDocument(ctx, d); err != nil {
				b.Fatal(err)
			}
			edit := func() store.AlignmentEdit {
				d, err := db.FindDocumentByID(ctx, "many")
				if err != nil {
					b.Fatal(err)
				}
				return store.AlignmentEdit{DocumentID: "many", Revision: d.Revision}
			}
			links := len(d.Links)
			var took, cpu time.Duration
			for b.Loop() {
				e := edit()
				start, startCPU := time.Now(), cpuTime(b)
				if _, err := db.ConfirmLinks(ctx, e, 1, links); err != nil {
					b.Fatal(err)
				}
				took += time.Since(start)
				cpu += cpuTime(b) - startCPU
				if _, err := db.UndoAlignmentEdit(ctx, edit()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(took.Milliseconds())/float64(b.N), "confirm-ms")
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "confirm-cpu-ms")
			b.ReportMetric(float64(took.Microseconds())/float64(b.N)/float64(links), "µs/link")
		})
	}
}

// cpuTime is the processor time the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
