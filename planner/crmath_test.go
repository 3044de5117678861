package planner

import (
	"math"
	"testing"
)

// TestCRMathExact: results that are exact doubles come out exact, and the
// edges (subnormals, overflow, negative bases) behave as C's do. The
// comparison with MySQL's answers over many values is twins/mathlib_test.go.
func TestCRMathExact(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"ln 1", crLog(1), 0},
		{"ln e", crLog(math.E), 1},
		{"ln 2", crLog(2), math.Ln2},
		{"ln 5e-324", crLog(5e-324), -744.4400719213812},
		{"log10 1000", crLog10(1000), 3},
		{"log10 1e-300", crLog10(1e-300), -300},
		{"log10 0.1", crLog10(0.1), -1},
		{"log10 5e-324", crLog10(5e-324), -323.3062153431158},
		{"pow 2 10", crPow(2, 10), 1024},
		{"pow -2 3", crPow(-2, 3), -8},
		{"pow -2 2", crPow(-2, 2), 4},
		{"pow 10 -2", crPow(10, -2), 0.01},
		{"pow 4 0.5", crPow(4, 0.5), 2},
		{"pow 0 0", crPow(0, 0), 1},
		{"pow 1e300 -2", crPow(1e300, -2), 0}, // underflow
	} {
		if c.got != c.want && !(c.want == 0 && c.got == 0) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if e, ok := crExp(0); e != 1 || !ok {
		t.Errorf("exp 0 = %v, %v", e, ok)
	}
	if _, ok := crExp(710); ok {
		t.Error("exp 710 did not overflow")
	}
	if e, ok := crExp(-800); e != 0 || !ok {
		t.Errorf("exp -800 = %v, %v; want 0", e, ok)
	}
	if !math.IsNaN(crPow(-8, 1.0/3)) {
		t.Error("pow of a negative base to a fraction is not NaN")
	}
}
