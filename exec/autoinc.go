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
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/planner"
)

// AUTO_INCREMENT counters live in __sqlmongo_counters, in one of two forms
// chosen by the server (server.atomicUpdate), never by sqlmongo.pushdown:
//
//   - Where a single-document update is atomic (MongoDB, FerretDB v2 on
//     DocumentDB: 64 concurrent findAndModify $inc of one fresh counter gave
//     64 distinct values), a table's counter is one document
//     {_id: table, seq}: an INSERT takes its n ids with one $inc, an explicit
//     id raises it with $max. One round trip.
//   - FerretDB v1 applies an update by reading the document, computing the
//     new one in Go and writing it back by _id, with no check that it is
//     unchanged: 64 concurrent $inc gave 15–18 distinct values, and a
//     compare-and-swap updateOne({_id, seq: old}, {$set: {seq: new}}) is no
//     better (of 64 single attempts two "won" the same value; with retries,
//     64 claims gave 42 distinct values). What is atomic there is an insert
//     against a unique index (64 inserts of one _id: one succeeds, 63 get
//     E11000). So the counter is a chain of claim documents
//     {_id: "table#<v>", table, v, seq}: version v+1 is made from version v
//     (seq(v+1) = max(seq(v), explicit id) + n) and inserted under the key
//     v+1, which only one claimer can insert; the others read the chain's
//     newest claim again and retry. Each claim owns the ids above its
//     predecessor's seq up to its own: disjoint and increasing, so no id is
//     handed out twice or after a DELETE. See claimIDs for how the chain is
//     kept short.
//
// LastInsertId is the first id of the statement's block. An INSERT whose
// generated id collides with a row another writer put there (an explicit
// id above the counter, a write from outside sqlmongo) and that wrote
// nothing is retried with new ids (insert).

const (
	// claimKeep is how many claims stay behind the newest: a claim older
	// than that is deleted, and one a claimer finds that far behind the
	// newest right after inserting it is abandoned (claimIDs).
	claimKeep = 16
	// claimSweep: every claimSweep-th claim deletes the old ones.
	claimSweep = 8
	// insertTries bounds the retries of an INSERT whose generated ids
	// collided with rows.
	insertTries = 5
)

// counters combines the claims of one engine's concurrent INSERTs into a
// table: while one claim is in flight the others queue, and the next
// claim serves them all at once (one round trip for the queue, blocks
// handed out in queue order). It also remembers the newest claim of each
// chain this engine made or read, so the next claim can skip reading it.
type counters struct {
	mu     sync.Mutex
	tables map[string]*tableCounter
}

type tableCounter struct {
	busy   bool         // a claim is in flight
	queue  []*idRequest // requests waiting for it to end
	newest claim        // the chain's newest claim as last seen; V == 0: unknown
}

// idRequest is one statement's request: n ids above atLeast.
type idRequest struct {
	n, atLeast int64
	done       chan struct{} // closed when answered
	last       int64         // the answer: the block's last id
	err        error
	lead       bool // the answer is: make the next claim yourself
}

// reserveIDs takes n ids (n may be 0: only raise the counter) above
// atLeast from the table's counter and returns the block's last id.
func (e *Engine) reserveIDs(ctx context.Context, table string, n, atLeast int64) (int64, error) {
	c := &e.counters
	req := &idRequest{n: n, atLeast: atLeast, done: make(chan struct{})}
	c.mu.Lock()
	if c.tables == nil {
		c.tables = map[string]*tableCounter{}
	}
	tc := c.tables[table]
	if tc == nil {
		tc = &tableCounter{}
		c.tables[table] = tc
	}
	if tc.busy {
		tc.queue = append(tc.queue, req)
		c.mu.Unlock()
		select {
		case <-req.done:
		case <-ctx.Done():
			// Ids a later claim gives this request are skipped; a
			// request made leader passes the lead on.
			go func() {
				<-req.done
				if req.lead {
					e.claimFor(context.WithoutCancel(ctx), table, tc, nil)
				}
			}()
			return 0, sqlerr.Wrap(ctx.Err(), "reserving AUTO_INCREMENT values for %q", table)
		}
		if !req.lead {
			return req.last, req.err
		}
	} else {
		tc.busy = true
		c.mu.Unlock()
	}
	e.claimFor(ctx, table, tc, req)
	return req.last, req.err
}

