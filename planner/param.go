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
	// Now stands for the statement's instant instead of an argument (NOW()
	// in a pipeline), so pushed and in-process parts read one clock.
	Now bool
	// AtLeastOne clamps the value to 1: $limit 0 is an error in MongoDB,
	// so the residual Limit above handles a zero count.
	AtLeastOne bool
	// Session stands for the value of a session function (LAST_INSERT_ID(),
	// DATABASE(), @@var): the connection's, read per execution.
	Session *Call
	// Outer stands for a value of the outer row a correlated subquery
	// reads (Env.Outer).
	Outer *OuterRef
}

// MarshalBSONValue implements bson.ValueMarshaler.
func (p *Placeholder) MarshalBSONValue() (byte, []byte, error) {
	if p.Now {
		t, b, err := bson.MarshalValue(bson.D{{Key: "$now", Value: true}})
		return byte(t), b, err
	}
	if p.Session != nil {
		t, b, err := bson.MarshalValue(bson.D{{Key: "$session", Value: p.Session.Def.Name}})
		return byte(t), b, err
	}
	if p.Outer != nil {
		t, b, err := bson.MarshalValue(bson.D{{Key: "$outer", Value: p.Outer.Name}})
		return byte(t), b, err
	}
	t, b, err := bson.MarshalValue(bson.D{{Key: "$param", Value: int32(p.Param.N + 1)}})
	return byte(t), b, err
}

// BindPipeline returns pipeline with every Placeholder replaced by its
// argument, converted to the type it is compared with. The input is not
// modified; parts without placeholders are shared.
func BindPipeline(pipeline []bson.D, env *Env) ([]bson.D, error) {
	out := make([]bson.D, len(pipeline))
	for i, st := range pipeline {
		v, _, err := bindValue(st, env)
		if err != nil {
			return nil, err
		}
		out[i] = v.(bson.D)
	}
	return out, nil
}

// bindValue replaces placeholders in v; changed is false when v had none,
// so untouched sub-documents are shared rather than copied.
func bindValue(v any, env *Env) (out any, changed bool, err error) {
	switch x := v.(type) {
	case *Placeholder:
		if x.Now {
			return bson.NewDateTimeFromTime(env.now()), true, nil
		}
		if x.Session != nil {
			return sqltypes.ToBSON(x.Session.Def.Session(x.Session, env.session())), true, nil
		}
		if x.Outer != nil {
			v, err := Eval(x.Outer, nil, env)
			return sqltypes.ToBSON(v), true, err
		}
		a, err := bindArg(env.Args, x.Param)
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
			nv, ch, err := bindValue(e.Value, env)
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
			nv, ch, err := bindValue(e, env)
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
func BindDoc(d bson.D, env *Env) (bson.D, error) {
	v, _, err := bindValue(d, env)
	if err != nil {
		return nil, err
	}
	return v.(bson.D), nil
}

// BindFind is BindPipeline for a find: its filter, skip and limit.
func BindFind(f *Find, env *Env) (*Find, error) {
	out := *f
	var err error
	if f.Filter != nil {
		if out.Filter, err = BindDoc(f.Filter, env); err != nil {
			return nil, err
		}
	}
	for _, v := range []*any{&out.Skip, &out.Limit} {
		if *v != nil {
			if *v, _, err = bindValue(*v, env); err != nil {
				return nil, err
			}
		}
	}
	return &out, nil
}
