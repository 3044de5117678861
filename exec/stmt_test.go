package exec

import (
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// TestBulkStatementsCached: a long text with placeholders (a batch
// loader's INSERT of many rows) is kept although the statement cache
// leaves long texts out; a long text of literals is not.
func TestBulkStatementsCached(t *testing.T) {
	e := &Engine{stmts: newStmtCache(), bulkStmts: newBulkStmtCache()}
	cache := func(q string) *Stmt {
		parsed, err := sqlparse.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		s := &Stmt{e: e, parsed: parsed}
		e.cacheStmt(q, s)
		return s
	}
	bulk := "INSERT INTO t (a, b) VALUES " + strings.Repeat("(?, ?), ", stmtTextMax/8) + "(?, ?)"
	if s := cache(bulk); e.cachedStmt(bulk) != s {
		t.Errorf("a %d-byte INSERT of placeholders was not kept", len(bulk))
	}
	literals := "INSERT INTO t (a) VALUES " + strings.Repeat("(1), ", stmtTextMax/5) + "(1)"
	if cache(literals); e.cachedStmt(literals) != nil {
		t.Errorf("a %d-byte INSERT of literals was kept", len(literals))
	}
	short := "SELECT a FROM t WHERE b = ?"
	if s := cache(short); e.cachedStmt(short) != s {
		t.Error("a short statement was not kept")
	}
}
