package main

// End-to-end tests: build the otellint binary and run it the ways users do
// (otellint check, go vet -vettool, go fix -fixtool) on a copy of the demo
// module, which uses the real go.opentelemetry.io modules. The stubs under
// testdata/src can drift from the real API; these tests cannot.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.lsp.dev/protocol"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/golangci/plugin-module-register/register"
	_ "github.com/otellint/otellint/analyzers/plugin" // registers the golangci-lint plugin
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "otellint-e2e-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "otellint")
	// Every run of the binary shares one results cache of its own; tests
	// that count cache hits use a cache of their own.
	os.Setenv("OTELLINT_CACHE", filepath.Join(dir, "cache"))
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building otellint: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// demo copies testdata/demo into a fresh directory.
func demo(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "demo")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

type result struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s: %v", name, err)
	}
	return result{stdout.String(), stderr.String(), code}
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

const (
	syncerMsg = "sdktrace.WithSyncer exports each span synchronously as it ends, so every request waits for the exporter; the SDK documents it as not for production: use WithBatcher"
	simpleMsg = "sdktrace.NewSimpleSpanProcessor exports each span synchronously as it ends, so every request waits for the exporter; the SDK documents it as not for production: use NewBatchSpanProcessor"
)

func TestCheckDemo(t *testing.T) {
	dir := demo(t)
	r := run(t, dir, binary, "check", "--enable", "simpleprocessor", "./...")
	want := "telemetry/debug.go:7:9: " + simpleMsg + " (simpleprocessor)\n" +
		"telemetry/telemetry.go:21:3: " + syncerMsg + " (simpleprocessor)\n"
	if r.code != 1 || r.stdout != want {
		t.Errorf("otellint check: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 1 and:\n%s", r.code, r.stdout, r.stderr, want)
	}
	// The whole suite runs by default and finds more than simpleprocessor.
	all := run(t, dir, binary, "check", "./...")
	if all.code != 1 || !strings.Contains(all.stdout, "(simpleprocessor)") {
		t.Errorf("otellint check with every analyzer: exit %d\n%s%s", all.code, all.stdout, all.stderr)
	}
}

