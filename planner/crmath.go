package planner

import (
	"math"
	"math/big"
	"sync"
)

// Logarithms, exponentials and powers rounded correctly (to the double
// nearest the exact value), as the C library MySQL and MongoDB call gives
// them; Go's math package is off by one unit in the last place for some
// arguments. The exact value is approximated with crPrec bits, far more
// than a double's 53, then rounded once.

const crPrec = 192

func newF() *big.Float { return new(big.Float).SetPrec(crPrec) }

// crConsts are ln 2 and ln 10 to crPrec bits, computed once.
var crConsts = sync.OnceValues(func() (*big.Float, *big.Float) {
	ln2 := atanhSeries(newF().Quo(newF().SetInt64(1), newF().SetInt64(3)))
	ln2.Mul(ln2, newF().SetInt64(2))
	// ln 10 = 3 ln 2 + ln 1.25
	ln10 := newF().Mul(ln2, newF().SetInt64(3))
	ln10.Add(ln10, bigLnNear1(newF().SetFloat64(1.25)))
	return ln2, ln10
})

// atanhSeries is z + z³/3 + z⁵/5 + … for |z| < 1/2.
func atanhSeries(z *big.Float) *big.Float {
	sum := newF().Set(z)
	z2 := newF().Mul(z, z)
	term := newF().Set(z)
	for n := int64(3); ; n += 2 {
		term.Mul(term, z2)
		t := newF().Quo(term, newF().SetInt64(n))
		if t.Sign() == 0 || t.MantExp(nil)-sum.MantExp(nil) < -crPrec {
			return sum
		}
		sum.Add(sum, t)
	}
}

// bigLnNear1 is ln m for m in [1/√2, √2]: 2·atanh((m−1)/(m+1)).
func bigLnNear1(m *big.Float) *big.Float {
	z := newF().Quo(newF().Sub(m, newF().SetInt64(1)), newF().Add(m, newF().SetInt64(1)))
	s := atanhSeries(z)
	return s.Mul(s, newF().SetInt64(2))
}

// bigLn is ln x for a positive finite double x.
func bigLn(x float64) *big.Float {
	frac, exp := math.Frexp(x) // x = frac·2^exp, frac in [0.5, 1)
	m := newF().SetFloat64(frac)
	if frac < math.Sqrt2/2 {
		m.Mul(m, newF().SetInt64(2))
		exp--
	}
	ln2, _ := crConsts()
	r := bigLnNear1(m)
	return r.Add(r, newF().Mul(ln2, newF().SetInt64(int64(exp))))
}

// bigExp is e^a; ok is false when the result overflows a double.
func bigExp(a *big.Float) (float64, bool) {
	af, _ := a.Float64()
	switch {
	case af > 710:
		return math.Inf(1), false
	case af < -746:
		return 0, true
	}
	ln2, _ := crConsts()
	k := math.Round(af / math.Ln2)
	r := newF().Sub(a, newF().Mul(ln2, newF().SetFloat64(k))) // |r| ≲ ln2/2
	sum := newF().SetInt64(1)
	term := newF().SetInt64(1)
	for n := int64(1); ; n++ {
		term.Mul(term, r)
		term.Quo(term, newF().SetInt64(n))
		if term.Sign() == 0 || term.MantExp(nil) < -crPrec {
			break
		}
		sum.Add(sum, term)
	}
	sum.SetMantExp(sum, int(k))
	f, _ := sum.Float64()
	return f, !math.IsInf(f, 0)
}

// crLog is ln x, correctly rounded, for a positive finite x.
func crLog(x float64) float64 {
	if x == 1 {
		return 0
	}
	f, _ := bigLn(x).Float64()
	return f
}

// crLog10 is log₁₀ x as the C library MySQL runs on (glibc) computes it:
// not correctly rounded, but k·log₁₀2 + log(m)/ln 10 for x = m·2^k, with
// the constants split so the sum is nearly exact. Written after that
// well-known scheme; log itself is correctly rounded.
func crLog10(x float64) float64 {
	const (
		invLn10  = 4.34294481903251816668e-01
		log10_2h = 3.01029995663611771306e-01
		log10_2l = 3.69423907715893078616e-13
	)
	var scaled int64
	if x < 0x1p-1022 { // subnormal: scale into the normal range
		x, scaled = x*0x1p54, 54
	}
	bits := math.Float64bits(x)
	k := int64(bits>>52) - 1023 - scaled
	neg := uint64(0)
	if k < 0 {
		neg = 1
	}
	// m = x·2^-(k+neg): [1, 2) for k ≥ 0, [0.5, 1) below, so that
	// log(m) has the sign of k and nothing cancels.
	m := math.Float64frombits(bits&(1<<52-1) | (1023-neg)<<52)
	y := float64(k + int64(neg))
	z := y*log10_2l + invLn10*crLog(m)
	return z + y*log10_2h
}

// crExp is e^x, correctly rounded; ok is false on overflow.
func crExp(x float64) (float64, bool) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return math.Exp(x), !math.IsInf(x, 1) && !math.IsNaN(x)
	}
	return bigExp(newF().SetFloat64(x))
}

// crPow is x^y, correctly rounded where the C library's pow gives a finite
// value; the special cases (zero, negative bases, infinities) follow C's
// pow through math.Pow, whose special cases are the same.
func crPow(x, y float64) float64 {
	if x == 0 || y == 0 || x == 1 || math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return math.Pow(x, y)
	}
	neg := false
	if x < 0 {
		if y != math.Trunc(y) {
			return math.NaN()
		}
		// An odd integer power keeps the sign.
		neg = math.Mod(y, 2) != 0
		x = -x
	}
	a := bigLn(x)
	a.Mul(a, newF().SetFloat64(y))
	f, _ := bigExp(a)
	if neg {
		return -f
	}
	return f
}
