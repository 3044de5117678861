package exec

import (
	"errors"
	"strings"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/planner"
)

// conversionFailure is MongoDB's ConversionFailure error code.
const conversionFailure = 241

// pipelineError wraps an error of a pushed pipeline. Integer + - * DIV are
// computed in decimal and converted back with $toLong, so an int64
// overflow surfaces as the server's failed conversion; it is reported as
// MySQL reports the overflow.
func pipelineError(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var ce mongo.CommandError
	if errors.As(err, &ce) && ce.Code == conversionFailure && strings.Contains(ce.Message, planner.DoubleOutOfRange) {
		e := sqlerr.New(sqlerr.DataType, "%s", planner.DoubleOutOfRange)
		e.Err = err
		return e
	}
	if errors.As(err, &ce) && ce.Code == conversionFailure && strings.Contains(ce.Message, "would overflow") {
		e := sqlerr.New(sqlerr.DataType, "BIGINT value is out of range (%s)", ce.Message)
		e.Err = err
		return e
	}
	return sqlerr.Wrap(err, format, args...)
}
