package exec

import "github.com/sqlmongo/sqlmongo/planner"

// profile picks the pushdown profile for a detected server: FerretDB
// identifies itself in buildInfo; anything else is taken as MongoDB,
// full from 4.4 on (the pipelines use nothing newer).
func profile(s server) planner.Capabilities {
	switch {
	case s.ferret:
		return planner.FerretDB
	case s.major > 6 || s.major == 6 && s.minor >= 3:
		return planner.Full
	case s.major >= 5 || s.major == 4 && s.minor >= 4:
		caps := planner.Full
		caps.Name = "full (MongoDB < 6.3)"
		caps.BitOps = false
		caps.SortArray = s.major > 5 || s.major == 5 && s.minor >= 2
		return caps
	}
	caps := planner.Full
	caps.Name = "mongodb<4.4"
	caps.Lookup, caps.UnionWith, caps.SortArray, caps.BitOps = false, false, false, false
	return caps
}
