package server

import (
	"testing"

	"sverka/internal/pgtest"
)

// TestMain runs the server's tests on SQLite, then, when
// SVERKA_TEST_POSTGRES names a server, again on PostgreSQL all but
// notOnPostgres. SVERKA_TEST_ENGINE=postgres runs every test on
// PostgreSQL.
func TestMain(m *testing.M) { pgtest.Main(m, "", notOnPostgres) }

// notOnPostgres are the tests that drive Chromium (browsertest.New): they
// test the pages' scripts, whose requests the other tests make on both
// engines, and would add minutes; and TestSlowReadersDoNotFreezeTheServer,
// which PostgreSQL does not pass yet: a note written while the background
// indexer takes in its 15,000-link document waits more than 5 s for the
// one writer (each of its transactions holds the write lock longer there).
const notOnPostgres = "InBrowser$|^Test(AnnotateWithKeyboardOnly|CrossReferenceFoundBySearch|CrossReferenceToAnotherDocument|" +
	"ImportedAuthorInCard|PermalinkOutsideTheWindow|TwentyPageFacsimileOpensLazily|WebPlatformAnnotationProtocol|" +
	"SlowReadersDoNotFreezeTheServer)$"
