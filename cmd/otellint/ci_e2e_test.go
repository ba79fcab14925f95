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
	summary := regexp.MustCompile(`(?m)^otellint: ` + strconv.Itoa(n) + ` findings \(([a-z]+ [0-9]+, )*[a-z]+ [0-9]+\) in 4 packages$`)
	if !summary.MatchString(r.stderr) {
		t.Errorf("stderr lacks the summary of %d findings in 4 packages:\n%s", n, r.stderr)
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
