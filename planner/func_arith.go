package planner

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Arithmetic follows MySQL: integers stay BIGINT (overflow is an error),
// DECIMAL operands give exact DECIMAL results, a DOUBLE or a string
// operand makes the result DOUBLE; / is DECIMAL for exact operands;
// / DIV % by zero are NULL.

// dec is an exact decimal with the scale MySQL would give it.
type dec struct {
	r     *big.Rat
	scale int
}

// toNumber converts an argument for arithmetic: int64, float64 or dec.
func toNumber(v any, t sqltypes.Type) any {
	switch x := v.(type) {
	case int64:
		return x
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case float64:
		if t.Kind == sqltypes.Decimal && !math.IsInf(x, 0) && !math.IsNaN(x) {
			s := strconv.FormatFloat(x, 'f', -1, 64)
			if r, ok := new(big.Rat).SetString(s); ok {
				return dec{r, max(fracDigits(s), t.Scale)}
			}
		}
		return x
	case bson.Decimal128:
		return decOf(x)
	case dec:
		return x
	case string:
		f, _ := sqltypes.ToFloat(sqltypes.StringToNumber(x))
		return f
	case []byte:
		f, _ := sqltypes.ToFloat(sqltypes.StringToNumber(string(x)))
		return f
	case time.Time:
		n := int64(x.Year())*10000 + int64(x.Month())*100 + int64(x.Day())
		if t.Kind != sqltypes.Date {
			n = n*1000000 + int64(x.Hour())*10000 + int64(x.Minute())*100 + int64(x.Second())
		}
		return n
	}
	return float64(0)
}

func fracDigits(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func decOf(d bson.Decimal128) any {
	bi, exp, err := d.BigInt()
	if err != nil {
		f, _ := sqltypes.ToFloat(d)
		return f
	}
	r := new(big.Rat).SetInt(bi)
	scale := 0
	if exp < 0 {
		scale = -exp
		r.Quo(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
	} else if exp > 0 {
		r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil)))
	}
	return dec{r, scale}
}

func ratOf(n any) *big.Rat {
	switch x := n.(type) {
	case int64:
		return new(big.Rat).SetInt64(x)
	case dec:
		return x.r
	case float64:
		r := new(big.Rat)
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return r
		}
		return r.SetFloat64(x)
	}
	return new(big.Rat)
}

func scaleOf(n any) int {
	if d, ok := n.(dec); ok {
		return d.scale
	}
	return 0
}

func floatOf(n any) float64 {
	switch x := n.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	case dec:
		f, _ := x.r.Float64()
		return f
	}
	return 0
}

// roundRat rounds r to scale digits, half away from zero.
func roundRat(r *big.Rat, scale int) *big.Rat {
	return atScale(r, scale, func(num, den *big.Int) *big.Int {
		q, m := new(big.Int).QuoRem(num, den, new(big.Int))
		// |m|*2 >= den → away from zero
		if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(den) >= 0 {
			if num.Sign() < 0 {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
		return q
	})
}

// truncRat truncates r to scale digits, toward zero.
func truncRat(r *big.Rat, scale int) *big.Rat {
	return atScale(r, scale, func(num, den *big.Int) *big.Int { return new(big.Int).Quo(num, den) })
}

// atScale shifts r by scale decimal digits, makes it whole with toInt and
// shifts it back.
func atScale(r *big.Rat, scale int, toInt func(num, den *big.Int) *big.Int) *big.Rat {
	p := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(scale))), nil))
	x := new(big.Rat).Set(r)
	if scale >= 0 {
		x.Mul(x, p)
	} else {
		x.Quo(x, p)
	}
	out := new(big.Rat).SetInt(toInt(x.Num(), x.Denom()))
	if scale >= 0 {
		return out.Quo(out, p)
	}
	return out.Mul(out, p)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// decValue renders an exact result as a DECIMAL value with scale digits.
func decValue(r *big.Rat, scale int) any {
	if r == nil {
		return nil
	}
	if scale < 0 {
		scale = 0
	}
	if scale > 30 {
		scale = 30
	}
	return decimalOf(r, scale)
}

// decimalOf is r as a decimal128 with scale digits after the point (half
// away from zero, as MySQL rounds DECIMAL). Past decimal128's 34
// significant digits it keeps 34, rounded half to even as the server's
// decimal arithmetic does, so both paths give the same value.
func decimalOf(r *big.Rat, scale int) bson.Decimal128 {
	if d, err := bson.ParseDecimal128(noNegZero(roundRat(r, scale).FloatString(scale))); err == nil {
		return d
	}
	whole := new(big.Int).Quo(new(big.Int).Abs(r.Num()), r.Denom())
	exp := len(whole.String()) - 34 // the power of ten of the last digit kept
	var q *big.Int
	atScale(r, -exp, func(num, den *big.Int) *big.Int {
		var m *big.Int
		q, m = new(big.Int).QuoRem(num, den, new(big.Int))
		if c := new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(den); c > 0 || c == 0 && q.Bit(0) == 1 {
			q.Add(q, big.NewInt(int64(num.Sign())))
		}
		return q
	})
	d, err := bson.ParseDecimal128(q.String() + "E" + strconv.Itoa(exp))
	if err != nil {
		return bson.NewDecimal128(0x7800000000000000, 0) // out of decimal128's range: Infinity
	}
	return d
}

