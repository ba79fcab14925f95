package engine_test

import (
	"testing"

	"github.com/otellint/otellint/cmd/otellint/internal/engine"
)

// go test ./cmd/otellint/internal/engine -bench . -benchmem -run '^$'
//
// The figures for a real module (jaeger) come from testdata/bench/engine.sh.

// A module of 30 packages that use OpenTelemetry, with no cache: list,
// read export data, type-check and analyse everything that matters.
func BenchmarkModuleCold(b *testing.B) {
	dir := module(b, 30)
	run(b, dir, nil, "./...") // the go command's build cache is warm from here on
	b.ResetTimer()
	for range b.N {
		run(b, dir, nil, "./...")
	}
}

// The same module with nothing changed since the last run: every package
// comes from the cache.
func BenchmarkModuleWarm(b *testing.B) {
	dir := module(b, 30)
	c, err := engine.OpenCache(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	run(b, dir, c, "./...")
	b.ResetTimer()
	for range b.N {
		if res := run(b, dir, c, "./..."); res.Stats.Analysed != 0 {
			b.Fatalf("%d packages analysed on a warm run", res.Stats.Analysed)
		}
	}
}

// One package at the end of the chain, its dependencies' facts worked out
// as part of the run.
func BenchmarkOnePackage(b *testing.B) {
	dir := module(b, 30)
	run(b, dir, nil, "./p29")
	b.ResetTimer()
	for range b.N {
		run(b, dir, nil, "./p29")
	}
}
