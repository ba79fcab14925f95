package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/receiver"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a live run.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLiveFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want liveOptions
	}{
		{nil, liveOptions{
			GRPCAddr: "127.0.0.1:4317", HTTPAddr: "127.0.0.1:4318", AdminAddr: "127.0.0.1:4320",
			MaxRequestBytes: 16 << 20, MaxBytesInFlight: 256 << 20, MaxConnections: 1024, ForwardMode: "drop",
			reportOptions: reportOptions{FailOn: "violation", TraceWindow: 10 * time.Second, InternalSpanFanout: 10, ShortSpanFlood: 20, ShortSpanDuration: 5 * time.Millisecond},
		}},
		{[]string{
			"--grpc", "off", "--http", "0.0.0.0:14318", "--admin", "off", "--duration", "2m",
			"--inactivity-timeout", "10s", "--registry", "reg/", "--report", "out.sarif", "--format", "jsonl",
			"--fail-on", "improvement", "--forward", "grpc://collector:4317", "--max-request-bytes", "1024", "--show-values",
			"--forward-mode", "block", "--max-bytes-in-flight", "4096", "--max-connections", "8",
			"--cors-origins", "https://a.example,https://b.example", "--admin-token-file", "tok",
			"--fail-under", "75", "--trace-window", "30s",
		}, liveOptions{
			GRPCAddr: "off", HTTPAddr: "0.0.0.0:14318", AdminAddr: "off", Duration: 2 * time.Minute,
			InactivityTimeout: 10 * time.Second, Format: "jsonl", Forward: "grpc://collector:4317", MaxRequestBytes: 1024,
			ForwardMode: "block", MaxBytesInFlight: 4096, MaxConnections: 8,
			CORSOrigins: []string{"https://a.example", "https://b.example"}, AdminTokenFile: "tok",
			reportOptions: reportOptions{RegistryPath: "reg/", ReportPath: "out.sarif", FailOn: "improvement", ShowValues: true,
				FailUnder: 75, TraceWindow: 30 * time.Second, InternalSpanFanout: 10, ShortSpanFlood: 20, ShortSpanDuration: 5 * time.Millisecond},
		}},
	} {
		var got *liveOptions
		cmd := newLiveCmd(&streams{}, func(o *liveOptions) error { got = o; return nil })
		cmd.SetArgs(c.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if diff := cmp.Diff(c.want, *got, cmp.AllowUnexported(liveOptions{})); diff != "" {
			t.Errorf("%v: options (-want +got):\n%s", c.args, diff)
		}
	}
}

func TestLiveUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--format", "xml"}, `unknown --format "xml"`},
		{[]string{"--fail-on", "warning"}, `unknown --fail-on "warning"`},
		{[]string{"--grpc", "off", "--http", "off"}, "nothing would be received"},
		{[]string{"--grpc", "4317"}, "gRPC address"},
		{[]string{"--forward", "collector:4317"}, "forward endpoint"},
		{[]string{"--admin", "nope"}, "--admin"},
		{[]string{"--duration", "-1s"}, "negative"},
		{[]string{"--max-request-bytes", "0"}, "--max-request-bytes"},
		{[]string{"--forward-mode", "queue"}, `unknown --forward-mode "queue"`},
		{[]string{"--cors-origins", "shop.example"}, "CORS origin"},
		{[]string{"--admin-token", "a", "--admin-token-file", "b"}, "give one"},
		{[]string{"--report", "/nonexistent/dir/report.json"}, "--report /nonexistent/dir/report.json"},
		{[]string{"--registry", "/nonexistent/registry"}, "--registry"},
		{[]string{"extra-argument"}, "unknown command"},
	} {
		var stderr bytes.Buffer
		code := Execute(append([]string{"live"}, c.args...), strings.NewReader(""), io.Discard, &stderr)
		if code != ExitUsage || !strings.Contains(stderr.String(), c.wantErr) {
			t.Errorf("live %v: exit %d, stderr %q; want exit %d and %q", c.args, code, stderr.String(), ExitUsage, c.wantErr)
		}
	}
}

// A listen address already in use is the user's to change: exit 2, as the
// help says, not 3.
func TestLiveBusyAddress(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	var stderr bytes.Buffer
	code := Execute([]string{"live", "--grpc", "off", "--admin", "off", "--http", busy.Addr().String()}, strings.NewReader(""), io.Discard, &stderr)
	if code != ExitUsage || !strings.Contains(stderr.String(), "address already in use") {
		t.Errorf("exit %d, stderr %q; want %d and the address in use", code, stderr.String(), ExitUsage)
	}
}

