package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"sverka"
	"sverka/exchange"
	"sverka/store"
	"sverka/transfer"
)

// ExportConfig holds the flags of sverka export.
type ExportConfig struct {
	Format        string
	Output        string
	Diplomatic    bool
	ConfirmedOnly bool
	Proposed      bool
	// As is the name of the user the export is made for: their private
	// notes go with it; no one else's ever do.
	As string
	// AllData exports the complete archive (store.Dump): everything,
	// everyone's, for an admin moving a whole database.
	AllData bool
}

var exportCommand = command{
	summary: "export documents (all if no ID is given): sverka export [--format F] [--output FILE] [ID…]",
	flags: func(fs *flag.FlagSet, cfg *Config) {
		fs.StringVar(&cfg.Export.Format, "format", "json", "format: "+strings.Join(exchange.FormatNames(), ", "))
		fs.StringVar(&cfg.Export.Output, "output", "", "file to write (standard output if empty)")
		fs.BoolVar(&cfg.Export.Diplomatic, "diplomatic", false, "give the original as the OCR has it, not its corrected reading")
		fs.BoolVar(&cfg.Export.ConfirmedOnly, "confirmed-only", false, "leave out links no one has confirmed")
		fs.BoolVar(&cfg.Export.Proposed, "proposed", false, "include proposed corrections (marked uncertain)")
		fs.StringVar(&cfg.Export.As, "as", "", "export as this user: their private notes are included (anonymous if empty)")
		fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "public origin of the server, e.g. https://sverka.example.org (SVERKA_BASE_URL): W3C and TEI exports name annotations and texts by absolute IRIs on it")
		fs.BoolVar(&cfg.Export.AllData, "all-data", false, "the complete archive of the database: users, password hashes, tokens, every note, the whole history (--as an admin; sverka restore reads it)")
	},
	run: runExport,
}

// runExport writes the documents named on the command line (all if none)
// in one format, to a file or standard output. A file is written beside its
// final name and renamed into place, so a failed export leaves no partial
// file behind. The command line exports as an anonymous reader unless --as
// names a user: then that user's private notes, and no one else's, leave
// with it.
func runExport(ctx context.Context, e env) error {
	f, err := exchange.Lookup(e.cfg.Export.Format)
	if err != nil {
		return err
	}
	for _, id := range e.args {
		if !sverka.ValidDocumentID(id) {
			return fmt.Errorf("export: %q is not a document id", id)
		}
	}
	if err := store.Exists(e.cfg.DB); err != nil {
		return fmt.Errorf("export: database %s: %w", e.cfg.DB, err)
	}
	db, err := store.Open(ctx, e.cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	var viewer *sverka.User
	if e.cfg.Export.As != "" {
		if viewer, err = db.FindUserByName(ctx, e.cfg.Export.As); err != nil {
			return fmt.Errorf("export: --as %s: %w", e.cfg.Export.As, err)
		}
	}
	base := strings.TrimSuffix(e.cfg.BaseURL, "/")
	if u, err := url.Parse(base); (f.Name == "w3c" || f.Name == "tei") && (err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
		return fmt.Errorf("export: a %s export names annotations and texts by absolute IRIs: give the server's public origin with --base-url (or SVERKA_BASE_URL), such as https://sverka.example.org", f.Name)
	}
	opt := exchange.Options{
		Diplomatic: e.cfg.Export.Diplomatic, ConfirmedOnly: e.cfg.Export.ConfirmedOnly,
		Proposed: e.cfg.Export.Proposed, BaseURL: base, Corpus: len(e.args) != 1,
	}
	x := &transfer.Export{DB: db, Format: f, IDs: e.args, Viewer: viewer, Options: opt}
	write, mode := x.Write, os.FileMode(0o644)
	if e.cfg.Export.AllData {
		if viewer == nil || !viewer.Role.AtLeast(sverka.RoleAdmin) || len(e.args) > 0 {
			return fmt.Errorf("export --all-data: name an admin with --as, and no documents (it holds every one, and every account)")
		}
		write, mode = db.Dump, 0o600 // password hashes and tokens: its owner's eyes only
	}
	if e.cfg.Export.Output == "" || e.cfg.Export.Output == "-" {
		w := bufio.NewWriter(e.stdout)
		if err := write(ctx, w); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return w.Flush()
	}
	out := e.cfg.Export.Output
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	w := bufio.NewWriter(tmp)
	err = tmp.Chmod(mode) // CreateTemp makes files only their owner can read
	if err == nil {
		err = write(ctx, w)
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		return fmt.Errorf("export to %s: %w", out, err)
	}
	return nil
}
