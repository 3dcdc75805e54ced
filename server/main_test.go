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
// engines, and would add minutes.
const notOnPostgres = "InBrowser$|^Test(AnnotateWithKeyboardOnly|CrossReferenceFoundBySearch|CrossReferenceToAnotherDocument|" +
	"ImportedAuthorInCard|PermalinkOutsideTheWindow|TwentyPageFacsimileOpensLazily|WebPlatformAnnotationProtocol)$"