// liveRunner runs `otellint live` in the background on loopback ports
// chosen by the kernel.
type liveRunner struct {
	addrs  liveAddrs
	stdout *syncBuffer
	stderr *syncBuffer
	done   chan error
	sigs   chan os.Signal
}

func startLive(t *testing.T, args ...string) *liveRunner {
	t.Helper()
	lr := &liveRunner{stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan error, 1), sigs: make(chan os.Signal, 1)}
	ready := make(chan liveAddrs, 1)
	s := &streams{In: strings.NewReader(""), Out: lr.stdout, ErrOut: lr.stderr}
	cmd := newLiveCmd(s, func(o *liveOptions) error {
		o.ready = func(a liveAddrs) { ready <- a }
		o.notify = func(c chan<- os.Signal) {
			go func() {
				for sig := range lr.sigs {
					c <- sig
				}
			}()
		}
		return liveRun(s, o)
	})
	cmd.SetArgs(append([]string{"--grpc", "127.0.0.1:0", "--http", "127.0.0.1:0", "--admin", "127.0.0.1:0"}, args...))
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	go func() { lr.done <- cmd.Execute() }()
	t.Cleanup(func() { close(lr.sigs) })
	select {
	case lr.addrs = <-ready:
	case err := <-lr.done:
		t.Fatalf("live ended before it was ready: %v (stderr %q)", err, lr.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("live did not become ready")
	}
	return lr
}

// wait returns the exit code of the run.
func (lr *liveRunner) wait(t *testing.T) int {
	t.Helper()
	select {
	case err := <-lr.done:
		if err != nil && !isSilent(err) {
			t.Logf("live: %v", err)
		}
		return exitCode(err)
	case <-time.After(30 * time.Second):
		t.Fatal("live did not end")
		return -1
	}
}

// sendTraces sends n server spans through the SDK's OTLP/HTTP exporter with
// gzip. Every span carries http.method, deprecated in favour of
// http.request.method: a violation.
func sendTraces(t *testing.T, exp sdktrace.SpanExporter, n int) {
	t.Helper()
	res := resource.NewSchemaless(attribute.String("service.name", "checkout"), attribute.String("service.instance.id", "checkout-1"))
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	tr := tp.Tracer("live-test")
	for i := range n {
		_, span := tr.Start(context.Background(), "GET /cart", trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(attribute.String("http.method", "GET"), attribute.Int("i", i)))
		span.End()
	}
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func httpExporter(t *testing.T, addr string) sdktrace.SpanExporter {
	t.Helper()
	exp, err := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpoint(addr), otlptracehttp.WithInsecure(),
		otlptracehttp.WithCompression(otlptracehttp.GzipCompression))
	if err != nil {
		t.Fatal(err)
	}
	return exp
}

func grpcExporter(t *testing.T, addr string) sdktrace.SpanExporter {
	t.Helper()
	exp, err := otlptracegrpc.New(context.Background(), otlptracegrpc.WithEndpoint(addr), otlptracegrpc.WithInsecure())
	if err != nil {
		t.Fatal(err)
	}
	return exp
}

func decodeReport(t *testing.T, b []byte) runtimecheck.Report {
	t.Helper()
	var r runtimecheck.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("not a JSON report: %v\n%s", err, b)
	}
	return r
}

func hasFinding(r runtimecheck.Report, id, attr string) bool {
	for _, f := range r.Findings {
		if f.ID == id && f.Attribute == attr {
			return true
		}
	}
	return false
}

