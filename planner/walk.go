package planner

import "reflect"

var exprType = reflect.TypeOf((*Expr)(nil)).Elem()

// walkExpr calls fn on e and every expression below it. It finds children
// by their static types (fields of type Expr, []Expr or structs holding
// them), so expression kinds added later are walked without listing them.
func walkExpr(e Expr, fn func(Expr)) {
	if e == nil || (reflect.ValueOf(e).Kind() == reflect.Pointer && reflect.ValueOf(e).IsNil()) {
		return
	}
	fn(e)
	walkValue(reflect.ValueOf(e), fn)
}

func walkValue(v reflect.Value, fn func(Expr)) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if !v.Type().Field(i).IsExported() {
				continue
			}
			walkField(f, fn)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkField(v.Index(i), fn)
		}
	}
}

func walkField(f reflect.Value, fn func(Expr)) {
	if f.Type() == exprType || (f.Type().Implements(exprType) && f.Kind() == reflect.Pointer) {
		if f.IsNil() {
			return
		}
		walkExpr(f.Interface().(Expr), fn)
		return
	}
	switch f.Kind() {
	case reflect.Slice, reflect.Struct:
		walkValue(f, fn)
	case reflect.Pointer:
		// Pointers to non-Expr structs (e.g. *FuncDef) are not followed.
	}
}