// claimFor makes one claim for own (nil when leading for others only) and
// the requests queued so far, then hands the lead to the next queued
// request, if any.
func (e *Engine) claimFor(ctx context.Context, table string, tc *tableCounter, own *idRequest) {
	c := &e.counters
	c.mu.Lock()
	batch := tc.queue
	tc.queue = nil
	hint := tc.newest
	c.mu.Unlock()
	if own != nil {
		batch = append([]*idRequest{own}, batch...)
	}
	var answered, retry []*idRequest
	if len(batch) > 0 {
		var n, atLeast int64
		for _, r := range batch {
			n += r.n
			atLeast = max(atLeast, r.atLeast)
		}
		last, newest, err := e.takeIDs(ctx, table, n, atLeast, hint)
		first := last - n
		for _, r := range batch {
			first += r.n
			if err != nil && r != own && ctx.Err() != nil {
				retry = append(retry, r) // the leader's deadline is not theirs
				continue
			}
			r.last, r.err = first, err
			if r != own {
				answered = append(answered, r)
			}
		}
		if err == nil {
			c.mu.Lock()
			tc.newest = newest
			c.mu.Unlock()
		}
	}
	c.mu.Lock()
	tc.queue = append(retry, tc.queue...)
	var next *idRequest
	if len(tc.queue) > 0 {
		next, tc.queue = tc.queue[0], tc.queue[1:]
		next.lead = true
	} else {
		tc.busy = false
	}
	c.mu.Unlock()
	for _, r := range answered {
		close(r.done)
	}
	if next != nil {
		close(next.done)
	}
}

// takeIDs takes n ids above atLeast from the counter in whichever form the
// server needs and returns the last; newest is the chain's claim it made
// or found (on servers with the $inc counter, zero).
func (e *Engine) takeIDs(ctx context.Context, table string, n, atLeast int64, hint claim) (last int64, newest claim, err error) {
	info, err := e.srv.get(ctx, e.client)
	if err != nil {
		return 0, claim{}, err
	}
	if !info.atomicUpdate {
		return e.claimIDs(ctx, table, n, atLeast, hint)
	}
	coll := e.db.Collection(countersCollection)
	if atLeast > 0 || n == 0 {
		for try := 0; ; try++ {
			_, err = coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: table}},
				bson.D{{Key: "$max", Value: bson.D{{Key: "seq", Value: atLeast}}}},
				options.UpdateOne().SetUpsert(true))
			// Two upserts of a missing counter may both insert it; the
			// loser finds it the next time.
			if !mongo.IsDuplicateKeyError(err) || try == 3 {
				break
			}
		}
		if err != nil || n == 0 {
			return 0, claim{}, sqlerr.Wrap(err, "updating AUTO_INCREMENT of %q", table)
		}
	}
	var doc claim
	for try := 0; ; try++ {
		err = coll.FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: table}},
			bson.D{{Key: "$inc", Value: bson.D{{Key: "seq", Value: n}}}},
			options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&doc)
		if !mongo.IsDuplicateKeyError(err) || try == 3 {
			break
		}
	}
	if err != nil {
		return 0, claim{}, sqlerr.Wrap(err, "reserving AUTO_INCREMENT values for %q", table)
	}
	return doc.Seq, claim{}, nil
}

// raiseCounter makes the counter at least v, as MySQL does after an
// explicit id.
func (e *Engine) raiseCounter(ctx context.Context, table string, v int64) error {
	_, err := e.reserveIDs(ctx, table, 0, v)
	return err
}

// claim is a document of a claim chain.
type claim struct {
	V   int64 `bson:"v"`
	Seq int64 `bson:"seq"`
}

// claimKey is the _id of a table's claim v: zero-padded so that string
// order is numeric order (19 digits hold any int64).
func claimKey(table string, v int64) string { return fmt.Sprintf("%s#%019d", table, v) }

// claimIDs takes n ids (n may be 0: only raise the counter to atLeast)
// from the table's claim chain and returns the last, the counter's new
// value.
//
// The chain is kept short: every claimSweep-th claim deletes those more
// than claimKeep behind it. A claimer that read the newest claim v long
// ago could then insert claim v+1 again after it was deleted, and would
// own ids already handed out. So a claimer reads the newest claim again
// right after its insert: a claim is deleted only once one more than
// claimKeep ahead of it exists, and the newest claim is never deleted, so
// a reinserted v+1 always finds the newest more than claimKeep ahead; it
// then abandons the claim and retries. (A claim that is merely overtaken
// that fast is abandoned too: its ids are skipped, which MySQL allows.)
//
// hint is the newest claim this engine knows of (V == 0: none): the first
// try builds on it without reading the chain, and a request it already
// satisfies takes no round trip. The claim returned is the newest one
// known after this one.
func (e *Engine) claimIDs(ctx context.Context, table string, n, atLeast int64, hint claim) (int64, claim, error) {
	coll := e.db.Collection(countersCollection)
	cur := hint
	for try := 0; ; try++ {
		if err := ctx.Err(); err != nil {
			return 0, claim{}, sqlerr.Wrap(err, "reserving AUTO_INCREMENT values for %q", table)
		}
		if cur.V == 0 || try > 0 {
			var err error
			if cur, err = e.newestClaim(ctx, table); err != nil {
				return 0, claim{}, err
			}
		}
		base := max(cur.Seq, atLeast)
		if n == 0 && base == cur.Seq {
			return base, cur, nil // already past atLeast
		}
		mine := claim{V: cur.V + 1, Seq: base + n}
		_, err := coll.InsertOne(ctx, bson.D{{Key: "_id", Value: claimKey(table, mine.V)},
			{Key: "table", Value: table}, {Key: "v", Value: mine.V}, {Key: "seq", Value: mine.Seq}})
		if mongo.IsDuplicateKeyError(err) {
			// Another claimer made this claim first: wait a little (less
			// contention on the next try), then build on the newest.
			time.Sleep(time.Duration(rand.Int64N(int64(min(try+1, 20)) * int64(100*time.Microsecond))))
			continue
		}
		if err != nil {
			return 0, claim{}, sqlerr.Wrap(err, "reserving AUTO_INCREMENT values for %q", table)
		}
		newest, err := e.newestClaim(ctx, table)
		if err != nil {
			return 0, claim{}, err
		}
		if newest.V-mine.V > claimKeep {
			_, _ = coll.DeleteOne(ctx, bson.D{{Key: "_id", Value: claimKey(table, mine.V)}})
			continue
		}
		if mine.V%claimSweep == 0 {
			// Best effort: a failed sweep leaves claims for the next one.
			_, _ = coll.DeleteMany(ctx, bson.D{{Key: "table", Value: table}, {Key: "v", Value: bson.D{{Key: "$lt", Value: mine.V - claimKeep}}}})
		}
		return mine.Seq, newest, nil
	}
}

