package exec

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// User-level locks (GET_LOCK and its family) are documents
// {_id: name, owner: connection id, count, expires} in __sqlmongo_locks,
// shared by every client of the database:
//
//   - A lock is acquired by inserting its document: an insert of a unique
//     _id is atomic on every server (FerretDB v1 included, where updates
//     are read-modify-writes), so exactly one of racing sessions wins.
//     The others poll with backoff until the statement's timeout or
//     context ends.
//   - The holder's session refreshes expires every TTL/3 while it holds a
//     lock (one goroutine per session with locks). A holder that stopped
//     refreshing (a crashed process) loses its locks when they expire: a
//     session that finds an expired document deletes it, filtered on its
//     exact owner and expires, and races to insert its own. Deletes by
//     filter are not atomic on FerretDB v1 either (it reads the matching
//     documents, then deletes by _id), so the delete is done only by the
//     session that first inserts a takeover token keyed by the expired
//     document's name, owner and expires (__sqlmongo_lock_takeovers); a
//     token whose taker stalled past the TTL yields to the next attempt
//     number.
//   - count is how many times the holder acquired the lock (MySQL 5.7+
//     counts re-acquisitions; RELEASE_LOCK must match each).
//
// Connection ids come from the __sqlmongo_connections counter, a block
// per engine at a time, so they are unique among the database's clients.
const (
	locksCollection     = "__sqlmongo_locks"
	takeoversCollection = "__sqlmongo_lock_takeovers"
	connectionsCounter  = "__sqlmongo_connections"
	connectionBlock     = 1000
	defaultLockTTL      = 30 * time.Second
	maxLockPoll         = 200 * time.Millisecond
)

// lockDoc is a lock's document.
type lockDoc struct {
	Name    string    `bson:"_id"`
	Owner   int64     `bson:"owner"`
	Count   int64     `bson:"count"`
	Expires time.Time `bson:"expires"`
}

// connIDs hands out an engine's block of connection ids.
type connIDs struct {
	mu         sync.Mutex
	next, last int64
}

// sessionID returns the session's connection id, taking one on first use.
func (e *Engine) sessionID(ctx context.Context, s *Session) (int64, error) {
	if s.id != 0 {
		return s.id, nil
	}
	c := &e.conns
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.next == 0 || c.next > c.last {
		last, err := e.reserveIDs(ctx, connectionsCounter, connectionBlock, 0)
		if err != nil {
			return 0, err
		}
		c.next, c.last = last-connectionBlock+1, last
	}
	s.id = c.next
	c.next++
	return s.id, nil
}

func (e *Engine) lockTTL() time.Duration {
	if e.opts.LockTTL > 0 {
		return e.opts.LockTTL
	}
	return defaultLockTTL
}

// sessionLocks is what a session holds: counts by name, and the refresher
// that runs while there are any.
type sessionLocks struct {
	e  *Engine
	id int64
	mu sync.Mutex // guards held and stop
	// io orders the session's writes of its documents with the
	// refresher's: on FerretDB v1 an update read before a delete would
	// write the document back.
	io   sync.Mutex
	held map[string]int64
	stop chan struct{}
}

// locker is planner.Locker for one execution: the statement's context,
// the engine and the connection's session.
type locker struct {
	ctx  context.Context
	e    *Engine
	sess *Session
}

// state returns the session's locks, made on first use.
func (l *locker) state() (*sessionLocks, error) {
	id, err := l.e.sessionID(l.ctx, l.sess)
	if err != nil {
		return nil, err
	}
	if l.sess.locks == nil {
		l.sess.locks = &sessionLocks{e: l.e, id: id, held: map[string]int64{}}
	}
	return l.sess.locks, nil
}

func (l *locker) coll() *mongo.Collection { return l.e.db.Collection(locksCollection) }

func lockErr(err error, name string) error {
	return sqlerr.Wrap(err, "user-level lock %q", name)
}

func (l *locker) ConnectionID() (any, error) {
	id, err := l.e.sessionID(l.ctx, l.sess)
	if err != nil {
		return nil, err
	}
	return id, nil
}

