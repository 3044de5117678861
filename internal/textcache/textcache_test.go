package textcache

import (
	"fmt"
	"strings"
	"testing"
)

// TestBounded: the cache never holds more than its bytes of key text nor
// a key over its limit, and keeps what fits.
func TestBounded(t *testing.T) {
	c := New[int](1000, 100)
	long := strings.Repeat("x", 101)
	c.Put(long, 1)
	if _, ok := c.Get(long); ok {
		t.Error("a key over the limit was kept")
	}
	for i := 0; i < 10000; i++ {
		c.Put(fmt.Sprintf("key %d %s", i, strings.Repeat("p", i%80)), i)
		if c.Bytes() > 1000 {
			t.Fatalf("holds %d bytes, limit 1000", c.Bytes())
		}
	}
	c.Put("a", 1)
	c.Put("a", 2)
	if v, ok := c.Get("a"); !ok || v != 2 {
		t.Errorf("Get(a) = %d, %v; want 2, true", v, ok)
	}
}
