package planner

// Capabilities says what the server can run, so the planner knows what to
// push down. exec detects it once per client.
type Capabilities struct {
	Name string // "full", "ferretdb", "none"
	// Aggregate reports whether the aggregate command with $match, $sort,
	// $skip, $limit and $project exists; without it nothing is pushed.
	Aggregate bool
	// Expr reports whether $expr and aggregation expressions (arithmetic,
	// $cond, string and date operators) work.
	Expr bool
	// Group reports whether $group with the usual accumulators works.
	Group bool
	// Lookup reports $lookup with a pipeline; UnionWith $unionWith.
	Lookup    bool
	UnionWith bool
	// SortArray is $sortArray (MongoDB 5.2); BitOps the $bitAnd/$bitOr/
	// $bitXor expressions (6.3). GROUP_CONCAT … ORDER BY and BIT_AND/OR/XOR
	// are pushed only with them.
	SortArray bool
	BitOps    bool
}

// The profiles.
var (
	// Full is a current MongoDB (7.0 or later); exec turns off what an
	// older server lacks.
	Full = Capabilities{Name: "full", Aggregate: true, Expr: true, Group: true, Lookup: true, UnionWith: true, SortArray: true, BitOps: true}
	// FerretDB is FerretDB v1: query-language $match, $sort, $skip, $limit,
	// $project of fields, but no $expr arithmetic and few accumulators.
	FerretDB = Capabilities{Name: "ferretdb", Aggregate: true}
	// None pushes nothing but a plain scan: everything runs in-process.
	None = Capabilities{Name: "none"}
)
