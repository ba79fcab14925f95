package main

// End-to-end tests of what CI and the command line rely on: the version a
// build from a clone reports, outputs written to files, baselines and
// findings on changed lines only.

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/otellint/otellint/runtimecheck/sarif/sariftest"
)

// A binary built in a clone says which commit it was built from: the go
// command stamps the VCS revision (as a pseudo-version) and otellint
// version prints it.
func TestVersionBuiltFromClone(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	if _, err := os.Stat(filepath.Join(root, ".git")); err != nil {
		t.Skipf("%s is not a git checkout", root)
	}
	clone := filepath.Join(t.TempDir(), "otellint")
	if out, err := exec.Command("git", "clone", "-q", "--shared", root, clone).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	rev := run(t, clone, "git", "rev-parse", "HEAD")
	bin := filepath.Join(t.TempDir(), "otellint")
	cmd := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "./cmd/otellint")
	cmd.Dir = clone
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build in the clone: %v\n%s", err, out)
	}
	v := run(t, clone, bin, "version")
	short := strings.TrimSpace(rev.stdout)[:12]
	if v.code != 0 || !strings.Contains(v.stdout, short) {
		t.Errorf("otellint version built from a clone at %s: exit %d, %q; want the revision in it", short, v.code, v.stdout)
	}
}

// One run gives CI readable logs on stdout, a summary on stderr and
// machine-readable files: --output FORMAT=FILE, repeatable.
func TestCheckOutputsAndSummary(t *testing.T) {
	dir := demo(t)
	out := t.TempDir()
	sarifFile, junitFile := filepath.Join(out, "otellint.sarif"), filepath.Join(out, "otellint.xml")
	r := run(t, dir, binary, "check", "--output", "sarif="+sarifFile, "--output", "junit="+junitFile, "./...")
	if r.code != 1 || !strings.Contains(r.stdout, "telemetry/debug.go:7:9: ") {
		t.Fatalf("check --output: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	n := strings.Count(r.stdout, "\n") - strings.Count(r.stdout, "\n\t")
	summary := regexp.MustCompile(`(?m)^otellint: ` + strconv.Itoa(n) + ` findings \(([a-z]+ [0-9]+, )*[a-z]+ [0-9]+\) in 5 packages$`)
	if !summary.MatchString(r.stderr) {
		t.Errorf("stderr lacks the summary of %d findings in 5 packages:\n%s", n, r.stderr)
	}
	sarifLog, junit := read(t, sarifFile), read(t, junitFile)
	sariftest.Validate(t, []byte(sarifLog))
	if c := strings.Count(sarifLog, `"ruleId"`); c != n {
		t.Errorf("%d SARIF results for %d findings", c, n)
	}
	if c := strings.Count(junit, "<testcase "); c != n {
		t.Errorf("%d JUnit test cases for %d findings", c, n)
	}
	if strings.Contains(r.stdout, "\033[") {
		t.Error("colour on a pipe")
	}
}

// Adopting otellint on legacy code: --new-from-rev reports only what
// changed since a revision, and a baseline hides what was there, even
// after the code moves.
func TestNewFromRevAndBaseline(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := demo(t)
	for _, args := range [][]string{
		{"init", "-q"}, {"add", "-A"},
		{"-c", "user.name=otellint", "-c", "user.email=otellint@localhost", "commit", "-q", "-m", "demo"},
	} {
		if r := run(t, dir, "git", args...); r.code != 0 {
			t.Fatalf("git %s: %s", strings.Join(args, " "), r.stderr)
		}
	}
	if r := run(t, dir, binary, "check", "--new-from-rev", "HEAD", "./..."); r.code != 0 || r.stdout != "" {
		t.Errorf("--new-from-rev HEAD before any change: exit %d\n%s", r.code, r.stdout)
	}
	// Record the legacy findings, then move the code down and add a
	// finding on a new line.
	baseline := filepath.Join(dir, ".otellint-baseline.json")
	if r := run(t, dir, binary, "check", "--write-baseline", baseline, "./..."); r.code != 0 || !strings.Contains(r.stderr, "recorded ") {
		t.Fatalf("--write-baseline: exit %d\n%s", r.code, r.stderr)
	}
	name := filepath.Join(dir, "checkout", "checkout.go")
	src := read(t, name)
	src = strings.Replace(src, "import (", "// Package comment moved by a new line.\n\nimport (", 1)
	src = strings.Replace(src, "\t_, span := tracer.Start(ctx, \"process\")", "\t_, span := tracer.Start(ctx, \"process\")\n\t_, _ = tracer.Start(ctx, \"handler\")", 1)
	write(t, name, src)

	newOnly := run(t, dir, binary, "check", "--new-from-rev", "HEAD", "./...")
	base := run(t, dir, binary, "check", "--baseline", baseline, "./...")
	for what, r := range map[string]result{"--new-from-rev HEAD": newOnly, "--baseline": base} {
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if r.code != 1 || len(lines) != 2 || !strings.Contains(r.stdout, `span name "handler" is too generic`) || !strings.Contains(r.stdout, "(spanend)") {
			t.Errorf("%s after adding a discarded span named handler: exit %d, want its spanname and spanend findings only:\n%s%s", what, r.code, r.stdout, r.stderr)
		}
	}
	if !strings.Contains(base.stderr, "more findings recorded in "+baseline+" not shown") {
		t.Errorf("--baseline does not say what it hid:\n%s", base.stderr)
	}
	diff := run(t, dir, "git", "diff", "-U0")
	patch := filepath.Join(t.TempDir(), "change.patch")
	write(t, patch, diff.stdout)
	if r := run(t, dir, binary, "check", "--new-from-patch", patch, "./..."); r.stdout != newOnly.stdout {
		t.Errorf("--new-from-patch differs from --new-from-rev:\n%s\nvs\n%s", r.stdout, newOnly.stdout)
	}
	if r := run(t, dir, binary, "check", "--new-from-rev", "no-such-rev", "./..."); r.code != 2 || !strings.Contains(r.stderr, `"no-such-rev" is not a revision`) {
		t.Errorf("--new-from-rev no-such-rev: exit %d\n%s", r.code, r.stderr)
	}
}
