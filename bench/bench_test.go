package bench

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// item is a row of t as database/sql code reads it.
type item struct {
	ID       int64
	Name     string
	Category string
	Amount   float64
	Qty      int64
	Note     sql.NullString
}

func (it *item) dest() []any {
	return []any{&it.ID, &it.Name, &it.Category, &it.Amount, &it.Qty, &it.Note}
}

// rawItem is the same row as hand-written mongo-driver code reads it.
type rawItem struct {
	ID       int64   `bson:"_id"`
	Name     string  `bson:"name"`
	Category string  `bson:"category"`
	Amount   float64 `bson:"amount"`
	Qty      int64   `bson:"qty"`
	Note     *string `bson:"note"`
}

const selectCols = "SELECT id, name, category, amount, qty, note FROM "

// lookupKey spreads the point lookups over the whole table.
func lookupKey(i int) int64 { return int64(i*7919%nRows + 1) }

// checkItem verifies the first lookup of a run.
func checkItem(i int, id int64, name string) error {
	if i == 0 && name != rowName(int(id)) {
		return fmt.Errorf("row %d: name %q, want %q", id, name, rowName(int(id)))
	}
	return nil
}

// (a) Point lookup by primary key: WHERE id = ? vs FindOne({_id: k}).

func BenchmarkPointLookup(b *testing.B) {
	q := selectCols + table + " WHERE id = ?"
	b.Run("driver", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		measure(b, nil, func(i int) error {
			var it item
			k := lookupKey(i)
			if err := f.db.QueryRowContext(ctx, q, k).Scan(it.dest()...); err != nil {
				return err
			}
			if it.ID != k {
				return fmt.Errorf("got id %d, want %d", it.ID, k)
			}
			return checkItem(i, it.ID, it.Name)
		})
	})
	b.Run("driver-prepared", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		stmt, err := f.db.PrepareContext(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		defer stmt.Close()
		measure(b, nil, func(i int) error {
			var it item
			k := lookupKey(i)
			if err := stmt.QueryRowContext(ctx, k).Scan(it.dest()...); err != nil {
				return err
			}
			if it.ID != k {
				return fmt.Errorf("got id %d, want %d", it.ID, k)
			}
			return checkItem(i, it.ID, it.Name)
		})
	})
	b.Run("raw", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		coll := f.raw.Collection(table)
		measure(b, nil, func(i int) error {
			var it rawItem
			k := lookupKey(i)
			if err := coll.FindOne(ctx, bson.D{{Key: "_id", Value: k}}).Decode(&it); err != nil {
				return err
			}
			if it.ID != k {
				return fmt.Errorf("got id %d, want %d", it.ID, k)
			}
			return checkItem(i, it.ID, it.Name)
		})
	})
}

// (b) Scan of every row into generic values: rows.Scan into []any vs
// cursor.Next + Decode into bson.D.

func BenchmarkScan(b *testing.B) {
	b.Run("driver", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		measure(b, nil, func(int) error {
			rows, err := f.db.QueryContext(ctx, "SELECT * FROM "+table)
			if err != nil {
				return err
			}
			defer rows.Close()
			cols, err := rows.Columns()
			if err != nil {
				return err
			}
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			n := 0
			for rows.Next() {
				if err := rows.Scan(ptrs...); err != nil {
					return err
				}
				n++
			}
			if err := rows.Err(); err != nil {
				return err
			}
			return wantRows(n, nRows)
		})
	})
	b.Run("raw", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		coll := f.raw.Collection(table)
		measure(b, nil, func(int) error {
			cur, err := coll.Find(ctx, bson.D{})
			if err != nil {
				return err
			}
			defer cur.Close(ctx)
			n := 0
			for cur.Next(ctx) {
				var d bson.D
				if err := cur.Decode(&d); err != nil {
					return err
				}
				n++
			}
			if err := cur.Err(); err != nil {
				return err
			}
			return wantRows(n, nRows)
		})
	})
}

func wantRows(got, want int) error {
	if got != want {
		return fmt.Errorf("got %d rows, want %d", got, want)
	}
	return nil
}

// checkRow compares a row read back with the generated data.
func checkRow(id int64, name string, amount float64, note *string) error {
	want := rowNote(int(id))
	if name != rowName(int(id)) || amount != rowAmount(int(id)) || (note == nil) != (want == nil) || note != nil && *note != *want {
		return fmt.Errorf("row %d read back wrong: %q %v %v", id, name, amount, note)
	}
	return nil
}

// (c) Scan of every row into structs: rows.Scan into fields vs cursor.All.