// noNegZero drops the sign of a decimal text that rounded to zero.
func noNegZero(s string) string {
	if strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") == "" {
		return s[1:]
	}
	return s
}

// numDomain says which arithmetic applies: 0 int, 1 decimal, 2 double.
func numDomain(a, b any) int {
	_, af := a.(float64)
	_, bf := b.(float64)
	if af || bf {
		return 2
	}
	_, ad := a.(dec)
	_, bd := b.(dec)
	if ad || bd {
		return 1
	}
	return 0
}

func outOfRange(a any, op string, b any) error {
	return funcErr("BIGINT value is out of range in '(%s %s %s)'", numText(a), op, numText(b))
}

func numText(n any) string {
	switch x := n.(type) {
	case dec:
		return x.r.FloatString(x.scale)
	case float64:
		return sqltypes.FormatFloat(x)
	}
	return sqltypes.ToString(n)
}

// arith applies a binary arithmetic operator to two non-NULL values.
func arith(op string, a, b any, at, bt sqltypes.Type) (any, error) {
	x, y := toNumber(a, at), toNumber(b, bt)
	dom := numDomain(x, y)
	if op == "/" && dom == 0 {
		dom = 1
	}
	switch dom {
	case 2:
		f, g := floatOf(x), floatOf(y)
		switch op {
		case "+":
			return checkFloat(f + g)
		case "-":
			return checkFloat(f - g)
		case "*":
			return checkFloat(f * g)
		case "/":
			if g == 0 {
				return nil, nil
			}
			return checkFloat(f / g)
		case "%":
			if g == 0 {
				return nil, nil
			}
			return math.Mod(f, g) + 0, nil
		case "div":
			if g == 0 {
				return nil, nil
			}
			q := math.Trunc(f / g)
			if q >= 9.223372036854775807e18 || q < -9.223372036854775808e18 {
				return nil, outOfRange(x, "DIV", y)
			}
			return int64(q), nil
		}
	case 1:
		r, s := ratOf(x), ratOf(y)
		sx, sy := scaleOf(x), scaleOf(y)
		switch op {
		case "+":
			return decValue(new(big.Rat).Add(r, s), max(sx, sy)), nil
		case "-":
			return decValue(new(big.Rat).Sub(r, s), max(sx, sy)), nil
		case "*":
			return decValue(new(big.Rat).Mul(r, s), sx+sy), nil
		case "/":
			if s.Sign() == 0 {
				return nil, nil
			}
			return decValue(new(big.Rat).Quo(r, s), sx+4), nil
		case "%":
			if s.Sign() == 0 {
				return nil, nil
			}
			q := truncRat(new(big.Rat).Quo(r, s), 0)
			return decValue(new(big.Rat).Sub(r, q.Mul(q, s)), max(sx, sy)), nil
		case "div":
			if s.Sign() == 0 {
				return nil, nil
			}
			q := truncRat(new(big.Rat).Quo(r, s), 0)
			if !q.Num().IsInt64() {
				return nil, outOfRange(x, "DIV", y)
			}
			return q.Num().Int64(), nil
		}
	}
	i, j := x.(int64), y.(int64)
	switch op {
	case "+":
		s := i + j
		if (s > i) != (j > 0) {
			return nil, outOfRange(i, "+", j)
		}
		return s, nil
	case "-":
		s := i - j
		if (s < i) != (j > 0) {
			return nil, outOfRange(i, "-", j)
		}
		return s, nil
	case "*":
		if i == 0 || j == 0 {
			return int64(0), nil
		}
		p := i * j
		if p/j != i || (i == -1 && j == math.MinInt64) || (j == -1 && i == math.MinInt64) {
			return nil, outOfRange(i, "*", j)
		}
		return p, nil
	case "%":
		if j == 0 {
			return nil, nil
		}
		if j == -1 {
			return int64(0), nil
		}
		return i % j, nil
	case "div":
		if j == 0 {
			return nil, nil
		}
		if i == math.MinInt64 && j == -1 {
			return nil, outOfRange(i, "DIV", j)
		}
		return i / j, nil
	}
	return nil, funcErr("unknown operator %s", op)
}

