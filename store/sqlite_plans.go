package store

// Every SQLite connection the process opens plans its statements once, at
// prepare, whatever values are later bound to them: SQLite's query planner
// stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG), turned on by an
// automatic extension of ours that SQLite runs on each new connection.
//
// Without it SQLite 3.54 marks a statement for replanning when a value
// bound to it might change its plan: a LIMIT or OFFSET, or a column
// compared with = to something the planner took for 0 or 1. The driver
// clears a statement's bindings after each use, so binding 0 or 1 there
// again (offset 0, a boolean, FTS5's own segment 1) threw the prepared
// statement away each time: under the 70/20/10 mix at 10,000 documents, 4
// of 5 statements prepared were such replans, 6.7% of the server's CPU;
// with plans kept, 1.07 ms of CPU a request against 1.15 ms (both servers
// at once on copies of one database, 16 clients each). No statement of
// ours needs a plan made for its values: those served by a partial index
// state the index's condition literally (link_document <> '', see
// linksInto), and no LIKE pattern bound is a prefix an index could use.

/*
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_api_routines sqlite3_api_routines;
int sqlite3_auto_extension(void (*)(void));
int sqlite3_db_config(sqlite3 *, int, ...);

// SQLITE_DBCONFIG_ENABLE_QPSG in sqlite3.h.
enum { dbconfigEnableQPSG = 1007 };

static int sverkaStablePlans(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
	return sqlite3_db_config(db, dbconfigEnableQPSG, 1, (int *)0);
}

static int sverkaKeepPlans(void) {
	return sqlite3_auto_extension((void (*)(void))sverkaStablePlans);
}
*/
import "C"

import "fmt"

func init() {
	if rc := C.sverkaKeepPlans(); rc != 0 {
		panic(fmt.Sprintf("SQLite: cannot register the stable query plans (error %d)", rc))
	}
}