// POST /stop ends the run and answers with the final report, which is the
// one written to --report; the live stream printed the finding as JSON.
func TestLiveStopEndpoint(t *testing.T) {
	reportPath := filepath.Join(t.TempDir(), "report.json")
	lr := startLive(t, "--report", reportPath)

	resp, err := http.Get("http://" + lr.addrs.Admin.String() + "/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET /health: %s", resp.Status)
	}

	sendTraces(t, httpExporter(t, lr.addrs.HTTP.String()), 20)
	sendTraces(t, grpcExporter(t, lr.addrs.GRPC.String()), 10)

	resp, err = http.Post("http://"+lr.addrs.Admin.String()+"/stop", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	stopBody, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("POST /stop: %s %s", resp.Status, stopBody)
	}
	if code := lr.wait(t); code != ExitFindings {
		t.Errorf("exit %d, want %d (a violation with --fail-on violation)", code, ExitFindings)
	}
	stopReport := decodeReport(t, stopBody)
	if stopReport.Statistics.Spans != 30 {
		t.Errorf("report counts %d spans, sent 30", stopReport.Statistics.Spans)
	}
	if !hasFinding(stopReport, runtimecheck.IDDeprecated, "http.method") {
		t.Errorf("report lacks the deprecated http.method finding: %+v", stopReport.Findings)
	}
	fileBody, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(stopReport, decodeReport(t, fileBody)); diff != "" {
		t.Errorf("--report differs from the /stop answer (-stop +file):\n%s", diff)
	}

	// Piped stdout gets the new findings as JSON lines, each once.
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(lr.stdout.String()))
	for sc.Scan() {
		var f runtimecheck.Finding
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatalf("stdout line is not a JSON finding: %v: %q", err, sc.Text())
		}
		key := f.ID + "|" + f.Signal + "|" + f.Name + "|" + f.Attribute + "|" + f.Service + "|" + f.Scope
		if seen[key] {
			t.Errorf("finding %s printed twice", key)
		}
		seen[key] = true
	}
	if len(seen) != len(stopReport.Findings) {
		t.Errorf("stream printed %d findings, report has %d", len(seen), len(stopReport.Findings))
	}
}

func TestLiveEndings(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		end  func(t *testing.T, lr *liveRunner)
	}{
		{"duration", []string{"--duration", "1s"}, nil},
		{"inactivity", []string{"--inactivity-timeout", "500ms"}, nil},
		{"SIGTERM", nil, func(t *testing.T, lr *liveRunner) { lr.sigs <- syscall.SIGTERM }},
		{"SIGINT", nil, func(t *testing.T, lr *liveRunner) { lr.sigs <- os.Interrupt }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			reportPath := filepath.Join(dir, "report.md")
			lr := startLive(t, append([]string{"--report", reportPath, "--fail-on", "none"}, c.args...)...)
			sendTraces(t, httpExporter(t, lr.addrs.HTTP.String()), 5)
			if c.end != nil {
				c.end(t, lr)
			}
			if code := lr.wait(t); code != ExitOK {
				t.Errorf("exit %d, want 0 with --fail-on none", code)
			}
			md, err := os.ReadFile(reportPath)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(md), "http.method") {
				t.Errorf("Markdown report lacks the finding:\n%s", md)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("report directory holds %d entries, want only the report (no temporary files)", len(entries))
			}
		})
	}
}

// The inactivity timer restarts with each request.
func TestLiveInactivityRestartsOnActivity(t *testing.T) {
	lr := startLive(t, "--inactivity-timeout", "400ms", "--fail-on", "none")
	start := time.Now()
	for range 4 {
		time.Sleep(200 * time.Millisecond)
		sendTraces(t, httpExporter(t, lr.addrs.HTTP.String()), 1)
	}
	lr.wait(t)
	if elapsed := time.Since(start); elapsed < 800*time.Millisecond {
		t.Errorf("ended after %v, before the last request's inactivity period", elapsed)
	}
}

func TestLiveFailOn(t *testing.T) {
	report := func(levels ...runtimecheck.Level) *runtimecheck.Report {
		r := &runtimecheck.Report{}
		for _, l := range levels {
			r.Findings = append(r.Findings, runtimecheck.Finding{Level: l})
		}
		return r
	}
	for _, c := range []struct {
		failOn string
		report *runtimecheck.Report
		want   int
	}{
		{"violation", report(), ExitOK},
		{"violation", report(runtimecheck.Improvement, runtimecheck.Information), ExitOK},
		{"violation", report(runtimecheck.Violation), ExitFindings},
		{"improvement", report(runtimecheck.Information), ExitOK},
		{"improvement", report(runtimecheck.Improvement), ExitFindings},
		{"improvement", report(runtimecheck.Violation), ExitFindings},
		{"information", report(runtimecheck.Information), ExitFindings},
		{"none", report(runtimecheck.Violation), ExitOK},
	} {
		o := reportOptions{FailOn: c.failOn}
		if got := exitCode(o.exitFor(c.report)); got != c.want {
			t.Errorf("--fail-on %s with %v: exit %d, want %d", c.failOn, c.report.Findings, got, c.want)
		}
	}
}

