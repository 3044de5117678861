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
}

// The profiles.
var (
	// Full is MongoDB 6.0 or later.
	Full = Capabilities{Name: "full", Aggregate: true, Expr: true, Group: true, Lookup: true, UnionWith: true}
	// FerretDB is FerretDB v1: query-language $match, $sort, $skip, $limit,
	// $project of fields, but no $expr arithmetic and few accumulators.
	FerretDB = Capabilities{Name: "ferretdb", Aggregate: true}
	// None pushes nothing but a plain scan: everything runs in-process.
	None = Capabilities{Name: "none"}
)
