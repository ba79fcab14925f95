package main

// The golangci-lint module plugin, built for real: golangci-lint custom
// compiles golangci-lint with the plugin from this working tree, and the
// resulting custom-gcl must report on the demo what otellint check
// reports. It builds golangci-lint (minutes), so it runs only when asked:
//   OTELLINT_GOLANGCI_CUSTOM=1 go test -run TestGolangciLintCustom -timeout 30m ./cmd/otellint
// or bash testdata/scripts/golangci-custom.sh, which CI runs.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const golangciVersion = "v2.15.0"

func TestGolangciLintCustom(t *testing.T) {
	if os.Getenv("OTELLINT_GOLANGCI_CUSTOM") == "" {
		t.Skip("set OTELLINT_GOLANGCI_CUSTOM=1 to build golangci-lint with the plugin (takes minutes; testdata/scripts/golangci-custom.sh)")
	}
	gcl := golangciBinary(t)
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	work := t.TempDir()

	// golangci-lint custom clones https://github.com/golangci/golangci-lint.git
	// at the version; give it a local repository of the module's source
	// instead, from the module proxy.
	src := localGolangciRepo(t, work)
	bin := filepath.Join(work, "bin")
	write(t, filepath.Join(work, ".custom-gcl.yml"), fmt.Sprintf(`version: %s
name: custom-gcl
destination: %s
plugins:
  - module: github.com/otellint/otellint
    import: github.com/otellint/otellint/analyzers/plugin
    path: %s
`, golangciVersion, bin, root))
	build := exec.Command(gcl, "custom", "-v")
	build.Dir = work
	build.Env = append(os.Environ(),
		"GIT_CONFIG_COUNT=1",
		"GIT_CONFIG_KEY_0=url.file://"+src+".insteadOf",
		"GIT_CONFIG_VALUE_0=https://github.com/golangci/golangci-lint.git",
		"GOWORK=off")
	start := time.Now()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("golangci-lint custom: %v\n%s", err, out)
	}
	t.Logf("golangci-lint custom built custom-gcl in %s", time.Since(start).Round(time.Second))
	custom := filepath.Join(bin, "custom-gcl")

	dir := demo(t)
	write(t, filepath.Join(dir, ".golangci.yml"), `version: "2"
linters:
  default: none
  enable: [otellint]
  settings:
    custom:
      otellint:
        type: module
        description: OpenTelemetry instrumentation checks
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
  uniq-by-line: false
`)
	cache := filepath.Join(work, "gcl-cache")
	gclRun := func() []string {
		t.Helper()
		cmd := exec.Command(custom, "run", "--output.json.path=stdout", "--show-stats=false", "./...")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+cache, "GOWORK=off", "GOFLAGS=-mod=readonly")
		out, err := cmd.Output()
		if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
			t.Fatalf("custom-gcl run: %v\n%s%s", err, out, stderrOf(err))
		}
		var res struct {
			Issues []struct {
				FromLinter string
				Text       string
				Pos        struct {
					Filename     string
					Line, Column int
				}
			}
		}
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("custom-gcl JSON: %v\n%s", err, out)
		}
		var got []string
		for _, i := range res.Issues {
			if i.FromLinter != "otellint" {
				t.Errorf("issue from linter %q: %s", i.FromLinter, i.Text)
			}
			got = append(got, fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(i.Pos.Filename), i.Pos.Line, i.Pos.Column, i.Text))
		}
		slices.Sort(got)
		return got
	}

	// What otellint check finds, in golangci-lint's words: the analyzer's
	// name before the message, related information folded into it.
	r := run(t, dir, binary, "check", "--format", "json", "./...")
	if r.code != 1 {
		t.Fatalf("otellint check: exit %d\n%s", r.code, r.stderr)
	}
	var want []string
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	for sc.Scan() {
		var f struct {
			Analyzer string
			Position struct {
				File         string
				Line, Column int
			}
			Message string
			Related []jsonRelated
		}
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		msg := foldRelated(f.Message, f.Position.File, f.Related)
		want = append(want, fmt.Sprintf("%s:%d:%d: %s: %s", f.Position.File, f.Position.Line, f.Position.Column, f.Analyzer, msg))
	}
	slices.Sort(want)
	got := gclRun()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("custom-gcl run and otellint check differ on the demo (-otellint check +custom-gcl):\n%s", diff)
	}

	// //nolint:otellint suppresses; //nolint:spanend does nothing (the
	// README says so), because golangci-lint knows one linter, otellint;
	// //otellint:ignore NAME is the per-analyzer way.
	edit := func(file, line, comment string) {
		t.Helper()
		name := filepath.Join(dir, file)
		data := read(t, name)
		if !strings.Contains(data, line+"\n") {
			t.Fatalf("%s has no line %q", file, line)
		}
		write(t, name, strings.Replace(data, line+"\n", line+" "+comment+"\n", 1))
	}
	edit("checkout/checkout.go", "\tctx, span := tracer.Start(ctx, fmt.Sprintf(\"reserve stock for %s\", user))", "//otellint:ignore spanend ended by the caller in this test")
	edit("telemetry/debug.go", "\treturn sdktrace.NewSimpleSpanProcessor(exp)", "//nolint:otellint // debug endpoint only")
	edit("telemetry/telemetry.go", "\t\tsdktrace.WithSyncer(exp),", "//nolint:simpleprocessor // has no effect")
	after := gclRun()
	has := func(prefix string) bool {
		return slices.ContainsFunc(after, func(s string) bool { return strings.HasPrefix(s, prefix) })
	}
	if has("checkout/checkout.go:52:15: spanend: ") {
		t.Errorf("//otellint:ignore spanend did not suppress the finding at checkout/checkout.go:52:\n%s", strings.Join(after, "\n"))
	}
	if has("telemetry/debug.go:7:") {
		t.Errorf("//nolint:otellint did not suppress the finding at telemetry/debug.go:7:\n%s", strings.Join(after, "\n"))
	}
	if !has("telemetry/telemetry.go:21:3: simpleprocessor: ") {
		t.Errorf("//nolint:simpleprocessor suppressed the finding: it should do nothing, as the README says:\n%s", strings.Join(after, "\n"))
	}
}

