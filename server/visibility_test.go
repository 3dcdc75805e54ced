package server

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"sverka"
	"sverka/anno"
	"sverka/exchange"
	"sverka/ingest"
	"sverka/store"
)

// Marker words planted in every private field of the visibility corpus,
// each with its twin (twin): a search for a marker finds the field, and
// the answer may repeat the query but must not hold the twin.
// privateDocMarkers may be read by anyone signed in, never by anonymous
// visitors; privateNoteMarkers[author] by that author only.
var (
	privateDocMarkers = []string{"qxpd-secret", "QXPDTITLE", "QXPDSUMMARY", "QXPDCITATION", "QXPDCREDITS", "QXPDSOURCE", "QXPDRU", "QXPDEN", "QXPDNOTE", "QXPDXREFOUT", "QXPDXREFIN", "QXPDREPLY", "QXPDOUTSIDE",
		"qxpd-trashed", "QXPDTRASHED", "QXPDGONE"}
	privateNoteMarkers = map[string][]string{
		"author1": {"QXPNONEBODY", "qxpnonetag", "QXPNONEREPLY", "QXPNONECITE"},
		"author2": {"QXPNTWOBODY", "qxpntwotag", "QXPNTWOREPLY", "QXPNTWOCITE"},
	}
)

// twin is the second word planted with marker m ("QXPDRU": "ZZPDRU").
func twin(m string) string { return "ZZ" + m[2:] }

// planted is the text of a private field: marker m and its twin.
func planted(m string) string { return m + " " + twin(m) }

// visibilityCorpus is the seed letter (public), a private document, and
// notes of every kind on both, private and not, by two authors.
type visibilityCorpus struct {
	srv        *Server
	db         *store.DB
	people     []principal // anonymous first
	annotation []int64
	users      []int64
}

