package driver

import (
	"context"
	"database/sql/driver"
	"reflect"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/exec"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// rows implements driver.Rows and the ColumnType interfaces. It keeps the
// query's context for fetching further batches from the cursor.
type rows struct {
	ctx   context.Context
	r     *exec.Rows
	names []string
}

func (r *rows) Columns() []string {
	if r.names == nil {
		r.names = make([]string, len(r.r.Columns))
		for i, c := range r.r.Columns {
			r.names[i] = c.Name
		}
	}
	return r.names
}

func (r *rows) Close() error { return r.r.Close(context.Background()) }

func (r *rows) Next(dest []driver.Value) error {
	row, err := r.r.Next(r.ctx)
	if err != nil {
		return err // io.EOF at the end, as database/sql expects
	}
	for i := range dest {
		dest[i] = driverValue(row[i])
	}
	return nil
}

// ColumnTypeDatabaseTypeName implements driver.RowsColumnTypeDatabaseTypeName.
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	return r.r.Columns[i].Type.DatabaseTypeName()
}

// ColumnTypeNullable implements driver.RowsColumnTypeNullable.
func (r *rows) ColumnTypeNullable(i int) (nullable, ok bool) {
	return r.r.Columns[i].Nullable, true
}

// ColumnTypeScanType implements driver.RowsColumnTypeScanType.
func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	return r.r.Columns[i].Type.ScanType()
}

// driverValue converts an in-process value to one database/sql accepts.
func driverValue(v any) driver.Value {
	switch x := v.(type) {
	case nil, int64, float64, string, []byte, time.Time:
		return x
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case bson.Decimal128:
		return sqltypes.DecimalText(x)
	case bson.ObjectID:
		return x.Hex()
	case sqltypes.JSON:
		return sqltypes.JSONText(x)
	}
	return sqltypes.ToString(v)
}
