package exchange

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"sverka/anno"
	"sverka/store"
)

var (
	benchOnce sync.Once
	benchDB   *store.DB
	benchErr  error
)

// benchDocument stores a generated document of 5,000 1:1 links with 5,000
// annotations (3,000 notes, 2,000 accepted corrections) once per run.
func benchDocument(b *testing.B) *store.DB {
	benchOnce.Do(func() {
		ctx := context.Background()
		db, err := store.Open(ctx, b.TempDir()+"/bench.db")
		if err != nil {
			benchErr = err
			return
		}
		benchDB = db
		const n = 5000
		var ru, en strings.Builder
		var rs, es []store.Segment
		d := &store.Document{ID: "bench", Title: "Generated", SourceFormat: "text", RawSource: "generated"}
		for i := range n {
			r := fmt.Sprintf("Предложение номер %d о мирных переговорах в Пекине. ", i+1)
			e := fmt.Sprintf("Sentence number %d about the peace talks in Peking. ", i+1)
			rs = append(rs, store.Segment{Start: len([]rune(ru.String())), End: len([]rune(ru.String())) + len([]rune(r)) - 1})
			es = append(es, store.Segment{Start: len([]rune(en.String())), End: len([]rune(en.String())) + len([]rune(e)) - 1})
			ru.WriteString(r)
			en.WriteString(e)
			d.Links = append(d.Links, store.Link{Status: "auto", Confidence: 0.9, Segments: map[string][]int{"ru": {i}, "en": {i}}})
		}
		d.Texts = []store.BaseText{{Lang: "ru", Role: "original", Text: ru.String(), Segments: rs}, {Lang: "en", Role: "translation", Text: en.String(), Segments: es}}
		if benchErr = db.CreateDocument(ctx, d); benchErr != nil {
			return
		}
		u, err := db.CreateUser(ctx, "anna", store.RoleEditor, "")
		if err != nil {
			benchErr = err
			return
		}
		for i := range n {
			s := rs[i].Start
			a := &store.Annotation{DocumentID: d.ID, CreatorID: u.ID, Target: store.TextTarget{Lang: "ru", Start: s, End: s + 11}}
			if i%5 < 3 {
				a.Motivation, a.Body = store.MotivationNote, fmt.Sprintf("Note %d on this sentence.", i)
			} else {
				a.Motivation, a.Body = store.MotivationCorrection, "ПРЕДЛОЖЕНИЕ"
			}
			if benchErr = db.CreateAnnotation(ctx, a); benchErr != nil {
				return
			}
			if a.Motivation == store.MotivationCorrection {
				if _, benchErr = db.ReviewCorrection(ctx, a.ID, store.StatusAccepted, a.Version, u.ID); benchErr != nil {
					return
				}
			}
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDB
}

// BenchmarkExport writes the generated document in every format. Run with
// -benchmem: B/op counts every allocation, most of it short-lived per link;
// the writers hold one link at a time and the two base texts.
func BenchmarkExport(b *testing.B) {
	db := benchDocument(b)
	w3c := func(a *store.Annotation) *anno.Annotation {
		return &anno.Annotation{ID: fmt.Sprint(a.ID), Type: "Annotation", Motivation: a.Motivation,
			Body:   anno.Resources{{Type: "TextualBody", Value: anno.Text(a.Body)}},
			Target: anno.Resources{{Type: "SpecificResource", Source: "/documents/bench/ru", Selector: []anno.Selector{anno.Position(a.Target.Start, a.Target.End)}}}}
	}
	for _, name := range FormatNames {
		b.Run(name, func(b *testing.B) {
			f, _ := Lookup(name)
			cw := &countWriter{}
			for b.Loop() {
				cw.n = 0
				if err := f.Write(cw, documents(db, nil, "bench"), Options{W3C: w3c}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cw.n), "out-bytes")
		})
	}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
