package planner

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Version is what VERSION() and @@version report: a MySQL 8 version, as
// tools compare it to pick their dialect, marked as sqlmongo's.
const Version = "8.0.36-sqlmongo"

// Session is one connection's state as SQL reads it. exec fills it for
// each execution from the engine (database, user, sql_mode) and from the
// driver's connection (the results of its previous statements).
type Session struct {
	Database string
	User     string // the MongoDB user of the DSN; "" when none
	SQLMode  string
	// LastInsertID is the first AUTO_INCREMENT value of the connection's
	// latest INSERT that generated one; RowCount the rows its previous
	// statement changed (-1 after a SELECT); FoundRows the rows its latest
	// SELECT returned.
	LastInsertID, RowCount, FoundRows int64
	Started                           time.Time // when the engine started (Uptime)
	// Locks serves GET_LOCK and its family and CONNECTION_ID(); nil
	// outside a connection.
	Locks Locker
	// Mode is the sql_mode writes run under (SQLMode parsed); Vars the
	// system variables the connection SET, as @@name reads them (nil: the
	// defaults of sysVars).
	Mode *sqltypes.SQLMode
	Vars map[string]any
}

// session returns the statement's session state; defaults without one.
func (e *Env) session() *Session {
	if e == nil || e.Session == nil {
		return &Session{}
	}
	return e.Session
}

// sessionFuncs are the functions that read the connection's state. They
// are not in funcs: they have no MQL form (a pipeline that uses one runs
// that part in-process) and no twin (MariaDB's answers differ by design).
var sessionFuncs = map[string]*FuncDef{}

func sessionFunc(name string, t sqltypes.Type, f func(s *Session) any, aliases ...string) {
	def := &FuncDef{Name: name, T: t, Session: func(_ *Call, s *Session) any { return f(s) }, RawMQL: sessionMQL}
	for _, n := range append([]string{name}, aliases...) {
		sessionFuncs[n] = def
	}
}

func init() {
	sessionFunc("database", varcharType, func(s *Session) any {
		if s.Database == "" {
			return nil
		}
		return s.Database
	}, "schema")
	sessionFunc("version", varcharType, func(*Session) any { return Version })
	sessionFunc("current_user", varcharType, func(s *Session) any { return userName(s) },
		"user", "session_user", "system_user")
	sessionFunc("last_insert_id", intType, func(s *Session) any { return s.LastInsertID })
	sessionFunc("row_count", intType, func(s *Session) any { return s.RowCount })
	sessionFunc("found_rows", intType, func(s *Session) any { return s.FoundRows })
}

// userName is CURRENT_USER(): the DSN's user at any host.
func userName(s *Session) string {
	u := s.User
	if u == "" {
		u = "root"
	}
	return u + "@%"
}

// sysVar is a system variable: its value as @@name reads it, and whether
// SHOW VARIABLES shows it as ON/OFF (@@name then reads 1/0).
type sysVar struct {
	get   func(s *Session) any
	onOff bool
}

func constVar(v any) sysVar { return sysVar{get: func(*Session) any { return v }} }

func flagVar(on bool) sysVar {
	v := int64(0)
	if on {
		v = 1
	}
	return sysVar{get: func(*Session) any { return v }, onOff: true}
}

// sysVars are the system variables tools read, with the values sqlmongo
// behaves by: utf8mb4 with NO PAD binary comparison (utf8mb4_0900_bin),
// UTC, foreign keys recorded but not checked.
var sysVars = map[string]sysVar{
	"version":                         {get: func(*Session) any { return Version }},
	"version_comment":                 constVar("sqlmongo: MySQL dialect on MongoDB"),
	"version_compile_os":              constVar("Linux"),
	"sql_mode":                        {get: func(s *Session) any { return s.SQLMode }},
	"lower_case_table_names":          constVar(int64(0)),
	"lower_case_file_system":          flagVar(false),
	"autocommit":                      flagVar(true),
	"auto_increment_increment":        constVar(int64(1)),
	"auto_increment_offset":           constVar(int64(1)),
	"character_set_client":            constVar("utf8mb4"),
	"character_set_connection":        constVar("utf8mb4"),
	"character_set_database":          constVar("utf8mb4"),
	"character_set_results":           constVar("utf8mb4"),
	"character_set_server":            constVar("utf8mb4"),
	"character_set_system":            constVar("utf8mb3"),
	"collation_connection":            constVar(collation),
	"collation_database":              constVar(collation),
	"collation_server":                constVar(collation),
	"default_storage_engine":          constVar("InnoDB"),
	"div_precision_increment":         constVar(int64(4)),
	"explicit_defaults_for_timestamp": flagVar(true),
	"foreign_key_checks":              flagVar(false),
	"group_concat_max_len":            constVar(int64(1024)),
	"init_connect":                    constVar(""),
	"interactive_timeout":             constVar(int64(28800)),
	"last_insert_id":                  {get: func(s *Session) any { return s.LastInsertID }},
	"max_allowed_packet":              constVar(int64(16 << 20)),
	"net_read_timeout":                constVar(int64(30)),
	"net_write_timeout":               constVar(int64(60)),
	"performance_schema":              flagVar(false),
	"protocol_version":                constVar(int64(10)),
	"read_only":                       flagVar(false),
	"sql_auto_is_null":                flagVar(false),
	"sql_notes":                       flagVar(true),
	"sql_quote_show_create":           flagVar(true),
	"sql_warnings":                    flagVar(false),
	"max_execution_time":              constVar(int64(0)),
	"sql_safe_updates":                flagVar(false),
	"system_time_zone":                constVar("UTC"),
	"time_zone":                       constVar("+00:00"),
	"transaction_isolation":           constVar("REPEATABLE-READ"),
	"transaction_read_only":           flagVar(false),
	"tx_isolation":                    constVar("REPEATABLE-READ"),
	"tx_read_only":                    flagVar(false),
	"unique_checks":                   flagVar(true),
	"wait_timeout":                    constVar(int64(28800)),
}