// The status line shows the elapsed time, totals with their rates, the
// findings by level with plurals, and what was refused or not forwarded;
// colours only when asked.
func TestLiveTextStatusLine(t *testing.T) {
	prev := runtimecheck.Statistics{Spans: 10}
	cur := runtimecheck.Statistics{Spans: 30, DataPoints: 1, Logs: 0,
		FindingsByLevel: map[runtimecheck.Level]int64{runtimecheck.Violation: 2, runtimecheck.Improvement: 1}}
	got := statusLine(prev, cur, 2*time.Second, 65*time.Second+300*time.Millisecond, false)
	want := "1m5s | 30 spans (10/s), 1 data point (0/s), 0 logs (0/s) | findings: 2 violations, 1 improvement, 0 information"
	if got != want {
		t.Errorf("status line\n got %q\nwant %q", got, want)
	}
	cur.ForwardFailed, cur.RefusedRequests = 3, 1
	if got := statusLine(cur, cur, time.Second, time.Second, false); !strings.HasSuffix(got, "| 1 refused, 3 forward_failed") {
		t.Errorf("status line %q does not say what was refused or not forwarded", got)
	}
	if got := statusLine(cur, cur, time.Second, time.Second, true); !strings.Contains(got, "\033[31m2 violations\033[0m") {
		t.Errorf("coloured status line %q", got)
	}
	t.Setenv("NO_COLOR", "1")
	if useColor(os.Stdout) {
		t.Error("colours with NO_COLOR set")
	}
}

// A finding printed live has its fields in the order of the final report's
// lines, without the count.
func TestLiveFindingLineOrder(t *testing.T) {
	f := runtimecheck.Finding{Level: runtimecheck.Violation, Signal: "traces", ID: "deprecated",
		Service: "checkout", Scope: "otelhttp", Name: "GET /cart", Attribute: "http.method", Count: 3, Message: "use http.request.method"}
	line, final := f.Line(), f.String()
	if want := strings.Replace(final, " count=3", "", 1); line != want {
		t.Errorf("live line\n got %q\nwant %q (the final line without its count)", line, want)
	}
}

func TestLiveForward(t *testing.T) {
	// The downstream is a plain receiver counting spans.
	down := &spanCounter{}
	rcv, err := receiver.New(receiver.Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: receiver.Off}, down)
	if err != nil {
		t.Fatal(err)
	}
	if err := rcv.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer rcv.Shutdown(context.Background())

	lr := startLive(t, "--fail-on", "none", "--forward", "grpc://"+rcv.GRPCAddrActual().String())
	sendTraces(t, httpExporter(t, lr.addrs.HTTP.String()), 12)
	lr.sigs <- os.Interrupt
	lr.wait(t)
	if n := down.n.Load(); n != 1 {
		// One batch of 12 spans: one request.
		t.Errorf("downstream got %d requests, want 1", n)
	}
	if strings.Contains(lr.stderr.String(), "could not be forwarded") {
		t.Errorf("forward failures reported with a working endpoint:\n%s", lr.stderr.String())
	}

	// With the downstream gone, the run says so but still succeeds.
	addr := rcv.GRPCAddrActual().String()
	if err := rcv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	lr = startLive(t, "--fail-on", "none", "--forward", "http://"+addr)
	sendTraces(t, httpExporter(t, lr.addrs.HTTP.String()), 3)
	lr.sigs <- os.Interrupt
	if code := lr.wait(t); code != ExitOK {
		t.Errorf("exit %d with the forward endpoint down, want 0", code)
	}
	for _, want := range []string{"forwarding failed", "1 of 1 requests could not be forwarded to http://" + addr} {
		if !strings.Contains(lr.stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, lr.stderr.String())
		}
	}
}

// spanCounter is a Sink that counts trace requests.
type spanCounter struct{ n atomic.Int64 }

func (s *spanCounter) ConsumeTraces([]byte) error  { s.n.Add(1); return nil }
func (s *spanCounter) ConsumeMetrics([]byte) error { return nil }
func (s *spanCounter) ConsumeLogs([]byte) error    { return nil }

