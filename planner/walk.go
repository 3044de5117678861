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

// cloneExpr copies e and every expression below it, so a copy can be
// placed over another row than the original (placement writes column
// references in place). Other pointers (function definitions, a
// subquery's plan) stay shared.
func cloneExpr(e Expr) Expr {
	return rewriteExpr(e, func(Expr) (Expr, bool) { return nil, false })
}

// contains reports whether e or an expression below it is a T (a column
// reference, a subquery, an outer reference…).
func contains[T Expr](e Expr) bool {
	found := false
	walkExpr(e, func(x Expr) {
		if _, ok := x.(T); ok {
			found = true
		}
	})
	return found
}

// rewriteExpr returns e with every expression f replaces (ok) replaced,
// copying what lies on the way; the rest stays shared.
func rewriteExpr(e Expr, f func(Expr) (Expr, bool)) Expr {
	if r, ok := f(e); ok {
		return r
	}
	v := reflect.ValueOf(e)
	if e == nil || v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return e
	}
	c := reflect.New(v.Elem().Type())
	c.Elem().Set(v.Elem())
	rewriteInto(c.Elem(), f)
	return c.Interface().(Expr)
}

func rewriteInto(v reflect.Value, f func(Expr) (Expr, bool)) {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				rewriteInto(v.Field(i), f)
			}
		}
	case reflect.Slice:
		if v.IsNil() || !v.CanSet() {
			return
		}
		s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(s, v)
		for i := 0; i < s.Len(); i++ {
			rewriteInto(s.Index(i), f)
		}
		v.Set(s)
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() || !v.CanSet() {
			return
		}
		if e, ok := v.Interface().(Expr); ok && (v.Type() == exprType || v.Type().Implements(exprType)) {
			r := reflect.ValueOf(rewriteExpr(e, f))
			if r.Type().AssignableTo(v.Type()) {
				v.Set(r)
			}
		}
	}
}