func newVisibilityCorpus(t *testing.T) *visibilityCorpus {
	t.Helper()
	ctx := context.Background()
	srv, db := newTestServer(t)
	vc := &visibilityCorpus{srv: srv, db: db, people: []principal{{name: "anonymous"}}}
	for _, p := range []struct {
		name string
		role sverka.Role
	}{{"reader", sverka.RoleReader}, {"annotator", sverka.RoleAnnotator}, {"editor", sverka.RoleEditor}, {"admin", sverka.RoleAdmin},
		{"author1", sverka.RoleAnnotator}, {"author2", sverka.RoleEditor}} {
		pr := signedIn(t, db, p.name, p.role)
		vc.people = append(vc.people, pr)
		vc.users = append(vc.users, pr.user.ID)
	}
	priv, err := ingest.Plain(ingest.PlainPair{ID: "qxpd-secret", Title: "Dossier " + planted("QXPDTITLE"),
		Russian: "Секретный текст " + planted("QXPDRU") + " о деле.\n\nВторая фраза " + planted("QXPDRU") + " здесь.\n",
		English: "Secret text " + planted("QXPDEN") + " about the case.\n\nA second sentence " + planted("QXPDEN") + " here.\n"})
	if err != nil {
		t.Fatal(err)
	}
	priv.Public = false
	priv.Summary, priv.Citation, priv.Credits = planted("QXPDSUMMARY"), planted("QXPDCITATION"), planted("QXPDCREDITS")
	priv.SourceURL = "https://example.org/QXPDSOURCE/ZZPDSOURCE"
	if err := db.CreateDocument(ctx, priv); err != nil {
		t.Fatal(err)
	}
	add := func(who string, a *sverka.Annotation) int64 {
		t.Helper()
		for _, p := range vc.people {
			if p.name == who {
				a.CreatorID = p.user.ID
			}
		}
		if err := db.CreateAnnotation(ctx, a); err != nil {
			t.Fatalf("%s: %+v: %v", who, a, err)
		}
		vc.annotation = append(vc.annotation, a.ID)
		return a.ID
	}
	quote := func(doc, lang, exact string) sverka.TextTarget {
		return sverka.TextTarget{Lang: lang, ByQuote: true, Exact: exact}
	}
	link := func(doc, lang, exact string) *sverka.CrossReference {
		d, err := db.FindDocumentByID(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		text := d.Text(lang).Text
		i := strings.Index(text, exact)
		if i < 0 {
			t.Fatalf("%q is not in the %s text of %s", exact, lang, doc)
		}
		start := utf8.RuneCountInString(text[:i])
		return &sverka.CrossReference{DocumentID: doc, Lang: lang, Start: start, End: start + utf8.RuneCountInString(exact), Exact: exact}
	}
	// On the private document: notes anyone signed in may read.
	n := add("author1", &sverka.Annotation{DocumentID: "qxpd-secret", Motivation: sverka.MotivationNote, Body: planted("QXPDNOTE"), Tags: []string{"qxpdnote", "zzpdnote"}, Target: quote("qxpd-secret", "ru", "Секретный текст")})
	add("author2", &sverka.Annotation{DocumentID: "qxpd-secret", Motivation: sverka.MotivationReply, ReplyTo: n, Body: planted("QXPDREPLY")})
	add("author1", &sverka.Annotation{DocumentID: "qxpd-secret", Motivation: sverka.MotivationLink, Body: planted("QXPDXREFOUT"),
		Target: quote("qxpd-secret", "en", "Secret text"), Link: link("117313", "en", "Your reply")})
	// On the private document, a note of an outside page that keeps what
	// its client sent (canonical, the page) in its W3C form.
	outside, err := anno.Parse([]byte(mustJSON(map[string]any{"body": map[string]any{"type": "TextualBody", "value": "a note"},
		"target": "https://example.org/QXPDOUTSIDE/ZZPDOUTSIDE", "canonical": "urn:x:QXPDOUTSIDE:ZZPDOUTSIDE"})))
	if err != nil {
		t.Fatal(err)
	}
	o, err := anno.Codec{Base: testBase}.Decode("qxpd-secret", outside)
	if err != nil {
		t.Fatal(err)
	}
	add("author1", o)
	// On the public letter, pointing into the private document.
	add("author2", &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationLink, Body: planted("QXPDXREFIN"),
		Target: quote("117313", "ru", "Баш ответ"), Link: link("qxpd-secret", "en", "Secret text "+planted("QXPDEN"))})
	// Private notes of each author, on both documents.
	for who, m := range map[string][]string{"author1": privateNoteMarkers["author1"], "author2": privateNoteMarkers["author2"]} {
		for _, doc := range []string{"117313", "qxpd-secret"} {
			exact := map[string]string{"117313": "Баш ответ", "qxpd-secret": "Секретный текст"}[doc]
			note := add(who, &sverka.Annotation{DocumentID: doc, Motivation: sverka.MotivationNote, Private: true, Body: planted(m[0]), Tags: []string{m[1], twin(m[1])}, Target: quote(doc, "ru", exact)})
			add(who, &sverka.Annotation{DocumentID: doc, Motivation: sverka.MotivationReply, Private: true, ReplyTo: note, Body: planted(m[2])})
			add(who, &sverka.Annotation{DocumentID: doc, Motivation: sverka.MotivationLink, Private: true, Body: planted(m[3]),
				Target: quote(doc, "ru", exact), Link: &sverka.CrossReference{URL: "https://example.org/" + m[3] + "/" + twin(m[3]), Citation: planted(m[3])}})
		}
	}
	// A private document in the trash, and one purged, each with a note
	// and a cross-reference into it from the public letter: the purged
	// one's is orphaned.
	for _, id := range []string{"qxpd-trashed", "qxpd-gone"} {
		m := strings.ToUpper(strings.ReplaceAll(id, "-", ""))
		d, err := ingest.Plain(ingest.PlainPair{ID: id, Title: "Dossier " + planted(m), Russian: "Текст " + planted(m) + ".\n", English: "Text " + planted(m) + ".\n"})
		if err != nil {
			t.Fatal(err)
		}
		d.Public = false
		if err := db.CreateDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
		add("author1", &sverka.Annotation{DocumentID: id, Motivation: sverka.MotivationNote, Body: planted(m), Target: quote(id, "en", "Text")})
		add("author2", &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationLink, Body: planted(m),
			Target: quote("117313", "en", "I received your reply."), Link: link(id, "en", "Text "+planted(m))})
		if err := db.TrashDocument(ctx, id, vc.users[2]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.PurgeDocument(ctx, "qxpd-gone", "qxpd-gone", vc.users[2]); err != nil {
		t.Fatal(err)
	}
	return vc
}

// reset undoes what a request of the walk may have done to the corpus's
// documents: those in the trash stay there, the others stay out of it.
func (vc *visibilityCorpus) reset(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	for _, id := range []string{"117313", "qxpd-secret"} {
		if err := vc.db.RestoreDocument(ctx, id, 0); err != nil && !errors.Is(err, sverka.ErrNotFound) {
			t.Fatal(err)
		}
	}
	if err := vc.db.TrashDocument(ctx, "qxpd-trashed", 0); err != nil && !errors.Is(err, sverka.ErrConflict) {
		t.Fatal(err)
	}
}

// forbidden lists the markers p must never see.
func (vc *visibilityCorpus) forbidden(p principal) []string {
	var out []string
	if p.user == nil {
		out = append(out, privateDocMarkers...)
	}
	for author, m := range privateNoteMarkers {
		if p.name != author {
			out = append(out, m...)
		}
	}
	return out
}

// targets lists every request of the walk for one route: each parameter
// filled with every value it can take, each query that changes what an
// answer holds.
func (vc *visibilityCorpus) targets(method, path string) []string {
	fill := map[string][]string{
		":id": {"117313", "qxpd-secret", "qxpd-trashed"}, ":lang": {"ru", "en"}, ":version": {"1", "2"},
		":hash": {"x"}, "*": {"css/sverka.css"},
	}
	for _, id := range vc.annotation {
		fill[":aid"] = append(fill[":aid"], strconv.FormatInt(id, 10))
	}
	for _, id := range vc.users {
		fill[":uid"] = append(fill[":uid"], strconv.FormatInt(id, 10))
	}
	out := []string{""}
	for _, part := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
		values, ok := fill[part]
		if !ok {
			values = []string{part}
		}
		var next []string
		for _, prefix := range out {
			for _, v := range values {
				next = append(next, prefix+"/"+v)
			}
		}
		out = next
	}
	var queries []string
	switch {
	case strings.HasSuffix(path, "/export"):
		for _, f := range exchange.FormatNames() {
			queries = append(queries, "format="+f, "format="+f+"&proposed=true&diplomatic=true")
		}
	case strings.HasSuffix(path, "/search"):
		for _, m := range append(slices.Clone(privateDocMarkers), append(privateNoteMarkers["author1"], privateNoteMarkers["author2"]...)...) {
			queries = append(queries, "q="+url.QueryEscape(strings.ToLower(m)))
		}
		queries = append(queries, "q=%D1%81%D0%B5%D0%BA%D1%80%D0%B5%D1%82%D0%BD%D1%8B%D0%B9", "q=secret", "q=%D0%B1%D0%B0%D1%88")
	case strings.Contains(path, "/readings/"):
		queries = []string{"reading=marked", "reading=diplomatic", "reading=corrected"}
	case strings.HasSuffix(path, "/changes"):
		queries = []string{"", "document=qxpd-secret", "document=117313", "user=author1", "user=author2"}
	case strings.HasSuffix(path, "/annotations") || strings.HasSuffix(path, "/annotations/") || strings.HasSuffix(path, "/backlinks"):
		queries = []string{"", "deleted=true", "motivation=commenting", "motivation=linking"}
	}
	if method != http.MethodGet || len(queries) == 0 {
		return out
	}
	var withQuery []string
	for _, target := range out {
		for _, q := range queries {
			withQuery = append(withQuery, target+"?"+q)
		}
	}
	return withQuery
}

