package driver

import (
	"context"
	"time"
)

// releaseLocks releases the user-level locks (GET_LOCK) the connection
// holds as it closes, as MySQL does when a session ends; a failure leaves
// them to expire (sqlmongo's lock TTL). database/sql's ResetSession keeps
// them, as MySQL keeps them on a pooled physical connection.
func (c *conn) releaseLocks() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = c.sess.ReleaseLocks(ctx)
}
