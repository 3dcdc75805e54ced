package store

import (
	"context"
	"slices"
	"strings"
	"testing"

	"sverka"
	"sverka/internal/pgtest"
)

// TestDocumentListReadsTheIndexOnly: counting and sorting the document
// list read the index documents_list, never the documents' rows (which
// hold their raw source): at 10,000 documents the rows cost 20-50 ms a
// statement, the index 1-2 ms.
func TestDocumentListReadsTheIndexOnly(t *testing.T) {
	db := openPlanTest(t)
	for _, f := range []DocumentFilter{{}, {Viewer: &sverka.User{ID: 1}}, {Query: "memo"}} {
		cond, args := db.documentListCond(f)
		for _, q := range []string{
			`SELECT count(*) FROM documents d WHERE ` + cond,
			`SELECT d.id, d.title, d.date, d.public FROM documents d WHERE ` + cond + ` ORDER BY d.date, d.id LIMIT 50`,
		} {
			if got := queryPlan(t, db, q, args); !slices.Equal(got, []string{"SCAN d USING COVERING INDEX documents_list"}) {
				t.Errorf("%s\ngot plan %q, want SCAN d USING COVERING INDEX documents_list", q, got)
			}
		}
	}
}

// TestOrphanCountReadsOnlyItsDocument: the orphans counted for each
// document of a list page (and on a document's page) are found through
// indexes, not by reading every annotation of the archive (60 ms a list
// page at 4,500 annotations). The partial indexes of the documents in the
// trash and of the private ones (annotationVisible) hold those alone.
func TestOrphanCountReadsOnlyItsDocument(t *testing.T) {
	db := openPlanTest(t)
	partial := []string{"SCAN documents USING INDEX documents_trashed", "SCAN documents USING COVERING INDEX documents_private"}
	for _, viewer := range []int64{0, 1} {
		q, args := orphanCount("d.id", viewer)
		plan := queryPlan(t, db, `SELECT `+q+` FROM documents d WHERE d.id = ?`, append(args, "x"))
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN") && !slices.Contains(partial, step) {
				t.Errorf("viewer %d: plan %q reads a whole table", viewer, plan)
			}
		}
	}
}

// TestLinksIntoADocumentReadOnlyThose: a document's orphans, the
// cross-references into it (the annotation list's filter) and those
// re-anchored when it is replaced are found through indexes, the
// partial annotations_link_document among them, not by reading every
// annotation of the archive.
func TestLinksIntoADocumentReadOnlyThose(t *testing.T) {
	db := openPlanTest(t)
	partial := []string{"SCAN documents USING INDEX documents_trashed", "SCAN documents USING COVERING INDEX documents_private"}
	visible, args := annotationVisible(0)
	for _, c := range []struct {
		where string
		args  []any
	}{
		{orphanedOn + ` AND ` + visible, append([]any{"x", "x"}, args...)},
		{linksInto("?"), []any{"x"}},
	} {
		plan := queryPlan(t, db, `SELECT a.id FROM annotations a WHERE `+c.where, c.args)
		if !slices.ContainsFunc(plan, func(step string) bool { return strings.Contains(step, "annotations_link_document") }) {
			t.Errorf("%s\nplan %q does not use annotations_link_document", c.where, plan)
		}
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN") && !slices.Contains(partial, step) {
				t.Errorf("%s\nplan %q reads a whole table", c.where, plan)
			}
		}
	}
}

func openPlanTest(t *testing.T) *DB {
	if pgtest.On() {
		t.Skip("SQLite's query plans")
	}
	return openTest(t)
}

// queryPlan is the steps of SQLite's plan of q.
func queryPlan(t *testing.T, db *DB, q string, args []any) []string {
	t.Helper()
	rows, err := db.reader.QueryContext(context.Background(), `EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return plan
}

// TestVisibilityReadsNoDocumentRow: whether an annotation's documents are
// in the trash or private is read from indexes, never from the documents'
// rows, where trashed_at and public come after the raw source: reading them
// walked a whole source for each annotation a search or a page lists.
func TestVisibilityReadsNoDocumentRow(t *testing.T) {
	db := openPlanTest(t)
	for _, viewer := range []int64{0, 1} {
		cond, args := annotationVisible(viewer)
		plan := queryPlan(t, db, `SELECT a.id FROM annotations a WHERE a.id = ? AND `+cond, append([]any{1}, args...))
		for _, step := range plan {
			if strings.Contains(step, "documents") || strings.Contains(step, " vd ") || strings.Contains(step, " vl ") {
				if !strings.Contains(step, "COVERING INDEX") && !strings.Contains(step, "documents_trashed") {
					t.Errorf("viewer %d: plan %q reads the rows of documents (%q)", viewer, plan, step)
				}
			}
		}
	}
}
