package exec

import "github.com/sqlmongo/sqlmongo/planner"

// profile picks the pushdown profile for a detected server. Engines are
// told apart by buildInfo (see buildInfo.server); MongoDB by version.
// Where an engine computes an operator differently, the planner uses a
// translation that is exact on all of them; what remains engine-specific
// is only this table.
func profile(s server) planner.Capabilities {
	switch {
	case s.kind == ferretDB1:
		return planner.FerretDB
	case s.kind == ferretDB2:
		// The full language on DocumentDB; the conformance suite and the
		// twin tests run every pushed pipeline there.
		caps := planner.Full
		caps.Name = "documentdb"
		return caps
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

// partialIndexes reports a server that builds partial indexes (the unique
// indexes of nullable columns need them; see indexModel).
func partialIndexes(s server) bool {
	return s.kind != ferretDB1
}
