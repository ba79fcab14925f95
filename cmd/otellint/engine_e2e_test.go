package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// engineStats runs check --debug in dir with its own cache and returns the
// findings and the engine's counts of packages analysed and taken from the
// cache.
func engineStats(t *testing.T, dir, cache string, args ...string) (stdout string, code, analysed, hits int) {
	t.Helper()
	t.Setenv("OTELLINT_CACHE", cache)
	r := run(t, dir, binary, append([]string{"check", "--debug"}, args...)...)
	m := regexp.MustCompile(`engine: \d+ packages listed, (\d+) analysed, (\d+) from the cache`).FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("no engine statistics in stderr:\n%s", r.stderr)
	}
	analysed, _ = strconv.Atoi(m[1])
	hits, _ = strconv.Atoi(m[2])
	return r.stdout, r.code, analysed, hits
}

// The engine gives the same findings as the x/tools checker loading every
// package from source.
func TestEngineMatchesChecker(t *testing.T) {
	dir := demo(t)
	for _, args := range [][]string{{"./..."}, {"--tests=false", "--format", "json", "./..."}} {
		ours := run(t, dir, binary, append([]string{"check", "--no-cache"}, args...)...)
		ref := run(t, dir, binary, append([]string{"check", "--engine=checker"}, args...)...)
		if ours.stdout != ref.stdout || ours.code != ref.code {
			t.Errorf("check %s: engine (exit %d):\n%s\nchecker (exit %d):\n%s", strings.Join(args, " "), ours.code, ours.stdout, ref.code, ref.stdout)
		}
		if ours.code != 1 || strings.Count(ours.stdout, "\n") < 10 {
			t.Errorf("check %s: want exit 1 and the demo's findings, got exit %d:\n%s%s", strings.Join(args, " "), ours.code, ours.stdout, ours.stderr)
		}
	}
}

// A second run with nothing changed analyses nothing; an edit re-analyses
// the package edited; a configuration change re-analyses what it applies to.
func TestEngineCache(t *testing.T) {
	dir := demo(t)
	cache := t.TempDir()
	first, code, analysed, hits := engineStats(t, dir, cache, "./...")
	if code != 1 || analysed == 0 || hits != 0 {
		t.Fatalf("first run: exit %d, %d analysed, %d from the cache; want exit 1, all analysed", code, analysed, hits)
	}
	second, code, analysed2, hits2 := engineStats(t, dir, cache, "./...")
	if second != first || code != 1 || analysed2 != 0 || hits2 != analysed {
		t.Fatalf("nothing changed: exit %d, %d analysed, %d from the cache (want 0 and %d), findings changed: %v", code, analysed2, hits2, analysed, second != first)
	}

	// An edit that does not change the package's API: only that package
	// (and its test variant) is analysed again.
	name := filepath.Join(dir, "telemetry", "debug.go")
	src := read(t, name)
	write(t, name, src+"\n// An edit at the end of the file.\n")
	third, _, analysed3, _ := engineStats(t, dir, cache, "./...")
	if third != first || analysed3 == 0 || analysed3 > 2 {
		t.Errorf("after editing one file: %d analysed (want the package and its test variant), findings changed: %v", analysed3, third != first)
	}

	// A new mistake in a new file is found.
	leak := filepath.Join(dir, "telemetry", "leak.go")
	write(t, leak, "package telemetry\n\nimport (\n\t\"context\"\n\n\t\"go.opentelemetry.io/otel\"\n)\n\nfunc leak(ctx context.Context) { otel.Tracer(\"t\").Start(ctx, \"leak\") }\n")
	fourth, _, _, _ := engineStats(t, dir, cache, "./...")
	if !strings.Contains(fourth, "telemetry/leak.go") || !strings.Contains(fourth, "is discarded") {
		t.Errorf("after adding a discarded span, the finding is missing:\n%s", fourth)
	}
	if err := os.Remove(leak); err != nil {
		t.Fatal(err)
	}
	write(t, name, src)

	// The configuration is part of the key: disabling an analyzer hides
	// its findings, removing the file brings them back.
	cfg := filepath.Join(dir, ".otellint.yml")
	write(t, cfg, "disable: [highcard]\n")
	withCfg, _, analysed5, _ := engineStats(t, dir, cache, "./...")
	if strings.Contains(withCfg, "(highcard)") || analysed5 == 0 {
		t.Errorf("with highcard disabled: %d analysed, findings:\n%s", analysed5, withCfg)
	}
	if err := os.Remove(cfg); err != nil {
		t.Fatal(err)
	}
	back, _, _, _ := engineStats(t, dir, cache, "./...")
	if back != first {
		t.Errorf("after removing the configuration, findings differ from the first run:\n%s\nwant:\n%s", back, first)
	}
}

// One package whose tests do not compile does not hide the findings of
// the others: they are reported, the broken package is named with the
// compiler's error and a hint, and the exit code still says so.
func TestEnginePartialLoad(t *testing.T) {
	dir := demo(t)
	write(t, filepath.Join(dir, "rpc", "broken_test.go"), "package rpc\n\nvar _ = undefinedHelper()\n")
	r := run(t, dir, binary, "check", "./...")
	if r.code != 3 {
		t.Errorf("exit %d, want 3", r.code)
	}
	for _, want := range []string{"broken_test.go:3:9: undefined: undefinedHelper", "[example.com/demo/rpc.test]", "--tests=false"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// The findings of every package are there, rpc's own included.
	for _, want := range []string{"(simpleprocessor)", "(spanend)", "rpc/server.go"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if ok := run(t, dir, binary, "check", "--tests=false", "./..."); ok.code != 1 {
		t.Errorf("--tests=false: exit %d, want 1 (findings, no failure)\n%s", ok.code, ok.stderr)
	}
}

// go vet caches results keyed by the tool's identity, which covers the
// configuration files: editing .otellint.yml between two runs changes the
// findings, in both directions.
func TestGoVetSeesConfigChanges(t *testing.T) {
	dir := demo(t)
	vet := func() string {
		r := run(t, dir, "go", "vet", "-vettool="+binary, "./...")
		return r.stderr
	}
	if out := vet(); !strings.Contains(out, "metric attribute \"order.id\"") {
		t.Fatalf("go vet without configuration: no highcard finding:\n%s", out)
	}
	cfg := filepath.Join(dir, ".otellint.yml")
	write(t, cfg, "disable: [highcard]\n")
	if out := vet(); strings.Contains(out, "metric attribute \"order.id\"") || !strings.Contains(out, "WithSyncer") {
		t.Errorf("go vet after disabling highcard:\n%s", out)
	}
	if err := os.Remove(cfg); err != nil {
		t.Fatal(err)
	}
	if out := vet(); !strings.Contains(out, "metric attribute \"order.id\"") {
		t.Errorf("go vet after removing the configuration: the highcard finding did not come back:\n%s", out)
	}
}
