package exchange

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"sverka"
	"sverka/internal/goldtest"
	"sverka/internal/storetest"
	"sverka/reading"
	"sverka/store"
)

// documents exports ids (all if none) from db for viewer.
func documents(db *store.DB, viewer *sverka.User, ids ...string) Documents {
	return func(yield func(Source) error) error {
		return db.Export(context.Background(), ids, viewer, func(s *store.ExportSource) error { return yield(s) })
	}
}

// export writes ids from db in format name.
func export(t testing.TB, db *store.DB, name string, opt Options, ids ...string) []byte {
	t.Helper()
	f, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	opt.Corpus = len(ids) != 1
	if err := f.Write(&buf, documents(db, nil, ids...), opt); err != nil {
		t.Fatalf("export %s: %v", name, err)
	}
	return buf.Bytes()
}

func TestJSONRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := storetest.Open(t)
	first := export(t, a, "json", Options{}, "117313")

	b := storetest.Open(t)
	archives, err := ReadJSON(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if len(archives) != 1 {
		t.Fatalf("got %d documents, want 1", len(archives))
	}
	if err := b.ImportDocument(ctx, archives[0], false); !errors.Is(err, sverka.ErrConflict) {
		t.Fatalf("import over the seeded letter without replace: got %v, want ErrConflict", err)
	}
	if err := b.ImportDocument(ctx, archives[0], true); err != nil {
		t.Fatal(err)
	}
	second := export(t, b, "json", Options{}, "117313")
	if !bytes.Equal(first, second) {
		t.Errorf("export, import --replace, export: %d bytes then %d bytes, first difference at byte %d", len(first), len(second), firstDiff(first, second))
	}
	// The whole-corpus export reads back too.
	if _, err := ReadJSON(bytes.NewReader(export(t, b, "json", Options{}))); err != nil {
		t.Fatal(err)
	}
}

