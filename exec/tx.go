package exec

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readconcern"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/planner"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// TxMode is sqlmongo.tx: what BEGIN does.
type TxMode string

// The transaction modes.
const (
	// TxAuto (default): a MongoDB transaction where the server has them
	// (a replica set or mongos, wire version ≥ 7); elsewhere statements
	// apply as they run and a ROLLBACK after a write is an error.
	TxAuto TxMode = "auto"
	// TxOn: always a MongoDB transaction (a server that runs them without
	// saying so in hello).
	TxOn TxMode = "on"
	// TxStrict: a MongoDB transaction, or BEGIN fails.
	TxStrict TxMode = "strict"
)

// MySQL's numbers for the errors a transaction adds.
const (
	errDeadlock      = 1213 // ER_LOCK_DEADLOCK, SQLSTATE 40001: retry the transaction
	errReadOnlyTx    = 1792 // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION, SQLSTATE 25006
	errNoSavepoint   = 1305 // ER_SP_DOES_NOT_EXIST, SQLSTATE 42000
	stateRetry       = "40001"
	stateReadOnly    = "25006"
	stateNoSavepoint = "42000"
)

// TxOptions are a transaction's characteristics.
type TxOptions struct {
	ReadOnly bool
}

// Tx is one transaction of a connection. Statements run in it when their
// context carries it (Tx.Context). A Tx serves one statement at a time.
type Tx struct {
	e *Engine
	// sess is the MongoDB session holding the transaction; nil on a server
	// without transactions, where statements apply as they run.
	sess     *mongo.Session
	readOnly bool
	// applied counts the write statements that succeeded.
	applied int
	// schema is set once a statement changed a table definition: from
	// then on the transaction plans with its own catalog (cat), which
	// reads what it wrote, and the shared caches are dropped when it ends.
	schema bool
	cat    *catalog
	// counted: tables whose AUTO_INCREMENT counter the transaction's DDL
	// wrote (CREATE, DROP, TRUNCATE, RENAME): their counters stay inside it.
	counted map[string]bool
	// failed is set when the transaction can no longer commit (its
	// context was cancelled, ROLLBACK TO could not undo what it should).
	failed     error
	savepoints []savepoint
	// metaOutside: listCollections and listIndexes run outside the
	// transaction (MongoDB refuses them inside one; FerretDB runs them
	// there and then sees the transaction's own collections).
	metaOutside bool
	ended       bool // the session is ended
	done        bool // committed or rolled back
}

type savepoint struct {
	name    string
	applied int
}

type txKey struct{}

// Begin opens a transaction: a MongoDB session with a transaction where
// the server has them (and sqlmongo.tx allows), else an honest stand-in.
func (e *Engine) Begin(ctx context.Context, opts TxOptions) (*Tx, error) {
	// Server detection runs before the session exists, never inside it.
	info, err := e.srv.get(ctx, e.client)
	if err != nil {
		return nil, err
	}
	real, err := e.realTransactions(ctx)
	if err != nil {
		return nil, err
	}
	t := &Tx{e: e, readOnly: opts.ReadOnly}
	if !real {
		return t, nil
	}
	sess, err := e.client.StartSession()
	if err != nil {
		return nil, sqlerr.Wrap(err, "starting a session for the transaction")
	}
	topts := options.Transaction().SetReadConcern(readconcern.Snapshot()).SetWriteConcern(writeconcern.Majority())
	if err := sess.StartTransaction(topts); err != nil {
		sess.EndSession(ctx)
		return nil, sqlerr.Wrap(err, "starting a transaction")
	}
	t.sess, t.metaOutside = sess, info.kind == mongoDB
	return t, nil
}

// CheckTx fails as BEGIN would under sqlmongo.tx=strict on a server
// without transactions (SET autocommit = 0 asks it up front).
func (e *Engine) CheckTx(ctx context.Context) error {
	_, err := e.realTransactions(ctx)
	return err
}

