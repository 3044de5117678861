package exec

import (
	"fmt"
	"strings"
	"testing"
)

// TestStmtCacheBounded: the statement cache holds at most stmtCacheBytes
// of SQL text and never a text longer than stmtCacheMaxText.
func TestStmtCacheBounded(t *testing.T) {
	var c stmtCache
	long := "SELECT 1 FROM t WHERE a IN (" + strings.Repeat("1,", stmtCacheMaxText) + "1)"
	c.put(long, &Stmt{})
	if c.get(long) != nil {
		t.Errorf("a %d-byte statement was cached", len(long))
	}
	pad := strings.Repeat(" ", stmtCacheMaxText-100)
	for i := 0; i < 4*stmtCacheBytes/stmtCacheMaxText; i++ {
		c.put(fmt.Sprintf("SELECT %d%s", i, pad), &Stmt{})
		if c.bytes > stmtCacheBytes {
			t.Fatalf("cache holds %d bytes of text, limit %d", c.bytes, stmtCacheBytes)
		}
	}
	q := "SELECT 1"
	c.put(q, &Stmt{})
	c.put(q, &Stmt{})
	if c.get(q) == nil {
		t.Error("a short statement was not cached")
	}
}
