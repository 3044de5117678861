package sqlerr

import (
	"errors"
	"fmt"
	"testing"
)

func TestMySQL(t *testing.T) {
	for _, tc := range []struct {
		err    *Error
		number int
		state  string
		text   string
	}{
		{MySQL(ErrOutOfRange, "Out of range value for column '%s' at row %d", "c", 2), 1264, "22003", "sqlmongo: Out of range value for column 'c' at row 2"},
		{MySQL(ErrDataTooLong, "Data too long for column '%s' at row %d", "v", 1), 1406, "22001", "sqlmongo: Data too long for column 'v' at row 1"},
		{MySQL(ErrIncorrectValue, "Incorrect integer value: '%s' for column '%s' at row %d", "abc", "n", 1), 1366, "22007", "sqlmongo: Incorrect integer value: 'abc' for column 'n' at row 1"},
		{MySQL(ErrDataTruncated, "Data truncated for column '%s' at row %d", "n", 3), 1265, "01000", "sqlmongo: Data truncated for column 'n' at row 3"},
		{MySQL(ErrTruncatedValue, "Incorrect date value: '%s' for column '%s' at row %d", "2020-13-45", "d", 1), 1292, "22007", "sqlmongo: Incorrect date value: '2020-13-45' for column 'd' at row 1"},
		{MySQL(ErrDivisionByZero, "Division by 0"), 1365, "22012", "sqlmongo: Division by 0"},
		{MySQL(ErrInvalidDefault, "Invalid default value for '%s'", "ti"), 1067, "42000", "sqlmongo: Invalid default value for 'ti'"},
	} {
		if tc.err.Number != tc.number || tc.err.SQLState != tc.state || tc.err.Error() != tc.text {
			t.Errorf("got %d %s %q, want %d %s %q", tc.err.Number, tc.err.SQLState, tc.err.Error(), tc.number, tc.state, tc.text)
		}
		if tc.err.Code != DataType {
			t.Errorf("%q: code %q, want %q", tc.text, tc.err.Code, DataType)
		}
		// Reachable through wrapping, and still an invalid value.
		var se *Error
		if w := fmt.Errorf("exec: %w", tc.err); !errors.As(w, &se) || se.Number != tc.number || !HasCode(w, DataType) {
			t.Errorf("%q: not reachable through wrapping", tc.text)
		}
	}
}
