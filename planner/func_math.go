package planner

import (
	"math"
	"math/big"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Numeric functions. Integers stay integers, DECIMALs stay exact (ROUND
// rounds half away from zero), DOUBLEs round half to even as MySQL's
// rint() does; domain errors (SQRT(-1), LN(0)) are NULL.

// sameNumType keeps an exact argument's type (BIGINT, DECIMAL), making
// strings and doubles DOUBLE.
func sameNumType(c *Call) sqltypes.Type {
	t := argType(c, 0)
	switch t.Kind {
	case sqltypes.Int, sqltypes.Bool:
		return intType
	case sqltypes.Decimal:
		return decimalType
	case sqltypes.Null:
		if isNullLit(c.Args[0]) {
			return intType
		}
		return nullType
	}
	return doubleType
}

// intOrDouble: integral results (CEIL, FLOOR) are BIGINT unless the
// argument is a DOUBLE.
func intOrDouble(c *Call) sqltypes.Type {
	t := sameNumType(c)
	if t.Kind == sqltypes.Decimal {
		return intType
	}
	return t
}

// numMQL guards an MQL translation to numeric arguments.
func numMQL(f func(c *Call, a []any) (any, bool)) func(c *Call, a []any) (any, bool) {
	return func(c *Call, a []any) (any, bool) {
		if !numericMQL(c) {
			return nil, false
		}
		return f(c, a)
	}
}

func doubleFunc(name string, n int, f func(x []float64) (any, error), mql func(c *Call, a []any) (any, bool)) *FuncDef {
	d := &FuncDef{Name: name, MinArgs: n, MaxArgs: n, NullIn: true, T: doubleType}
	d.Eval = func(c *Call, a []any) (any, error) {
		xs := make([]float64, len(a))
		for i := range a {
			xs[i] = floatOf(toNumber(a[i], argType(c, i)))
		}
		return f(xs)
	}
	if mql != nil {
		d.MQL = numMQL(mql)
	}
	return d
}

// ratInt returns r as int64 when whole and in range.
func ratInt(r *big.Rat) (int64, bool) {
	if r.IsInt() && r.Num().IsInt64() {
		return r.Num().Int64(), true
	}
	return 0, false
}

func roundFloat(x float64, d int64, trunc bool) float64 {
	neg := d < 0
	ad := d
	if neg {
		ad = -d
	}
	p := math.Pow(10, float64(ad))
	switch {
	case neg && math.IsInf(p, 0):
		return 0
	case !neg && math.IsInf(x*p, 0):
		return x
	}
	f := math.RoundToEven
	if trunc {
		f = math.Trunc
	}
	if neg {
		return f(x/p)*p + 0
	}
	return f(x*p)/p + 0
}

// roundNum is ROUND (trunc false) or TRUNCATE (true) of n to d digits.
func roundNum(n any, d int64, trunc bool) (any, error) {
	if d > 30 {
		d = 30
	}
	if d < -64 {
		d = -64
	}
	rf := roundRat
	if trunc {
		rf = truncRat
	}
	switch x := n.(type) {
	case float64:
		return roundFloat(x, d, trunc), nil
	case int64:
		if d >= 0 {
			return x, nil
		}
		r := rf(new(big.Rat).SetInt64(x), int(d))
		if i, ok := ratInt(r); ok {
			return i, nil
		}
		return decValue(r, 0), nil
	case dec:
		return decValue(rf(x.r, int(d)), int(max(d, 0))), nil
	}
	return nil, nil
}

func init() {
	register(&FuncDef{
		Name: "abs", MinArgs: 1, MaxArgs: 1, NullIn: true, Result: sameNumType,
		Eval: func(c *Call, a []any) (any, error) {
			switch x := toNumber(a[0], argType(c, 0)).(type) {
			case int64:
				if x == math.MinInt64 {
					return nil, funcErr("BIGINT value is out of range in 'abs(%d)'", x)
				}
				if x < 0 {
					return -x, nil
				}
				return x, nil
			case float64:
				return math.Abs(x), nil
			case dec:
				return decValue(new(big.Rat).Abs(x.r), x.scale), nil
			}
			return nil, nil
		},
		MQL: numMQL(func(c *Call, a []any) (any, bool) {
			if argType(c, 0).Kind == sqltypes.Int {
				// ABS(MIN_INT64) overflows: through decimal it is the
				// conversion error exec reports as MySQL does.
				return op1("$toLong", op1("$abs", op1("$toDecimal", a[0]))), true
			}
			return op1("$abs", a[0]), true
		}),
	})
	ceilFloor := func(name, mql string, f func(float64) float64, up bool) *FuncDef {
		return &FuncDef{
			Name: name, MinArgs: 1, MaxArgs: 1, NullIn: true, Result: intOrDouble,
			Eval: func(c *Call, a []any) (any, error) {
				switch x := toNumber(a[0], argType(c, 0)).(type) {
				case int64:
					return x, nil
				case float64:
					return f(x) + 0, nil
				case dec:
					q := truncRat(x.r, 0)
					if q.Cmp(x.r) != 0 && (x.r.Sign() > 0) == up {
						if up {
							q.Add(q, big.NewRat(1, 1))
						} else {
							q.Sub(q, big.NewRat(1, 1))
						}
					}
					if i, ok := ratInt(q); ok {
						return i, nil
					}
					return decValue(q, 0), nil
				}
				return nil, nil
			},
			MQL: numMQL(func(c *Call, a []any) (any, bool) {
				if argType(c, 0).Kind == sqltypes.Decimal {
					return op1("$toLong", op1(mql, a[0])), true
				}
				return op1(mql, a[0]), true
			}),
		}
	}
	register(ceilFloor("ceil", "$ceil", math.Ceil, true), "ceiling")
	register(ceilFloor("floor", "$floor", math.Floor, false))
	register(&FuncDef{
		Name: "round", MinArgs: 1, MaxArgs: 2, NullIn: true, Result: sameNumType,
		Eval: func(c *Call, a []any) (any, error) {
			var d int64
			if len(a) == 2 {
				d = intArg(a[1], argType(c, 1))
			}
			return roundNum(toNumber(a[0], argType(c, 0)), d, false)
		},
		MQL: numMQL(func(c *Call, a []any) (any, bool) {
			// MongoDB's $round is half to even: MySQL's for DOUBLE only.
			d := int64(0)
			if len(a) == 2 {
				var ok bool
				if d, ok = intLit(c, 1); !ok {
					return nil, false
				}
			}
			if d < -20 || d > 100 {
				return nil, false // outside what $round accepts
			}
			switch argType(c, 0).Kind {
			case sqltypes.Double:
				return opN("$round", a[0], d), true
			case sqltypes.Int:
				if d >= 0 {
					return a[0], true
				}
			}
			return nil, false
		}),
	})
	register(&FuncDef{
		Name: "truncate", MinArgs: 2, MaxArgs: 2, NullIn: true, Result: sameNumType,
		Eval: func(c *Call, a []any) (any, error) {
			return roundNum(toNumber(a[0], argType(c, 0)), intArg(a[1], argType(c, 1)), true)
		},
		MQL: numMQL(func(c *Call, a []any) (any, bool) {
			d, ok := intLit(c, 1)
			if !ok || d < -20 || d > 100 {
				return nil, false
			}
			if argType(c, 0).Kind == sqltypes.Int {
				if d >= 0 {
					return a[0], true
				}
				return nil, false
			}
			return opN("$trunc", a[0], d), true
		}),
	})
	register(&FuncDef{
		Name: "sign", MinArgs: 1, MaxArgs: 1, NullIn: true, T: intType,
		Eval: func(c *Call, a []any) (any, error) {
			n := toNumber(a[0], argType(c, 0))
			if f, ok := n.(float64); ok {
				return int64(cmpFloat(f, 0)), nil
			}
			return int64(ratOf(n).Sign()), nil
		},
		MQL: numMQL(func(c *Call, a []any) (any, bool) {
			return op1("$toLong", opN("$cmp", a[0], 0)), true
		}),
	})
	register(doubleFunc("pow", 2, func(x []float64) (any, error) {
		return checkFloat(math.Pow(x[0], x[1]))
	}, func(c *Call, a []any) (any, bool) {
		return op1("$toDouble", opN("$pow", a[0], a[1])), true
	}), "power")
	register(doubleFunc("sqrt", 1, func(x []float64) (any, error) {
		if x[0] < 0 {
			return nil, nil
		}
		return math.Sqrt(x[0]), nil
	}, func(c *Call, a []any) (any, bool) {
		// $toDouble: $sqrt of a decimal is a decimal; SQRT is DOUBLE.
		return condAgg(opN("$lt", a[0], 0), nil, op1("$toDouble", op1("$sqrt", a[0]))), true
	}))
	register(doubleFunc("exp", 1, func(x []float64) (any, error) {
		return checkFloat(math.Exp(x[0]))
	}, nil))
	logf := func(name, mql string, f func(float64) float64) *FuncDef {
		return doubleFunc(name, 1, func(x []float64) (any, error) {
			if x[0] <= 0 {
				return nil, nil
			}
			return f(x[0]), nil
		}, func(c *Call, a []any) (any, bool) {
			return condAgg(opN("$lte", a[0], 0), nil, op1("$toDouble", op1(mql, a[0]))), true
		})
	}
	register(logf("ln", "$ln", math.Log))
	register(logf("log10", "$log10", math.Log10))
	register(logf("log2", "", math.Log2))
	funcs["log2"].MQL = nil
	register(&FuncDef{
		Name: "log", MinArgs: 1, MaxArgs: 2, NullIn: true, T: doubleType,
		Eval: func(c *Call, a []any) (any, error) {
			x := floatOf(toNumber(a[len(a)-1], argType(c, len(a)-1)))
			if x <= 0 {
				return nil, nil
			}
			if len(a) == 1 {
				return math.Log(x), nil
			}
			b := floatOf(toNumber(a[0], argType(c, 0)))
			if b <= 0 || b == 1 {
				return nil, nil
			}
			return math.Log(x) / math.Log(b), nil
		},
		MQL: numMQL(func(c *Call, a []any) (any, bool) {
			if len(a) == 2 {
				return nil, false
			}
			return condAgg(opN("$lte", a[0], 0), nil, op1("$toDouble", op1("$ln", a[0]))), true
		}),
	})
	register(&FuncDef{
		Name: "pi", MinArgs: 0, MaxArgs: 0, T: doubleType,
		Eval: func(*Call, []any) (any, error) { return math.Pi, nil },
		MQL:  func(*Call, []any) (any, bool) { return bson.D{{Key: "$literal", Value: math.Pi}}, true },
	})
}
