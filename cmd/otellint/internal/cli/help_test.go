package cli

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/otellint/otellint/analyzers"
)

func execute(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = Execute(args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestVersionFlag(t *testing.T) {
	out, _, code := execute("--version")
	want, _, _ := execute("version")
	if code != 0 || out != want || !strings.HasPrefix(out, "otellint ") {
		t.Errorf("otellint --version: exit %d, %q; want exit 0 and otellint version's %q", code, out, want)
	}
	// -v stays free: it is not --version.
	if _, stderr, code := execute("-v"); code != ExitUsage {
		t.Errorf("otellint -v: exit %d (%s), want %d", code, stderr, ExitUsage)
	}
}

// `otellint help NAME` is `otellint explain NAME`, whatever the case of
// NAME; `otellint help` lists every analyzer and every option, as go vet's
// usage error promises.
func TestHelpAnalyzer(t *testing.T) {
	want, _, _ := execute("explain", "spanend")
	for _, name := range []string{"spanend", "SpanEnd"} {
		got, stderr, code := execute("help", name)
		if code != 0 || got != want {
			t.Errorf("otellint help %s: exit %d (%s), output differs from otellint explain spanend", name, code, stderr)
		}
	}
	if got, _, code := execute("explain", "SPANEND"); code != 0 || got != want {
		t.Errorf("otellint explain SPANEND: exit %d", code)
	}
	full, _, code := execute("help")
	if code != 0 {
		t.Fatalf("otellint help: exit %d", code)
	}
	for _, a := range analyzers.All {
		if !strings.Contains(full, "  "+a.Name+" ") {
			t.Errorf("otellint help does not list analyzer %s", a.Name)
		}
	}
	for _, s := range []string{"Available Commands:", "-spanend.start-functions", "-simpleprocessor.allow"} {
		if !strings.Contains(full, s) {
			t.Errorf("otellint help lacks %q", s)
		}
	}
	// go vet's usage error names both 'otellint help' and 'otellint -help'.
	if got, stderr, code := execute("-help"); code != 0 || !strings.Contains(got, "Available Commands:") {
		t.Errorf("otellint -help: exit %d (%s)\n%s", code, stderr, got)
	}
	if got, _, code := execute("help", "check"); code != 0 || !strings.Contains(got, "--enable") {
		t.Errorf("otellint help check: exit %d, no --enable in\n%s", code, got)
	}
	if _, stderr, code := execute("help", "nosuch"); code != ExitUsage || !strings.Contains(stderr, `"nosuch"`) {
		t.Errorf("otellint help nosuch: exit %d, %q", code, stderr)
	}
}

func TestSelectAnalyzersIgnoresCase(t *testing.T) {
	set := analyzers.New(analyzers.Source{None: true})
	got, err := selectAnalyzers(set, []string{"SpanEnd", "SPANERROR"}, []string{"spanERROR"})
	if err != nil || len(got) != 1 || got[0].Name != "spanend" {
		t.Errorf("--enable SpanEnd,SPANERROR --disable spanERROR = %v, %v; want [spanend]", got, err)
	}
	if _, err := selectAnalyzers(set, []string{"spanends"}, nil); err == nil || !strings.Contains(err.Error(), `unknown analyzer "spanends"`) {
		t.Errorf("--enable spanends: %v", err)
	}
}

// Shell completion (cobra's __complete, which the generated bash, zsh,
// fish and PowerShell scripts call) offers analyzer names.
func TestCompletion(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string // completions, in order
	}{
		{[]string{"check", "--enable", "spane"}, []string{"spanend", "spanerror"}},
		{[]string{"check", "--disable", "spanend,spa"}, []string{"spanend,spanerror", "spanend,spanname"}},
		{[]string{"explain", "high"}, []string{"highcard", "high_cardinality_attribute", "high_cardinality_span_name"}},
		{[]string{"explain", "orph"}, []string{"orphan_span"}},
		{[]string{"help", "ch"}, []string{"check"}},
		{[]string{"help", "simple"}, []string{"simpleprocessor"}},
	} {
		out, stderr, code := execute(append([]string{"__completeNoDesc"}, tc.args...)...)
		var got []string
		for _, l := range strings.Split(out, "\n") {
			if l != "" && !strings.HasPrefix(l, ":") {
				got = append(got, l)
			}
		}
		if code != 0 || strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("completing %q: exit %d (%s), got %q, want %q", tc.args, code, stderr, got, tc.want)
		}
	}
}

func TestVersionFromBuildInfo(t *testing.T) {
	bi := func(v string, settings ...string) *debug.BuildInfo {
		b := &debug.BuildInfo{Main: debug.Module{Path: "github.com/otellint/otellint", Version: v}}
		for i := 0; i+1 < len(settings); i += 2 {
			b.Settings = append(b.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return b
	}
	for _, tc := range []struct {
		bi   *debug.BuildInfo
		want string
	}{
		{bi("v1.2.3"), "v1.2.3"},
		{bi("v0.0.0-20260101120000-0123456789ab+dirty", "vcs.revision", "0123456789abcdef"), "v0.0.0-20260101120000-0123456789ab+dirty"},
		{bi("(devel)", "vcs.revision", "0123456789abcdef0123", "vcs.modified", "false"), "devel-0123456789ab"},
		{bi("(devel)", "vcs.revision", "0123456789abcdef0123", "vcs.modified", "true"), "devel-0123456789ab-dirty"},
		{bi("(devel)"), "devel"},
		{nil, "devel"},
	} {
		if got := versionFrom(tc.bi); got != tc.want {
			t.Errorf("versionFrom(%v) = %q, want %q", tc.bi, got, tc.want)
		}
	}
}