// realTransactions says whether BEGIN opens a MongoDB transaction.
func (e *Engine) realTransactions(ctx context.Context) (bool, error) {
	if e.opts.Tx == TxOn {
		return true, nil
	}
	ok, why, err := e.txProbe.get(ctx, e.client)
	if err != nil {
		return false, err
	}
	if !ok && e.opts.Tx == TxStrict {
		return false, sqlerr.New(sqlerr.Unsupported, "transactions: this server has none (%s) and sqlmongo.tx=strict refuses BEGIN; "+
			"use a replica set, or sqlmongo.tx=auto to let statements apply as they run", why)
	}
	return ok, nil
}

// txProbe reads hello once per engine: transactions need a replica set or
// mongos, wire version 7 or more, and sessions.
type txProbe struct {
	mu    sync.Mutex
	known bool
	ok    bool
	why   string
}

// get says whether the server has transactions, and why not. No lock is
// held across the round trip: callers that race both ask.
func (p *txProbe) get(ctx context.Context, c *mongo.Client) (bool, string, error) {
	p.mu.Lock()
	if p.known {
		defer p.mu.Unlock()
		return p.ok, p.why, nil
	}
	p.mu.Unlock()
	var hello struct {
		SetName        string `bson:"setName"`
		Msg            string `bson:"msg"`
		MaxWireVersion int32  `bson:"maxWireVersion"`
		Sessions       any    `bson:"logicalSessionTimeoutMinutes"`
	}
	admin := c.Database("admin")
	err := admin.RunCommand(ctx, bson.D{{Key: "hello", Value: 1}}).Decode(&hello)
	if err != nil {
		// Servers older than hello answer isMaster.
		err = admin.RunCommand(ctx, bson.D{{Key: "isMaster", Value: 1}}).Decode(&hello)
	}
	if err != nil {
		return false, "", sqlerr.Wrap(err, "asking the server whether it has transactions")
	}
	ok, why := false, ""
	switch {
	case hello.SetName == "" && hello.Msg != "isdbgrid":
		why = "a standalone server: hello reports no replica set"
	case hello.MaxWireVersion < 7:
		why = fmt.Sprintf("wire version %d, transactions need 7", hello.MaxWireVersion)
	case hello.Sessions == nil:
		why = "no sessions: hello reports no logicalSessionTimeoutMinutes"
	default:
		ok = true
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.known, p.ok, p.why = true, ok, why
	return ok, why, nil
}

// ReadOnly reports whether the transaction refuses writes.
func (t *Tx) ReadOnly() bool { return t.readOnly }

// Real reports whether the transaction is MongoDB's (else statements
// apply as they run).
func (t *Tx) Real() bool { return t.sess != nil }

// Context returns ctx carrying the transaction: statements run with it
// run in the transaction.
func (t *Tx) Context(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, txKey{}, t)
	if t.sess != nil {
		ctx = mongo.NewSessionContext(ctx, t.sess)
	}
	return ctx
}

func txFrom(ctx context.Context) *Tx {
	t, _ := ctx.Value(txKey{}).(*Tx)
	return t
}

// noSession hides the transaction's session from the operations run with
// it: they run on their own, outside the transaction.
type noSession struct{ context.Context }

func (c noSession) Value(key any) any {
	v := c.Context.Value(key)
	if _, ok := v.(*mongo.Session); ok {
		return nil
	}
	return v
}

// metaCtx is the context a catalog lookup lists collections or indexes
// with (see Tx.metaOutside).
func metaCtx(ctx context.Context) context.Context {
	if t := txFrom(ctx); t != nil && t.sess != nil && t.metaOutside {
		return noSession{ctx}
	}
	return ctx
}

// counterCtx is the context table's AUTO_INCREMENT counter is taken with:
// outside the transaction, as InnoDB's are (a rolled-back INSERT leaves a
// gap, and concurrent transactions inserting into one table do not
// conflict on its counter). A table whose counter the transaction's DDL
// wrote (CREATE, DROP, TRUNCATE, RENAME) keeps it inside: the counter may
// not outlive the transaction, and outside it would wait for its lock.
func counterCtx(ctx context.Context, table string) context.Context {
	if t := txFrom(ctx); t != nil && t.sess != nil && !t.counted[table] {
		return noSession{ctx}
	}
	return ctx
}

