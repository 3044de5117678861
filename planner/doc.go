// Package planner turns parsed SQL into plans: MQL leaves (find/aggregate
// pipelines) plus the in-process operators that run above them. It is pure:
// no I/O and no MongoDB client. Names are bound against a Catalog, and what
// is pushed down depends on the server's Capabilities, both passed in.
//
//	plan, err := planner.Build(stmt, catalog, planner.Full)
package planner
