package store

import (
	"context"
	"fmt"
	"math"
	"strings"

	"sverka"
)

// DocumentFilter picks a page of the document list.
type DocumentFilter struct {
	// Viewer is who looks: anonymous (nil) sees only public documents.
	Viewer *sverka.User
	// Query keeps the documents whose id or title contains it (any case
	// of ASCII letters); empty keeps all.
	Query string
	// Offset and Limit cut the page; Limit 0 means no limit.
	Offset, Limit int
}

// FindDocumentSummaries lists a page of the documents that match (none in
// the trash), newest date last, each with its orphans that the viewer may
// read (store/orphan.go), and how many match in all. Only the page is counted and
// decorated, so a page costs the same in an archive of any size.
func (db *DB) FindDocumentSummaries(ctx context.Context, f DocumentFilter) ([]sverka.DocumentSummary, int, error) {
	cond, args := db.documentListCond(f)
	count, cargs := `SELECT count(*) FROM documents d WHERE `+cond, args
	if strings.TrimSpace(f.Query) == "" {
		count, cargs = documentsListed(f.Viewer != nil), nil
	}
	var total int
	if err := db.reader.QueryRowContext(ctx, count, cargs...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("find documents: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = math.MaxInt64 // no limit
	}
	var viewer int64
	if f.Viewer != nil {
		viewer = f.Viewer.ID
	}
	orphans, oargs := orphanCount("p.id", viewer)
	rows, err := db.reader.QueryContext(ctx, `
		SELECT p.id, p.title, p.date, (SELECT count(*) FROM links l WHERE l.document_id = p.id), p.public, `+orphans+`
		FROM (SELECT d.id, d.title, d.date, d.public FROM documents d WHERE `+cond+`
			ORDER BY d.date, d.id LIMIT ? OFFSET ?) p ORDER BY p.date, p.id`,
		append(append(oargs, args...), limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("find documents: %w", err)
	}
	defer rows.Close()
	list := []sverka.DocumentSummary{}
	for rows.Next() {
		var s sverka.DocumentSummary
		if err := rows.Scan(&s.ID, &s.Title, &s.Date, &s.LinkCount, &s.Public, &s.Orphans); err != nil {
			return nil, 0, fmt.Errorf("find documents: %w", err)
		}
		list = append(list, s)
	}
	return list, total, rows.Err()
}

// documentListCond is the condition on documents d of the list f asks for,
// and its arguments: what documents_list (migration 000030) covers, so
// that counting and sorting the list read the index only.
func (db *DB) documentListCond(f DocumentFilter) (string, []any) {
	listed, args := documentListed(f.Viewer != nil)
	where := []string{listed}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
		where = append(where, `(d.title `+db.engine.like()+` ? ESCAPE '\' OR d.id `+db.engine.like()+` ? ESCAPE '\')`)
		args = append(args, like, like)
	}
	return strings.Join(where, " AND "), args
}
