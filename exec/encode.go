package exec

import (
	"context"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// encodeRows encodes rows of t (one value per column) as the documents
// INSERT writes: _id first, a NULL key left to the server (an ObjectId),
// every other column present. The common value types are appended
// directly, without the reflection bson.Marshal spends on each value.
func (e *Engine) encodeRows(ctx context.Context, t *planner.Table, rows [][]any) ([]any, error) {
	info, err := e.srv.get(ctx, e.client)
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(t.Columns))
	idCol := -1
	for i, c := range t.Columns {
		paths[i] = t.Path(c.Name)
		if paths[i] == "_id" {
			idCol = i
		}
	}
	docs := make([]any, len(rows))
	var buf []byte
	for r, vals := range rows {
		if r == 1 {
			// The first document tells about how long the others are.
			buf = slices.Grow(buf, len(buf)*(len(rows)-1)*9/8)
		}
		start := len(buf)
		var at int32
		at, buf = bsoncore.AppendDocumentStart(buf)
		if idCol >= 0 && vals[idCol] != nil {
			if buf, err = appendElem(buf, "_id", vals[idCol], info.decimal128); err != nil {
				return nil, err
			}
		}
		for i, v := range vals {
			if i == idCol {
				continue
			}
			if buf, err = appendElem(buf, paths[i], v, info.decimal128); err != nil {
				return nil, err
			}
		}
		if buf, err = bsoncore.AppendDocumentEnd(buf, at); err != nil {
			return nil, err
		}
		docs[r] = bson.Raw(buf[start:len(buf):len(buf)])
	}
	return docs, nil
}

// appendElem appends one column value as stored; without decimal128
// (FerretDB v1) decimals are stored as doubles.
func appendElem(dst []byte, key string, v any, decimal128 bool) ([]byte, error) {
	switch x := sqltypes.ToBSON(v).(type) {
	case nil:
		return bsoncore.AppendNullElement(dst, key), nil
	case int64:
		return bsoncore.AppendInt64Element(dst, key, x), nil
	case float64:
		return bsoncore.AppendDoubleElement(dst, key, x), nil
	case string:
		return bsoncore.AppendStringElement(dst, key, x), nil
	case bool:
		return bsoncore.AppendBooleanElement(dst, key, x), nil
	case bson.DateTime:
		return bsoncore.AppendDateTimeElement(dst, key, int64(x)), nil
	case bson.Decimal128:
		if !decimal128 {
			f, _ := sqltypes.ToFloat(x)
			return bsoncore.AppendDoubleElement(dst, key, f), nil
		}
		h, l := x.GetBytes()
		return bsoncore.AppendDecimal128Element(dst, key, h, l), nil
	default:
		if !decimal128 {
			x = lowerDecimals(x)
		}
		t, data, err := bson.MarshalValue(x)
		if err != nil {
			return nil, sqlerr.Wrap(err, "encoding column %q", key)
		}
		return bsoncore.AppendValueElement(dst, key, bsoncore.Value{Type: bsoncore.Type(t), Data: data}), nil
	}
}
