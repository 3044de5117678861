package planner

import (
	"fmt"
	"math"
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// varValue is what @@name reads on s: the connection's SET value, else the
// default.
func varValue(name string, v sysVar, s *Session) any {
	if x, ok := s.Vars[name]; ok {
		return x
	}
	return v.get(s)
}

func unknownVar(name string) error {
	return sqlerr.Numbered(sqlerr.UnknownName, sqlerr.ErrUnknownVar, "Unknown system variable '%s'", name)
}

// WrongValue is MySQL's 1231 for a SET of name to v.
func WrongValue(name string, v any) error {
	shown := "NULL"
	if v != nil {
		shown = fmt.Sprint(v)
	}
	return sqlerr.Numbered(sqlerr.DataType, sqlerr.ErrWrongVarVal, "Variable '%s' can't be set to the value of '%s'", name, shown)
}

// readOnlyVars are the variables a connection cannot SET: facts about the
// server (MySQL refuses them too, as read only or global).
var readOnlyVars = map[string]bool{
	"version": true, "version_comment": true, "version_compile_os": true, "lower_case_table_names": true,
	"lower_case_file_system": true, "character_set_system": true, "protocol_version": true,
	"system_time_zone": true, "performance_schema": true, "read_only": true, "last_insert_id": true,
	"max_allowed_packet": true,
}

// SetVariable checks SET name = v for a connection (v is the evaluated
// value, or a bare word as a string) and returns the value @@name reads
// afterwards. sql_mode, NAMES and the transaction variables are the
// caller's (exec, the driver).
func SetVariable(name string, v any) (any, error) {
	def, ok := sysVars[name]
	if !ok {
		return nil, unknownVar(name)
	}
	if readOnlyVars[name] {
		return nil, sqlerr.Numbered(sqlerr.Unsupported, sqlerr.ErrReadOnlyVar, "Variable '%s' is a read only variable", name)
	}
	switch {
	case def.onOff:
		switch x := v.(type) {
		case int64:
			if x == 0 || x == 1 {
				return x, nil
			}
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case string:
			switch strings.ToLower(x) {
			case "on", "true", "1":
				return int64(1), nil
			case "off", "false", "0":
				return int64(0), nil
			}
		}
		return nil, WrongValue(name, v)
	case name == "time_zone":
		if s, ok := v.(string); ok {
			switch strings.ToUpper(s) {
			case "+00:00", "-00:00", "+0:00", "UTC", "SYSTEM":
				return s, nil
			}
			return nil, sqlerr.New(sqlerr.Unsupported, "time_zone '%s' (sqlmongo works in UTC: use '+00:00', 'UTC' or 'SYSTEM')", s)
		}
		return nil, WrongValue(name, v)
	case strings.HasPrefix(name, "character_set_"):
		if v == nil && name == "character_set_results" {
			return nil, nil
		}
		s, ok := v.(string)
		if !ok {
			return nil, WrongValue(name, v)
		}
		return Charset(s)
	}
	switch def.get(&Session{}).(type) {
	case int64:
		switch x := v.(type) {
		case int64:
			return x, nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
				return int64(x), nil
			}
		}
		return nil, WrongValue(name, v)
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	return nil, WrongValue(name, v)
}

// Charset checks a character set a connection asks for: sqlmongo stores
// and sends UTF-8, so utf8mb4 and utf8 (MySQL's utf8mb3, a subset) only.
func Charset(name string) (string, error) {
	switch low := strings.ToLower(name); low {
	case "utf8mb4", "utf8mb3":
		return low, nil
	case "utf8":
		return "utf8mb3", nil
	}
	return "", sqlerr.New(sqlerr.Unsupported, "character set '%s' (sqlmongo stores and sends UTF-8: utf8mb4 or utf8)", name)
}

// SetNames is SET NAMES charset [COLLATE collation] (names) or SET
// CHARACTER SET charset: the variables it sets, as @@name reads them.
func SetNames(charset, collate string, names bool) (map[string]any, error) {
	cs, err := Charset(charset)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"character_set_client": cs, "character_set_results": cs}
	if !names {
		out["character_set_connection"] = "utf8mb4" // character_set_database's
		out["collation_connection"] = collation
		return out, nil
	}
	out["character_set_connection"] = cs
	switch {
	case collate != "":
		low := strings.ToLower(collate)
		if !strings.HasPrefix(low, cs+"_") && !(cs == "utf8mb3" && strings.HasPrefix(low, "utf8_")) {
			return nil, sqlerr.New(sqlerr.Args, "COLLATION '%s' is not valid for CHARACTER SET '%s'", collate, cs)
		}
		out["collation_connection"] = low
	case cs == "utf8mb4":
		out["collation_connection"] = collation
	default:
		out["collation_connection"] = cs + "_bin"
	}
	return out, nil
}