func TestWriteReportFile(t *testing.T) {
	dir := t.TempDir()
	r := &runtimecheck.Report{Findings: []runtimecheck.Finding{{ID: "deprecated", Level: runtimecheck.Violation, Signal: "traces", Attribute: "http.method", Message: "m"}}}
	for _, c := range []struct{ name, want string }{
		{"r.json", `"findings"`},
		{"r.md", "deprecated"},
		{"r.sarif", `"2.1.0"`},
	} {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, []byte("old contents"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := writeReportFile(path, r, false); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), c.want) || strings.Contains(string(b), "old contents") {
			t.Errorf("%s: %q, want it to contain %q and replace the old file", c.name, b, c.want)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", c.name, fi.Mode().Perm())
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("%d files in the directory, want the 3 reports and no temporary files", len(entries))
	}
	if err := writeReportFile(filepath.Join(dir, "missing", "r.json"), r, false); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
	// With --show-values the report may hold personal data: owner only.
	private := filepath.Join(dir, "private.json")
	if err := writeReportFile(private, r, true); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(private); fi.Mode().Perm() != 0o600 {
		t.Errorf("report with values: mode %v, want 0600", fi.Mode().Perm())
	}
}

// With --format text, new findings are printed as lines, the status line is
// erased before each, and the final text report follows.
func TestLiveTextFormat(t *testing.T) {
	lr := startLive(t, "--format", "text", "--fail-on", "none")
	sendTraces(t, httpExporter(t, lr.addrs.HTTP.String()), 3)
	lr.sigs <- os.Interrupt
	if code := lr.wait(t); code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	out := lr.stdout.String()
	if !strings.Contains(out, `traces service="checkout" scope="live-test" name="GET /cart" attribute="http.method"`) {
		t.Errorf("no live finding line in:\n%s", out)
	}
	if !strings.Contains(out, "1 finding (1 violation") || !strings.Contains(out, "in 3 spans") {
		t.Errorf("no final text report in:\n%s", out)
	}

	var buf bytes.Buffer
	o := &liveOutput{w: &buf, text: true}
	o.mu.Lock()
	buf.WriteString("status")
	o.statusShown = true
	o.mu.Unlock()
	o.finding(runtimecheck.Finding{Level: runtimecheck.Improvement, Signal: "logs", ID: "not_stable"})
	nf := runtimecheck.Finding{Level: runtimecheck.Improvement, Signal: "logs", ID: "not_stable"}
	if got, want := buf.String(), "status\r\033[K"+nf.Line()+"\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

// The first SIGINT drains the forwarding queue; a second one stops waiting
// for it. The request was acknowledged and checked, so the report has it
// and the exit code is the --fail-on result; the request that could not be
// forwarded is counted and named on stderr.
func TestLiveSecondSignalCutsDrain(t *testing.T) {
	arrived := make(chan struct{}, 1)
	release := make(chan struct{})
	// A forward endpoint that holds every request: it stays queued.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)

	reportPath := filepath.Join(t.TempDir(), "report.json")
	lr := startLive(t, "--fail-on", "none", "--report", reportPath, "--forward", slow.URL)
	body, err := proto.Marshal(&coltracepb.ExportTraceServiceRequest{})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		resp, err := http.Post("http://"+lr.addrs.HTTP.String()+"/v1/traces", "application/x-protobuf", bytes.NewReader(body))
		if err == nil {
			resp.Body.Close()
		}
	}()
	<-arrived

	lr.sigs <- os.Interrupt
	select {
	case err := <-lr.done:
		t.Fatalf("live ended (%v) with a request in flight after one signal", err)
	case <-time.After(300 * time.Millisecond):
	}
	lr.sigs <- os.Interrupt
	if code := lr.wait(t); code != ExitOK {
		t.Errorf("exit %d, want %d", code, ExitOK)
	}
	for _, want := range []string{"again: not waiting", "1 of 1 requests could not be forwarded"} {
		if !strings.Contains(lr.stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, lr.stderr.String())
		}
	}
	if _, err := os.Stat(reportPath); err != nil {
		t.Errorf("no report after a cut drain: %v", err)
	}
}

