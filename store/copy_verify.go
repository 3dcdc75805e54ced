package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// ArchiveDifference is what a copy's check found: the complete archives of
// the source and of the target do not hold the same rows.
type ArchiveDifference struct {
	// Header is set when the archives' first lines differ (the format or
	// the schema version): the source's and the target's.
	Header [2]string
	// Missing counts, by table, rows of the source the target lacks;
	// Extra rows of the target the source lacks (a row that changed is
	// one of each).
	Missing, Extra map[string]int
	// Example names one row that differs, by its table and id.
	Example string
}

func (d *ArchiveDifference) Error() string {
	if d.Header[0] != d.Header[1] {
		return fmt.Sprintf("the copy differs from the source: archive header %s, the source's %s", d.Header[1], d.Header[0])
	}
	var parts []string
	for _, t := range slices.Sorted(maps.Keys(d.Missing)) {
		parts = append(parts, fmt.Sprintf("%s: %d rows of the source missing", t, d.Missing[t]))
	}
	for _, t := range slices.Sorted(maps.Keys(d.Extra)) {
		parts = append(parts, fmt.Sprintf("%s: %d rows the source lacks", t, d.Extra[t]))
	}
	return "the copy differs from the source: " + strings.Join(parts, "; ") + " (first: " + d.Example + ")"
}

// verifyCopy dumps the database at path and compares its archive with
// the archive in the file snapshot it was loaded from, row by row in any
// order; it returns the rows by table, or an *ArchiveDifference.
func verifyCopy(ctx context.Context, snapshot, path string) (map[string]int, error) {
	again, err := os.CreateTemp("", "sverka-verify-*.jsonl")
	if err != nil {
		return nil, fmt.Errorf("verify the copy: %w", err)
	}
	defer os.Remove(again.Name())
	defer again.Close()
	db, err := Open(ctx, path)
	if err != nil {
		return nil, err
	}
	err = db.Dump(ctx, again)
	db.Close()
	if err != nil {
		return nil, err
	}
	return compareArchives(snapshot, again.Name())
}

// compareArchives compares two complete archives, the source's a and the
// copy's b, as multisets of rows, each in the form both engines write
// (canonical).
func compareArchives(a, b string) (map[string]int, error) {
	var diff ArchiveDifference
	rows := map[string]int{}
	balance := map[[sha256.Size]byte]int{}
	for i, file := range []string{a, b} {
		sign := 1 - 2*i
		err := eachLine(file, func(n int, line []byte) {
			if n == 0 {
				diff.Header[i] = string(line)
				return
			}
			balance[sha256.Sum256(line)] += sign
			if i == 0 {
				rows[tableOf(line)]++
			}
		})
		if err != nil {
			return nil, fmt.Errorf("verify the copy: %w", err)
		}
	}
	maps.DeleteFunc(balance, func(_ [sha256.Size]byte, n int) bool { return n == 0 })
	if len(balance) == 0 && diff.Header[0] == diff.Header[1] {
		return rows, nil
	}
	diff.Missing, diff.Extra = map[string]int{}, map[string]int{}
	for i, file := range []string{a, b} {
		counts := []map[string]int{diff.Missing, diff.Extra}[i]
		err := eachLine(file, func(n int, line []byte) {
			h := sha256.Sum256(line)
			if n == 0 || balance[h] == 0 || (balance[h] > 0) != (i == 0) {
				return
			}
			counts[tableOf(line)]++
			if diff.Example == "" {
				diff.Example = describeRow(line)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("verify the copy: %w", err)
		}
	}
	return rows, &diff
}

// eachLine calls fn with each line of file in its canonical form and its
// index from 0.
func eachLine(file string, fn func(n int, line []byte)) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<30) // a row holds a whole raw source
	for n := 0; sc.Scan(); n++ {
		line, err := canonical(n, sc.Bytes())
		if err != nil {
			return fmt.Errorf("line %d: %w", n+1, err)
		}
		if line != nil {
			fn(n, line)
		}
	}
	return sc.Err()
}

// canonical is line n of an archive as both engines write it: what only
// SQLite has (rowids, the sqlite_sequence table) left out (nil for a line
// that is left out whole), and of the header the format only, for each
// engine numbers its migrations its own way (and each side of a copy is at
// its engine's latest).
func canonical(n int, line []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	if n == 0 {
		var h dumpHeader
		if err := dec.Decode(&h); err != nil {
			return nil, err
		}
		return json.Marshal(dumpHeader{Format: h.Format})
	}
	var row dumpRow
	if err := dec.Decode(&row); err != nil {
		return nil, err
	}
	if row.Table == "sqlite_sequence" {
		return nil, nil
	}
	delete(row.Values, "rowid")
	return json.Marshal(row)
}

// tableOf reads the table of a dumped row, which dumpRow writes first.
func tableOf(line []byte) string {
	rest, ok := bytes.CutPrefix(line, []byte(`{"table":"`))
	if !ok {
		return "?"
	}
	name, _, _ := bytes.Cut(rest, []byte(`"`))
	return string(name)
}

// describeRow names a dumped row by its table and id, never its values
// (they may be password hashes or private notes).
func describeRow(line []byte) string {
	var row dumpRow
	if err := json.Unmarshal(line, &row); err != nil {
		return "a row that is not JSON"
	}
	if id, ok := row.Values["id"]; ok {
		return fmt.Sprintf("%s id %v", row.Table, id)
	}
	return "a row of " + row.Table
}
