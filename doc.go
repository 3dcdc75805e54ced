// Package sverka is the domain of the Sverka workbench: the nouns scholars
// work with — documents and their base texts, segments and alignment links,
// annotations with their history, users and their roles, archives and
// export rows — with their validation and the typed errors every layer
// answers with.
//
// It imports nothing of the project. The store keeps these nouns in SQLite,
// the server presents them over HTTP, and exchange, ingest and seed read
// and write them in files: each of those imports this package, never the
// other way round (see ARCHITECTURE.md).
package sverka
