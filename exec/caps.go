package exec

import "github.com/sqlmongo/sqlmongo/planner"

// profile picks the pushdown profile for a detected server: FerretDB
// identifies itself in buildInfo; anything else is taken as MongoDB,
// full from 4.4 on (the pipelines use nothing newer).
func profile(s server) planner.Capabilities {
	switch {
	case s.ferret:
		return planner.FerretDB
	case s.major > 4 || s.major == 4 && s.minor >= 4:
		return planner.Full
	}
	caps := planner.Full
	caps.Name = "mongodb<4.4"
	caps.Lookup, caps.UnionWith = false, false
	return caps
}