func (l *locker) GetLock(name string, timeout time.Duration) (any, error) {
	sl, err := l.state()
	if err != nil {
		return nil, err
	}
	if n := sl.count(name); n > 0 {
		mine, err := l.retake(sl, name, n+1)
		if err != nil {
			return nil, err
		}
		if mine {
			sl.set(name, n+1)
			return int64(1), nil
		}
		sl.set(name, 0) // expired and taken over: acquire it afresh
	}
	deadline := time.Now().Add(timeout)
	wait := 2 * time.Millisecond
	for {
		ok, err := l.try(sl, name)
		if err != nil {
			return nil, err
		}
		if ok {
			sl.set(name, 1)
			return int64(1), nil
		}
		left := time.Until(deadline)
		if timeout >= 0 && left <= 0 {
			return int64(0), nil
		}
		d := wait/2 + rand.N(wait/2+1)
		if timeout >= 0 {
			d = min(d, left)
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-l.ctx.Done():
			t.Stop()
			return nil, lockErr(l.ctx.Err(), name)
		}
		wait = min(2*wait, maxLockPoll)
	}
}

func (l *locker) expires() time.Time {
	return time.Now().Add(l.e.lockTTL()).Truncate(time.Millisecond)
}

// retake sets the count of a lock document the session owns and moves its
// expiry forward; false when the document is no longer the session's.
func (l *locker) retake(sl *sessionLocks, name string, n int64) (bool, error) {
	sl.io.Lock()
	defer sl.io.Unlock()
	res, err := l.coll().UpdateOne(l.ctx, bson.D{{Key: "_id", Value: name}, {Key: "owner", Value: sl.id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "count", Value: n}, {Key: "expires", Value: l.expires()}}}})
	if err != nil {
		return false, lockErr(err, name)
	}
	return res.MatchedCount == 1, nil
}

// try makes one attempt at taking a lock the session does not hold.
func (l *locker) try(sl *sessionLocks, name string) (bool, error) {
	for range 3 {
		_, err := l.coll().InsertOne(l.ctx, lockDoc{Name: name, Owner: sl.id, Count: 1, Expires: l.expires()})
		if err == nil {
			return true, nil
		}
		if !isDuplicate(err) {
			return false, lockErr(err, name)
		}
		d, found, err := l.find(name)
		switch {
		case err != nil:
			return false, err
		case !found:
			continue // released meanwhile
		case d.Owner == sl.id:
			// Ours, though the session lost count of it (a release
			// that failed midway): take it again.
			return l.retake(sl, name, 1)
		case !d.Expires.Before(time.Now()):
			return false, nil
		}
		if err := l.takeOver(d); err != nil {
			return false, err
		}
	}
	return false, nil
}

// takeOver deletes an expired lock document, if this session is the first
// to claim its takeover (see the package comment above).
func (l *locker) takeOver(d lockDoc) error {
	tokens := l.e.db.Collection(takeoversCollection)
	for k := 0; k < 100; k++ {
		key := fmt.Sprintf("%s\x00%d\x00%d\x00%d", d.Name, d.Owner, d.Expires.UnixMilli(), k)
		_, err := tokens.InsertOne(l.ctx, bson.D{{Key: "_id", Value: key}, {Key: "expires", Value: l.expires()}})
		if err == nil {
			_, err = l.coll().DeleteOne(l.ctx, bson.D{{Key: "_id", Value: d.Name}, {Key: "owner", Value: d.Owner}, {Key: "expires", Value: d.Expires}})
			// A late racer that inserts this token again finds the
			// document gone: its delete matches nothing.
			_, _ = tokens.DeleteOne(context.WithoutCancel(l.ctx), bson.D{{Key: "_id", Value: key}})
			return lockErr(err, d.Name)
		}
		if !isDuplicate(err) {
			return lockErr(err, d.Name)
		}
		var t struct {
			Expires time.Time `bson:"expires"`
		}
		err = tokens.FindOne(l.ctx, bson.D{{Key: "_id", Value: key}}).Decode(&t)
		if errors.Is(err, mongo.ErrNoDocuments) || err == nil && !t.Expires.Before(time.Now()) {
			return nil // taken over by another session, or being taken
		}
		if err != nil {
			return lockErr(err, d.Name)
		}
		// That taker stalled for a whole TTL: the next attempt.
	}
	return nil
}

