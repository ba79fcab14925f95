package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/otlpjson"
)

// A span with the deprecated http.method attribute: one violation.
const deprecatedSpanJSON = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},` +
	`"scopeSpans":[{"scope":{"name":"audit-test"},"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",` +
	`"name":"GET /cart","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",` +
	`"attributes":[{"key":"http.method","value":{"stringValue":"GET"}}]}]}]}]}`

func runAudit(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Execute(append([]string{"audit"}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAuditFlags(t *testing.T) {
	var got *auditOptions
	cmd := newAuditCmd(&streams{}, func(o *auditOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--format", "sarif", "--signal", "metrics", "--fail-on", "none", "--report", "r.md", "--registry", "reg", "--show-values", "a.jsonl", "-"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := auditOptions{
		reportOptions: reportOptions{RegistryPath: "reg", ReportPath: "r.md", FailOn: "none", ShowValues: true, TraceWindow: 10 * time.Second, InternalSpanFanout: 10, ShortSpanFlood: 20, ShortSpanDuration: 5 * time.Millisecond},
		Files:         []string{"a.jsonl", "-"}, Format: "sarif", Signal: "metrics", MaxRecordBytes: 16 << 20,
	}
	if diff := cmp.Diff(want, *got, cmp.AllowUnexported(auditOptions{})); diff != "" {
		t.Errorf("options (-want +got):\n%s", diff)
	}
}

func TestAuditJSONLines(t *testing.T) {
	path := writeTemp(t, "spans.jsonl", deprecatedSpanJSON+"\n"+deprecatedSpanJSON+"\n")
	code, stdout, stderr := runAudit(t, "", "--format", "json", path)
	if code != ExitFindings {
		t.Errorf("exit %d, want %d; stderr %q", code, ExitFindings, stderr)
	}
	var r runtimecheck.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, stdout)
	}
	if r.Statistics.Spans != 2 || !hasFinding(r, runtimecheck.IDDeprecated, "http.method") {
		t.Errorf("report: %d spans, findings %+v; want 2 spans and deprecated http.method", r.Statistics.Spans, r.Findings)
	}
	if code, _, _ := runAudit(t, "", "--fail-on", "none", path); code != ExitOK {
		t.Errorf("--fail-on none: exit %d, want 0", code)
	}
}

func TestAuditStdinAndReport(t *testing.T) {
	report := filepath.Join(t.TempDir(), "audit.sarif")
	code, stdout, _ := runAudit(t, deprecatedSpanJSON, "--report", report, "-")
	if code != ExitFindings {
		t.Errorf("exit %d, want %d", code, ExitFindings)
	}
	if !strings.Contains(stdout, "http.method") {
		t.Errorf("text report lacks the finding:\n%s", stdout)
	}
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"2.1.0"`) || !strings.Contains(string(b), "deprecated") {
		t.Errorf("--report .sarif is not SARIF with the finding:\n%s", b)
	}
}

// A bad line is named and skipped, a file that cannot be read does not
// stop the others, and the exit code is 3.
func TestAuditBadInput(t *testing.T) {
	good := writeTemp(t, "good.jsonl", deprecatedSpanJSON+"\n")
	bad := writeTemp(t, "bad.jsonl", deprecatedSpanJSON+"\n{\"resourceSpans\": [\n")
	missing := filepath.Join(t.TempDir(), "missing.json")
	code, stdout, stderr := runAudit(t, "", "--format", "json", bad, missing, good)
	if code != ExitFailure {
		t.Errorf("exit %d, want %d", code, ExitFailure)
	}
	for _, want := range []string{bad + ":2:", missing, "1 of 3 input(s) could not be read to the end, and 1 record skipped"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	var r runtimecheck.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("no report for the readable inputs: %v", err)
	}
	if st := r.Statistics; st.Spans != 2 || st.SkippedRecords != 1 || st.FailedInputs != 1 {
		t.Errorf("statistics %+v, want 2 spans (line 1 of bad.jsonl and good.jsonl), 1 skipped record, 1 failed input", st)
	}
}

