package exchange

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"sverka/internal/goldtest"
)

// xmllintTMX validates a TMX file against the TMX 1.4 DTD, offline.
func xmllintTMX(t *testing.T, file string) error {
	t.Helper()
	cmd := exec.Command(need(t, "xmllint"), "--noout", "--valid", "--nonet", file)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES=testdata/catalog.xml")
	if out, err := cmd.CombinedOutput(); err != nil {
		return &validationError{string(out)}
	}
	return nil
}

// checkTMX checks what the DTD cannot: dates, language codes, srclang
// naming a tuv's language; it returns the tus' Russian and English segs.
func checkTMX(t *testing.T, b []byte) (ru, en []string, notes int) {
	t.Helper()
	var doc struct {
		Header struct {
			SrcLang      string `xml:"srclang,attr"`
			CreationDate string `xml:"creationdate,attr"`
		} `xml:"header"`
		TUs []struct {
			CreationDate string   `xml:"creationdate,attr"`
			Notes        []string `xml:"note"`
			TUVs         []struct {
				Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
				Seg  string `xml:"seg"`
			} `xml:"tuv"`
		} `xml:"body>tu"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if !validTMXDate(doc.Header.CreationDate) {
		t.Errorf("header creationdate %q is not YYYYMMDDThhmmssZ", doc.Header.CreationDate)
	}
	for i, tu := range doc.TUs {
		if !validTMXDate(tu.CreationDate) {
			t.Errorf("tu %d creationdate %q is not YYYYMMDDThhmmssZ", i+1, tu.CreationDate)
		}
		src := false
		for _, v := range tu.TUVs {
			if v.Lang != "ru" && v.Lang != "en" {
				t.Errorf("tu %d: xml:lang %q", i+1, v.Lang)
			}
			src = src || v.Lang == doc.Header.SrcLang
			if v.Lang == "ru" {
				ru = append(ru, v.Seg)
			} else {
				en = append(en, v.Seg)
			}
		}
		if !src {
			t.Errorf("tu %d has no tuv in the source language %q", i+1, doc.Header.SrcLang)
		}
		notes += len(tu.Notes)
	}
	return ru, en, notes
}

func TestTMXValidates(t *testing.T) {
	f := newAnnotated(t)
	b := export(t, f.db, "tmx", Options{}, "117313")
	if err := xmllintTMX(t, writeTemp(t, "letter.tmx", b)); err != nil {
		t.Fatalf("xmllint: %v", err)
	}
	ru, en, notes := checkTMX(t, b)
	if len(ru) != 22 || len(en) != 22 {
		t.Fatalf("got %d Russian and %d English tuvs, want 22 each", len(ru), len(en))
	}
	g, err := goldtest.Load(goldtest.Dir())
	if err != nil {
		t.Fatal(err)
	}
	// The Russian is the corrected reading: every gold correction is in.
	all := strings.Join(ru, "\n")
	for _, e := range g.Errors {
		if !strings.Contains(all, e.Correction) {
			t.Errorf("corrected %q is not in the Russian tuvs", e.Correction)
		}
	}
	if notes != 5 {
		t.Errorf("got %d notes, want 5 (2 notes and 3 cross-references)", notes)
	}
	if bytes.Contains(b, []byte("private doubt")) {
		t.Error("a private note left with an anonymous export")
	}
	// The corpus export validates too, and a broken one does not.
	if err := xmllintTMX(t, writeTemp(t, "corpus.tmx", export(t, f.db, "tmx", Options{ConfirmedOnly: true}))); err != nil {
		t.Fatalf("xmllint corpus: %v", err)
	}
	broken := bytes.Replace(b, []byte("<tuv "), []byte("<seg>x</seg><tuv "), 1)
	if err := xmllintTMX(t, writeTemp(t, "broken.tmx", broken)); err == nil {
		t.Error("xmllint accepted a tu with a seg outside its tuv")
	}
}

func TestCSV(t *testing.T) {
	f := newAnnotated(t)
	b := export(t, f.db, "csv", Options{}, "117313")
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Error("no byte order mark: spreadsheets would misread the Cyrillic")
	}
	if !bytes.Contains(b, []byte("\r\n")) {
		t.Error("lines do not end in CRLF (RFC 4180)")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(rows[0], ","), "document,link,status,ru diplomatic,ru corrected,en,notes"; got != want {
		t.Errorf("got header %q, want %q", got, want)
	}
	if len(rows) != 23 {
		t.Fatalf("got %d rows, want a header and 22 links", len(rows))
	}
	g, err := goldtest.Load(goldtest.Dir())
	if err != nil {
		t.Fatal(err)
	}
	var dip, cor string
	for _, r := range rows[1:] {
		dip, cor = dip+r[3]+"\n", cor+r[4]+"\n"
	}
	for _, e := range g.Errors {
		if !strings.Contains(dip, e.Form) || !strings.Contains(cor, e.Correction) {
			t.Errorf("gold error %q → %q: not in the diplomatic and corrected columns", e.Form, e.Correction)
		}
	}
	if !strings.Contains(rows[1][6], "Compare the <b>draft</b> & the \"fair copy\"") {
		t.Errorf("got notes %q on link 1, want anna's note", rows[1][6])
	}
}

func TestParallelText(t *testing.T) {
	f := newAnnotated(t)
	b := export(t, f.db, "txt", Options{}, "117313")
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string][]string{}
	for _, zf := range zr.File {
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		lines[zf.Name] = strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	}
	ru, en := lines["117313.ru"], lines["117313.en"]
	if len(ru) != 22 || len(en) != 22 {
		t.Fatalf("got %d and %d lines in %v, want 22 each", len(ru), len(en), zr.File)
	}
	if ru[21] != "" || en[21] == "" {
		t.Errorf("got last lines %q / %q, want an empty Russian line for the 0:1 link", ru[21], en[21])
	}
}

// validTMXDate reports whether s is a TMX date (YYYYMMDDThhmmssZ).
func validTMXDate(s string) bool {
	_, err := time.Parse(tmxTime, s)
	return err == nil && strings.HasSuffix(s, "Z") && len(s) == 16
}
