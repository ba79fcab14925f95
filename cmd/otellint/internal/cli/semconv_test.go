package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// companyRegistry is a small company registry shared with the semconvattr analyzer's tests.
var companyRegistry = filepath.Join("..", "..", "..", "..", "testdata", "src", "semconvattr", "company", "registry")

func runSemconv(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	s := &streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	cmd := newSemconvCmd(s)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	return exitCode(cmd.Execute()), out.String(), errOut.String()
}

func TestSemconvFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		sub  string
		want semconvOptions
	}{
		{[]string{"get", "http.route"}, "get", semconvOptions{Format: "text", Args: []string{"http.route"}}},
		{[]string{"get", "--format", "json", "--registry", "a", "--registry", "b.tar.gz[model]", "x"}, "get",
			semconvOptions{Format: "json", Registries: []string{"a", "b.tar.gz[model]"}, Args: []string{"x"}}},
		{[]string{"--registry", "a", "search", "status"}, "search", semconvOptions{Format: "text", Registries: []string{"a"}, Args: []string{"status"}}},
		{[]string{"list", "--namespace", "http"}, "list", semconvOptions{Format: "text", Namespace: "http"}},
	} {
		var gotSub string
		var got *semconvOptions
		cmd := newSemconvCmdRun(&streams{}, func(sub string, o *semconvOptions) error { gotSub, got = sub, o; return nil })
		cmd.SetArgs(tc.args)
		if err := cmd.Execute(); err != nil {
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		if gotSub != tc.sub {
			t.Errorf("%v: ran %q, want %q", tc.args, gotSub, tc.sub)
		}
		if d := cmp.Diff(tc.want, *got); d != "" {
			t.Errorf("%v: options (-want +got):\n%s", tc.args, d)
		}
	}
}

func TestSemconvUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"get"},
		{"get", "a", "b"},
		{"get", "--format", "yaml", "http.route"},
		{"get", "--registry", filepath.Join(t.TempDir(), "missing"), "http.route"},
		{"search"},
		{"list", "extra"},
		{"list", "--bogus"},
	} {
		if code, _, _ := runSemconv(t, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}

func TestSemconvGetAttribute(t *testing.T) {
	code, out, _ := runSemconv(t, "get", "http.response.status_code")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"attribute  http.response.status_code\n",
		"type       int\n",
		"stability  stable\n",
		"semantic conventions 1.44.0",
		"span.http.server",
		"metric.http.server.request.duration",
		"conditionally_required",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSemconvGetDeprecatedAndEnum(t *testing.T) {
	_, out, _ := runSemconv(t, "get", "http.status_code")
	if !strings.Contains(out, "deprecated  renamed to http.response.status_code") {
		t.Errorf("deprecated attribute:\n%s", out)
	}
	_, out, _ = runSemconv(t, "get", "http.request.method")
	for _, want := range []string{"string (enum)", "values:", "  GET ", "_OTHER"} {
		if !strings.Contains(out, want) {
			t.Errorf("enum attribute lacks %q:\n%s", want, out)
		}
	}
	// A key instantiating a template.
	_, out, _ = runSemconv(t, "get", "http.request.header.x-request-id")
	if !strings.Contains(out, "http.request.header.<key>") || !strings.Contains(out, "string[] (template)") {
		t.Errorf("template attribute:\n%s", out)
	}
}

func TestSemconvGetMetric(t *testing.T) {
	code, out, _ := runSemconv(t, "get", "http.server.request.duration")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"metric      http.server.request.duration", "instrument  histogram", "unit        s", "http.request.method        required"} {
		if !strings.Contains(out, want) {
			t.Errorf("metric output lacks %q:\n%s", want, out)
		}
	}
}

func TestSemconvGetGroup(t *testing.T) {
	code, out, _ := runSemconv(t, "get", "span.http.server")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"group      span.http.server", "type       span", "span kind  server", "http.request.method", "required"} {
		if !strings.Contains(out, want) {
			t.Errorf("group output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runSemconv(t, "get", "--format", "json", "span.http.server")
	var g scGroup
	if err := json.Unmarshal([]byte(out), &g); err != nil || code != ExitOK || g.SpanKind != "server" || len(g.Attributes) == 0 {
		t.Errorf("JSON group: exit %d, %v, %+v", code, err, g)
	}
}

func TestSemconvGetUnknown(t *testing.T) {
	code, out, errOut := runSemconv(t, "get", "http.request.methd")
	if code != ExitFindings {
		t.Errorf("exit %d, want %d", code, ExitFindings)
	}
	if out != "" {
		t.Errorf("stdout = %q, want nothing", out)
	}
	if !strings.Contains(errOut, `did you mean "http.request.method"`) {
		t.Errorf("stderr = %q", errOut)
	}
	// Metric names are suggested too.
	_, _, errOut = runSemconv(t, "get", "http.server.request.durations")
	if !strings.Contains(errOut, `"http.server.request.duration"`) {
		t.Errorf("stderr = %q", errOut)
	}
	// Nothing close: no suggestion.
	_, _, errOut = runSemconv(t, "get", "zzz.nothing.here")
	if strings.Contains(errOut, "did you mean") {
		t.Errorf("stderr = %q", errOut)
	}
}

func TestSemconvGetJSON(t *testing.T) {
	code, out, _ := runSemconv(t, "get", "--format", "json", "http.status_code")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var got scAttribute
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := scAttribute{
		Kind: "attribute", Key: "http.status_code", Type: "int", Stability: "development",
		Deprecated: &scDeprecation{Reason: "renamed", RenamedTo: "http.response.status_code"},
		Current:    "http.response.status_code",
		Registry:   "semantic conventions 1.44.0 (embedded)",
	}
	got.UsedBy = nil
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}

	code, out, _ = runSemconv(t, "get", "--format", "json", "nope.nope")
	if code != ExitFindings || !strings.Contains(out, `"unknown": "nope.nope"`) {
		t.Errorf("unknown key in JSON: exit %d, %s", code, out)
	}
}

func TestSemconvSearch(t *testing.T) {
	code, out, _ := runSemconv(t, "search", "status_code")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"attribute  http.response.status_code", "http.status_code", "otel.status_code"} {
		if !strings.Contains(out, want) {
			t.Errorf("search output lacks %q", want)
		}
	}
	// Metric names and group ids, case-insensitively.
	_, out, _ = runSemconv(t, "search", "SERVER.REQUEST.DURATION")
	if !strings.Contains(out, "\nmetric  http.server.request.duration ") || !strings.Contains(out, "\ngroup   metric.http.server.request.duration ") {
		t.Errorf("search for a metric:\n%s", out)
	}
	code, out, _ = runSemconv(t, "search", "--format", "json", "no-such-thing")
	if code != ExitFindings || strings.TrimSpace(out) != "[]" {
		t.Errorf("no match: exit %d, %q", code, out)
	}
}

func TestSemconvList(t *testing.T) {
	code, out, _ := runSemconv(t, "list", "--namespace", "http", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var entries []scEntry
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name, "http.") {
			t.Errorf("entry outside the namespace: %+v", e)
		}
		found[e.Kind+" "+e.Name] = true
	}
	for _, want := range []string{"attribute http.request.method", "attribute http.request.header.<key>", "metric http.server.request.duration"} {
		if !found[want] {
			t.Errorf("list lacks %s", want)
		}
	}
	if code, _, _ := runSemconv(t, "list", "--namespace", "nosuchns"); code != ExitFindings {
		t.Errorf("empty namespace: exit %d, want %d", code, ExitFindings)
	}
}

func TestSemconvCompanyRegistry(t *testing.T) {
	code, out, _ := runSemconv(t, "get", "--registry", companyRegistry, "acme.tier")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"string (enum)", "gold", "silver", "--registry 0.1.0"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The embedded registry is still consulted.
	if code, _, _ := runSemconv(t, "get", "--registry", companyRegistry, "http.route"); code != ExitOK {
		t.Errorf("http.route with a company registry: exit %d", code)
	}
	_, out, _ = runSemconv(t, "list", "--registry", companyRegistry, "--namespace", "acme")
	if strings.Count(out, "\n") != 4 {
		t.Errorf("acme namespace: want 4 attributes:\n%s", out)
	}
}

// The command is reachable from the root command.
func TestSemconvRegistered(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Execute([]string{"semconv", "get", "http.route"}, strings.NewReader(""), &out, &errOut); code != ExitOK {
		t.Errorf("exit %d: %s", code, errOut.String())
	}
}