// Under go vet, sdksetup sees each package alone: what main reports about
// the whole program comes from the package facts of its dependencies, and
// the SDK's own schema URL from the fact left on sdk/resource.
func TestGoVetSDKSetup(t *testing.T) {
	dir := demo(t)
	r := run(t, dir, "go", "vet", "-vettool="+binary, "-sdksetup", "./...")
	if r.code == 0 {
		t.Fatalf("go vet -vettool -sdksetup exited 0; stderr:\n%s", r.stderr)
	}
	for _, want := range []string{
		"main.go:17:6: no package of this program calls otel.SetTextMapPropagator, but otelhttp.NewHandler in example.com/demo/checkout propagates",
		"main.go:29:2: meter provider mp is never shut down",
		"cmd/stockcheck/main.go:20:6: otel.Tracer in example.com/demo/checkout takes its tracer from the global provider, but no package of this program calls otel.SetTracerProvider",
		"cmd/stockcheck/main.go:28:25: resource sets service.version and deployment.environment.name but not service.name",
		"telemetry/resource.go:14:12: resource.Merge of schema URLs https://opentelemetry.io/schemas/1.43.0 (resource.Default(), from the go.opentelemetry.io/otel/semconv/v1.43.0 the SDK imports) and https://opentelemetry.io/schemas/1.26.0",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("go vet output lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestGoVetVettool(t *testing.T) {
	dir := demo(t)
	r := run(t, dir, "go", "vet", "-vettool="+binary, "-simpleprocessor", "./...")
	if r.code == 0 {
		t.Fatalf("go vet -vettool exited 0; stderr:\n%s", r.stderr)
	}
	for _, want := range []string{
		"telemetry/debug.go:7:9: " + simpleMsg,
		"telemetry/telemetry.go:21:3: " + syncerMsg,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("go vet output lacks %q:\n%s", want, r.stderr)
		}
	}
	// -flags lists every analyzer option, so go vet can pass them on.
	flags := run(t, dir, binary, "-flags")
	var list []struct{ Name string }
	if err := json.Unmarshal([]byte(flags.stdout), &list); err != nil {
		t.Fatalf("-flags: %v\n%s", err, flags.stdout)
	}
	if !slices.ContainsFunc(list, func(f struct{ Name string }) bool { return f.Name == "simpleprocessor.allow" }) {
		t.Errorf("-flags does not list simpleprocessor.allow:\n%s", flags.stdout)
	}
}

const fixedTelemetry = `// Package telemetry sets up tracing and metrics for the demo service.
package telemetry

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
)

// Setup installs a tracer provider that exports to an OTLP/HTTP collector.
func Setup(ctx context.Context) (func(context.Context) error, error) {
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, err
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exp),
		sdktrace.WithResource(resource.NewWithAttributes(semconv.SchemaURL, semconv.ServiceName("checkout"))),
	)
	otel.SetTracerProvider(tp)
	return tp.Shutdown, nil
}
`

func TestGoFixFixtool(t *testing.T) {
	dir := demo(t)
	before := read(t, filepath.Join(dir, "checkout", "checkout.go"))
	r := run(t, dir, "go", "fix", "-fixtool="+binary, "-simpleprocessor", "./...")
	if r.code != 0 {
		t.Fatalf("go fix -fixtool: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if diff := cmp.Diff(fixedTelemetry, read(t, filepath.Join(dir, "telemetry", "telemetry.go"))); diff != "" {
		t.Errorf("telemetry.go after go fix (-want +got):\n%s", diff)
	}
	if got := read(t, filepath.Join(dir, "telemetry", "debug.go")); !strings.Contains(got, "sdktrace.NewBatchSpanProcessor(exp)") {
		t.Errorf("debug.go not fixed:\n%s", got)
	}
	if after := read(t, filepath.Join(dir, "checkout", "checkout.go")); after != before {
		t.Error("go fix with only simpleprocessor enabled changed checkout.go")
	}
	if r := run(t, dir, "go", "build", "./..."); r.code != 0 {
		t.Errorf("the fixed module does not build:\n%s", r.stderr)
	}
}

func TestCheckFixAndDiff(t *testing.T) {
	dir := demo(t)
	name := filepath.Join(dir, "telemetry", "telemetry.go")
	before := read(t, name)

	d := run(t, dir, binary, "check", "--enable", "simpleprocessor", "--fix", "--diff", "./...")
	if d.code != 1 || !strings.Contains(d.stdout, "-\t\tsdktrace.WithSyncer(exp),\n+\t\tsdktrace.WithBatcher(exp),\n") {
		t.Errorf("--fix --diff: exit %d, stdout:\n%s", d.code, d.stdout)
	}
	if read(t, name) != before {
		t.Fatal("--fix --diff changed the file")
	}

	f := run(t, dir, binary, "check", "--enable", "simpleprocessor", "--fix", "./...")
	want := "fixed telemetry/debug.go (1 fix)\nfixed telemetry/telemetry.go (1 fix)\n"
	if f.code != 0 || f.stdout != want {
		t.Errorf("--fix: exit %d, stdout:\n%s\nwant exit 0 and:\n%s", f.code, f.stdout, want)
	}
	if diff := cmp.Diff(fixedTelemetry, read(t, name)); diff != "" {
		t.Errorf("after --fix (-want +got):\n%s", diff)
	}
	again := run(t, dir, binary, "check", "--enable", "simpleprocessor", "./...")
	if again.code != 0 || again.stdout != "" {
		t.Errorf("after fixing, check: exit %d\n%s", again.code, again.stdout)
	}
}

func TestExitCodesAndErrors(t *testing.T) {
	dir := demo(t)
	for _, tc := range []struct {
		name   string
		setup  func()
		args   []string
		code   int
		stderr string
	}{
		{name: "unknown flag", args: []string{"check", "--bogus"}, code: 2, stderr: "unknown flag: --bogus"},
		{name: "unknown format", args: []string{"check", "--format", "xml"}, code: 2, stderr: `unknown --format "xml"`},
		{name: "diff without fix", args: []string{"check", "--diff"}, code: 2, stderr: "--diff only makes sense with --fix"},
		{name: "unknown analyzer", args: []string{"check", "--enable", "nosuch"}, code: 2, stderr: `unknown analyzer "nosuch"`},
		{name: "missing config", args: []string{"check", "--config", "nope.yml"}, code: 2, stderr: "nope.yml"},
		{
			name: "bad discovered config",
			setup: func() {
				write(t, filepath.Join(dir, ".otellint.yml"), "enable: [simpleprocessor]\nsettings:\n  simpleprocessor:\n    allow: yes\n")
			},
			args:   []string{"check", "./..."},
			code:   2,
			stderr: ".otellint.yml:4:12: option \"allow\": want a list of strings",
		},
		{
			name: "package does not compile",
			setup: func() {
				os.Remove(filepath.Join(dir, ".otellint.yml"))
				os.MkdirAll(filepath.Join(dir, "broken"), 0o755)
				write(t, filepath.Join(dir, "broken", "broken.go"), "package broken\n\nfunc f() { undefined() }\n")
			},
			args:   []string{"check", "./broken"},
			code:   3,
			stderr: "broken.go:3:12: undefined: undefined",
		},
		{name: "no findings", args: []string{"check", "--enable", "simpleprocessor", "."}, code: 0},
		{name: "explain unknown", args: []string{"explain", "nosuch"}, code: 2, stderr: `unknown analyzer "nosuch"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			r := run(t, dir, binary, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("otellint %s: exit %d, stderr:\n%s\nwant exit %d and stderr containing %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.code, tc.stderr)
			}
		})
	}
}

func TestDirectives(t *testing.T) {
	dir := demo(t)
	name := filepath.Join(dir, "telemetry", "telemetry.go")
	src := read(t, name)
	src = strings.Replace(src, "\t\tsdktrace.WithSyncer(exp),", "\t\t//otellint:ignore simpleprocessor a CLI that exits after one span\n\t\tsdktrace.WithSyncer(exp),", 1)
	src = strings.Replace(src, "\totel.SetTracerProvider(tp)", "\t//otellint:ignore simpleprocessor stale\n\totel.SetTracerProvider(tp)", 1)
	write(t, name, src)
	r := run(t, dir, binary, "check", "--enable", "simpleprocessor", "./...")
	want := "telemetry/debug.go:7:9: " + simpleMsg + " (simpleprocessor)\n" +
		"telemetry/telemetry.go:25:2: this //otellint:ignore directive for simpleprocessor suppressed nothing; remove it (otellint)\n"
	if r.code != 1 || r.stdout != want {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s", r.code, r.stdout, want)
	}
}

// finding is what the three modes are compared on.
type finding struct {
	File, Analyzer, Message string
	Line, Col               int
}

func parsePosn(t *testing.T, dir, posn string) (string, int, int) {
	t.Helper()
	var line, col int
	i := strings.LastIndex(posn, ":")
	j := strings.LastIndex(posn[:i], ":")
	fmt.Sscanf(posn[j+1:], "%d:%d", &line, &col)
	file := posn[:j]
	if rel, err := filepath.Rel(dir, file); err == nil {
		file = rel
	}
	return filepath.ToSlash(file), line, col
}

// The same settings reach the analyzers under otellint check (config file
// discovery), go vet -vettool (discovery, and -NAME.option flags without a
// file), the golangci-lint plugin (its settings block) and the editor
// server (discovery): all give the same findings.
func TestModesAgree(t *testing.T) {
	dir := demo(t)
	const cfg = "settings:\n  simpleprocessor:\n    allow: [\"telemetry/debug.go\"]\n"
	write(t, filepath.Join(dir, ".otellint.yml"), cfg)

	// 1. otellint check.
	// Under golangci-lint, related information is folded into the message.
	var fromCheck, fromCheckFolded []finding
	r := run(t, dir, binary, "check", "--format", "json", "./...")
	if r.code > 1 {
		t.Fatalf("check: exit %d\n%s", r.code, r.stderr)
	}
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var f struct {
			Analyzer string
			Message  string
			Position struct {
				File         string
				Line, Column int
			}
			Related []jsonRelated
		}
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		if f.Analyzer == "otellint" {
			continue
		}
		fromCheck = append(fromCheck, finding{f.Position.File, f.Analyzer, f.Message, f.Position.Line, f.Position.Column})
		fromCheckFolded = append(fromCheckFolded, finding{f.Position.File, f.Analyzer, foldRelated(f.Message, f.Position.File, f.Related), f.Position.Line, f.Position.Column})
	}

	// 2. go vet -vettool -json, with the file, and with flags instead of the file.
	vet := func(args ...string) []finding {
		r := run(t, dir, "go", append([]string{"vet", "-vettool=" + binary, "-json"}, append(args, "./...")...)...)
		var out []finding
		var buf strings.Builder
		// go vet -json writes to stdout (Go 1.26) or stderr (older).
		for _, l := range strings.Split(r.stdout+"\n"+r.stderr, "\n") {
			if !strings.HasPrefix(l, "#") {
				buf.WriteString(l + "\n")
			}
		}
		dec := json.NewDecoder(strings.NewReader(buf.String()))
		for {
			var tree map[string]map[string]json.RawMessage
			if err := dec.Decode(&tree); err != nil {
				break
			}
			for _, byAnalyzer := range tree {
				for an, raw := range byAnalyzer {
					var diags []struct{ Posn, Message string }
					if json.Unmarshal(raw, &diags) != nil {
						t.Fatalf("go vet reported an error for %s: %s", an, raw)
					}
					for _, d := range diags {
						file, line, col := parsePosn(t, dir, d.Posn)
						out = append(out, finding{file, an, d.Message, line, col})
					}
				}
			}
		}
		return out
	}
	fromVet := vet()
	os.Remove(filepath.Join(dir, ".otellint.yml"))
	fromVetFlags := vet("-simpleprocessor.allow=telemetry/debug.go")

	// 3. The golangci-lint plugin, in process, with the same settings block,
	// started where golangci-lint runs: the module root.
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	newPlugin, err := register.GetPlugin("otellint")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(map[string]any{"settings": map[string]any{"simpleprocessor": map[string]any{"allow": []any{"telemetry/debug.go"}}}})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: true, Env: append(os.Environ(), "GOWORK=off")}, "./...")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("loading the demo: %v", err)
	}
	g, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var fromPlugin []finding
	for _, act := range g.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			file, _ := filepath.Rel(dir, posn.Filename)
			fromPlugin = append(fromPlugin, finding{filepath.ToSlash(file), act.Analyzer.Name, d.Message, posn.Line, posn.Column})
		}
	}

	// 4. The editor server, with the configuration file back, every Go
	// file of the demo open.
	write(t, filepath.Join(dir, ".otellint.yml"), cfg)
	lc := startLSP(t, dir)
	initialize(t, lc, dir)
	var opened []protocol.DocumentURI
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".go") {
			u, _ := lc.open(p)
			opened = append(opened, u)
		}
		return nil
	})
	var fromLSP []finding
	for _, u := range opened {
		for _, d := range lc.waitFor(u, "diagnostics", func([]protocol.Diagnostic) bool { return true }) {
			if d.Code == "otellint" {
				continue
			}
			file, _ := filepath.Rel(dir, u.Filename())
			fromLSP = append(fromLSP, finding{filepath.ToSlash(file), fmt.Sprint(d.Code), d.Message, int(d.Range.Start.Line) + 1, int(d.Range.Start.Character) + 1})
		}
	}

	norm := func(fs []finding) []finding {
		slices.SortFunc(fs, func(a, b finding) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		return slices.Compact(fs)
	}
	fromCheck, fromCheckFolded, fromVet, fromVetFlags, fromPlugin, fromLSP = norm(fromCheck), norm(fromCheckFolded), norm(fromVet), norm(fromVetFlags), norm(fromPlugin), norm(fromLSP)
	if len(fromCheck) == 0 {
		t.Fatal("otellint check found nothing in the demo")
	}
	for _, f := range fromCheck {
		if f.File == "telemetry/debug.go" {
			t.Errorf("the allow setting did not reach simpleprocessor: %v", f)
		}
	}
	if diff := cmp.Diff(fromCheck, fromVet); diff != "" {
		t.Errorf("otellint check vs go vet with .otellint.yml (-check +vet):\n%s", diff)
	}
	if diff := cmp.Diff(fromCheck, fromVetFlags); diff != "" {
		t.Errorf("otellint check vs go vet with -simpleprocessor.allow (-check +vet):\n%s", diff)
	}
	if diff := cmp.Diff(fromCheckFolded, fromPlugin); diff != "" {
		t.Errorf("otellint check vs golangci-lint plugin (-check +plugin):\n%s", diff)
	}
	if diff := cmp.Diff(fromCheck, fromLSP); diff != "" {
		t.Errorf("otellint check vs otellint lsp (-check +lsp):\n%s", diff)
	}
}
