package bench

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// (g) An equi-join of 10,000 orders with 1,000 customers, every order
// matching one customer: through the driver (one pipeline with a $lookup
// on the customers' _id where the server has the aggregation language;
// the benchmark fails when EXPLAIN shows otherwise), the same query under
// sqlmongo.pushdown=none (each table read once, hash join in the client),
// and the hand-written $lookup + $unwind + $project pipeline.

const (
	nOrders    = 10000
	nCustomers = 1000
	ordersT    = "orders"
	customersT = "customers"
)

const joinSQL = "SELECT o.id, o.amount, c.name FROM " + ordersT + " o JOIN " + customersT + " c ON o.customer_id = c.id"

// The generated join data: order id's customer and amount, customer
// id's name.
func orderCustomer(id int) int64 { return int64(id%nCustomers + 1) }
func orderAmount(id int) float64 { return float64(id*31%1009) / 4 }
func customerName(id int) string { return fmt.Sprintf("customer %04d", id) }

// joined is one row of the join as both sides read it.
type joined struct {
	ID     int64   `bson:"_id"`
	Amount float64 `bson:"amount"`
	Name   string  `bson:"name"`
}

// checkJoined verifies every row of the first op of a run.
func checkJoined(i int, rows []joined) error {
	if len(rows) != nOrders {
		return wantRows(len(rows), nOrders)
	}
	if i > 0 {
		return nil
	}
	seen := make([]bool, nOrders+1)
	for _, r := range rows {
		id := int(r.ID)
		if id < 1 || id > nOrders || seen[id] {
			return fmt.Errorf("order %d unexpected or repeated", id)
		}
		seen[id] = true
		if r.Amount != orderAmount(id) || r.Name != customerName(int(orderCustomer(id))) {
			return fmt.Errorf("order %d read back wrong: %v %q", id, r.Amount, r.Name)
		}
	}
	return nil
}

var (
	joinOnce sync.Once
	joinErr  error
)

// setupJoin returns the shared fixture with the two join tables loaded
// (once per process, through the driver, not measured).
func setupJoin(b *testing.B) *fixture {
	b.Helper()
	f := setup(b)
	b.StopTimer()
	defer b.StartTimer()
	joinOnce.Do(func() { joinErr = loadJoinTables(context.Background(), f.db) })
	if joinErr != nil {
		b.Fatal(joinErr)
	}
	return f
}

func loadJoinTables(ctx context.Context, db *sql.DB) error {
	for _, q := range []string{
		"DROP TABLE IF EXISTS " + ordersT,
		"DROP TABLE IF EXISTS " + customersT,
		"CREATE TABLE " + customersT + " (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL)",
		"CREATE TABLE " + ordersT + " (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, amount DOUBLE NOT NULL)",
		// For (h)'s $lookup into orders; the join of (g) probes
		// customers' _id either way (FROM order on a tie).
		"CREATE INDEX orders_customer ON " + ordersT + " (customer_id)",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	load := func(tbl, cols string, n int, row func(id int) []any) error {
		per := len(row(1))
		tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", per), ", ") + ")"
		for start := 1; start <= n; start += nInsert {
			k := min(nInsert, n-start+1)
			q := "INSERT INTO " + tbl + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(tuple+", ", k), ", ")
			args := make([]any, 0, k*per)
			for id := start; id < start+k; id++ {
				args = append(args, row(id)...)
			}
			if _, err := db.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("loading %s: %w", tbl, err)
			}
		}
		return nil
	}
	if err := load(customersT, "id, name", nCustomers, func(id int) []any {
		return []any{int64(id), customerName(id)}
	}); err != nil {
		return err
	}
	return load(ordersT, "id, customer_id, amount", nOrders, func(id int) []any {
		return []any{int64(id), orderCustomer(id), orderAmount(id)}
	})
}

// checkLookupPlan fails unless EXPLAIN of the join shows one pipeline
// whose $lookup of customers probes _id by its index. profile is the
// pushdown profile EXPLAIN names.
func checkLookupPlan(ctx context.Context, db *sql.DB) (profile string, err error) {
	rows, err := db.QueryContext(ctx, "EXPLAIN "+joinSQL)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	var commands, lookups, indexed int
	for rows.Next() {
		var op, detail string
		if err := rows.Scan(&op, &detail); err != nil {
			return profile, err
		}
		lines = append(lines, op+": "+detail)
		switch op = strings.TrimSpace(op); {
		case strings.HasPrefix(op, "mongo"):
			commands++
			coll, js, _ := strings.Cut(detail, " ")
			var stages []map[string]any
			if op != "mongo aggregate" || coll != ordersT || json.Unmarshal([]byte(js), &stages) != nil {
				continue
			}
			for _, st := range stages {
				if l, ok := st["$lookup"].(map[string]any); ok && l["from"] == customersT && l["foreignField"] == "_id" && l["pipeline"] == nil {
					lookups++
				}
			}
		case op == "join" && strings.HasPrefix(detail, "$lookup 1:") && strings.Contains(detail, "using index _id_"):
			indexed++
		case op == "profile":
			profile = detail
		}
	}
	if err := rows.Err(); err != nil {
		return profile, err
	}
	if commands != 1 || lookups != 1 || indexed != 1 {
		return profile, fmt.Errorf("the join is not one pipeline with a $lookup of %s on its _id index; EXPLAIN:\n%s",
			customersT, strings.Join(lines, "\n"))
	}
	return profile, nil
}