func BenchmarkScanStructs(b *testing.B) {
	b.Run("driver", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		measure(b, nil, func(i int) error {
			items, err := queryItems(ctx, f.db, selectCols+table)
			if err != nil {
				return err
			}
			if i == 0 {
				for _, it := range items {
					var note *string
					if it.Note.Valid {
						note = &it.Note.String
					}
					if err := checkRow(it.ID, it.Name, it.Amount, note); err != nil {
						return err
					}
				}
			}
			return wantRows(len(items), nRows)
		})
	})
	b.Run("raw", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		coll := f.raw.Collection(table)
		measure(b, nil, func(i int) error {
			cur, err := coll.Find(ctx, bson.D{})
			if err != nil {
				return err
			}
			var items []rawItem
			if err := cur.All(ctx, &items); err != nil {
				return err
			}
			if i == 0 {
				for _, it := range items {
					if err := checkRow(it.ID, it.Name, it.Amount, it.Note); err != nil {
						return err
					}
				}
			}
			return wantRows(len(items), nRows)
		})
	})
}

func queryItems(ctx context.Context, db *sql.DB, q string, args ...any) ([]item, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []item
	for rows.Next() {
		var it item
		if err := rows.Scan(it.dest()...); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err()
}

// (d) Multi-row INSERT of 1,000 rows: one INSERT with 1,000 tuples of
// placeholders vs InsertMany. The table is emptied before every op,
// outside the measurement.

func BenchmarkInsert(b *testing.B) {
	q := insertSQL(insTable, nInsert)
	empty := func(f *fixture) func() error {
		return func() error {
			_, err := f.raw.Collection(insTable).DeleteMany(context.Background(), bson.D{})
			return err
		}
	}
	checkResult := func(res sql.Result) error {
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		return wantRows(int(n), nInsert)
	}
	b.Run("driver", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		measure(b, empty(f), func(int) error {
			res, err := f.db.ExecContext(ctx, q, insertArgs(1, nInsert)...)
			if err != nil {
				return err
			}
			return checkResult(res)
		})
	})
	b.Run("driver-prepared", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		stmt, err := f.db.PrepareContext(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		defer stmt.Close()
		measure(b, empty(f), func(int) error {
			res, err := stmt.ExecContext(ctx, insertArgs(1, nInsert)...)
			if err != nil {
				return err
			}
			return checkResult(res)
		})
	})
	b.Run("raw", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		coll := f.raw.Collection(insTable)
		measure(b, empty(f), func(int) error {
			docs := make([]any, 0, nInsert)
			for id := 1; id <= nInsert; id++ {
				docs = append(docs, rawItem{ID: int64(id), Name: rowName(id), Category: rowCategory(id),
					Amount: rowAmount(id), Qty: rowQty(id), Note: rowNote(id)})
			}
			res, err := coll.InsertMany(ctx, docs)
			if err != nil {
				return err
			}
			return wantRows(len(res.InsertedIDs), nInsert)
		})
	})
}

// (e) GROUP BY over every row vs a hand-written $group pipeline.

type group struct {
	Category string  `bson:"_id"`
	Count    int64   `bson:"count"`
	Sum      float64 `bson:"sum"`
}

// expectedGroups is what the GROUP BY must return, sorted by category.
var expectedGroups = sync.OnceValue(func() []group {
	m := map[string]*group{}
	for id := 1; id <= nRows; id++ {
		c := rowCategory(id)
		g := m[c]
		if g == nil {
			g = &group{Category: c}
			m[c] = g
		}
		g.Count++
		g.Sum += rowAmount(id)
	}
	var out []group
	for _, g := range m {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Category < out[j].Category })
	return out
})

func checkGroups(got []group) error {
	got = slices.Clone(got)
	sort.Slice(got, func(i, j int) bool { return got[i].Category < got[j].Category })
	want := expectedGroups()
	if len(got) != len(want) {
		return fmt.Errorf("got %d groups, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Category != w.Category || g.Count != w.Count || math.Abs(g.Sum-w.Sum) > 1e-6*math.Abs(w.Sum) {
			return fmt.Errorf("group %d: got %+v, want %+v", i, g, w)
		}
	}
	return nil
}

