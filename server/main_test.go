package server

import (
	"testing"

	"sverka/internal/pgtest"
)

// TestMain runs the server's tests on SQLite, then those of the API, the
// annotations and the documents again on PostgreSQL when
// SVERKA_TEST_POSTGRES names a server. SVERKA_TEST_ENGINE=postgres runs
// every test on PostgreSQL.
func TestMain(m *testing.M) { pgtest.Main(m, onPostgres) }

// onPostgres are the tests that run on both engines.
const onPostgres = "^Test(APIDocument|AlignmentEditAPI|AnnotationLifecycle|AnnotationBadInput|AnnotationListIncludeDeleted|" +
	"GoldCorrectionsThroughAPI|PrivateNotesAndBacklinks|ConcurrentAnnotationEdits|ServedAnnotationsMeetW3CMusts|ReviewNeedsIfMatch|" +
	"DocumentEditAPI|DocumentListIsPagedAndSearchable|DocumentPages|DocumentExport|DocumentEventStream|PrivateDocumentsAreHidden|" +
	"SearchFindsNotes|SearchPages|IdempotencyKey|ImportUpload|ImportUploadReplace|NoPrivateByteLeaks|AuthorizationMatrix|LoginLogout)$"
