package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"sverka"
	"sverka/internal/pgtest"
)

// longArchives makes n documents of pairs sentence pairs, each sentence of
// words words drawn from a hundred or so.
func longArchives(n, pairs, words int) []*sverka.Archive {
	ru := strings.Fields("донесение штаб дивизия полк батальон приказ отступление наступление переправа река мост деревня " +
		"город станция поезд вагон снаряд патрон винтовка пулемёт орудие батарея разведка карта донесли доложили " +
		"командир комиссар солдат офицер генерал полковник майор капитан лейтенант сержант рядовой противник " +
		"оборона позиция окоп траншея блиндаж высота лес поле дорога шоссе болото снег мороз дождь туман рассвет")
	en := strings.Fields("report staff division regiment battalion order retreat advance crossing river bridge village " +
		"town station train wagon shell cartridge rifle machine gun battery reconnaissance map reported informed " +
		"commander commissar soldier officer general colonel major captain lieutenant sergeant private enemy " +
		"defence position trench dugout height forest field road highway swamp snow frost rain fog dawn")
	rng := rand.New(rand.NewPCG(1, 2))
	sentence := func(vocabulary []string, k int) string {
		var b strings.Builder
		for j := range words {
			if j > 0 {
				b.WriteString(" ")
			}
			b.WriteString(vocabulary[rng.IntN(len(vocabulary))])
		}
		fmt.Fprintf(&b, " %d.", k)
		return b.String()
	}
	var out []*sverka.Archive
	for i := range n {
		var ps [][2]string
		for k := range pairs {
			ps = append(ps, [2]string{sentence(ru, k), sentence(en, k)})
		}
		out = append(out, &sverka.Archive{Document: pairDocument(fmt.Sprintf("long-%d", i), "1943-02-01", true, ps...)})
	}
	return out
}

// TestWritesDoNotWaitForAnImport: while one open of a database (sverka
// import, Yielding) imports documents of 500 long sentences, another (a
// server) writes every few milliseconds and waits for less than half of
// what the import takes a document, indexed (all but two writes): imports
// stored and indexed up to 1,000 sentences a transaction, and a write
// waited for up to all of it. The import's transactions now end after
// about bulkTxTime. The sentences are long enough (300 words) that a
// document takes well over two such transactions on a fast, idle machine
// too (about 120 ms here); with 150 words one took 46-54 ms, half of it
// less than one transaction, and the test failed on any build.
func TestWritesDoNotWaitForAnImport(t *testing.T) {
	pgtest.SkipOn(t)
	if testing.Short() {
		t.Skip("imports for a few seconds")
	}
	ctx := context.Background()
	server, bulk := openServerAndBulk(t)
	for _, db := range []*DB{server, bulk} {
		if err := db.WaitIndexed(ctx); err != nil {
			t.Fatal(err)
		}
	}
	archives := longArchives(6, inlineBudget/2, 300)
	var list []*Prepared
	for _, a := range archives {
		list = append(list, bulk.PrepareImport(ctx, a))
	}
	done := make(chan []error)
	start := time.Now()
	go func() {
		_, errs := bulk.ImportPrepared(ctx, list, false)
		done <- errs
	}()
	// The import is done once its documents are indexed, by it or by the
	// server's indexer.
	var waits []time.Duration
	var errs []error
	for imported := false; !imported || searchQueued(t, server) > 0; {
		began := time.Now()
		err := server.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE search_keyer SET name = name`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		waits = append(waits, time.Since(began))
		select {
		case errs = <-done:
			imported = true
		case <-time.After(5 * time.Millisecond):
		}
	}
	took := time.Since(start)
	for i, err := range errs {
		if err != nil {
			t.Fatalf("archive %d: %v", i, err)
		}
	}
	perDocument := took / time.Duration(len(archives))
	slices.Sort(waits)
	// Writing a document in one transaction kept about one write waiting
	// that long for each document; a machine loaded many times over may
	// stall a write or two for as long anyway.
	n := len(archives) / 2
	long := waits[len(waits)-n]
	t.Logf("import and index: %v, %v a document; %d writes meanwhile waited: median %v, p95 %v, %d longest from %v, max %v",
		took, perDocument, len(waits), waits[len(waits)/2], waits[len(waits)*95/100], n, long, waits[len(waits)-1])
	if long > perDocument/2 {
		t.Errorf("%d writes waited %v or more for the import, want at most half of what it took a document (%v): transactions of about %v", n, long, perDocument, bulkTxTime)
	}
	if err := bulk.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if hits, _ := found(t, server, SearchQuery{Text: "переправа", Limit: 1}); len(hits) == 0 {
		t.Error("переправа: found nothing after the import")
	}
}

func searchQueued(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.reader.QueryRow(`SELECT count(*) FROM search_queue`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