// find reads a lock's document.
func (l *locker) find(name string) (lockDoc, bool, error) {
	var d lockDoc
	err := l.coll().FindOne(l.ctx, bson.D{{Key: "_id", Value: name}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return d, false, nil
	}
	if err != nil {
		return d, false, lockErr(err, name)
	}
	return d, true, nil
}

// holder returns the connection id holding name; 0 when free (no
// document, or an expired one).
func (l *locker) holder(name string) (int64, error) {
	d, found, err := l.find(name)
	if err != nil || !found || d.Expires.Before(time.Now()) {
		return 0, err
	}
	return d.Owner, nil
}

func (l *locker) ReleaseLock(name string) (any, error) {
	sl, err := l.state()
	if err != nil {
		return nil, err
	}
	filter := bson.D{{Key: "_id", Value: name}, {Key: "owner", Value: sl.id}}
	if n := sl.count(name); n > 0 {
		sl.io.Lock()
		var mine bool
		if n > 1 {
			var res *mongo.UpdateResult
			if res, err = l.coll().UpdateOne(l.ctx, filter, bson.D{{Key: "$set", Value: bson.D{{Key: "count", Value: n - 1}}}}); err == nil {
				mine = res.MatchedCount == 1
			}
		} else {
			var res *mongo.DeleteResult
			if res, err = l.coll().DeleteOne(l.ctx, filter); err == nil {
				mine = res.DeletedCount == 1
			}
		}
		sl.io.Unlock()
		if err != nil {
			return nil, lockErr(err, name)
		}
		if mine {
			sl.set(name, n-1)
			return int64(1), nil
		}
		sl.set(name, 0) // expired and taken over
	}
	owner, err := l.holder(name)
	switch {
	case err != nil:
		return nil, err
	case owner == 0:
		return nil, nil
	case owner == sl.id:
		// Ours, though the session lost count of it.
		if _, err := l.coll().DeleteOne(l.ctx, filter); err != nil {
			return nil, lockErr(err, name)
		}
		return int64(1), nil
	}
	return int64(0), nil
}

func (l *locker) IsFreeLock(name string) (any, error) {
	owner, err := l.holder(name)
	if err != nil {
		return nil, err
	}
	if owner == 0 {
		return int64(1), nil
	}
	return int64(0), nil
}

func (l *locker) IsUsedLock(name string) (any, error) {
	owner, err := l.holder(name)
	if err != nil || owner == 0 {
		return nil, err
	}
	return owner, nil
}

func (l *locker) ReleaseAllLocks() (any, error) {
	if l.sess.locks == nil {
		return int64(0), nil
	}
	n, err := l.sess.locks.releaseAll(l.ctx)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// ReleaseLocks releases every lock the session holds and stops its
// refresher: the driver calls it when the connection closes.
func (s *Session) ReleaseLocks(ctx context.Context) error {
	if s == nil || s.locks == nil {
		return nil
	}
	_, err := s.locks.releaseAll(ctx)
	return err
}

// releaseAll deletes the session's lock documents and returns how many
// acquisitions they counted.
func (sl *sessionLocks) releaseAll(ctx context.Context) (int64, error) {
	sl.mu.Lock()
	var names []string
	var total int64
	for name, n := range sl.held {
		names = append(names, name)
		total += n
	}
	sl.mu.Unlock()
	if len(names) == 0 {
		return 0, nil
	}
	sl.io.Lock()
	_, err := sl.e.db.Collection(locksCollection).DeleteMany(ctx,
		bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: names}}}, {Key: "owner", Value: sl.id}})
	sl.io.Unlock()
	if err != nil {
		return 0, sqlerr.Wrap(err, "releasing user-level locks")
	}
	for _, name := range names {
		sl.set(name, 0)
	}
	return total, nil
}

func (sl *sessionLocks) count(name string) int64 {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	return sl.held[name]
}

// set records the session's count of a lock (0: not held), starting the
// refresher with the first lock and stopping it with the last.
func (sl *sessionLocks) set(name string, n int64) {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if n > 0 {
		sl.held[name] = n
	} else {
		delete(sl.held, name)
	}
	switch {
	case len(sl.held) > 0 && sl.stop == nil:
		sl.stop = make(chan struct{})
		go sl.refresh(sl.stop)
	case len(sl.held) == 0 && sl.stop != nil:
		close(sl.stop)
		sl.stop = nil
	}
}

// refresh moves the expiry of the session's locks forward every TTL/3
// until stop closes.
func (sl *sessionLocks) refresh(stop chan struct{}) {
	ttl := sl.e.lockTTL()
	tick := time.NewTicker(max(ttl/3, time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		sl.mu.Lock()
		names := make([]string, 0, len(sl.held))
		for name := range sl.held {
			names = append(names, name)
		}
		sl.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), max(ttl/3, time.Second))
		sl.io.Lock()
		// Best effort: a failed refresh is retried at the next tick,
		// well before the locks expire.
		_, _ = sl.e.db.Collection(locksCollection).UpdateMany(ctx,
			bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: names}}}, {Key: "owner", Value: sl.id}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "expires", Value: time.Now().Add(ttl).Truncate(time.Millisecond)}}}})
		sl.io.Unlock()
		cancel()
	}
}