// jsonRelated is a related location in check --format json.
type jsonRelated struct {
	Position struct {
		File string
		Line int
	}
	Message string
}

// foldRelated is a message as the golangci-lint plugin reports it, with
// its related locations folded in: "... (line 54: the span leaks here)".
func foldRelated(msg, file string, related []jsonRelated) string {
	var notes []string
	for _, rel := range related {
		where := fmt.Sprintf("line %d", rel.Position.Line)
		if rel.Position.File != file {
			where = fmt.Sprintf("%s:%d", filepath.Base(rel.Position.File), rel.Position.Line)
		}
		notes = append(notes, where+": "+rel.Message)
	}
	if len(notes) == 0 {
		return msg
	}
	return msg + " (" + strings.Join(notes, "; ") + ")"
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// golangciBinary is the golangci-lint the test drives: on PATH or in
// $(go env GOPATH)/bin, at golangciVersion.
func golangciBinary(t *testing.T) string {
	t.Helper()
	gopath, _ := exec.Command("go", "env", "GOPATH").Output()
	for _, c := range []string{filepath.Join(strings.TrimSpace(string(gopath)), "bin", "golangci-lint"), "golangci-lint"} {
		p, err := exec.LookPath(c)
		if err != nil {
			continue
		}
		if out, _ := exec.Command(p, "version").Output(); strings.Contains(string(out), strings.TrimPrefix(golangciVersion, "v")) {
			return p
		}
	}
	t.Fatalf("golangci-lint %s not found; go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@%s", golangciVersion, golangciVersion)
	return ""
}

// localGolangciRepo makes a git repository of golangci-lint's source at
// golangciVersion, taken from the module proxy, tagged as upstream is.
func localGolangciRepo(t *testing.T, work string) string {
	t.Helper()
	out, err := exec.Command("go", "mod", "download", "-json", "github.com/golangci/golangci-lint/v2@"+golangciVersion).Output()
	if err != nil {
		t.Fatalf("go mod download golangci-lint: %v\n%s", err, stderrOf(err))
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		t.Fatalf("go mod download -json: %v\n%s", err, out)
	}
	src := filepath.Join(work, "golangci-lint.git")
	for _, args := range [][]string{
		{"cp", "-R", mod.Dir, src},
		{"chmod", "-R", "u+w", src},
		{"git", "-C", src, "init", "-q"},
		{"git", "-C", src, "add", "-A"},
		{"git", "-C", src, "-c", "user.name=otellint", "-c", "user.email=otellint@localhost", "commit", "-q", "-m", "golangci-lint " + golangciVersion + " from the module proxy"},
		{"git", "-C", src, "tag", golangciVersion},
	} {
		if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return src
}
