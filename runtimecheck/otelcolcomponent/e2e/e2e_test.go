// Package e2e runs the end-to-end script of the Collector component
// (testdata/scripts/collector-e2e.sh) against a built otelcol-otellint.
package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCollectorEndToEnd runs the script when the ocb-built Collector is
// there (the script can build it, but a test should not start a
// several-minute build): findings and counts from real SDK telemetry and
// telemetrygen in one Collector, then in a load-balanced fleet.
func TestCollectorEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the end-to-end script runs four Collectors for about a minute")
	}
	bin := os.Getenv("OTELCOL")
	if bin == "" {
		bin = filepath.Join("..", "build", "otelcol-otellint")
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Skipf("otelcol-otellint is not built (%v): run `builder --config manifest.yaml` in runtimecheck/otelcolcomponent with ocb v0.161.0, or set OTELCOL", err)
	}
	for _, tool := range []string{"bash", "python3", "telemetrygen", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed; the end-to-end script needs it", tool)
		}
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "..", "testdata", "scripts", "collector-e2e.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), "OTELCOL="+bin)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("collector-e2e.sh: %v", err)
	}
	if !strings.Contains(string(out), "\nPASS\n") {
		t.Fatal("collector-e2e.sh did not print PASS")
	}
}
