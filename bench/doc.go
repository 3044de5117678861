// Package bench compares the sqlmongo driver with hand-written
// go.mongodb.org/mongo-driver/v2 code doing the same work on the same
// server and data: point lookup, scans of 10,000 rows (generic and into
// structs), a 1,000-row multi-row INSERT, GROUP BY, ORDER BY … LIMIT and a
// 10,000 × 1,000-row equi-join (also under sqlmongo.pushdown=none, in the
// client; the joins report rows/s too).
//
// Run it with `make bench`, which prints a ratio table (driver/raw) through
// ./bench/cmd/benchreport, or directly:
//
//	go test -run '^$' -bench . ./bench/
//
// Without MONGODB_URI the benchmarks start the embedded FerretDB in a child
// process (the test binary re-executed), so the allocations and the CPU time
// measured here are the client's alone. Every benchmark reports ns/op,
// B/op, allocs/op and cpu-ns/op: user+system CPU time of this process per
// operation. On FerretDB the server's time dominates ns/op; allocs/op and
// cpu-ns/op are the honest figures there.
package bench