// counterTables are the tables whose counters a DDL plan writes.
func counterTables(p planner.Plan) []string {
	switch p := p.(type) {
	case *planner.CreateTable:
		return []string{p.Def.Name}
	case *planner.DropTable:
		return p.Def.Names
	case *planner.Truncate:
		return []string{p.Table}
	case *planner.AlterTable:
		names := []string{p.Def.Table}
		for _, a := range p.Def.Actions {
			if a.Kind == "rename table" {
				names = append(names, a.NewName)
			}
		}
		return names
	}
	return nil
}

// goOrNow runs fn in a goroutine and returns its result channel; inside a
// MongoDB transaction it runs fn now, since a session serves one operation
// at a time.
func goOrNow(ctx context.Context, fn func() error) chan error {
	done := make(chan error, 1)
	if mongo.SessionFromContext(ctx) != nil {
		done <- fn()
		return done
	}
	go func() { done <- fn() }()
	return done
}

// catalogFor is the catalog a statement plans with: the transaction's own
// once it changed a schema, else the engine's.
func (e *Engine) catalogFor(ctx context.Context) *catalog {
	if t := txFrom(ctx); t != nil && t.schema {
		if t.cat == nil {
			t.cat = newCatalog(e.db)
		}
		return t.cat
	}
	return e.catalog
}

// txPlan plans a statement inside a transaction that changed a schema:
// with the transaction's catalog, and not kept for other connections.
func (s *Stmt) txPlan(ctx context.Context) (planner.Plan, error) {
	caps, err := s.e.Capabilities(ctx)
	if err != nil {
		return nil, err
	}
	return planner.Build(s.parsed, planCatalog{ctx: ctx, c: s.e.catalogFor(ctx)}, caps)
}

// run executes a plan, inside the context's transaction when it has one:
// READ ONLY refuses writes, the applied writes are counted, and a schema
// change moves the transaction to its own catalog.
func (s *Stmt) run(ctx context.Context, p planner.Plan, env *planner.Env) (Result, error) {
	t := txFrom(ctx)
	if t == nil {
		return s.e.execPlan(ctx, p, env)
	}
	if t.failed != nil {
		return Result{}, t.failed
	}
	write, ddl := planWrites(p)
	if write && t.readOnly {
		return Result{}, &sqlerr.Error{Code: sqlerr.Unsupported, Number: errReadOnlyTx, SQLState: stateReadOnly,
			Msg: "cannot execute " + s.parsed.Kind.String() + " in a READ ONLY transaction"}
	}
	res, err := s.e.execPlan(ctx, p, env)
	if ins, ok := p.(*planner.Insert); t.sess != nil && (ddl || ok && !ins.Table.Defined) {
		// A sampled collection's columns are what its documents hold:
		// an INSERT there changes them as DDL does. (Without server
		// transactions every change is committed as it runs: the shared
		// caches are right.)
		t.schema, t.cat = true, nil
		for _, name := range counterTables(p) {
			if t.counted == nil {
				t.counted = map[string]bool{}
			}
			t.counted[name] = true
		}
	} else if write && t.schema {
		t.cat = nil
	}
	if err == nil {
		if write {
			t.applied++
		}
		return res, nil
	}
	return Result{}, t.statementError(ctx, s.parsed.Kind, ddl, err)
}

// planWrites says whether a plan writes, and whether it changes a schema.
func planWrites(p planner.Plan) (write, ddl bool) {
	switch p.(type) {
	case *planner.Insert, *planner.Update, *planner.Delete, *planner.MultiDelete:
		return true, false
	case *planner.CreateTable, *planner.DropTable, *planner.CreateIndex, *planner.DropIndex,
		*planner.AlterTable, *planner.Truncate:
		return true, true
	}
	return false, false
}