// DoubleOutOfRange is the error of a DOUBLE result past the doubles'
// range; pushed pipelines raise it as a failed conversion of this text,
// which exec reports as this error.
const DoubleOutOfRange = "DOUBLE value is out of range"

func checkFloat(f float64) (any, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, funcErr(DoubleOutOfRange)
	}
	return f + 0, nil // MySQL has no negative zero
}

// arithType is the MySQL result type of an arithmetic operator.
func arithType(op string) func(c *Call) sqltypes.Type {
	return func(c *Call) sqltypes.Type {
		if op == "div" {
			return intType
		}
		k := sqltypes.Int
		unknown := false
		for _, a := range c.Args {
			t := a.Type()
			switch {
			case t.Kind == sqltypes.Null:
				if !isNullLit(a) {
					unknown = true
				}
			case t.Kind == sqltypes.Double || t.IsString() || t.Kind == sqltypes.Blob || t.Kind == sqltypes.JSONKind:
				k = sqltypes.Double
			case t.Kind == sqltypes.Decimal:
				if k != sqltypes.Double {
					k = sqltypes.Decimal
				}
			}
		}
		if unknown && k != sqltypes.Double {
			return nullType
		}
		if op == "/" && k == sqltypes.Int {
			k = sqltypes.Decimal
		}
		t := typ(k)
		if op == "/" && k == sqltypes.Decimal {
			// MySQL's quotient keeps the dividend's scale plus
			// div_precision_increment (4); results read from the server
			// are shown with that scale too.
			t.Scale = min(c.Args[0].Type().Scale+4, 30)
		}
		return t
	}
}

// numericMQL reports whether MongoDB's arithmetic sees the same numbers:
// every argument is a number column or literal (not a string, bool or
// a field of unknown type).
func numericMQL(c *Call) bool {
	for _, a := range c.Args {
		if isNullLit(a) {
			continue
		}
		k := a.Type().Kind
		if k != sqltypes.Int && k != sqltypes.Double && k != sqltypes.Decimal {
			return false
		}
	}
	return true
}

func arithDef(op, mql string) *FuncDef {
	d := &FuncDef{Name: op, MinArgs: 2, MaxArgs: 2, NullIn: true, Result: arithType(op)}
	d.Eval = func(c *Call, a []any) (any, error) { return arith(op, a[0], a[1], argType(c, 0), argType(c, 1)) }
	d.Strict = strictArith(op)
	d.MQL = func(c *Call, a []any) (any, bool) {
		if !numericMQL(c) {
			return nil, false
		}
		if c.Type().Kind == sqltypes.Double {
			// MySQL computes DECIMAL with DOUBLE in doubles; MongoDB
			// would compute in decimal128.
			a = asDoubles(c, a)
			if op == "+" || op == "-" || op == "*" || op == "/" {
				out, _ := arithMQL(op, mql, c, a)
				return finiteAgg(out), true
			}
		}
		return arithMQL(op, mql, c, a)
	}
	return d
}

// arithMQL is the translation of a binary operator over numeric arguments.
func arithMQL(op, mql string, c *Call, a []any) (any, bool) {
	_, constant := c.Args[0].(*Literal)
	if l, ok := c.Args[1].(*Literal); ok && constant && (op == "/" || op == "%" || op == "div") {
		if z, ok := sqltypes.Compare(l.Value, int64(0)); ok && z == 0 {
			// NULL, without the guarded division: DocumentDB folds a
			// constant $divide by zero (1 / 0) into an error despite
			// the guard.
			return bson.D{{Key: "$literal", Value: nil}}, true
		}
	}
	ints := argType(c, 0).Kind == sqltypes.Int && argType(c, 1).Kind == sqltypes.Int
	switch op {
	case "/":
		x := a[0]
		if ints {
			// MySQL's quotient of integers is a DECIMAL; a double
			// one is inexact past 2^53.
			x = op1("$toDecimal", x)
		}
		return condAgg(opN("$eq", a[1], 0), nil, opN(mql, x, a[1])), true
	case "%":
		if ints {
			// In decimal: DocumentDB takes the remainder of int64s
			// through doubles.
			return condAgg(opN("$eq", a[1], 0), nil, op1("$toLong", opN("$mod", op1("$toDecimal", a[0]), op1("$toDecimal", a[1])))), true
		}
		return condAgg(opN("$eq", a[1], 0), nil, opN(mql, a[0], a[1])), true
	case "div":
		q := op1("$trunc", opN("$divide", a[0], a[1]))
		if ints {
			// In decimal: a double quotient is inexact past 2^53.
			x, y := op1("$toDecimal", a[0]), op1("$toDecimal", a[1])
			q = opN("$divide", opN("$subtract", x, opN("$mod", x, y)), y)
		}
		return condAgg(opN("$eq", a[1], 0), nil, op1("$toLong", q)), true
	}
	if ints {
		// In decimal, back with $toLong: an int64 overflow is then
		// the server's conversion error (an error, as in MySQL), not
		// a silent double.
		return op1("$toLong", opN(mql, op1("$toDecimal", a[0]), op1("$toDecimal", a[1]))), true
	}
	return opN(mql, a[0], a[1]), true
}

