package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"sverka"
)

func TestCreateUserAndAuthenticate(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	u, err := db.CreateUser(ctx, "Vera", sverka.RoleAnnotator, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, "vera", sverka.RoleReader, "another one"); !errors.Is(err, sverka.ErrConflict) {
		t.Fatalf("got %v, want ErrConflict for a name taken in another case", err)
	}
	var ve *sverka.ValidationError
	for _, tc := range []struct{ name, password string }{{"", "long enough"}, {"a b", "long enough"}, {"short", "1234567"}} {
		if _, err := db.CreateUser(ctx, tc.name, sverka.RoleReader, tc.password); !errors.As(err, &ve) {
			t.Errorf("create %q/%q: got %v, want a validation error", tc.name, tc.password, err)
		}
	}
	got, err := db.Authenticate(ctx, "vera", "correct horse")
	if err != nil || got.ID != u.ID || got.Role != sverka.RoleAnnotator {
		t.Fatalf("got %+v, %v; want user %d", got, err, u.ID)
	}
	for _, tc := range []struct{ name, password string }{{"Vera", "wrong horse"}, {"nobody", "correct horse"}, {"Vera", ""}} {
		if _, err := db.Authenticate(ctx, tc.name, tc.password); !errors.Is(err, sverka.ErrCredentials) {
			t.Errorf("authenticate %q: got %v, want ErrCredentials", tc.name, err)
		}
	}
	disabled := true
	if _, err := db.UpdateUser(ctx, 0, u.ID, UserUpdate{Disabled: &disabled}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Authenticate(ctx, "Vera", "correct horse"); !errors.Is(err, sverka.ErrCredentials) {
		t.Fatalf("disabled user: got %v, want ErrCredentials", err)
	}
}

func TestPasswordHashIsArgon2idAndNeverRecorded(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	u, err := db.CreateUser(ctx, "admin", sverka.RoleAdmin, "s3cret-passphrase")
	if err != nil {
		t.Fatal(err)
	}
	pw := "n3w-passphrase"
	if _, err := db.UpdateUser(ctx, u.ID, u.ID, UserUpdate{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	var hash string
	if err := db.reader.QueryRow(`SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=65536,t=1,p=4$") {
		t.Fatalf("got hash %q, want an argon2id encoding", hash)
	}
	changes, err := db.FindChanges(ctx, ChangeFilter{Entity: "user"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(changes)
	for _, secret := range []string{"s3cret-passphrase", pw, hash, "argon2"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the audit trail holds %q: %s", secret, b)
		}
	}
	if len(changes) != 2 || changes[0].Action != "set-password" {
		t.Fatalf("got %s, want a create and a set-password", b)
	}
}

func TestLastAdminStays(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	a, err := db.CreateUser(ctx, "admin", sverka.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	reader := sverka.RoleReader
	if _, err := db.UpdateUser(ctx, a.ID, a.ID, UserUpdate{Role: &reader}); !errors.Is(err, sverka.ErrConflict) {
		t.Fatalf("got %v, want ErrConflict demoting the last admin", err)
	}
	b, err := db.CreateUser(ctx, "second", sverka.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.UpdateUser(ctx, b.ID, a.ID, UserUpdate{Role: &reader, Version: a.Version})
	if err != nil || got.Role != sverka.RoleReader || got.Version != a.Version+1 {
		t.Fatalf("got %+v, %v; want a reader at version %d", got, err, a.Version+1)
	}
	editor := sverka.RoleEditor
	if _, err := db.UpdateUser(ctx, b.ID, a.ID, UserUpdate{Role: &editor, Version: a.Version}); !errors.Is(err, sverka.ErrConflict) {
		t.Fatalf("stale version: got %v, want ErrConflict", err)
	}
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	u, err := db.CreateUser(ctx, "reader", sverka.RoleReader, "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := db.CreateSession(ctx, u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	_, got, err := db.FindSession(ctx, s.Token)
	if err != nil || got.ID != u.ID {
		t.Fatalf("got %+v, %v; want user %d", got, err, u.ID)
	}
	var stored int
	if err := db.reader.QueryRow(`SELECT count(*) FROM sessions WHERE token_hash = ?`, s.Token).Scan(&stored); err != nil || stored != 0 {
		t.Fatalf("the session token is stored in the clear (%d, %v)", stored, err)
	}
	if err := db.DeleteSession(ctx, s.Token); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.FindSession(ctx, s.Token); !errors.Is(err, sverka.ErrNotFound) {
		t.Fatalf("revoked session: got %v, want ErrNotFound", err)
	}
	expired, err := db.CreateSession(ctx, u.ID, -time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.FindSession(ctx, expired.Token); !errors.Is(err, sverka.ErrNotFound) {
		t.Fatalf("expired session: got %v, want ErrNotFound", err)
	}
	live, _ := db.CreateSession(ctx, u.ID, time.Hour)
	disabled := true
	if _, err := db.UpdateUser(ctx, 0, u.ID, UserUpdate{Disabled: &disabled}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.FindSession(ctx, live.Token); !errors.Is(err, sverka.ErrNotFound) {
		t.Fatalf("session of a disabled user: got %v, want ErrNotFound", err)
	}
}

func TestTokens(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	u, _ := db.CreateUser(ctx, "script", sverka.RoleEditor, "")
	other, _ := db.CreateUser(ctx, "other", sverka.RoleReader, "")
	tok, err := db.CreateToken(ctx, u.ID, "nightly export")
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.FindUserByToken(ctx, tok)
	if err != nil || got.ID != u.ID || got.Role != sverka.RoleEditor {
		t.Fatalf("got %+v, %v; want user %d", got, err, u.ID)
	}
	if _, err := db.FindUserByToken(ctx, tok+"x"); !errors.Is(err, sverka.ErrNotFound) {
		t.Fatalf("wrong token: got %v, want ErrNotFound", err)
	}
	list, err := db.FindTokens(ctx, u.ID)
	if err != nil || len(list) != 1 || !strings.HasPrefix(tok, list[0].Prefix) || list[0].Label != "nightly export" {
		t.Fatalf("got %+v, %v", list, err)
	}
	if err := db.DeleteToken(ctx, other.ID, list[0].ID); !errors.Is(err, sverka.ErrNotFound) {
		t.Fatalf("revoking someone else's token: got %v, want ErrNotFound", err)
	}
	if err := db.DeleteToken(ctx, u.ID, list[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindUserByToken(ctx, tok); !errors.Is(err, sverka.ErrNotFound) {
		t.Fatalf("revoked token: got %v, want ErrNotFound", err)
	}
	changes, _ := db.FindChanges(ctx, ChangeFilter{UserID: u.ID, Entity: "token"})
	b, _ := json.Marshal(changes)
	if strings.Contains(string(b), tok) || len(changes) != 2 {
		t.Fatalf("got %s, want a create and a delete without the secret", b)
	}
}

func TestFindChanges(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	u, _ := db.CreateUser(ctx, "ed", sverka.RoleEditor, "")
	err := db.write(ctx, func(tx *sql.Tx) error {
		for i, doc := range []string{"a", "b", "a"} {
			if err := recordChange(ctx, tx, Change{UserID: u.ID, DocumentID: doc, Entity: "link", EntityID: "7", Action: "update",
				Before: map[string]int{"n": i}, After: map[string]int{"n": i + 1}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.FindChanges(ctx, ChangeFilter{DocumentID: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].UserName != "ed" || string(got[0].Before.(json.RawMessage)) != `{"n":2}` || string(got[1].After.(json.RawMessage)) != `{"n":1}` {
		b, _ := json.Marshal(got)
		t.Fatalf("got %s, want the two changes of document a, newest first", b)
	}
	page, _ := db.FindChanges(ctx, ChangeFilter{UserID: u.ID, Limit: 1, BeforeID: got[0].ID})
	if len(page) != 1 || page[0].DocumentID != "b" {
		t.Fatalf("got %+v, want the change before the newest", page)
	}
}

// TestChangesHidePrivateNotes: the audit trail shows editors that a private
// note changed, never what it says; its author sees it all.
func TestChangesHidePrivateNotes(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	author, err := db.CreateUser(ctx, "author", sverka.RoleAnnotator, "")
	if err != nil {
		t.Fatal(err)
	}
	editor, err := db.CreateUser(ctx, "editor", sverka.RoleEditor, "")
	if err != nil {
		t.Fatal(err)
	}
	a := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, Body: "my secret reading", Private: true,
		CreatorID: author.ID, Target: sverka.TextTarget{Lang: "ru", Start: 0, End: 5}}
	if err := db.CreateAnnotation(ctx, a); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		viewer int64
		shown  bool
	}{{author.ID, true}, {editor.ID, false}, {0, false}} {
		changes, err := db.FindChanges(ctx, ChangeFilter{Entity: "annotation", ViewerID: tc.viewer})
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != 1 {
			t.Fatalf("got %d changes, want 1", len(changes))
		}
		got := fmt.Sprintf("%s", changes[0].After)
		if strings.Contains(got, "my secret reading") != tc.shown {
			t.Errorf("viewer %d: got %s, want the body shown: %v", tc.viewer, got, tc.shown)
		}
	}
}

// TestChangePassword checks that one's own password changes only with the
// right current password and an acceptable new one, that the session it is
// changed from stays while every other ends, and that the audit trail never
// holds either password.
func TestChangePassword(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	u, err := db.CreateUser(ctx, "nina", sverka.RoleReader, "old password")
	if err != nil {
		t.Fatal(err)
	}
	here, _ := db.CreateSession(ctx, u.ID, time.Hour)
	elsewhere, _ := db.CreateSession(ctx, u.ID, time.Hour)
	var ve *sverka.ValidationError
	tests := []struct {
		name, current, next string
		check               func(error) bool
		want                string
	}{
		{"wrong current", "not my password", "new password", func(err error) bool { return errors.Is(err, sverka.ErrCredentials) }, "ErrCredentials"},
		{"empty current", "", "new password", func(err error) bool { return errors.Is(err, sverka.ErrCredentials) }, "ErrCredentials"},
		{"too short", "old password", "short", func(err error) bool { return errors.As(err, &ve) && ve.Field == "password" }, "a validation error"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := db.ChangePassword(ctx, u.ID, tc.current, tc.next, here.Token); !tc.check(err) {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
			if _, err := db.Authenticate(ctx, "nina", "old password"); err != nil {
				t.Fatalf("the old password stopped working: %v", err)
			}
			if _, _, err := db.FindSession(ctx, elsewhere.Token); err != nil {
				t.Fatalf("another session ended: %v", err)
			}
		})
	}
	if err := db.ChangePassword(ctx, u.ID, "old password", "new password", here.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Authenticate(ctx, "nina", "old password"); !errors.Is(err, sverka.ErrCredentials) {
		t.Errorf("old password: got %v, want ErrCredentials", err)
	}
	if _, err := db.Authenticate(ctx, "nina", "new password"); err != nil {
		t.Errorf("new password: got %v, want it to work", err)
	}
	if _, _, err := db.FindSession(ctx, here.Token); err != nil {
		t.Errorf("the session the password was changed from: got %v, want it kept", err)
	}
	if _, _, err := db.FindSession(ctx, elsewhere.Token); !errors.Is(err, sverka.ErrNotFound) {
		t.Errorf("another session: got %v, want ErrNotFound", err)
	}
	rows, err := db.reader.Query(`SELECT before_json || after_json || action FROM changes WHERE entity = 'user'`)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := scanColumn[string](rows)
	if err != nil {
		t.Fatal(err)
	}
	trail := strings.Join(entries, " ")
	if !strings.Contains(trail, "set-password") || strings.Contains(trail, "old password") || strings.Contains(trail, "new password") {
		t.Errorf("got audit trail %q, want set-password recorded without the passwords", trail)
	}
}

// TestUsersByNameOnBothEngines lists accounts, and the annotators a TEI
// export names, in the order SQLite's NOCASE gives their names on either
// engine, names with punctuation and letters beyond ASCII too.
func TestUsersByNameOnBothEngines(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	want := []string{"Anna", "vera-k", "vera.k", "Vera_k", "verak", "Zed", "zoe", "émile", "Юрий"}
	for _, i := range []int{6, 2, 8, 0, 4, 7, 3, 1, 5} { // made in another order
		u, err := db.CreateUser(ctx, want[i], sverka.RoleAnnotator, "")
		if err != nil {
			t.Fatal(err)
		}
		a := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: u.ID, Body: "a note",
			Target: sverka.TextTarget{Lang: "en", Start: 0, End: 7}}
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	users, err := db.FindUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var annotators []sverka.User
	err = db.Export(ctx, []string{"117313"}, nil, func(s *ExportSource) error {
		annotators, err = s.Annotators()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for what, list := range map[string][]sverka.User{"accounts": users, "annotators": annotators} {
		var got []string
		for _, u := range list {
			got = append(got, u.Name)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: got %q, want %q", what, got, want)
		}
	}
}