// BenchmarkLiveHTTP measures what `otellint live` sustains: OTLP/HTTP
// protobuf requests of 100 server spans over loopback into the receiver and
// the real checker with the embedded registry.
func BenchmarkLiveHTTP(b *testing.B) {
	o := reportOptions{FailOn: "none"}
	checker, err := o.newChecker()
	if err != nil {
		b.Fatal(err)
	}
	rcv, err := receiver.New(receiver.Config{GRPCAddr: receiver.Off, HTTPAddr: "127.0.0.1:0"}, checker)
	if err != nil {
		b.Fatal(err)
	}
	if err := rcv.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	defer rcv.Shutdown(context.Background())

	const spansPerRequest = 100
	body, err := proto.Marshal(benchTraces(spansPerRequest))
	if err != nil {
		b.Fatal(err)
	}
	url := "http://" + rcv.HTTPAddrActual().String() + "/v1/traces"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Post(url, "application/x-protobuf", bytes.NewReader(body))
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("status %s", resp.Status)
				return
			}
		}
	})
	b.StopTimer()
	if got := checker.Snapshot().Statistics.Spans; got != int64(b.N*spansPerRequest) {
		b.Fatalf("checker counted %d spans, sent %d", got, b.N*spansPerRequest)
	}
	b.ReportMetric(float64(b.N*spansPerRequest)/b.Elapsed().Seconds(), "spans/s")
}

func benchTraces(n int) *coltracepb.ExportTraceServiceRequest {
	str := func(k, v string) *commonpb.KeyValue {
		return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}}}
	}
	ss := &tracepb.ScopeSpans{Scope: &commonpb.InstrumentationScope{Name: "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"}}
	for i := range n {
		ss.Spans = append(ss.Spans, &tracepb.Span{
			TraceId: bytes.Repeat([]byte{byte(i + 1)}, 16), SpanId: bytes.Repeat([]byte{byte(i + 1)}, 8),
			Name: "GET /cart", Kind: tracepb.Span_SPAN_KIND_SERVER,
			StartTimeUnixNano: 1, EndTimeUnixNano: 2,
			Attributes: []*commonpb.KeyValue{
				str("http.request.method", "GET"), str("url.path", "/cart"), str("url.scheme", "https"),
				str("http.route", "/cart"), str("server.address", "shop.example"), str("user_agent.original", "bench"),
			},
		})
	}
	return &coltracepb.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{{
		Resource:   &resourcepb.Resource{Attributes: []*commonpb.KeyValue{str("service.name", "checkout"), str("service.instance.id", "checkout-1")}},
		ScopeSpans: []*tracepb.ScopeSpans{ss},
	}}}
}