// strictArith is the check of an arithmetic operator in a value being
// written under strict mode: a string operand that is not wholly a number
// fails (1292), and with ERROR_FOR_DIVISION_BY_ZERO so does a division or
// remainder by zero (1365).
func strictArith(op string) func(c *Call, a []any, mode sqltypes.SQLMode) error {
	word := "DOUBLE"
	if op == "div" {
		word = "DECIMAL"
	}
	numbers := strictNumbers(word)
	return func(c *Call, a []any, mode sqltypes.SQLMode) error {
		if err := numbers(c, a, mode); err != nil {
			return err
		}
		if (op == "/" || op == "%" || op == "div") && mode.DivisionByZeroError() {
			if c, ok := sqltypes.Compare(a[1], int64(0)); ok && c == 0 {
				return sqlerr.MySQL(sqlerr.ErrDivisionByZero, "Division by 0")
			}
		}
		return nil
	}
}

// strictNumbers is the check of a function of numbers in a value being
// written under strict mode: a string argument that is not wholly a
// number fails (1292), where elsewhere MySQL reads its numeric prefix
// with a warning.
func strictNumbers(word string) func(c *Call, a []any, mode sqltypes.SQLMode) error {
	return func(c *Call, a []any, mode sqltypes.SQLMode) error {
		for _, v := range a {
			if s, ok := v.(string); ok && !sqltypes.IsNumberText(s) {
				return sqlerr.MySQL(sqlerr.ErrTruncatedValue, "Truncated incorrect %s value: '%s'", word, s)
			}
		}
		return nil
	}
}

// finiteAgg is v, or the out-of-range error when v is infinite or NaN
// (MySQL has neither; MongoDB computes them). NaN sorts below every
// number, so the lower bound catches it too; NULL (x / 0) stays NULL.
func finiteAgg(v any) any {
	// The failing conversion reads $$r, so no server folds it ahead.
	raise := op1("$toDouble", op1("$concat", bson.A{bson.D{{Key: "$literal", Value: DoubleOutOfRange + ": "}}, op1("$toString", "$$r")}))
	bad := bson.D{{Key: "$and", Value: bson.A{notNull("$$r"),
		bson.D{{Key: "$or", Value: bson.A{opN("$gt", "$$r", math.MaxFloat64), opN("$lt", "$$r", -math.MaxFloat64)}}}}}}
	return op1("$let", bson.D{{Key: "vars", Value: bson.D{{Key: "r", Value: v}}}, {Key: "in", Value: condAgg(bad, raise, "$$r")}})
}

// asDoubles converts the DECIMAL arguments to doubles.
func asDoubles(c *Call, a []any) []any {
	out := make([]any, len(a))
	for i, v := range a {
		out[i] = v
		if argType(c, i).Kind == sqltypes.Decimal {
			out[i] = op1("$toDouble", v)
		}
	}
	return out
}

func init() {
	register(arithDef("+", "$add"))
	register(arithDef("-", "$subtract"))
	register(arithDef("*", "$multiply"))
	register(arithDef("/", "$divide"))
	register(arithDef("div", ""))
	register(arithDef("%", "$mod"), "mod")
}

// negDef is unary minus.
var negDef = &FuncDef{
	Name: "-", MinArgs: 1, MaxArgs: 1, NullIn: true,
	Result: func(c *Call) sqltypes.Type {
		t := argType(c, 0)
		if t.IsString() {
			return doubleType
		}
		if t.Kind == sqltypes.Bool {
			return intType
		}
		return t
	},
	Eval: func(c *Call, a []any) (any, error) {
		switch x := toNumber(a[0], argType(c, 0)).(type) {
		case int64:
			if x == math.MinInt64 {
				return nil, funcErr("BIGINT value is out of range in '-(%d)'", x)
			}
			return -x, nil
		case float64:
			return 0 - x, nil
		case dec:
			return decValue(new(big.Rat).Neg(x.r), x.scale), nil
		}
		return nil, nil
	},
	Strict: strictArith("-"),
	MQL: func(c *Call, a []any) (any, bool) {
		if !numericMQL(c) {
			return nil, false
		}
		if argType(c, 0).Kind == sqltypes.Int {
			// -MIN_INT64 overflows: an error, as for binary arithmetic.
			return op1("$toLong", opN("$subtract", op1("$toDecimal", 0), op1("$toDecimal", a[0]))), true
		}
		return opN("$subtract", 0, a[0]), true
	},
}
