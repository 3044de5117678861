// Package textcache is a cache keyed by text (SQL statements, regular
// expressions) whose values grow with their key. It is bounded by the
// bytes of key text it holds and simply starts over when full; keys longer
// than a limit are not kept. Safe for concurrent use.
package textcache

import "sync"

// Cache maps texts to values.
type Cache[V any] struct {
	maxBytes, maxKey int

	mu    sync.Mutex
	m     map[string]V
	bytes int
}

// New returns a cache holding at most maxBytes of key text, and no key
// longer than maxKey.
func New[V any](maxBytes, maxKey int) *Cache[V] {
	return &Cache[V]{maxBytes: maxBytes, maxKey: maxKey}
}

// Get returns the value for key, if it is held.
func (c *Cache[V]) Get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

// Put keeps v under key unless key is too long.
func (c *Cache[V]) Put(key string, v V) {
	if len(key) > c.maxKey {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || c.bytes+len(key) > c.maxBytes {
		c.m, c.bytes = make(map[string]V), 0
	}
	if _, ok := c.m[key]; !ok {
		c.bytes += len(key)
	}
	c.m[key] = v
}

// Bytes is the key text held now.
func (c *Cache[V]) Bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}