// Bad lines in the middle of JSON Lines are reported with their numbers
// and skipped; every good line is checked, the report counts the skipped
// ones, and the exit code says the input was not all readable.
func TestAuditBadLinesInTheMiddle(t *testing.T) {
	lines := []string{deprecatedSpanJSON, `{"resourceSpans": [`, deprecatedSpanJSON, "{oops}", deprecatedSpanJSON}
	path := writeTemp(t, "spans.jsonl", strings.Join(lines, "\n")+"\n")
	code, stdout, stderr := runAudit(t, "", "--format", "json", "--fail-on", "none", path)
	if code != ExitFailure {
		t.Errorf("exit %d, want %d", code, ExitFailure)
	}
	for _, want := range []string{path + ":2: invalid JSON", path + ":4: invalid JSON", "2 records skipped"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	var r runtimecheck.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if st := r.Statistics; st.Spans != 3 || st.SkippedRecords != 2 {
		t.Errorf("statistics %+v, want the 3 good lines' spans and 2 skipped records", st)
	}
}

// Empty input is said on stderr, and is not an error.
func TestAuditEmptyInput(t *testing.T) {
	empty := writeTemp(t, "empty.jsonl", "\n\n")
	code, _, stderr := runAudit(t, "", empty)
	if code != ExitOK || !strings.Contains(stderr, empty+": empty input") {
		t.Errorf("exit %d, stderr %q; want 0 and a note that the input is empty", code, stderr)
	}
	if code, _, stderr := runAudit(t, "", "-"); code != ExitOK || !strings.Contains(stderr, "<stdin>: empty input") {
		t.Errorf("stdin: exit %d, stderr %q", code, stderr)
	}
}

// A --report that cannot be written is refused at the start (exit 2), not
// lost at the end; the Markdown report of an audit says audit.
func TestAuditReportFile(t *testing.T) {
	f := writeTemp(t, "x.json", deprecatedSpanJSON)
	missing := filepath.Join(t.TempDir(), "no", "such", "dir", "r.json")
	if code, stdout, stderr := runAudit(t, "", "--report", missing, f); code != ExitUsage || stdout != "" || !strings.Contains(stderr, "--report") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 before any work", code, stdout, stderr)
	}
	md := filepath.Join(t.TempDir(), "r.md")
	if code, _, stderr := runAudit(t, "", "--report", md, "--show-values", f); code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "# Semantic conventions audit\n") {
		t.Errorf("Markdown title: %q", strings.SplitN(string(b), "\n", 2)[0])
	}
	if fi, _ := os.Stat(md); fi.Mode().Perm() != 0o600 {
		t.Errorf("report with --show-values has mode %v, want 0600", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(filepath.Dir(md)); len(entries) != 1 {
		t.Errorf("%d entries beside the report, want none (no temporary files)", len(entries)-1)
	}
}

func TestAuditUsageErrors(t *testing.T) {
	f := writeTemp(t, "x.json", deprecatedSpanJSON)
	for _, c := range []struct {
		args    []string
		wantErr string
	}{
		{nil, "requires at least 1 arg"},
		{[]string{"--format", "yaml", f}, `unknown --format "yaml"`},
		{[]string{"--signal", "profiles", f}, "--signal"},
		{[]string{"--fail-on", "all", f}, "--fail-on"},
		{[]string{"-", "-"}, "standard input"},
		{[]string{"--registry", "/nonexistent/registry", f}, "--registry"},
	} {
		code, _, stderr := runAudit(t, "", c.args...)
		if code != ExitUsage || !strings.Contains(stderr, c.wantErr) {
			t.Errorf("audit %v: exit %d, stderr %q; want exit %d and %q", c.args, code, stderr, ExitUsage, c.wantErr)
		}
	}
}

// The OTLP/JSON examples beside the repository are read as they are.
func TestAuditSharedExamples(t *testing.T) {
	const dir = "../../../../../shared/otlp-examples/examples"
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) == 0 {
		abs, _ := filepath.Abs(dir)
		t.Skipf("no OTLP examples at %s (shared/otlp-examples/examples beside the repository root)", abs)
	}
	code, stdout, stderr := runAudit(t, "", append([]string{"--format", "json", "--fail-on", "none"}, files...)...)
	if code != ExitOK {
		t.Fatalf("exit %d; stderr %q", code, stderr)
	}
	var r runtimecheck.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if st := r.Statistics; st.Spans == 0 || st.DataPoints == 0 || st.Logs == 0 {
		t.Errorf("statistics %+v, want spans, data points and logs", st)
	}
}