func BenchmarkGroupBy(b *testing.B) {
	b.Run("driver", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		q := "SELECT category, COUNT(*), SUM(amount) FROM " + table + " GROUP BY category"
		measure(b, nil, func(i int) error {
			rows, err := f.db.QueryContext(ctx, q)
			if err != nil {
				return err
			}
			defer rows.Close()
			var got []group
			for rows.Next() {
				var g group
				if err := rows.Scan(&g.Category, &g.Count, &g.Sum); err != nil {
					return err
				}
				got = append(got, g)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			if i == 0 {
				return checkGroups(got)
			}
			return nil
		})
	})
	b.Run("raw", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		coll := f.raw.Collection(table)
		group := rawGroupBy
		// FerretDB v1 computes only the first accumulator of a $group and
		// returns 0 for the others; hand-written code for it has to run one
		// $group per aggregate and merge them.
		if got, err := group(ctx, coll); err != nil {
			b.Fatal(err)
		} else if err := checkGroups(got); err != nil {
			groupNotice.Do(func() {
				b.Logf("one $group with two accumulators is wrong on this server (%v); using one $group per aggregate", err)
			})
			group = rawGroupByPerAggregate
		}
		measure(b, nil, func(i int) error {
			got, err := group(ctx, coll)
			if err != nil {
				return err
			}
			if i == 0 {
				return checkGroups(got)
			}
			return nil
		})
	})
}

var groupNotice sync.Once

func rawGroupBy(ctx context.Context, coll *mongo.Collection) ([]group, error) {
	cur, err := coll.Aggregate(ctx, bson.A{
		bson.D{{Key: "$group", Value: bson.D{
			{Key: "_id", Value: "$category"},
			{Key: "count", Value: bson.D{{Key: "$sum", Value: 1}}},
			{Key: "sum", Value: bson.D{{Key: "$sum", Value: "$amount"}}},
		}}},
	})
	if err != nil {
		return nil, err
	}
	var got []group
	err = cur.All(ctx, &got)
	return got, err
}

func rawGroupByPerAggregate(ctx context.Context, coll *mongo.Collection) ([]group, error) {
	byCat := map[string]*group{}
	var out []*group
	for _, acc := range []struct {
		name string
		expr any
	}{{"count", 1}, {"sum", "$amount"}} {
		cur, err := coll.Aggregate(ctx, bson.A{
			bson.D{{Key: "$group", Value: bson.D{
				{Key: "_id", Value: "$category"},
				{Key: acc.name, Value: bson.D{{Key: "$sum", Value: acc.expr}}},
			}}},
		})
		if err != nil {
			return nil, err
		}
		var part []group
		if err := cur.All(ctx, &part); err != nil {
			return nil, err
		}
		for _, p := range part {
			g := byCat[p.Category]
			if g == nil {
				g = &group{Category: p.Category}
				byCat[p.Category] = g
				out = append(out, g)
			}
			g.Count += p.Count
			g.Sum += p.Sum
		}
	}
	got := make([]group, len(out))
	for i, g := range out {
		got[i] = *g
	}
	return got, nil
}

// (f) ORDER BY amount DESC LIMIT 10 vs a hand-written $sort + $limit.

const topN = 10

// expectedTop is the ids of the topN largest amounts, largest first.
var expectedTop = sync.OnceValue(func() []int64 {
	ids := make([]int64, nRows)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	sort.Slice(ids, func(i, j int) bool { return rowAmount(int(ids[i])) > rowAmount(int(ids[j])) })
	return ids[:topN]
})

func checkTop(got []int64) error {
	if want := expectedTop(); !slices.Equal(got, want) {
		return fmt.Errorf("got ids %v, want %v", got, want)
	}
	return nil
}

func BenchmarkTopN(b *testing.B) {
	b.Run("driver", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		q := fmt.Sprintf("%s%s ORDER BY amount DESC LIMIT %d", selectCols, table, topN)
		measure(b, nil, func(i int) error {
			items, err := queryItems(ctx, f.db, q)
			if err != nil {
				return err
			}
			ids := make([]int64, len(items))
			for j, it := range items {
				ids[j] = it.ID
			}
			if i == 0 {
				return checkTop(ids)
			}
			return nil
		})
	})
	b.Run("raw", func(b *testing.B) {
		f, ctx := setup(b), context.Background()
		coll := f.raw.Collection(table)
		pipeline := bson.A{
			bson.D{{Key: "$sort", Value: bson.D{{Key: "amount", Value: -1}}}},
			bson.D{{Key: "$limit", Value: topN}},
		}
		measure(b, nil, func(i int) error {
			cur, err := coll.Aggregate(ctx, pipeline)
			if err != nil {
				return err
			}
			var items []rawItem
			if err := cur.All(ctx, &items); err != nil {
				return err
			}
			ids := make([]int64, len(items))
			for j, it := range items {
				ids[j] = it.ID
			}
			if i == 0 {
				return checkTop(ids)
			}
			return nil
		})
	})
}