// noLookup reports a pushdown profile without $lookup (see
// planner.Capabilities): FerretDB v1, MongoDB before 4.4, pushdown=none.
func noLookup(profile string) bool {
	for _, p := range []string{"ferretdb", "mongodb<4.4", "none"} {
		if profile == p || strings.HasPrefix(profile, p+" ") {
			return true
		}
	}
	return false
}

// queryJoined reads the join fully through database/sql.
func queryJoined(ctx context.Context, db *sql.DB) ([]joined, error) {
	rows, err := db.QueryContext(ctx, joinSQL)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]joined, 0, nOrders)
	for rows.Next() {
		var r joined
		if err := rows.Scan(&r.ID, &r.Amount, &r.Name); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// reportRows adds rows/s: joined rows read per second of the run.
func reportRows(b *testing.B) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N*nOrders)/s, "rows/s")
	}
}

// withOption returns dsn with one more query option.
func withOption(dsn, key, val string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set(key, val)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func BenchmarkJoin(b *testing.B) {
	b.Run("driver", func(b *testing.B) {
		f, ctx := setupJoin(b), context.Background()
		b.StopTimer()
		if profile, err := checkLookupPlan(ctx, f.db); err != nil {
			if noLookup(profile) {
				b.Skipf("no $lookup under profile %s: the join runs in the client (see driver-none)", profile)
			}
			b.Fatal(err)
		}
		b.StartTimer()
		measure(b, nil, func(i int) error {
			got, err := queryJoined(ctx, f.db)
			if err != nil {
				return err
			}
			return checkJoined(i, got)
		})
		reportRows(b)
	})
	b.Run("driver-none", func(b *testing.B) {
		setupJoin(b)
		b.StopTimer()
		dsn, err := withDB(serverURI, dbName)
		if err == nil {
			dsn, err = withOption(dsn, "sqlmongo.pushdown", "none")
		}
		if err != nil {
			b.Fatal(err)
		}
		db, err := sql.Open("mongodb", dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		ctx := context.Background()
		b.StartTimer()
		measure(b, nil, func(i int) error {
			got, err := queryJoined(ctx, db)
			if err != nil {
				return err
			}
			return checkJoined(i, got)
		})
		reportRows(b)
	})
	b.Run("raw", func(b *testing.B) {
		f, ctx := setupJoin(b), context.Background()
		coll := f.raw.Collection(ordersT)
		pipeline := bson.A{
			bson.D{{Key: "$lookup", Value: bson.D{
				{Key: "from", Value: customersT},
				{Key: "localField", Value: "customer_id"},
				{Key: "foreignField", Value: "_id"},
				{Key: "as", Value: "c"},
			}}},
			bson.D{{Key: "$unwind", Value: "$c"}},
			bson.D{{Key: "$project", Value: bson.D{
				{Key: "amount", Value: 1},
				{Key: "name", Value: "$c.name"},
			}}},
		}
		skipWithoutLookup(b, ctx, coll, pipeline)
		measure(b, nil, func(i int) error {
			cur, err := coll.Aggregate(ctx, pipeline)
			if err != nil {
				return err
			}
			got := make([]joined, 0, nOrders)
			if err := cur.All(ctx, &got); err != nil {
				return err
			}
			return checkJoined(i, got)
		})
		reportRows(b)
	})
}

// skipWithoutLookup runs pipeline once, unmeasured, and skips the
// benchmark when the server has no $lookup.
func skipWithoutLookup(b *testing.B, ctx context.Context, coll *mongo.Collection, pipeline bson.A) {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	cur, err := coll.Aggregate(ctx, pipeline)
	if err != nil {
		// NotImplemented, unrecognized pipeline stage (FerretDB v1).
		var se mongo.ServerError
		if errors.As(err, &se) && (se.HasErrorCode(238) || se.HasErrorCode(40324)) {
			b.Skipf("the server runs no $lookup: %v", err)
		}
		b.Fatal(err)
	}
	_ = cur.Close(ctx)
}
