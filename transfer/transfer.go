// Package transfer is the one import pipeline and the one export pipeline
// of Sverka. The upload form and the command line both import through an
// Importer, and the download API and the command line both export through
// Export, so that a file is classified, read and stored — and a document
// written out — the same way whichever front end asked. Front ends only
// gather the files and choices and show the outcome.
package transfer
