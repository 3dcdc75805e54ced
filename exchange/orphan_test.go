package exchange

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"sverka"
	"sverka/ingest"
	"sverka/internal/storetest"
)

// TestOrphanedLinkInEveryFormat exports the letter with a cross-reference
// into a document since purged: every format that carries
// cross-references says that its far end is orphaned, and the TEI and TMX
// still validate.
func TestOrphanedLinkInEveryFormat(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	u, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := ingest.Plain(ingest.PlainPair{ID: "pair-1", Title: "Grain", Russian: "Отчёт о зерне.", English: "A report on grain."})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	ref := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationLink, CreatorID: u.ID,
		Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "I received your reply."},
		Link:   &sverka.CrossReference{DocumentID: "pair-1", Lang: "en", Start: 2, End: 8, Exact: "report"}}
	if err := db.CreateAnnotation(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if err := db.TrashDocument(ctx, "pair-1", u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PurgeDocument(ctx, "pair-1", "pair-1", u.ID); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"w3c":  `"orphaned":true`,
		"json": `"orphaned":true`,
		"tei":  `<ref type="orphaned"`,
		"csv":  "orphaned: these words are no longer there",
		"tmx":  "orphaned: these words are no longer there",
	} {
		var buf bytes.Buffer
		f, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Write(&buf, documents(db, u, "117313"), Options{}); err != nil {
			t.Fatalf("export %s: %v", name, err)
		}
		b := buf.Bytes()
		if !strings.Contains(string(b), want) {
			t.Errorf("%s: no %q in the export", name, want)
		}
		switch name {
		case "tei":
			if err := jing(t, writeTemp(t, "letter.xml", b)); err != nil {
				t.Errorf("jing: %v", err)
			}
		case "tmx":
			if err := xmllintTMX(t, writeTemp(t, "letter.tmx", b)); err != nil {
				t.Errorf("xmllint: %v", err)
			}
		}
	}
}
