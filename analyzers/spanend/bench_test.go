package spanend_test

import (
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/otellint/otellint/analyzers/spanend"
	"github.com/otellint/otellint/analyzers/spanerror"
)

// benchPackages loads real packages that use the trace API heavily (the
// SDK implements it) from the module cache; their dependencies (the
// standard library, otel's API) exercise the fast path.
func benchPackages(b *testing.B) []*packages.Package {
	b.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: "../.."}
	pkgs, err := packages.Load(cfg, "go.opentelemetry.io/otel/sdk/trace", "go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		b.Skipf("cannot load the benchmark packages: %v", err)
	}
	return pkgs
}

func benchAnalyzer(b *testing.B, a *analysis.Analyzer) {
	pkgs := benchPackages(b)
	var root, deps time.Duration
	var nroot, ndeps int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		for act := range g.All() {
			if act.Analyzer != a {
				continue
			}
			if act.IsRoot {
				root += act.Duration
				nroot++
			} else {
				deps += act.Duration
				ndeps++
			}
		}
	}
	if nroot > 0 {
		b.ReportMetric(float64(root.Microseconds())/float64(nroot), "µs/root-pkg")
	}
	if ndeps > 0 {
		b.ReportMetric(float64(deps.Microseconds())/float64(ndeps), "µs/dep-pkg")
		b.ReportMetric(float64(ndeps)/float64(b.N), "dep-pkgs")
	}
}

// BenchmarkSpanend runs spanend over go.opentelemetry.io/otel/sdk/trace and
// the OTLP gRPC trace exporter with all their dependencies (facts are
// computed for every package). µs/root-pkg is the cost on a large package
// that uses spans throughout; µs/dep-pkg is the average over the
// dependencies, most of which take the fast path.
func BenchmarkSpanend(b *testing.B) { benchAnalyzer(b, spanend.Analyzer) }

// BenchmarkSpanerror is the same for spanerror.
func BenchmarkSpanerror(b *testing.B) { benchAnalyzer(b, spanerror.Analyzer) }
