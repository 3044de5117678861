package planner

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Locker is the connection's user-level locks (GET_LOCK and its family)
// and its id. exec implements it for each execution, with the statement's
// context: the calls wait and read the server, so they are never pushed
// into a pipeline nor folded, and evaluate once per row like any call.
// Results are int64, or nil for SQL NULL.
type Locker interface {
	// GetLock waits up to timeout for name (forever, bounded by the
	// context, when negative): 1 acquired, 0 timed out.
	GetLock(name string, timeout time.Duration) (any, error)
	// ReleaseLock: 1 released, 0 held by another connection, nil none.
	ReleaseLock(name string) (any, error)
	IsFreeLock(name string) (any, error) // 1 free, 0 held
	IsUsedLock(name string) (any, error) // the holder's connection id, or nil
	ReleaseAllLocks() (any, error)       // how many acquisitions were released
	ConnectionID() (any, error)
}

// lockFunc registers a function evaluated through the session's Locker.
// Like the session functions it has no MQL form and no twin.
func lockFunc(name string, n int, f func(l Locker, args []any, c *Call) (any, error)) {
	sessionFuncs[name] = &FuncDef{Name: name, MinArgs: n, MaxArgs: n, T: intType,
		Lock: func(c *Call, l Locker, args []any) (any, error) {
			if l == nil {
				return nil, sqlerr.New(sqlerr.Unsupported, "%s outside a connection", strings.ToUpper(name))
			}
			return f(l, args, c)
		}}
}

func init() {
	lockFunc("get_lock", 2, func(l Locker, a []any, c *Call) (any, error) {
		name, err := lockName(a[0], c.Args[0].Type())
		if err != nil {
			return nil, err
		}
		secs := 0.0
		if a[1] != nil {
			secs = floatOf(toNumber(a[1], c.Args[1].Type()))
		}
		timeout := time.Duration(-1)
		if secs >= 0 {
			timeout = time.Duration(min(secs, 1e9) * float64(time.Second))
		}
		return l.GetLock(name, timeout)
	})
	named := func(f func(l Locker, name string) (any, error)) func(Locker, []any, *Call) (any, error) {
		return func(l Locker, a []any, c *Call) (any, error) {
			name, err := lockName(a[0], c.Args[0].Type())
			if err != nil {
				return nil, err
			}
			return f(l, name)
		}
	}
	lockFunc("release_lock", 1, named(Locker.ReleaseLock))
	lockFunc("is_free_lock", 1, named(Locker.IsFreeLock))
	lockFunc("is_used_lock", 1, named(Locker.IsUsedLock))
	lockFunc("release_all_locks", 0, func(l Locker, _ []any, _ *Call) (any, error) { return l.ReleaseAllLocks() })
	lockFunc("connection_id", 0, func(l Locker, _ []any, _ *Call) (any, error) { return l.ConnectionID() })
}

// maxLockName is MySQL's limit on a user-level lock name, in characters.
const maxLockName = 64

// lockName checks a lock name as MySQL does (NULL, empty and over-long
// names are errors) and folds its case: names are case-insensitive.
func lockName(v any, t sqltypes.Type) (string, error) {
	if v == nil {
		return "", &sqlerr.Error{Code: sqlerr.Args, Msg: "Incorrect user-level lock name 'NULL'.", Number: 3057, SQLState: "42000"}
	}
	s := strOf(v, t)
	if s == "" || utf8.RuneCountInString(s) > maxLockName {
		return "", &sqlerr.Error{Code: sqlerr.Args, Msg: "Incorrect user-level lock name '" + s + "'.", Number: 3057, SQLState: "42000"}
	}
	return strings.ToLower(s), nil
}

// evalLock evaluates a call of a lock function.
func evalLock(c *Call, row sqltypes.Row, env *Env) (any, error) {
	args := make([]any, len(c.Args))
	for i, a := range c.Args {
		v, err := Eval(a, row, env)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	return c.Def.Lock(c, env.session().Locks, args)
}
