package planner

import (
	"strings"
	"testing"
	"time"

	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// fakeLocker records the calls it serves.
type fakeLocker struct{ calls []string }

func (f *fakeLocker) log(s string) { f.calls = append(f.calls, s) }
func (f *fakeLocker) GetLock(name string, d time.Duration) (any, error) {
	f.log("get " + name + " " + d.String())
	return int64(1), nil
}
func (f *fakeLocker) ReleaseLock(name string) (any, error) { f.log("release " + name); return nil, nil }
func (f *fakeLocker) IsFreeLock(name string) (any, error) {
	f.log("free " + name)
	return int64(1), nil
}
func (f *fakeLocker) IsUsedLock(name string) (any, error) { f.log("used " + name); return nil, nil }
func (f *fakeLocker) ReleaseAllLocks() (any, error)       { f.log("all"); return int64(0), nil }
func (f *fakeLocker) ConnectionID() (any, error)          { return int64(7), nil }

// TestLockFuncsInProcess: the lock functions are never pushed into a
// pipeline nor folded at planning; they reach the session's Locker once
// per evaluation, with names folded to lower case and timeouts in time.
func TestLockFuncsInProcess(t *testing.T) {
	for _, caps := range []Capabilities{Full, FerretDB, None} {
		st, err := sqlparse.Parse("SELECT GET_LOCK(name, 1.5), IS_FREE_LOCK('A'), CONNECTION_ID() FROM customers WHERE id = CONNECTION_ID() AND RELEASE_LOCK('b') IS NULL")
		if err != nil {
			t.Fatal(err)
		}
		p, err := Build(st, goldenCatalog, caps)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range Explain(p.(*Query), false) {
			d := strings.ToLower(l.Detail)
			if !strings.Contains(l.Operator, "mongo") {
				continue // an in-process operator
			}
			if strings.Contains(d, "lock") || strings.Contains(d, "connection_id") || strings.Contains(d, "$session") {
				t.Errorf("%s: pushed: %s %s", caps.Name, l.Operator, l.Detail)
			}
		}
	}
	st, _ := sqlparse.Parse("SELECT GET_LOCK('Ab', -1), GET_LOCK('c', NULL), IS_FREE_LOCK('x'), RELEASE_ALL_LOCKS()")
	p, err := Build(st, testCatalog{}, Full)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeLocker{}
	env := &Env{Session: &Session{Locks: f}}
	for _, e := range p.(*Query).Root.(*Project).Exprs {
		if _, err := Eval(e, nil, env); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := strings.Join(f.calls, "; "), "get ab -1ns; get c 0s; free x; all"; got != want {
		t.Errorf("calls %q, want %q", got, want)
	}
	if _, err := Eval(p.(*Query).Root.(*Project).Exprs[0], nil, &Env{}); err == nil {
		t.Error("GET_LOCK without a connection: no error")
	}
}
