package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"sverka"
	"sverka/facsimile"
	"sverka/ingest"
	"sverka/ocr"
	"sverka/store"
	"sverka/transfer"
)

// OCRConfig holds the flags of sverka ocr.
type OCRConfig struct {
	ID, Title, Lang, Translation string
}

var ocrCommand = command{
	summary: "import a scanned document: sverka ocr [--id ID] [--title T] [--lang rus] --translation EN.txt SCAN…\n" +
		"  SCAN: a PDF or page images (PNG, JPEG, TIFF) in page order, read by Tesseract; or hOCR, ALTO or PAGE\n" +
		"  files (*.hocr, *.html, *.xml) with the page images they name beside them. Prints the document id",
	flags: func(fs *flag.FlagSet, cfg *Config) {
		fs.StringVar(&cfg.OCR.ID, "id", "", "document id (default: the first scan's file name without its extension)")
		fs.StringVar(&cfg.OCR.Title, "title", "", "title (default: the id)")
		fs.StringVar(&cfg.OCR.Lang, "lang", "rus", "Tesseract's languages for the scans, such as rus or rus+eng")
		fs.StringVar(&cfg.OCR.Translation, "translation", "", "the English translation, a UTF-8 text with blank lines between paragraphs")
	},
	run: runOCR,
}

// scanPage is one page on its way in: the image file and what was read on it.
type scanPage struct {
	image  string
	layout ocr.Page
}

// runOCR reads the scans, stores their images and imports the document in
// one transaction; nothing is stored if any scan fails.
func runOCR(ctx context.Context, e env) error {
	cfg := e.cfg.OCR
	if len(e.args) == 0 || cfg.Translation == "" {
		return errors.New("usage: sverka ocr [--id ID] [--title T] [--lang rus] --translation EN.txt SCAN…")
	}
	id := cfg.ID
	if id == "" {
		id = strings.TrimSuffix(filepath.Base(e.args[0]), filepath.Ext(e.args[0]))
	}
	if !sverka.ValidDocumentID(id) {
		return fmt.Errorf("%q is not a valid document id; name one with --id", id)
	}
	english, err := ingest.ReadSource(cfg.Translation)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "sverka-ocr-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var pages []scanPage
	for i, path := range e.args {
		got, err := readScan(ctx, path, filepath.Join(tmp, fmt.Sprint(i)), ocr.Tesseract{Lang: cfg.Lang})
		if err != nil {
			return err
		}
		pages = append(pages, got...)
	}
	db, err := store.Open(ctx, e.cfg.DB, store.WithImages(e.cfg.Images))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := storeScan(ctx, db, ingest.OCRPair{ID: id, Title: cfg.Title, English: english}, pages); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, id)
	return nil
}

// storeScan puts the pages' images in the image store and imports the
// document p with them: all the work of sverka ocr beyond Tesseract.
func storeScan(ctx context.Context, db *store.DB, p ingest.OCRPair, pages []scanPage) error {
	paths := make([]string, len(pages))
	for i, sp := range pages {
		paths[i] = sp.image
		p.Layout.Pages = append(p.Layout.Pages, sp.layout)
	}
	var err error
	if p.Images, err = db.PutPages(paths); err != nil {
		return err
	}
	d, err := ingest.OCR(p)
	if err != nil {
		return err
	}
	o := transfer.Importer{DB: db}.Archive(ctx, p.ID, &sverka.Archive{Document: d})
	if o.Status == transfer.Failed {
		return errors.New(o.Reason)
	}
	return nil
}

// readScan reads one file named on the command line into pages: a PDF's
// pages rendered at 300 dpi into dir and read by Tesseract, an image read by
// Tesseract, or a layout file with the images it names.
func readScan(ctx context.Context, path, dir string, tess ocr.Tesseract) ([]scanPage, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".hocr", ".html", ".htm", ".xml":
		return readLayout(path)
	case ".pdf":
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
		files, err := facsimile.RenderPDF(ctx, path, dir, 300)
		if err != nil {
			return nil, err
		}
		var pages []scanPage
		for _, f := range files {
			page, err := tess.Recognize(ctx, f)
			if err != nil {
				return nil, err
			}
			pages = append(pages, scanPage{image: f, layout: page})
		}
		return pages, nil
	}
	page, err := tess.Recognize(ctx, path)
	if err != nil {
		return nil, err
	}
	return []scanPage{{image: path, layout: page}}, nil
}

// readLayout reads an hOCR, ALTO or PAGE file; each page's image is the
// file of that name beside it (a path in the file is not followed).
func readLayout(path string) ([]scanPage, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	read := ocr.ReadHOCR
	if head := string(b[:min(len(b), 4096)]); strings.Contains(head, "<alto") {
		read = ocr.ReadALTO
	} else if strings.Contains(head, "<PcGts") {
		read = ocr.ReadPAGE
	}
	doc, err := read(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var pages []scanPage
	for i, p := range doc.Pages {
		name := filepath.Base(filepath.FromSlash(strings.ReplaceAll(p.Image, `\`, "/")))
		if p.Image == "" || name == "." || name == ".." {
			return nil, fmt.Errorf("%s: page %d names no image", path, i+1)
		}
		image := filepath.Join(filepath.Dir(path), name)
		if _, err := os.Stat(image); err != nil {
			return nil, fmt.Errorf("%s: page %d: the image %s is missing: %w", path, i+1, name, err)
		}
		pages = append(pages, scanPage{image: image, layout: p})
	}
	return pages, nil
}
