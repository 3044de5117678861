package exec

import (
	"context"
)

// resetCounter restarts a table's AUTO_INCREMENT (TRUNCATE).
func (e *Engine) resetCounter(ctx context.Context, table string) error {
	return e.dropCounter(ctx, table)
}

// renameCounter moves a table's AUTO_INCREMENT to its new name: the new
// name's counter starts where the old one was.
func (e *Engine) renameCounter(ctx context.Context, old, name string) error {
	c, err := e.newestClaim(ctx, old)
	if err != nil {
		return err
	}
	if err := e.dropCounter(ctx, old); err != nil {
		return err
	}
	if c.Seq == 0 {
		return nil
	}
	return e.raiseCounter(ctx, name, c.Seq)
}
