package engine_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/cmd/otellint/internal/engine"
)

// module writes a module of n packages that use the real OpenTelemetry
// API (the demo's go.mod and go.sum), each in a chain importing the one
// before it: package p0 has a helper returning a span, every later package
// leaks the span one such helper returns (found only through facts) and
// has a helper of its own.
func module(t testing.TB, n int) string {
	t.Helper()
	dir := t.TempDir()
	demo := filepath.Join("..", "..", "..", "..", "testdata", "demo")
	mod, err := os.ReadFile(filepath.Join(demo, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(demo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "go.mod"), strings.Replace(string(mod), "module example.com/demo", "module example.com/gen", 1))
	write(filepath.Join(dir, "go.sum"), string(sum))
	for i := range n {
		imp, use := "", ""
		if i > 0 {
			imp = fmt.Sprintf("\t\"example.com/gen/p%d\"\n", i-1)
			use = fmt.Sprintf(`
func Leak%[1]d(ctx context.Context, fail bool) error {
	_, span := p%[2]d.Start%[2]d(ctx, "orders.load")
	if fail {
		return errors.New("failed")
	}
	span.End()
	return nil
}
`, i, i-1)
		}
		write(filepath.Join(dir, fmt.Sprintf("p%d", i), "p.go"), fmt.Sprintf(`package p%[1]d

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
%[2]s)

var tracer = otel.Tracer("p%[1]d")

var _ = errors.New

// Start%[1]d returns a span its caller must end.
func Start%[1]d(ctx context.Context, name string) (context.Context, trace.Span) {
	return tracer.Start(ctx, name)
}
%[3]s`, i, imp, use))
	}
	return dir
}

func run(t testing.TB, dir string, cache *engine.Cache, patterns ...string) *engine.Result {
	t.Helper()
	res, err := engine.Run(engine.Options{
		Dir:       dir,
		Patterns:  patterns,
		Analyzers: analyzers.All,
		Cache:     cache,
		Salt:      []byte("test"),
		Env:       append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Packages {
		if p.Failure != "" {
			t.Fatalf("%s: %s\n%s", p.ID, p.Failure, strings.Join(res.Errors, "\n"))
		}
	}
	return res
}

func findings(res *engine.Result) []string {
	var out []string
	for _, p := range res.Packages {
		for _, f := range p.Findings {
			out = append(out, fmt.Sprintf("%s:%d: %s (%s)", filepath.Base(filepath.Dir(f.Pos.Filename)), f.Pos.Line, f.Message, f.Analyzer))
		}
	}
	return out
}

// Facts cross packages analysed from source separately, through the
// export-data types of their dependencies.
func TestFactsAcrossPackages(t *testing.T) {
	dir := module(t, 3)
	got := findings(run(t, dir, nil, "./..."))
	if len(got) != 2 {
		t.Fatalf("want the leak in p1 and in p2 (through facts of p0 and p1), got:\n%s", strings.Join(got, "\n"))
	}
	for i, want := range []string{"p1:", "p2:"} {
		if !strings.HasPrefix(got[i], want) || !strings.Contains(got[i], "started by p") {
			t.Errorf("finding %d = %q, want a spanend finding in %s", i, got[i], want)
		}
	}
	// Asked for one package only, it still gets its dependency's facts.
	if got := findings(run(t, dir, nil, "./p2")); len(got) != 1 || !strings.HasPrefix(got[0], "p2:") {
		t.Errorf("check ./p2: got %q", got)
	}
}

// A damaged cache entry is a miss, never an error or a wrong result.
func TestCacheDamage(t *testing.T) {
	dir := module(t, 2)
	c, err := engine.OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	first := findings(run(t, dir, c, "./..."))
	n := 0
	filepath.WalkDir(c.Dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, "trim.txt") {
			n++
			os.WriteFile(p, []byte("not a record"), 0o644)
		}
		return nil
	})
	if n == 0 {
		t.Fatal("nothing was cached")
	}
	res := run(t, dir, c, "./...")
	if res.Stats.CacheHits != 0 || fmt.Sprint(findings(res)) != fmt.Sprint(first) {
		t.Errorf("after damaging the cache: %d hits, findings %q, want 0 hits and %q", res.Stats.CacheHits, findings(res), first)
	}
	if again := run(t, dir, c, "./..."); again.Stats.Analysed != 0 {
		t.Errorf("the damaged entries were not rewritten: %d packages analysed again", again.Stats.Analysed)
	}
}

// Only packages that can matter are analysed from source: the standard
// library and dependencies that do not import OpenTelemetry come from
// export data.
func TestAnalysesOnlyWhatMatters(t *testing.T) {
	dir := module(t, 1)
	res := run(t, dir, nil, "./...")
	if res.Stats.Listed < 100 || res.Stats.Analysed > res.Stats.Listed/4 {
		t.Errorf("%d packages listed, %d analysed: want most of the graph left to export data", res.Stats.Listed, res.Stats.Analysed)
	}
}

// An editor buffer is analysed in place: the package is analysed again with
// the unsaved contents, from the dependencies' types and facts already in
// memory, without asking the go command.
func TestReanalyzeBuffer(t *testing.T) {
	dir := module(t, 3)
	l, err := engine.List(engine.Options{Dir: dir, Analyzers: analyzers.All, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")})
	if err != nil {
		t.Fatal(err)
	}
	if got := findings(l.Analyze(context.Background())); len(got) != 2 {
		t.Fatalf("first analysis: %q", got)
	}
	name := filepath.Join(dir, "p2", "p.go")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	fixed := strings.Replace(string(src), "if fail {", "defer span.End()\n\tif fail {", 1)
	if !l.Covers(name, []byte(fixed)) {
		t.Fatal("Covers: the edited file imports nothing new, yet a new listing is asked for")
	}
	l.SetFile(name, []byte(fixed))
	res := l.Reanalyze(context.Background(), []string{name})
	if len(res.Packages) != 1 || len(res.Packages[0].Findings) != 0 {
		t.Errorf("after fixing the leak in the buffer: %+v", res.Packages)
	}
	if got := findings(l.Results()); len(got) != 1 || !strings.HasPrefix(got[0], "p1:") {
		t.Errorf("results after the edit: %q, want only p1's finding", got)
	}
	if l.Covers(name, []byte(strings.Replace(fixed, "import (", "import (\n\t\"net/http\"", 1))) {
		t.Error("Covers: a new import needs a new listing")
	}
	// Back to the file on disk.
	l.SetFile(name, nil)
	if res := l.Reanalyze(context.Background(), []string{name}); len(res.Packages[0].Findings) != 1 {
		t.Errorf("after dropping the buffer: %+v", res.Packages[0].Findings)
	}
}
