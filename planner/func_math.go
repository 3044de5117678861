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

// roundDoubleMQL is roundFloat in MQL, step for step in doubles: scale
// by 10^d, make whole with $floor/$ceil, scale back. Not $round or
// $trunc: MongoDB's $round rounds the decimal value of the double
// (ROUND(0.15e0, 1) is 0.1 there, 0.2 in MySQL) and DocumentDB's keep
// only 15 digits.
func roundDoubleMQL(x any, d int64, trunc bool) any {
	d = min(max(d, -64), 30) // as roundNum clamps
	neg := d < 0
	p := math.Pow(10, float64(abs(int(d))))
	y := opN("$multiply", x, p)
	if neg {
		y = opN("$divide", x, p)
	}
	f := op1("$floor", "$$y")
	var whole any
	if trunc {
		whole = condAgg(opN("$gte", "$$y", 0), f, op1("$ceil", "$$y"))
	} else {
		// Half to even: a tie goes to the even neighbour of the floor.
		diff := opN("$subtract", "$$y", f)
		whole = op1("$switch", bson.D{
			{Key: "branches", Value: bson.A{
				bson.D{{Key: "case", Value: opN("$gt", diff, 0.5)}, {Key: "then", Value: opN("$add", f, 1.0)}},
				bson.D{{Key: "case", Value: opN("$lt", diff, 0.5)}, {Key: "then", Value: f}},
			}},
			{Key: "default", Value: opN("$add", f, op1("$abs", opN("$mod", f, 2.0)))},
		})
	}
	back := opN("$add", opN("$divide", whole, p), 0.0) // + 0: no negative zero
	if neg {
		back = opN("$add", opN("$multiply", whole, p), 0.0)
	} else {
		// x * 10^d past the doubles' range: x is already whole there.
		back = condAgg(bson.D{{Key: "$or", Value: bson.A{opN("$gt", "$$y", math.MaxFloat64), opN("$lt", "$$y", -math.MaxFloat64)}}}, x, back)
	}
	return op1("$let", bson.D{{Key: "vars", Value: bson.D{{Key: "y", Value: y}}}, {Key: "in", Value: back}})
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
					// BIGINT while it fits, as in-process; past that the
					// DECIMAL itself.
					fits := bson.D{{Key: "$and", Value: bson.A{opN("$gte", "$$w", int64(math.MinInt64)), opN("$lte", "$$w", int64(math.MaxInt64))}}}
					return op1("$let", bson.D{{Key: "vars", Value: bson.D{{Key: "w", Value: op1(mql, a[0])}}},
						{Key: "in", Value: condAgg(fits, op1("$toLong", "$$w"), "$$w")}}), true
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
			d := int64(0)
			if len(a) == 2 {
				var ok bool
				if d, ok = intLit(c, 1); !ok {
					return nil, false
				}
			}
			switch argType(c, 0).Kind {
			case sqltypes.Double:
				return roundDoubleMQL(a[0], d, false), true
			case sqltypes.Int:
				if d >= 0 {
					return a[0], true
				}
			}
			// DECIMAL rounds half away from zero, $round half to even.
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
			switch argType(c, 0).Kind {
			case sqltypes.Int:
				if d >= 0 {
					return a[0], true
				}
				return nil, false
			case sqltypes.Double:
				return roundDoubleMQL(a[0], d, true), true
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
	// POW, EXP and the logarithms stay in-process (crmath.go): MongoDB
	// computes them of DECIMALs in decimal, and C libraries differ in the
	// last bit.
	register(doubleFunc("pow", 2, func(x []float64) (any, error) {
		return checkFloat(crPow(x[0], x[1]))
	}, nil), "power")
	register(doubleFunc("sqrt", 1, func(x []float64) (any, error) {
		if x[0] < 0 {
			return nil, nil
		}
		return math.Sqrt(x[0]), nil
	}, func(c *Call, a []any) (any, bool) {
		// The argument becomes a double first, as in MySQL: $sqrt of a
		// decimal computes in decimal.
		return condAgg(opN("$lt", a[0], 0), nil, op1("$sqrt", op1("$toDouble", a[0]))), true
	}))
	register(doubleFunc("exp", 1, func(x []float64) (any, error) {
		f, _ := crExp(x[0])
		return checkFloat(f)
	}, nil))
	logf := func(name string, f func(float64) float64) *FuncDef {
		return doubleFunc(name, 1, func(x []float64) (any, error) {
			if x[0] <= 0 {
				return nil, nil
			}
			return f(x[0]), nil
		}, nil)
	}
	register(logf("ln", crLog))
	register(logf("log10", crLog10))
	// MySQL's LOG2 is log(x) / M_LN2, in doubles.
	register(logf("log2", func(x float64) float64 { return crLog(x) / math.Ln2 }))
	register(&FuncDef{
		Name: "log", MinArgs: 1, MaxArgs: 2, NullIn: true, T: doubleType,
		Eval: func(c *Call, a []any) (any, error) {
			x := floatOf(toNumber(a[len(a)-1], argType(c, len(a)-1)))
			if x <= 0 {
				return nil, nil
			}
			if len(a) == 1 {
				return crLog(x), nil
			}
			b := floatOf(toNumber(a[0], argType(c, 0)))
			if b <= 0 || b == 1 {
				return nil, nil
			}
			// MySQL's LOG(b, x) is log(x) / log(b), in doubles.
			return crLog(x) / crLog(b), nil
		},
	})
	register(&FuncDef{
		Name: "pi", MinArgs: 0, MaxArgs: 0, T: doubleType,
		Eval: func(*Call, []any) (any, error) { return math.Pi, nil },
		MQL:  func(*Call, []any) (any, bool) { return bson.D{{Key: "$literal", Value: math.Pi}}, true },
	})
	// In a value being written, strict mode refuses a string argument
	// that is not a number, as in arithmetic.
	for _, name := range []string{"abs", "ceil", "floor", "round", "truncate", "sign", "pow", "sqrt", "exp", "ln", "log", "log10", "log2"} {
		funcs[name].Strict = strictNumbers("DOUBLE")
	}
}