// statementError handles a statement's failure inside a transaction. A
// cancelled context aborts the transaction; DDL the server refuses inside
// a transaction says so; errors a retry of the transaction may cure carry
// MySQL's 1213.
func (t *Tx) statementError(ctx context.Context, kind sqlparse.Kind, ddl bool, err error) error {
	if ctx.Err() != nil && t.sess != nil {
		t.abort(ctx)
		t.failed = sqlerr.Wrap(ctx.Err(), "the transaction was aborted when a statement's context ended; ROLLBACK it")
		return err
	}
	var se mongo.ServerError
	if t.sess == nil || !errors.As(err, &se) {
		return err // refused before anything reached the server: the transaction goes on
	}
	// The server refused a command of the transaction, and that ends a
	// MongoDB transaction (FerretDB's too): later statements and COMMIT
	// get that error, 1213 only when a retry may cure it.
	err = TxError(err)
	failed := &sqlerr.Error{Code: sqlerr.Server, Err: err,
		Msg: fmt.Sprintf("the transaction was aborted when its %s failed (a failed command ends a MongoDB transaction); ROLLBACK it", kind)}
	var own *sqlerr.Error
	if errors.As(err, &own) {
		failed.Number, failed.SQLState = own.Number, own.SQLState
	}
	t.failed = failed
	// MongoDB refuses most DDL inside a transaction (OperationNotSupported-
	// InTransaction, or collection creation under readConcern snapshot).
	if ddl && failed.Number == 0 {
		return &sqlerr.Error{Code: sqlerr.Unsupported, Err: err,
			Msg: fmt.Sprintf("%s inside a transaction: the server refused it (%v); MongoDB allows few schema changes in a transaction, run it outside one", kind, err)}
	}
	return err
}

// txFailed is the error of a transaction that can no longer run
// statements; nil outside transactions.
func txFailed(ctx context.Context) error {
	if t := txFrom(ctx); t != nil {
		return t.failed
	}
	return nil
}

// queryError is statementError for a SELECT that failed to open.
func (s *Stmt) queryError(ctx context.Context, err error) error {
	if t := txFrom(ctx); t != nil {
		return t.statementError(ctx, s.parsed.Kind, false, err)
	}
	return err
}

// TxError marks an error a retry of the whole transaction may cure (a
// write conflict, a transaction the server aborted: MongoDB's label
// TransientTransactionError) with MySQL's 1213 and SQLSTATE 40001, which
// ORMs retry on. MongoDB's error stays reachable with errors.As.
func TxError(err error) error {
	var se mongo.ServerError
	if err == nil || !errors.As(err, &se) || !(se.HasErrorLabel("TransientTransactionError") || se.HasErrorCode(112)) {
		return err
	}
	var own *sqlerr.Error
	if errors.As(err, &own) && own.Number == errDeadlock {
		return err
	}
	out := &sqlerr.Error{Code: sqlerr.Server, Msg: "transaction conflict, retry the transaction", Err: err}
	if errors.As(err, &own) && own.Code == sqlerr.Server {
		cp := *own
		cp.Msg += " (transaction conflict, retry the transaction)"
		out = &cp
	}
	out.Number, out.SQLState = errDeadlock, stateRetry
	return out
}

// Commit commits the transaction.
func (t *Tx) Commit(ctx context.Context) error {
	if t.failed != nil && !t.done {
		t.abort(ctx)
		t.finish()
		return t.failed
	}
	if t.done {
		return nil
	}
	defer t.finish()
	if t.sess == nil {
		return nil
	}
	err := t.sess.CommitTransaction(ctx)
	t.sess.EndSession(context.WithoutCancel(ctx))
	t.ended = true
	if err != nil {
		return TxError(sqlerr.Wrap(err, "committing the transaction"))
	}
	return nil
}