// answerText is what an answer shows: its headers and body, and the
// files of a zip.
func answerText(t *testing.T, h http.Header, body []byte) string {
	t.Helper()
	var b strings.Builder
	for name, values := range h {
		b.WriteString(name + ": " + strings.Join(values, ", ") + "\n")
	}
	b.Write(body)
	if zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body))); err == nil {
		for _, f := range zr.File {
			b.WriteString("\n" + f.Name + "\n")
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(&b, rc)
			rc.Close()
		}
	}
	return strings.ToLower(b.String())
}

// TestNoPrivateByteLeaks walks every route of the server and every export
// format as an anonymous visitor and as each role, over a corpus with a
// private document and private notes whose every field holds a marker
// word, and looks for the markers each may not see in every answer.
func TestNoPrivateByteLeaks(t *testing.T) {
	vc := newVisibilityCorpus(t)
	skip := map[string]bool{"POST /logout": true, "POST /login": true, "DELETE /api/tokens/:tid": true, "POST /account/tokens/:tid/delete": true}
	requests, leaks := 0, 0
	// Every read first, so that none comes after a write that deleted
	// what it would show.
	routes := vc.srv.echo.Routes()
	sort.SliceStable(routes, func(i, j int) bool { return routes[i].Method == http.MethodGet && routes[j].Method != http.MethodGet })
	for _, r := range routes {
		if skip[r.Method+" "+r.Path] || r.Method == echo404 {
			continue
		}
		for _, p := range vc.people {
			forbidden := vc.forbidden(p)
			for _, target := range vc.targets(r.Method, r.Path) {
				header := p.withSession()
				if r.Method != http.MethodGet {
					header = p.withBearer("Content-Type", "application/json")
				}
				rec := do(t, vc.srv, r.Method, target, "", header...)
				if r.Method != http.MethodGet {
					vc.reset(t)
				}
				requests++
				text := answerText(t, rec.Header(), rec.Body.Bytes())
				asked := strings.ToLower(target)
				for _, m := range forbidden {
					if strings.Contains(asked, strings.ToLower(m)) {
						if m == "qxpd-secret" {
							continue // a 404 may name the document asked for
						}
						m = twin(m) // the answer may repeat the words asked for
					}
					if strings.Contains(text, strings.ToLower(m)) {
						leaks++
						t.Errorf("%s %s as %s: got %d with %s, which they may not see", r.Method, target, p.name, rec.Code, m)
						break
					}
				}
			}
		}
	}
	t.Logf("%d requests over %d routes as %d people; %d leaked", requests, len(vc.srv.echo.Routes()), len(vc.people), leaks)
}

// echo404 is the method of the catch-all routes echo registers itself.
const echo404 = "echo_route_not_found"
