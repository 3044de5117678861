package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// (h) A correlated scalar subquery, the "count of children" report: each
// of the 1,000 customers with the number of its orders (10 each), over
// the join tables of (g) (orders.customer_id has an index). Through the
// driver it is one pipeline (a $lookup on the index whose sub-pipeline
// counts; the benchmark fails when EXPLAIN shows otherwise); by hand, the
// same $lookup with $count.

const applySQL = "SELECT c.id, (SELECT COUNT(*) FROM " + ordersT + " o WHERE o.customer_id = c.id) FROM " + customersT + " c"

// counted is one row of the report.
type counted struct {
	ID int64 `bson:"_id"`
	N  int64 `bson:"n"`
}

func checkCounted(rows []counted) error {
	if len(rows) != nCustomers {
		return wantRows(len(rows), nCustomers)
	}
	for _, r := range rows {
		if r.N != nOrders/nCustomers {
			return fmt.Errorf("customer %d: %d orders, want %d", r.ID, r.N, nOrders/nCustomers)
		}
	}
	return nil
}

// checkApplyPlan fails unless EXPLAIN shows one pipeline with a $lookup
// of orders by customer_id.
func checkApplyPlan(ctx context.Context, f *fixture) (profile string, err error) {
	rows, err := f.db.QueryContext(ctx, "EXPLAIN "+applySQL)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	commands, lookups := 0, 0
	for rows.Next() {
		var op, detail string
		if err := rows.Scan(&op, &detail); err != nil {
			return profile, err
		}
		lines = append(lines, op+": "+detail)
		switch op = strings.TrimSpace(op); {
		case op == "profile":
			profile = detail
		case strings.HasPrefix(op, "mongo"):
			commands++
			if strings.Contains(detail, `"from":"`+ordersT+`","localField":"_id","foreignField":"customer_id"`) {
				lookups++
			}
		case op != "join":
			commands += 100 // an in-process operator
		}
	}
	if err := rows.Err(); err != nil {
		return profile, err
	}
	if commands != 1 || lookups != 1 {
		return profile, fmt.Errorf("the report is not one pipeline with a $lookup of %s on customer_id; EXPLAIN:\n%s", ordersT, strings.Join(lines, "\n"))
	}
	return profile, nil
}

func BenchmarkCorrelatedCount(b *testing.B) {
	b.Run("driver", func(b *testing.B) {
		f, ctx := setupJoin(b), context.Background()
		b.StopTimer()
		if profile, err := checkApplyPlan(ctx, f); err != nil {
			if noLookup(profile) {
				b.Skipf("no $lookup under profile %s: the subquery runs per customer", profile)
			}
			b.Fatal(err)
		}
		b.StartTimer()
		measure(b, nil, func(int) error {
			rows, err := f.db.QueryContext(ctx, applySQL)
			if err != nil {
				return err
			}
			defer rows.Close()
			got := make([]counted, 0, nCustomers)
			for rows.Next() {
				var r counted
				if err := rows.Scan(&r.ID, &r.N); err != nil {
					return err
				}
				got = append(got, r)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			return checkCounted(got)
		})
	})
	b.Run("raw", func(b *testing.B) {
		f, ctx := setupJoin(b), context.Background()
		coll := f.raw.Collection(customersT)
		pipeline := bson.A{
			bson.D{{Key: "$lookup", Value: bson.D{
				{Key: "from", Value: ordersT},
				{Key: "localField", Value: "_id"},
				{Key: "foreignField", Value: "customer_id"},
				{Key: "pipeline", Value: bson.A{bson.D{{Key: "$count", Value: "n"}}}},
				{Key: "as", Value: "o"},
			}}},
			bson.D{{Key: "$project", Value: bson.D{
				{Key: "n", Value: bson.D{{Key: "$ifNull", Value: bson.A{bson.D{{Key: "$arrayElemAt", Value: bson.A{"$o.n", 0}}}, 0}}}},
			}}},
		}
		skipWithoutLookup(b, ctx, coll, pipeline)
		measure(b, nil, func(int) error {
			cur, err := coll.Aggregate(ctx, pipeline)
			if err != nil {
				return err
			}
			got := make([]counted, 0, nCustomers)
			if err := cur.All(ctx, &got); err != nil {
				return err
			}
			return checkCounted(got)
		})
	})
}