// Binary protobuf is recognised by content; when its signal cannot be told,
// the error says to name it with --signal, and naming it works.
func TestAuditProtobuf(t *testing.T) {
	req, err := otlpjson.TracesFromJSON([]byte(deprecatedSpanJSON))
	if err != nil {
		t.Fatal(err)
	}
	b, err := proto.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "spans.binpb", string(b))
	if code, stdout, stderr := runAudit(t, "", path); code != ExitFindings || !strings.Contains(stdout, "http.method") {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and the http.method finding", code, stdout, stderr)
	}

	// Resources without spans decode as any signal.
	req.ResourceSpans[0].ScopeSpans = nil
	b, err = proto.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	path = writeTemp(t, "resource.binpb", string(b))
	if code, _, stderr := runAudit(t, "", path); code != ExitFailure || !strings.Contains(stderr, "--signal") {
		t.Errorf("ambiguous input: exit %d, stderr %q; want exit 3 and a hint to use --signal", code, stderr)
	}
	if code, _, stderr := runAudit(t, "", "--signal", "traces", path); code != ExitOK {
		t.Errorf("--signal traces: exit %d, stderr %q; want 0", code, stderr)
	}
}

// testdata/traces-score.json: checkout with a CLIENT root, an orphan, a
// fan-out of 12 INTERNAL spans and a call to payments whose SERVER span
// starts its own trace; payments is clean. audit checks the traces as a
// whole at the end of the input and scores both services.
func TestAuditTraceChecksAndScore(t *testing.T) {
	path := filepath.Join("testdata", "traces-score.json")
	code, stdout, stderr := runAudit(t, "", "--format", "json", "--fail-on", "none", path)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r runtimecheck.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		runtimecheck.IDBrokenPropagation:  "checkout/shop/http/payments",
		runtimecheck.IDClientRootSpan:     "checkout/shop/http/GET",
		runtimecheck.IDInternalSpanFanout: "checkout/shop/http/render line",
		runtimecheck.IDOrphanSpan:         "checkout/shop/http/",
	}
	for _, f := range r.Findings {
		if w, ok := want[f.ID]; ok {
			if got := f.Service + "/" + f.Scope + "/" + f.Name; got != w || f.Count != 1 {
				t.Errorf("%s: %s count %d, want %s once", f.ID, got, f.Count, w)
			}
			delete(want, f.ID)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing findings %v", want)
	}
	if r.Statistics.Traces != 4 || r.Score == nil || len(r.Score.Services) != 2 {
		t.Fatalf("traces %d, score %+v", r.Statistics.Traces, r.Score)
	}
	// checkout fails SPA-004 (30), SPA-001 (20), SPA-002 (20) of 330: 78.79.
	if s := r.Score.Services[0]; s.Service != "checkout" || s.Score != 78.79 || s.Category != "Good" || len(s.Failed) != 3 {
		t.Errorf("checkout score = %+v", s)
	}
	if s := r.Score.Services[1]; s.Service != "payments" || s.Score != 100 {
		t.Errorf("payments score = %+v", s)
	}

	// --fail-under: exit 1 below the score, with the service named.
	code, _, stderr = runAudit(t, "", "--fail-on", "none", "--fail-under", "80", path)
	if code != ExitFindings || !strings.Contains(stderr, `service "checkout" has an Instrumentation Score of 78.79, under --fail-under 80`) {
		t.Errorf("--fail-under 80: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runAudit(t, "", "--fail-on", "none", "--fail-under", "78", path); code != ExitOK {
		t.Errorf("--fail-under 78: exit %d, stderr %q", code, stderr)
	}
	if code, _, _ := runAudit(t, "", "--fail-under", "101", path); code != ExitUsage {
		t.Errorf("--fail-under 101: exit %d, want %d", code, ExitUsage)
	}

	// The fan-out threshold is the user's: 12 INTERNAL spans pass at 12.
	// The score keeps the specification's bound: SPA-001 still fails.
	_, text, _ := runAudit(t, "", "--fail-on", "none", path)
	_, raised, _ := runAudit(t, "", "--fail-on", "none", "--internal-span-fanout", "12", path)
	const fanoutFinding, spa001 = "improvement internal_span_fanout ", "SPA-001 (Normal, 20) internal_span_fanout"
	if !strings.Contains(text, fanoutFinding) || strings.Contains(raised, fanoutFinding) {
		t.Errorf("--internal-span-fanout 12 should silence the fan-out of 12 spans; default:\n%s\nraised:\n%s", text, raised)
	}
	if !strings.Contains(text, spa001) || !strings.Contains(raised, spa001) {
		t.Errorf("SPA-001 must fail at the specification's 10 whatever --internal-span-fanout is; default:\n%s\nraised:\n%s", text, raised)
	}
	// The short-span bounds are the user's too: every span of the file is
	// under a second, so more than one of them is a flood at 1 and 1s.
	_, flood, _ := runAudit(t, "", "--fail-on", "none", "--short-span-flood", "1", "--short-span-duration", "1s", path)
	const floodFinding = "improvement short_span_flood "
	if strings.Contains(text, floodFinding) || !strings.Contains(flood, floodFinding) {
		t.Errorf("--short-span-flood 1 --short-span-duration 1s should report short_span_flood; default:\n%s\nlowered:\n%s", text, flood)
	}
	if code, _, _ := runAudit(t, "", "--short-span-flood", "0", path); code != ExitUsage {
		t.Errorf("--short-span-flood 0: exit %d, want %d", code, ExitUsage)
	}

	// Markdown shows the score as a table, with the rules not evaluated.
	_, md, _ := runAudit(t, "", "--format", "markdown", "--fail-on", "none", path)
	for _, w := range []string{"## Instrumentation Score", "| checkout | 78.79 | Good | 9 of 12 | SPA-004 (Important, 30): `client_root_span`;",
		"| payments | 100.00 | Excellent | 12 of 12 | none |", "- LOG-001 (Important):"} {
		if !strings.Contains(md, w) {
			t.Errorf("markdown lacks %q:\n%s", w, md)
		}
	}
	// SARIF carries the failed rules.
	_, sarifOut, _ := runAudit(t, "", "--format", "sarif", "--fail-on", "none", path)
	if n := strings.Count(sarifOut, `"ruleId": "instrumentation-score/`); n != 3 {
		t.Errorf("SARIF has %d score results, want 3", n)
	}
}

// A finding id of live and audit is explained like an analyzer.
func TestExplainFindingID(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Execute([]string{"explain", "broken_propagation"}, strings.NewReader(""), &out, &errOut); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, w := range []string{"broken_propagation: a finding of otellint live and audit (level violation)", "What it finds:", "Why it matters:", "How to fix it:", "propagation.TraceContext"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("explain lacks %q:\n%s", w, out.String())
		}
	}
	out.Reset()
	if code := Execute([]string{"explain", "short_span_flood"}, strings.NewReader(""), &out, &errOut); code != ExitOK || !strings.Contains(out.String(), "Instrumentation Score rule: SPA-005") {
		t.Errorf("explain short_span_flood: exit %d\n%s", code, out.String())
	}
	for _, id := range runtimecheck.IDs() {
		if d, ok := runtimecheck.Explain(id); !ok || d.What == "" || d.Why == "" || d.Fix == "" {
			t.Errorf("%s is not documented", id)
		}
	}
}
