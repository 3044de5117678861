package exec

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// vars is what a connection SET: user variables (@x, by lower-case name),
// system variables (as @@name reads them) and its sql_mode.
type vars struct {
	user map[string]any
	sys  map[string]any
	mode *sqltypes.SQLMode
}

// userVar is @name on the connection: NULL when never SET.
func (s *Session) userVar(name string) any {
	if s == nil {
		return nil
	}
	return s.vars.user[strings.ToLower(name)]
}

// mode is the sql_mode writes of env's statement run under: the
// connection's when it SET one, else the connector's sqlmongo.sqlMode.
func (e *Engine) mode(env *planner.Env) sqltypes.SQLMode {
	if env != nil && env.Session != nil && env.Session.Mode != nil {
		return *env.Session.Mode
	}
	return e.opts.SQLMode
}

// sessionVars fills ps with what the connection SET.
func (s *Session) sessionVars(ps *planner.Session) {
	ps.Vars = s.vars.sys
	if m := s.vars.mode; m != nil {
		ps.Mode, ps.SQLMode = m, m.Text
	}
}

// HasVars reports whether the statement is a SET that exec runs (user and
// system variables; the driver runs the transaction settings).
func (s *Stmt) HasVars() bool { return s.parsed.Kind == sqlparse.KindSet && len(s.parsed.Set) > 0 }

// set runs the assignments of a SET statement on the connection. The
// values are evaluated together as one SELECT (so `SET @x = @x + 1, @y =
// (SELECT …)` reads the variables as they were before the statement), all
// are checked, then all are assigned: a SET that fails changes nothing.
func (s *Stmt) set(ctx context.Context, sess *Session, named []driver.NamedValue) error {
	if sess == nil {
		return sqlerr.New(sqlerr.Unsupported, "SET of variables outside a connection")
	}
	as := s.parsed.Set
	var exprs []string
	for _, a := range as {
		if a.Value != "" {
			exprs = append(exprs, a.Value)
		}
	}
	var vals sqltypes.Row
	if len(exprs) > 0 {
		sel, err := s.e.Prepare(ctx, "SELECT "+strings.Join(exprs, ", "))
		if err != nil {
			return err
		}
		rows, err := sel.query(ctx, sess, named)
		if err != nil {
			return err
		}
		row, err := rows.Next(ctx)
		if errors.Is(err, io.EOF) {
			row, err = make(sqltypes.Row, len(exprs)), nil
		}
		rows.Close(ctx)
		if err != nil {
			return err
		}
		vals = row
	}
	next := vars{user: maps(sess.vars.user), sys: maps(sess.vars.sys), mode: sess.vars.mode}
	for _, a := range as {
		var v any
		if a.Value != "" {
			v, vals = vals[0], vals[1:]
		} else {
			v = a.Word
		}
		if err := s.e.assign(&next, a, v); err != nil {
			return err
		}
	}
	sess.vars = next
	return nil
}

func maps(m map[string]any) map[string]any {
	out := make(map[string]any, len(m)+4)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// assign checks and records one assignment into next.
func (e *Engine) assign(next *vars, a sqlparse.Assignment, v any) error {
	if a.User {
		next.user[a.Name] = userValue(v)
		return nil
	}
	if a.Global {
		return sqlerr.New(sqlerr.Unsupported, "SET GLOBAL %s (sqlmongo has no server-wide settings; use SET SESSION)", a.Name)
	}
	isDefault := a.Value == "" && strings.EqualFold(a.Word, "default")
	switch a.Name {
	case "names", "character set":
		if isDefault {
			v = "utf8mb4"
		}
		set, err := planner.SetNames(v.(string), a.Collate, a.Name == "names")
		if err != nil {
			return err
		}
		for k, x := range set {
			next.sys[k] = x
		}
		return nil
	case "sql_mode":
		if isDefault {
			next.mode = nil
			return nil
		}
		text, ok := v.(string)
		if !ok {
			return planner.WrongValue(a.Name, v)
		}
		m, err := sqltypes.ParseSQLMode(text)
		if err != nil {
			return planner.WrongValue(a.Name, text)
		}
		next.mode = &m
		return nil
	}
	if isDefault {
		var se *sqlerr.Error
		if _, err := planner.SetVariable(a.Name, nil); errors.As(err, &se) && se.Number != sqlerr.ErrWrongVarVal {
			return err // unknown or read only
		}
		delete(next.sys, a.Name)
		return nil
	}
	x, err := planner.SetVariable(a.Name, v)
	if err != nil {
		return err
	}
	next.sys[a.Name] = x
	return nil
}

// userValue is the value a user variable keeps: MySQL's user variables
// hold integers, decimals, doubles, strings and NULL.
func userValue(v any) any {
	switch x := v.(type) {
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	}
	return v
}

// userVarRef reports whether a named parameter without an argument reads
// the user variable of that name: when no argument is named (an argument
// given by position is a mistake the error should name).
func userVarRef(named []driver.NamedValue) bool {
	for _, a := range named {
		if a.Name == "" {
			return false
		}
	}
	return true
}

// SetAutocommit records @@autocommit as the driver's SET autocommit left
// it (the driver runs that statement; a connection starts with 1).
func (s *Session) SetAutocommit(on bool) {
	sys := maps(s.vars.sys)
	if on {
		delete(sys, "autocommit")
	} else {
		sys["autocommit"] = int64(0)
	}
	s.vars.sys = sys
}
