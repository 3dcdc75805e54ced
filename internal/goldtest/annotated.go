package goldtest

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"sverka"
	"sverka/store"
)

// Annotated is what Annotate added to a database.
type Annotated struct {
	Anna, Boris, Vera *sverka.User
	// PrivateNote is the body of boris's private note.
	PrivateNote string
	// Edited is the note edited twice (three versions).
	Edited *sverka.Annotation
	// Corrections counts the accepted gold corrections.
	Corrections int
}

// Annotate adds to the seeded letter 117313 of db what scholars would: the
// gold OCR corrections proposed by anna and accepted by vera, one proposed
// and one rejected correction, notes with tags (one edited twice, one
// private to boris, one deleted), a reply and a reply to it, and
// cross-references to a passage, to the whole document and to an outside
// source. It creates the users anna, boris (annotators) and vera (editor).
func Annotate(ctx context.Context, db *store.DB) (*Annotated, error) {
	f := &Annotated{PrivateNote: "a private doubt of boris about the date"}
	var err error
	for _, u := range []struct {
		dst  **sverka.User
		name string
		role sverka.Role
	}{{&f.Anna, "anna", sverka.RoleAnnotator}, {&f.Boris, "boris", sverka.RoleAnnotator}, {&f.Vera, "vera", sverka.RoleEditor}} {
		if *u.dst, err = db.CreateUser(ctx, u.name, u.role, ""); err != nil {
			return nil, err
		}
	}
	d, err := db.FindDocumentByID(ctx, "117313")
	if err != nil {
		return nil, err
	}
	g, err := Load(Dir())
	if err != nil {
		return nil, err
	}
	create := func(a *sverka.Annotation) (*sverka.Annotation, error) {
		if a.ReplyTo == 0 {
			a.DocumentID = d.ID
		}
		if err := db.CreateAnnotation(ctx, a); err != nil {
			return nil, fmt.Errorf("create %s %q: %w", a.Motivation, a.Body, err)
		}
		return a, nil
	}
	for _, e := range g.Errors {
		s, end, err := ErrorRange(d, e)
		if err != nil {
			return nil, err
		}
		a, err := create(&sverka.Annotation{Motivation: sverka.MotivationCorrection, CreatorID: f.Anna.ID, Body: e.Correction,
			Target: sverka.TextTarget{Lang: "ru", Start: s, End: end, Exact: e.Form}})
		if err != nil {
			return nil, err
		}
		if _, err := db.ReviewCorrection(ctx, a.ID, sverka.StatusAccepted, a.Version, f.Vera.ID); err != nil {
			return nil, err
		}
		f.Corrections++
	}
	rng := func(lang string, seg int, phrase string) (sverka.TextTarget, error) {
		sg := d.Text(lang).Segments[seg-1]
		i := strings.Index(sg.Text, phrase)
		if i < 0 {
			return sverka.TextTarget{}, fmt.Errorf("%q not in %s segment %d", phrase, lang, seg)
		}
		s := sg.Start + utf8.RuneCountInString(sg.Text[:i])
		return sverka.TextTarget{Lang: lang, Start: s, End: s + utf8.RuneCountInString(phrase)}, nil
	}
	ruFirst := string([]rune(d.Text("ru").Segments[0].Text)[:3])
	ruSecond := string([]rune(d.Text("ru").Segments[1].Text)[:2])
	targets := map[string]sverka.TextTarget{}
	for _, p := range []struct {
		key, lang string
		seg       int
		phrase    string
	}{{"ru1", "ru", 1, ruFirst}, {"ru2", "ru", 2, ruSecond}, {"your", "en", 2, "your"}, {"mao", "en", 1, "Mao"},
		{"en3", "en", 3, "the"}, {"en4", "en", 4, "the"}, {"en5", "en", 5, "the"}} {
		if targets[p.key], err = rng(p.lang, p.seg, p.phrase); err != nil {
			return nil, err
		}
	}
	steps := []func() error{
		func() error {
			note, err := create(&sverka.Annotation{Motivation: sverka.MotivationNote, CreatorID: f.Anna.ID, Tags: []string{"draft", "APRF"},
				Body: "Compare the <b>draft</b> & the \"fair copy\"; see ‘APRF’.", Target: targets["ru1"]})
			if err != nil {
				return err
			}
			reply, err := create(&sverka.Annotation{Motivation: sverka.MotivationReply, CreatorID: f.Vera.ID, ReplyTo: note.ID, Body: "Agreed — the draft differs."})
			if err != nil {
				return err
			}
			_, err = create(&sverka.Annotation{Motivation: sverka.MotivationReply, CreatorID: f.Anna.ID, ReplyTo: reply.ID, Body: "See the fair copy, l. 136."})
			return err
		},
		func() error {
			n, err := create(&sverka.Annotation{Motivation: sverka.MotivationNote, CreatorID: f.Anna.ID, Body: "The translator smooths this sentence.", Target: targets["your"]})
			if err != nil {
				return err
			}
			body, tags := "The translator smooths this sentence: «ваш ответ» is plainer.", []string{"translation"}
			if n, err = db.UpdateAnnotation(ctx, n.ID, store.AnnotationUpdate{IfVersion: n.Version, UserID: f.Anna.ID, Body: &body}); err != nil {
				return err
			}
			f.Edited, err = db.UpdateAnnotation(ctx, n.ID, store.AnnotationUpdate{IfVersion: n.Version, UserID: f.Anna.ID, Tags: &tags})
			return err
		},
		func() error {
			_, err := create(&sverka.Annotation{Motivation: sverka.MotivationNote, CreatorID: f.Boris.ID, Private: true, Body: f.PrivateNote, Target: targets["mao"]})
			return err
		},
		func() error {
			gone, err := create(&sverka.Annotation{Motivation: sverka.MotivationNote, CreatorID: f.Boris.ID, Body: "deleted note", Target: targets["en3"]})
			if err != nil {
				return err
			}
			_, err = db.DeleteAnnotation(ctx, gone.ID, gone.Version, f.Boris.ID)
			return err
		},
		func() error {
			p := targets["your"]
			_, err := create(&sverka.Annotation{Motivation: sverka.MotivationLink, CreatorID: f.Boris.ID, Target: targets["ru2"],
				Link: &sverka.CrossReference{DocumentID: d.ID, Lang: "en", Start: p.Start, End: p.End}, Body: "the same request"})
			return err
		},
		func() error {
			_, err := create(&sverka.Annotation{Motivation: sverka.MotivationLink, CreatorID: f.Boris.ID, Target: targets["en4"], Link: &sverka.CrossReference{DocumentID: d.ID}})
			return err
		},
		func() error {
			_, err := create(&sverka.Annotation{Motivation: sverka.MotivationLink, CreatorID: f.Anna.ID, Target: targets["en5"],
				Link: &sverka.CrossReference{URL: "https://digitalarchive.wilsoncenter.org/document/117313", Citation: "APRF, f. 45, op. 1, d. 334, ll. 134-140"}})
			return err
		},
		func() error {
			// A proposed and a rejected correction in the last sentence,
			// which no gold correction touches.
			last := d.Text("ru").Segments[len(d.Text("ru").Segments)-1]
			if _, err := create(&sverka.Annotation{Motivation: sverka.MotivationCorrection, CreatorID: f.Boris.ID, Body: "X",
				Target: sverka.TextTarget{Lang: "ru", Start: last.Start, End: last.Start + 1}}); err != nil {
				return err
			}
			r, err := create(&sverka.Annotation{Motivation: sverka.MotivationCorrection, CreatorID: f.Boris.ID, Body: "Y",
				Target: sverka.TextTarget{Lang: "ru", Start: last.Start + 1, End: last.Start + 2}})
			if err != nil {
				return err
			}
			_, err = db.ReviewCorrection(ctx, r.ID, sverka.StatusRejected, r.Version, f.Vera.ID)
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return f, nil
}