// exportAs writes document 117313 of db as Sverka JSON for viewer.
func exportAs(t testing.TB, db *store.DB, viewer *sverka.User) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, documents(db, viewer, "117313"), Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestJSONRoundTripAnnotations exports the letter with the gold
// corrections accepted and every kind of annotation, as boris (so his
// private note goes too), imports it into a fresh database twice (creating
// the authors, then matching them), and exports it again: the same bytes,
// the same corrected reading and the same histories.
func TestJSONRoundTripAnnotations(t *testing.T) {
	ctx := context.Background()
	a := storetest.Open(t)
	f, err := goldtest.Annotate(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	first := exportAs(t, a, f.Boris)
	for _, want := range []string{f.PrivateNote, `"motivation":"replying","replyTo":`, `"reviewer":"vera"`, `"status":"rejected"`,
		`"deleted":"`, `"tags":["translation"]`, `"action":"update"`, `"url":"https://digitalarchive.wilsoncenter.org/document/117313"`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("the export lacks %s", want)
		}
	}
	for _, bad := range []string{"password", "argon2", "creatorID", "reviewerID", `"id":`} {
		if bytes.Contains(first[bytes.Index(first, []byte(`"annotations":`)):], []byte(bad)) {
			t.Errorf("the annotations hold %q", bad)
		}
	}
	for _, viewer := range []*sverka.User{nil, f.Anna} {
		if bytes.Contains(exportAs(t, a, viewer), []byte(f.PrivateNote)) {
			t.Errorf("boris's private note left with an export for %v", viewer)
		}
	}
	// A note private at first and made public later leaves without its
	// private versions, except with its author.
	{
		c := storetest.Open(t)
		u, err := c.CreateUser(ctx, "boris", sverka.RoleAnnotator, "")
		if err != nil {
			t.Fatal(err)
		}
		n := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: u.ID, Private: true, Body: "secret first draft", Target: sverka.TextTarget{Lang: "en", Start: 0, End: 4}}
		if err := c.CreateAnnotation(ctx, n); err != nil {
			t.Fatal(err)
		}
		body, public := "now public", false
		if _, err := c.UpdateAnnotation(ctx, n.ID, store.AnnotationUpdate{IfVersion: n.Version, UserID: u.ID, Body: &body, Private: &public}); err != nil {
			t.Fatal(err)
		}
		if anon := exportAs(t, c, nil); bytes.Contains(anon, []byte("secret first draft")) || !bytes.Contains(anon, []byte("now public")) {
			t.Error("an anonymous export: want the public note without its private first version")
		}
		if !bytes.Contains(exportAs(t, c, u), []byte("secret first draft")) {
			t.Error("the author's export lacks the private first version")
		}
	}

	b := storetest.Open(t)
	archives, err := ReadJSON(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	arch := archives[0]
	// 42 accepted + 2 more corrections, 4 notes, 2 replies, 3 cross-references.
	if got, want := len(arch.Annotations), f.Corrections+2+4+2+3; got != want {
		t.Fatalf("got %d annotations, want %d", got, want)
	}
	if err := b.ImportDocument(ctx, arch, false); !errors.Is(err, sverka.ErrConflict) {
		t.Fatalf("import without replace: got %v, want ErrConflict", err)
	}
	if _, err := b.FindUserByName(ctx, "anna"); !errors.Is(err, sverka.ErrNotFound) {
		t.Fatalf("a refused import left user anna behind: %v", err)
	}
	if err := b.ImportDocument(ctx, arch, true); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(arch.NewUsers, ","); got != "anna,vera,boris" {
		t.Errorf("got new users %q, want anna,vera,boris", got)
	}
	for _, name := range arch.NewUsers {
		u, err := b.FindUserByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if !u.Disabled || u.Role != sverka.RoleAnnotator {
			t.Errorf("imported author %s: got disabled %v, role %s; want a disabled annotator", name, u.Disabled, u.Role)
		}
		if _, err := b.Authenticate(ctx, name, ""); err == nil {
			t.Errorf("imported author %s can sign in with no password", name)
		}
	}
	borisB, err := b.FindUserByName(ctx, "boris")
	if err != nil {
		t.Fatal(err)
	}
	second := exportAs(t, b, borisB)
	if !bytes.Equal(first, second) {
		t.Fatalf("export, import --replace, export: %d bytes then %d bytes, first difference at byte %d: %q",
			len(first), len(second), firstDiff(first, second), second[firstDiff(first, second):min(len(second), firstDiff(first, second)+200)])
	}
	// Replacing it again matches the authors by name and keeps the bytes.
	again, err := ReadJSON(bytes.NewReader(second))
	if err != nil {
		t.Fatal(err)
	}
	if err := b.ImportDocument(ctx, again[0], true); err != nil {
		t.Fatal(err)
	}
	if len(again[0].NewUsers) != 0 {
		t.Errorf("got new users %v on the second import, want none", again[0].NewUsers)
	}
	if third := exportAs(t, b, borisB); !bytes.Equal(first, third) {
		t.Errorf("a second replace changed the export at byte %d", firstDiff(first, third))
	}

	// The imported annotations read the same: corrected reading, and the
	// edited note's history, which can still be restored.
	for _, lang := range []string{"ru", "en"} {
		ra, err := a.FindReading(ctx, "117313", lang)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := b.FindReading(ctx, "117313", lang)
		if err != nil {
			t.Fatal(err)
		}
		if ca, cb := correctedText(ra), correctedText(rb); ca != cb {
			t.Errorf("%s: corrected reading differs after the round trip", lang)
		}
		if want := map[string]int{"ru": f.Corrections}[lang]; len(rb.Edits) != want {
			t.Errorf("%s: got %d accepted corrections after the round trip, want %d", lang, len(rb.Edits), want)
		}
	}
	annaB, err := b.FindUserByName(ctx, "anna")
	if err != nil {
		t.Fatal(err)
	}
	notes, _, err := b.FindAnnotations(ctx, store.AnnotationFilter{DocumentID: "117313", CreatorID: annaB.ID, Motivation: sverka.MotivationNote})
	if err != nil {
		t.Fatal(err)
	}
	var e *sverka.Annotation
	for _, n := range notes {
		if n.Body == f.Edited.Body {
			e = n
		}
	}
	if e == nil {
		t.Fatal("the edited note is not in the imported database")
	}
	h, err := b.AnnotationHistory(ctx, e.ID, annaB.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 || h[2].State.Body != "The translator smooths this sentence." || h[0].UserName != "anna" {
		t.Fatalf("got history %+v, want three versions, the first by anna", h)
	}
	r, err := b.RestoreAnnotation(ctx, e.ID, 1, e.Version, annaB.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Body != h[2].State.Body || r.Version != 4 {
		t.Errorf("restored version 1: got %q at version %d, want %q at version 4", r.Body, r.Version, h[2].State.Body)
	}
}

// correctedText is a reading's whole text with its accepted corrections.
func correctedText(r *store.Reading) string {
	return reading.Corrected(reading.Pieces(r.Text, 0, len(r.Text), r.Edits))
}

func TestReadJSONRefuses(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"not json", "<tmx/>"},
		{"other format", `{"format":"other","version":1,"documents":[]}`},
		{"future version", `{"format":"sverka","version":99,"documents":[]}`},
		{"unknown key", `{"format":"sverka","version":1,"documents":[],"extra":1}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ReadJSON(strings.NewReader(tc.in)); !errors.Is(err, ErrFormat) {
				t.Errorf("got %v, want ErrFormat", err)
			}
		})
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