// The admin endpoint answers only local scripts: a page's request (with an
// Origin, or through a rebinding Host) cannot stop the run or read the
// report, and with a token POST /stop needs it.
func TestLiveAdminRefusesForeignRequests(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	lr := startLive(t, "--fail-on", "none", "--admin-token-file", tokenFile)
	stop := func(mod func(*http.Request)) int {
		req, _ := http.NewRequest(http.MethodPost, "http://"+lr.addrs.Admin.String()+"/stop", strings.NewReader("x"))
		req.Header.Set("Content-Type", "text/plain")
		mod(req)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	bearer := func(r *http.Request) { r.Header.Set("Authorization", "Bearer s3cret") }
	for _, c := range []struct {
		name string
		mod  func(*http.Request)
		want int
	}{
		{"foreign origin", func(r *http.Request) { bearer(r); r.Header.Set("Origin", "https://evil.example") }, http.StatusForbidden},
		{"rebinding host", func(r *http.Request) { bearer(r); r.Host = "evil.example:" + portOf(lr.addrs.Admin) }, http.StatusForbidden},
		{"no token", func(*http.Request) {}, http.StatusUnauthorized},
		{"wrong token", func(r *http.Request) { r.Header.Set("Authorization", "Bearer guess") }, http.StatusUnauthorized},
	} {
		if got := stop(c.mod); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
	select {
	case err := <-lr.done:
		t.Fatalf("a refused request stopped the run: %v", err)
	default:
	}
	if got := stop(func(r *http.Request) { bearer(r); r.Host = "localhost:" + portOf(lr.addrs.Admin) }); got != http.StatusOK {
		t.Errorf("POST /stop with the token: status %d", got)
	}
	if code := lr.wait(t); code != ExitOK {
		t.Errorf("exit %d", code)
	}
}

func portOf(a net.Addr) string {
	_, port, _ := net.SplitHostPort(a.String())
	return port
}

// A client that stalls mid-upload does not hold the stop, and the exit
// code is still the --fail-on result: every acknowledged request is in
// the report, and the stalled one was never acknowledged.
func TestLiveStopWithStalledClient(t *testing.T) {
	reportPath := filepath.Join(t.TempDir(), "report.json")
	lr := startLive(t, "--report", reportPath)
	sendTraces(t, httpExporter(t, lr.addrs.HTTP.String()), 4)
	c, err := net.Dial("tcp", lr.addrs.HTTP.String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /v1/traces HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-protobuf\r\nContent-Length: 100000\r\n\r\npartial", lr.addrs.HTTP)
	lr.sigs <- os.Interrupt
	if code := lr.wait(t); code != ExitFindings {
		t.Errorf("exit %d, want %d (the violation, with --fail-on violation)", code, ExitFindings)
	}
	b, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	if r := decodeReport(t, b); r.Statistics.Spans != 4 {
		t.Errorf("report counts %d spans, want the 4 acknowledged", r.Statistics.Spans)
	}
}

// What could not be forwarded is in the report's statistics.
func TestLiveForwardCountsInReport(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := l.Addr().String()
	l.Close() // nothing listens here any more
	reportPath := filepath.Join(t.TempDir(), "report.json")
	lr := startLive(t, "--fail-on", "none", "--report", reportPath, "--forward", "http://"+dead)
	sendTraces(t, grpcExporter(t, lr.addrs.GRPC.String()), 3)
	lr.sigs <- os.Interrupt
	if code := lr.wait(t); code != ExitOK {
		t.Errorf("exit %d, want 0: the data was checked", code)
	}
	b, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	st := decodeReport(t, b).Statistics
	if st.Requests != 1 || st.ForwardFailed != 1 || st.Forwarded != 0 {
		t.Errorf("statistics %+v, want 1 request, counted as forward_failed", st)
	}
}

// The end of a live run completes the traces still in their window: an
// orphan sent just before the stop is in the final report, and
// --fail-under fails the run on the score it costs.
func TestLiveTracesCompletedAtStop(t *testing.T) {
	reportPath := filepath.Join(t.TempDir(), "report.json")
	lr := startLive(t, "--report", reportPath, "--fail-on", "none", "--fail-under", "99", "--trace-window", "1h")
	sendOrphan(t, lr, 7)
	lr.sigs <- os.Interrupt
	var err error
	select {
	case err = <-lr.done:
	case <-time.After(30 * time.Second):
		t.Fatal("live did not end")
	}
	if exitCode(err) != ExitFindings || err == nil ||
		!strings.Contains(err.Error(), `service "checkout" has an Instrumentation Score of 93.94, under --fail-under 99`) {
		t.Errorf("exit %d (%v), want %d for the score under --fail-under", exitCode(err), err, ExitFindings)
	}
	data, err := os.ReadFile(reportPath)
	if err != nil {
		t.Fatal(err)
	}
	r := decodeReport(t, data)
	if !hasFinding(r, runtimecheck.IDOrphanSpan, "") || r.Statistics.Traces != 1 || r.Score == nil {
		t.Errorf("report: traces %d, findings %+v", r.Statistics.Traces, r.Findings)
	}
}

// --trace-window is the live run's: with 300ms, an orphan is reported on
// the stream while the run goes on (the default window is 10 s, and the
// run's end would complete it anyway), by the once-a-second expiry.
func TestLiveTraceWindow(t *testing.T) {
	lr := startLive(t, "--fail-on", "none", "--trace-window", "300ms")
	sendOrphan(t, lr, 8)
	deadline := time.Now().Add(8 * time.Second) // under the default window of 10 s
	for !strings.Contains(lr.stdout.String(), `"`+runtimecheck.IDOrphanSpan+`"`) {
		if time.Now().After(deadline) {
			t.Fatalf("no orphan_span on the stream 8 s after the span, with --trace-window 300ms:\n%s", lr.stdout.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	lr.sigs <- os.Interrupt
	lr.wait(t)
}

// sendOrphan exports, through the real SDK, one span of checkout whose
// local parent (trace and span id n) never arrives.
func sendOrphan(t *testing.T, lr *liveRunner, n byte) {
	t.Helper()
	res := resource.NewSchemaless(attribute.String("service.name", "checkout"), attribute.String("service.instance.id", "checkout-1"))
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(grpcExporter(t, lr.addrs.GRPC.String())), sdktrace.WithResource(res))
	lost := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{n}, SpanID: trace.SpanID{n}, TraceFlags: trace.FlagsSampled})
	_, span := tp.Tracer("live-test").Start(trace.ContextWithSpanContext(context.Background(), lost), "apply coupon")
	span.End()
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}