// newestClaim reads the table's newest claim; without one (a new table, or
// a counter kept by $inc before) the chain starts from the single-document
// counter, if any.
func (e *Engine) newestClaim(ctx context.Context, table string) (claim, error) {
	coll := e.db.Collection(countersCollection)
	var c claim
	// Another table's name may begin with "table#": the table field tells.
	err := coll.FindOne(ctx, bson.D{
		{Key: "_id", Value: bson.D{{Key: "$gt", Value: table + "#"}, {Key: "$lt", Value: table + "#:"}}},
		{Key: "table", Value: table},
	}, options.FindOne().SetSort(bson.D{{Key: "_id", Value: -1}})).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		err = coll.FindOne(ctx, bson.D{{Key: "_id", Value: table}}).Decode(&c)
		c.V = 0
		if errors.Is(err, mongo.ErrNoDocuments) {
			return claim{}, nil
		}
	}
	if err != nil {
		return claim{}, sqlerr.Wrap(err, "reading the AUTO_INCREMENT counter of %q", table)
	}
	return c, nil
}

// dropCounter deletes a dropped table's counter, in either form: a table
// created again under the name counts from 1.
func (e *Engine) dropCounter(ctx context.Context, table string) error {
	e.counters.mu.Lock()
	if tc := e.counters.tables[table]; tc != nil {
		tc.newest = claim{}
	}
	e.counters.mu.Unlock()
	_, err := e.db.Collection(countersCollection).DeleteMany(ctx, bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "_id", Value: table}},
		bson.D{{Key: "table", Value: table}},
	}}})
	return sqlerr.Wrap(err, "dropping the counter of %q", table)
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

// idBlock is the ids an INSERT generated: first … first+n-1 in the
// column at path.
type idBlock struct {
	path     string
	first, n int64
}

// insert runs an INSERT, again with new ids when its generated ids
// collided with rows and nothing was written: the counter first moves
// past the largest id found there.
func (e *Engine) insert(ctx context.Context, p *planner.Insert, env *planner.Env) (Result, error) {
	if p.Upsert != nil {
		return e.upsert(ctx, p, env)
	}
	for try := 1; ; try++ {
		var ids idBlock
		res, err := e.insertOnce(ctx, p, env, &ids)
		if err == nil || ids.n == 0 || try == insertTries || !nothingWritten(err) {
			return res, err
		}
		largest, taken, cerr := e.idsTaken(ctx, p.Table.Name, ids)
		if cerr != nil || !taken {
			return res, err
		}
		if cerr := e.raiseCounter(ctx, p.Table.Name, largest); cerr != nil {
			return res, err
		}
	}
}

// nothingWritten reports an INSERT's duplicate-key failure that wrote no
// row: a key check's (before anything is sent) or an insertMany's that
// failed on its first document (the insert is ordered).
func nothingWritten(err error) bool {
	var se *sqlerr.Error
	if !errors.As(err, &se) || se.Code != sqlerr.Duplicate {
		return false
	}
	var bwe mongo.BulkWriteException
	if errors.As(err, &bwe) {
		return len(bwe.WriteErrors) > 0 && bwe.WriteErrors[0].Index == 0
	}
	var we mongo.WriteException
	if errors.As(err, &we) {
		return len(we.WriteErrors) > 0 && we.WriteErrors[0].Index == 0
	}
	return true
}

// idsTaken reports whether a row holds one of the block's ids, and the
// largest such id.
func (e *Engine) idsTaken(ctx context.Context, table string, ids idBlock) (int64, bool, error) {
	var doc bson.Raw
	err := e.db.Collection(table).FindOne(ctx,
		bson.D{{Key: ids.path, Value: bson.D{{Key: "$gte", Value: ids.first}}}},
		options.FindOne().SetSort(bson.D{{Key: ids.path, Value: -1}}).SetProjection(bson.D{{Key: ids.path, Value: 1}})).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	largest, ok := integerKey(doc.Lookup(ids.path))
	return largest, ok, nil
}