// Rollback aborts the transaction. Without transactions on the server, a
// transaction that wrote returns an error saying how many statements
// stay applied.
func (t *Tx) Rollback(ctx context.Context) error {
	if t.done {
		return nil
	}
	defer t.finish()
	if t.sess != nil {
		t.abort(ctx)
		return nil
	}
	if t.applied > 0 {
		return sqlerr.New(sqlerr.Unsupported, "ROLLBACK cannot undo the %d statement%s already applied: "+
			"this server has no transactions (%s), so each statement applied as it ran and stays applied",
			t.applied, plural(t.applied), t.e.noTxReason())
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// noTxReason says why the server has no transactions, for messages.
func (e *Engine) noTxReason() string {
	e.txProbe.mu.Lock()
	defer e.txProbe.mu.Unlock()
	if e.txProbe.why == "" {
		return "sqlmongo.tx=auto"
	}
	return e.txProbe.why
}

// abort ends the MongoDB transaction, also when ctx has ended.
func (t *Tx) abort(ctx context.Context) {
	if t.sess == nil || t.ended {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_ = t.sess.AbortTransaction(ctx) // a transaction the server ended already is fine
	t.sess.EndSession(ctx)
	t.ended = true
}

// finish drops what the transaction's schema changes left in the shared
// caches: they hold either its uncommitted definitions or the old ones.
func (t *Tx) finish() {
	t.done = true
	if t.schema {
		t.e.catalog.invalidateAll()
	}
}

func (c *catalog) invalidateAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tables = map[string]*planner.Table{}
	c.fields = nil
	c.version++
}

// Savepoint sets a savepoint (SAVEPOINT name); one of the same name is
// replaced, as in MySQL.
func (t *Tx) Savepoint(name string) error {
	if t.failed != nil {
		return t.failed
	}
	for i, sp := range t.savepoints {
		if strings.EqualFold(sp.name, name) {
			t.savepoints = append(t.savepoints[:i], t.savepoints[i+1:]...)
			break
		}
	}
	t.savepoints = append(t.savepoints, savepoint{name: name, applied: t.applied})
	return nil
}

// ReleaseSavepoint forgets a savepoint and those set after it.
func (t *Tx) ReleaseSavepoint(name string) error {
	for i := len(t.savepoints) - 1; i >= 0; i-- {
		if strings.EqualFold(t.savepoints[i].name, name) {
			t.savepoints = t.savepoints[:i]
			return nil
		}
	}
	return noSavepoint(name)
}

// RollbackTo rolls back to a savepoint. MongoDB has no savepoints, so
// this is exact only when nothing was written since it: then it succeeds
// (GORM's nested transactions that fail before writing). Otherwise the
// writes since it cannot be undone alone: the error says so and the whole
// transaction can then only be rolled back.
func (t *Tx) RollbackTo(name string) error {
	if t.failed != nil {
		return t.failed
	}
	for i := len(t.savepoints) - 1; i >= 0; i-- {
		sp := t.savepoints[i]
		if !strings.EqualFold(sp.name, name) {
			continue
		}
		if n := t.applied - sp.applied; n > 0 {
			t.failed = sqlerr.New(sqlerr.Unsupported, "ROLLBACK TO SAVEPOINT %s cannot undo the %d statement%s applied since it "+
				"(MongoDB has no savepoints); the transaction can only be rolled back as a whole", sp.name, n, plural(n))
			return t.failed
		}
		t.savepoints = t.savepoints[:i+1]
		return nil
	}
	return noSavepoint(name)
}

func noSavepoint(name string) error {
	return &sqlerr.Error{Code: sqlerr.UnknownName, Number: errNoSavepoint, SQLState: stateNoSavepoint,
		Msg: fmt.Sprintf("SAVEPOINT %s does not exist", name)}
}

// Transaction returns what a transaction statement (BEGIN, COMMIT,
// ROLLBACK, savepoints, SET autocommit / SET TRANSACTION) says, for the
// driver to act on; tx is nil for every other statement.
func (s *Stmt) Transaction() (kind sqlparse.Kind, tx *sqlparse.Transaction) {
	switch s.parsed.Kind {
	case sqlparse.KindBegin, sqlparse.KindCommit, sqlparse.KindRollback, sqlparse.KindSavepoint,
		sqlparse.KindReleaseSavepoint, sqlparse.KindRollbackTo, sqlparse.KindSet:
		return s.parsed.Kind, s.parsed.Tx
	}
	return s.parsed.Kind, nil
}

// EmptyRows is the result of a statement without rows.
func EmptyRows() *Rows { return &Rows{iter: &valuesIter{}} }
