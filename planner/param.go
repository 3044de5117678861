package planner

import (
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Placeholder stands for a statement argument inside a pipeline, so a
// prepared plan is built once and bound per execution. It marshals as
// {"$param": N} (1-based) for golden files.
type Placeholder struct {
	Param *ParamRef
	// AtLeastOne clamps the value to 1: $limit 0 is an error in MongoDB,
	// so the residual Limit above handles a zero count.
	AtLeastOne bool
}

// MarshalBSONValue implements bson.ValueMarshaler.
func (p *Placeholder) MarshalBSONValue() (byte, []byte, error) {
	t, b, err := bson.MarshalValue(bson.D{{Key: "$param", Value: int32(p.Param.N + 1)}})
	return byte(t), b, err
}

// BindPipeline returns pipeline with every Placeholder replaced by its
// argument, converted to the type it is compared with. The input is not
// modified; parts without placeholders are shared.
func BindPipeline(pipeline []bson.D, args []any) ([]bson.D, error) {
	out := make([]bson.D, len(pipeline))
	for i, st := range pipeline {
		v, _, err := bindValue(st, args)
		if err != nil {
			return nil, err
		}
		out[i] = v.(bson.D)
	}
	return out, nil
}

// bindValue replaces placeholders in v; changed is false when v had none,
// so untouched sub-documents are shared rather than copied.
func bindValue(v any, args []any) (out any, changed bool, err error) {
	switch x := v.(type) {
	case *Placeholder:
		a, err := bindArg(args, x.Param)
		if err != nil {
			return nil, false, err
		}
		if n, ok := a.(int64); ok && x.AtLeastOne && n < 1 {
			a = int64(1)
		}
		return sqltypes.ToBSON(a), true, nil
	case bson.D:
		var d bson.D
		for i, e := range x {
			nv, ch, err := bindValue(e.Value, args)
			if err != nil {
				return nil, false, err
			}
			if ch && d == nil {
				d = append(bson.D(nil), x...)
			}
			if d != nil {
				d[i].Value = nv
			}
		}
		if d == nil {
			return x, false, nil
		}
		return d, true, nil
	case bson.A:
		var a bson.A
		for i, e := range x {
			nv, ch, err := bindValue(e, args)
			if err != nil {
				return nil, false, err
			}
			if ch && a == nil {
				a = append(bson.A(nil), x...)
			}
			if a != nil {
				a[i] = nv
			}
		}
		if a == nil {
			return x, false, nil
		}
		return a, true, nil
	}
	return v, false, nil
}

// BindDoc is BindPipeline for one filter document.
func BindDoc(d bson.D, args []any) (bson.D, error) {
	v, _, err := bindValue(d, args)
	if err != nil {
		return nil, err
	}
	return v.(bson.D), nil
}
