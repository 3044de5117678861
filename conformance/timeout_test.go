package conformance

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"
)

// A record may take as long as it needs; the timeout only turns a hang into
// a failure, so it is generous, and longer under the race detector, which
// slows everything down several times. SQLMONGO_RECORD_TIMEOUT (a Go
// duration such as 2m, or seconds) replaces it as given.
const (
	defaultRecordTimeout = 60 * time.Second
	raceSlowdown         = 5
)

var recordTimeout = sync.OnceValue(func() time.Duration {
	if s := os.Getenv("SQLMONGO_RECORD_TIMEOUT"); s != "" {
		d, err := parseTimeout(s)
		if err != nil {
			panic(err)
		}
		return d
	}
	if raceEnabled {
		return raceSlowdown * defaultRecordTimeout
	}
	return defaultRecordTimeout
})

func parseTimeout(s string) (time.Duration, error) {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("SQLMONGO_RECORD_TIMEOUT=%q: want a positive duration (2m, 90s) or seconds", s)
	}
	return d, nil
}

func TestParseTimeout(t *testing.T) {
	for in, want := range map[string]time.Duration{"90": 90 * time.Second, "2m": 2 * time.Minute, "1m30s": 90 * time.Second, "0": 0, "-5s": 0, "soon": 0} {
		got, err := parseTimeout(in)
		if (err != nil) != (want == 0) || got != want {
			t.Errorf("parseTimeout(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}
