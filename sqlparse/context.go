package sqlparse

import "context"

// stopEvery is how many tokens or tree nodes pass between two calls of a
// parse's stop function: checking a context costs a lock, a token about
// a microsecond.
const stopEvery = 4096

// ParseContext is Parse that gives up when ctx ends, returning ctx.Err():
// our own passes over the text check ctx every few thousand tokens and
// between passes. The library's parser takes no context and cannot be
// stopped (about a third of a parse: ~1 s for 10 MB of SQL); a caller that
// must return at the deadline runs ParseContext in a goroutine and stops
// waiting for it, as exec does for long statements.
func ParseContext(ctx context.Context, sql string) (*Statement, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if ctx.Done() == nil {
		return parse(sql, nil)
	}
	return parse(sql, ctx.Err)
}

// stopped reports the parse's stop function's error, if any.
func (p *parser) stopped() error {
	if p.stop == nil {
		return nil
	}
	return p.stop()
}