// collation is the collation sqlmongo compares strings by.
const collation = "utf8mb4_0900_bin"

// sysVarName reads @@name, @@session.name, @@global.name, @@local.name.
func sysVarName(ref string) (string, bool) {
	if !strings.HasPrefix(ref, "@@") {
		return "", false
	}
	name := strings.ToLower(ref[2:])
	for _, scope := range []string{"session.", "global.", "local."} {
		name = strings.TrimPrefix(name, scope)
	}
	return name, true
}

// bindSysVar binds @@name to a call reading the session.
func bindSysVar(ref string) (Expr, error) {
	name, _ := sysVarName(ref)
	v, ok := sysVars[name]
	if !ok {
		return nil, unknownVar(name)
	}
	t := varcharType
	switch v.get(&Session{}).(type) {
	case int64:
		t = intType
	}
	return &Call{Def: &FuncDef{Name: "@@" + name, T: t, Session: func(_ *Call, s *Session) any { return varValue(name, v, s) },
		RawMQL: sessionMQL}, T: t}, nil
}

// sessionMQL pushes a session value as a literal bound per execution: the
// plan is shared by every connection, the value is each one's own.
func sessionMQL(c *Call) (any, bool) {
	return bson.D{{Key: "$literal", Value: &Placeholder{Session: c}}}, true
}

// Variable is one row of SHOW VARIABLES or SHOW STATUS.
type Variable struct{ Name, Value string }

// SystemVariables lists the system variables and their values for s, by
// name, as SHOW VARIABLES shows them.
func SystemVariables(s *Session) []Variable {
	out := make([]Variable, 0, len(sysVars))
	for name, v := range sysVars {
		out = append(out, Variable{Name: name, Value: shownValue(name, v, s)})
	}
	slices.SortFunc(out, func(a, b Variable) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func shownValue(name string, v sysVar, s *Session) string {
	x := varValue(name, v, s)
	if v.onOff {
		if x == int64(1) {
			return "ON"
		}
		return "OFF"
	}
	if n, ok := x.(int64); ok {
		return strconv.FormatInt(n, 10)
	}
	str, _ := x.(string) // nil: character_set_results = NULL
	return str
}

// StatusVariables lists what SHOW STATUS reports for s.
func StatusVariables(s *Session, now time.Time) []Variable {
	up := int64(0)
	if !s.Started.IsZero() {
		up = int64(now.Sub(s.Started) / time.Second)
	}
	return []Variable{
		{Name: "Ssl_cipher", Value: ""},
		{Name: "Threads_connected", Value: "1"},
		{Name: "Uptime", Value: strconv.FormatInt(up, 10)},
	}
}

// sessionName binds the names that read the session rather than a column:
// @@variables, and CURRENT_USER written without parentheses (unless the
// table has such a column).
func sessionName(c *sqlparser.ColName, t *Table) (Expr, bool, error) {
	if !c.Qualifier.IsEmpty() {
		return nil, false, nil
	}
	name := c.Name.String()
	if _, ok := sysVarName(name); ok {
		e, err := bindSysVar(name)
		return e, true, err
	}
	if strings.EqualFold(name, "current_user") {
		if t != nil {
			if col, _ := t.Column(name); col != nil {
				return nil, false, nil
			}
		}
		e, err := newCall(sessionFuncs["current_user"], nil, nil)
		return e, true, err
	}
	return nil, false, nil
}
