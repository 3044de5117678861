package bench

import (
	"errors"
	"testing"
	"time"

	"github.com/sqlmongo/sqlmongo/driver"
)

// measure runs op b.N times and reports allocations and client CPU per
// op (cpu-ns/op: user+system time of this process, which holds no server
// when the embedded one runs in its child). before, if given, runs ahead
// of every op with the timer and the CPU meter stopped.
func measure(b *testing.B, before func() error, op func(i int) error) {
	b.Helper()
	b.ReportAllocs()
	var excluded time.Duration // CPU spent in before, inside the loop
	runBefore := func() {
		b.StopTimer()
		c := processCPU()
		if err := before(); err != nil {
			b.Fatal(err)
		}
		excluded += processCPU() - c
		b.StartTimer()
	}
	if before != nil {
		runBefore()
	}
	b.ResetTimer()
	excluded = 0
	start := processCPU()
	for i := 0; i < b.N; i++ {
		if i > 0 && before != nil {
			runBefore()
		}
		if err := op(i); err != nil {
			skipUnsupported(b, err)
			b.Fatal(err)
		}
	}
	cpu := processCPU() - start - excluded
	b.StopTimer()
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// skipUnsupported skips the benchmark when the driver does not support
// the statement yet, so the benchmark lights up once it does.
func skipUnsupported(b *testing.B, err error) {
	b.Helper()
	var e *driver.Error
	if errors.As(err, &e) && e.Code == driver.CodeUnsupported {
		b.Skip(err)
	}
}
