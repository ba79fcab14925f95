package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/otlpjson"
	"github.com/otellint/otellint/runtimecheck/receiver"
	"github.com/otellint/otellint/semconv"
)

const liveExitCodesHelp = `Exit codes:
  0  no findings at or above --fail-on
  1  findings at or above --fail-on
  2  usage or configuration error (bad flags, registry, addresses)
  3  telemetry could not be received, read or decoded, or the report
     could not be written`

// checkOptions are the options live and audit share: how to check and how
// to report.
type reportOptions struct {
	RegistryPath string
	ReportPath   string
	FailOn       string
	ShowValues   bool
}

func (o *reportOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.RegistryPath, "registry", "", "semantic-conventions registry: a directory, archive or file of model YAML (default: the embedded registry)")
	f.StringVar(&o.ReportPath, "report", "", "write the final report to this file: JSON, or Markdown for .md, SARIF for .sarif (written atomically)")
	f.StringVar(&o.FailOn, "fail-on", string(runtimecheck.Violation), "exit 1 when a finding is at or above this level: violation, improvement, information or none")
	f.BoolVar(&o.ShowValues, "show-values", false, "show attribute values in findings (they may hold personal data)")
}

// levelRank orders --fail-on levels; "none" ranks above every level so it
// never fails.
var levelRank = map[string]int{
	string(runtimecheck.Information): 1,
	string(runtimecheck.Improvement): 2,
	string(runtimecheck.Violation):   3,
	"none":                           4,
}

// validate checks the options that need no I/O.
func (o *reportOptions) validate() error {
	if _, ok := levelRank[o.FailOn]; !ok {
		return usageErrorf("unknown --fail-on %q (want violation, improvement, information or none)", o.FailOn)
	}
	return nil
}

// newChecker loads the registry and builds the checker.
func (o *reportOptions) newChecker() (*runtimecheck.Checker, error) {
	reg := semconv.Default()
	if o.RegistryPath != "" {
		var err error
		if reg, err = semconv.Load(o.RegistryPath); err != nil {
			return nil, usageErrorf("--registry: %v", err)
		}
	}
	cfg := runtimecheck.DefaultConfig()
	cfg.Registry = reg
	cfg.ShowValues = o.ShowValues
	c, err := runtimecheck.NewChecker(cfg)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	return c, nil
}

// exitFor turns the report's most severe level into the exit error.
func (o *reportOptions) exitFor(r *runtimecheck.Report) error {
	max := r.MaxLevel()
	if max == "" {
		return nil
	}
	if levelRank[string(max)] >= levelRank[o.FailOn] {
		return silentExit(ExitFindings)
	}
	return nil
}

// otlpJSON wires the OTLP/JSON converter into the receiver.
var otlpJSON = receiver.JSONConverter{
	Traces:  otlpjson.TracesToProto,
	Metrics: otlpjson.MetricsToProto,
	Logs:    otlpjson.LogsToProto,
}

// writeReportFile writes the report in the format the file's extension
// names, through a temporary file in the same directory renamed into place,
// so a reader never sees a half-written report.
func writeReportFile(path string, r *runtimecheck.Report) error {
	write := r.WriteJSON
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		write = r.WriteMarkdown
	case ".sarif":
		write = r.WriteSARIF
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

type liveOptions struct {
	reportOptions
	GRPCAddr          string
	HTTPAddr          string
	AdminAddr         string
	Duration          time.Duration
	InactivityTimeout time.Duration
	Format            string // "text", "jsonl", or "" to choose by whether stdout is a terminal
	Forward           string
	MaxRequestBytes   int64
	EmitLogs          emitLogsOptions

	// notify subscribes to the signals that end the run; signal.Notify
	// unless a test replaces it.
	notify func(c chan<- os.Signal)
	// ready is called once every listener is open, with their addresses.
	ready func(liveAddrs)
	// statusEvery is the period of the terminal status line.
	statusEvery time.Duration
}

// liveAddrs are the bound addresses of a running `otellint live`; nil when
// a listener is off.
type liveAddrs struct {
	GRPC, HTTP, Admin net.Addr
}

func newLiveCmd(s *streams, runF func(*liveOptions) error) *cobra.Command {
	opts := &liveOptions{}
	cmd := &cobra.Command{
		Use:   "live",
		Short: "Receive OTLP beside a service under test and check it against the semantic conventions",
		Long: `Receive OTLP telemetry (gRPC and HTTP, protobuf or JSON, gzip or not) from a
service under test and check it against the semantic conventions while it
arrives. Point the service's OTLP exporter at the --grpc or --http address.

New findings are printed as they first appear: as text with a status line
when standard output is a terminal, as JSON lines otherwise (--format).

The run ends on SIGINT or SIGTERM, on POST /stop to the --admin address
(which answers with the final JSON report), after --duration, or after
--inactivity-timeout without any request. Each way ends the same: stop
receiving, finish the requests in flight (a second SIGINT or SIGTERM stops
waiting for them), write the --report, and exit with the --fail-on code.
GET /health on the admin address answers 200 while live.

With --forward, every request is also passed on unchanged to another OTLP
endpoint (grpc://host:port, or http(s)://host:port for OTLP/HTTP), so
otellint can sit between a service and its collector.

` + liveExitCodesHelp,
		Example: `  otellint live
  otellint live --duration 2m --report otellint.sarif
  otellint live --forward grpc://localhost:14317 --fail-on improvement
  curl -X POST localhost:4320/stop`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return liveRun(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.GRPCAddr, "grpc", receiver.DefaultGRPCAddr, `OTLP/gRPC listen address, or "off"`)
	f.StringVar(&opts.HTTPAddr, "http", receiver.DefaultHTTPAddr, `OTLP/HTTP listen address, or "off"`)
	f.StringVar(&opts.AdminAddr, "admin", "127.0.0.1:4320", `admin listen address (GET /health, POST /stop), or "off"`)
	f.DurationVar(&opts.Duration, "duration", 0, "stop after this long (0: run until stopped)")
	f.DurationVar(&opts.InactivityTimeout, "inactivity-timeout", 0, "stop after this long without a request (0: never)")
	f.StringVar(&opts.Format, "format", "", "live output on stdout: text or jsonl (default: text on a terminal, jsonl otherwise)")
	f.StringVar(&opts.Forward, "forward", "", "also pass every request on unchanged to this OTLP endpoint (grpc://host:port, http(s)://host:port)")
	f.Int64Var(&opts.MaxRequestBytes, "max-request-bytes", receiver.DefaultMaxRequestBytes, "largest request accepted, after decompression")
	opts.reportOptions.addFlags(f)
	opts.EmitLogs.addFlags(f)
	return cmd
}

// activitySink passes requests to the checker and remembers when the last
// one arrived, for --inactivity-timeout.
type activitySink struct {
	receiver.Sink
	last atomic.Int64 // unix nanoseconds
}

func (a *activitySink) touch() { a.last.Store(time.Now().UnixNano()) }

func (a *activitySink) ConsumeTraces(b []byte) error  { a.touch(); return a.Sink.ConsumeTraces(b) }
func (a *activitySink) ConsumeMetrics(b []byte) error { a.touch(); return a.Sink.ConsumeMetrics(b) }
func (a *activitySink) ConsumeLogs(b []byte) error    { a.touch(); return a.Sink.ConsumeLogs(b) }

func liveRun(s *streams, o *liveOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	if o.Format == "" {
		o.Format = "jsonl"
		if isTerminal(s.Out) {
			o.Format = "text"
		}
	}
	if o.Format != "text" && o.Format != "jsonl" {
		return usageErrorf("unknown --format %q (want text or jsonl)", o.Format)
	}
	if o.Duration < 0 || o.InactivityTimeout < 0 {
		return usageErrorf("--duration and --inactivity-timeout must not be negative")
	}
	if o.MaxRequestBytes <= 0 {
		return usageErrorf("--max-request-bytes must be positive")
	}
	if o.AdminAddr != receiver.Off {
		if _, _, err := net.SplitHostPort(o.AdminAddr); err != nil {
			return usageErrorf("--admin %q: %v", o.AdminAddr, err)
		}
	}
	checker, err := o.newChecker()
	if err != nil {
		return err
	}
	sink := &activitySink{Sink: checker}
	sink.touch()
	rcv, err := receiver.New(receiver.Config{
		GRPCAddr:        o.GRPCAddr,
		HTTPAddr:        o.HTTPAddr,
		MaxRequestBytes: o.MaxRequestBytes,
		Forward:         o.Forward,
		JSON:            otlpJSON,
		Logger:          slog.New(slog.NewTextHandler(s.ErrOut, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}, sink)
	if err != nil {
		return usageErrorf("%v", err)
	}

	out := &liveOutput{w: s.Out, text: o.Format == "text"}
	emitter, err := o.EmitLogs.start(checker, out.finding, s.ErrOut)
	if err != nil {
		return err
	}
	defer emitter.halt()

	// Everything that ends the run sends its reason on stop; only the
	// first is taken. A signal after that cuts the drain short.
	stop := make(chan string, 1)
	var stopping atomic.Bool
	requestStop := func(reason string) bool {
		if !stopping.CompareAndSwap(false, true) {
			return false
		}
		stop <- reason
		return true
	}
	drainCtx, abortDrain := context.WithCancel(context.Background())
	defer abortDrain()

	ctx := context.Background()
	if err := rcv.Start(ctx); err != nil {
		return failuref("%v", err)
	}
	admin, adminAddr, err := startAdmin(ctx, o.AdminAddr, func(reason string) { requestStop(reason) })
	if err != nil {
		_ = shutdownReceiver(drainCtx, rcv)
		return failuref("admin listener: %v", err)
	}
	addrs := liveAddrs{GRPC: rcv.GRPCAddrActual(), HTTP: rcv.HTTPAddrActual(), Admin: adminAddr}
	fmt.Fprintf(s.ErrOut, "otellint live: receiving OTLP%s%s%s\n",
		addrNote(" gRPC on ", addrs.GRPC), addrNote(", HTTP on ", addrs.HTTP), addrNote("; admin on ", addrs.Admin))
	if o.ready != nil {
		o.ready(addrs)
	}

	notify := o.notify
	if notify == nil {
		notify = func(c chan<- os.Signal) { signal.Notify(c, os.Interrupt, syscall.SIGTERM) }
	}
	sigs := make(chan os.Signal, 1)
	notify(sigs)
	defer signal.Stop(sigs)

	var timers sync.WaitGroup
	done := make(chan struct{})
	defer func() { close(done); timers.Wait() }()
	timers.Go(func() {
		for {
			select {
			case sig := <-sigs:
				if !requestStop("received " + sig.String()) {
					fmt.Fprintf(s.ErrOut, "otellint live: received %s again: not waiting for requests in flight\n", sig)
					abortDrain()
				}
			case <-done:
				return
			}
		}
	})
	if o.Duration > 0 {
		timers.Go(func() {
			t := time.NewTimer(o.Duration)
			defer t.Stop()
			select {
			case <-t.C:
				requestStop(fmt.Sprintf("ran for --duration %s", o.Duration))
			case <-done:
			}
		})
	}
	if o.InactivityTimeout > 0 {
		timers.Go(func() {
			for {
				idle := time.Since(time.Unix(0, sink.last.Load()))
				if idle >= o.InactivityTimeout {
					requestStop(fmt.Sprintf("nothing received for --inactivity-timeout %s", o.InactivityTimeout))
					return
				}
				t := time.NewTimer(o.InactivityTimeout - idle)
				select {
				case <-t.C:
				case <-done:
					t.Stop()
					return
				}
			}
		})
	}
	if out.text {
		every := o.statusEvery
		if every == 0 {
			every = time.Second
		}
		timers.Go(func() { out.statusLoop(checker, every, done) })
	}

	reason := <-stop
	out.clearStatus()
	fmt.Fprintf(s.ErrOut, "otellint live: stopping: %s\n", reason)

	// Stop receiving and drain before the snapshot, so every accepted
	// request is in the report.
	runErr := shutdownReceiver(drainCtx, rcv)
	if o.Forward != "" {
		var failed, total int64
		for _, sig := range receiver.Signals {
			failed += rcv.Stats(sig).ForwardErrors
			total += rcv.Stats(sig).Requests
		}
		if failed > 0 {
			fmt.Fprintf(s.ErrOut, "otellint live: %d of %d requests could not be forwarded to %s\n", failed, total, o.Forward)
		}
	}
	report := checker.Snapshot()
	if err := emitter.finish(); err != nil && runErr == nil {
		runErr = err
	}
	var reportJSON bytes.Buffer
	if err := report.WriteJSON(&reportJSON); err != nil && runErr == nil {
		runErr = failuref("encoding the report: %v", err)
	}
	if o.ReportPath != "" {
		if err := writeReportFile(o.ReportPath, report); err != nil && runErr == nil {
			runErr = failuref("writing the report: %v", err)
		}
	}
	if admin != nil {
		admin.finish(reportJSON.Bytes())
	}
	if out.text {
		out.mu.Lock()
		_ = report.WriteText(s.Out) // stdout may be gone; the report file is what counts
		out.mu.Unlock()
	}
	if runErr != nil {
		return runErr
	}
	return o.exitFor(report)
}

func addrNote(prefix string, a net.Addr) string {
	if a == nil {
		return ""
	}
	return prefix + a.String()
}

// shutdownTimeout bounds the drain of in-flight requests at the end of a run.
const shutdownTimeout = 10 * time.Second

// shutdownReceiver stops the receiver and waits for the requests in flight
// until ctx ends or shutdownTimeout passes. Requests cut off then are not in
// the report, which the error says.
func shutdownReceiver(ctx context.Context, r *receiver.Receiver) error {
	ctx, cancel := context.WithTimeout(ctx, shutdownTimeout)
	defer cancel()
	if err := r.Shutdown(ctx); err != nil {
		return failuref("stopped before the requests in flight were done (%v); the report may miss them", err)
	}
	return nil
}

// adminServer serves GET /health and POST /stop. A /stop request is held
// open until the final report exists and then answered with it.
type adminServer struct {
	srv       *http.Server
	final     chan struct{}
	finalJSON []byte
}

func startAdmin(ctx context.Context, addr string, requestStop func(string)) (*adminServer, net.Addr, error) {
	if addr == receiver.Off {
		return nil, nil, nil
	}
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	a := &adminServer{final: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		status, code := "ok", http.StatusOK
		select {
		case <-a.final:
			status, code = "stopped", http.StatusServiceUnavailable
		default:
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprintf(w, "{\"status\":%q}\n", status)
	})
	mux.HandleFunc("/stop", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed: POST /stop", http.StatusMethodNotAllowed)
			return
		}
		requestStop("POST /stop")
		select {
		case <-a.final:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(a.finalJSON)
		case <-r.Context().Done():
		}
	})
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = a.srv.Serve(l) }() // ends with ErrServerClosed at finish
	return a, l.Addr(), nil
}

// finish answers the waiting /stop requests with the report and closes the
// admin server once they are answered.
func (a *adminServer) finish(reportJSON []byte) {
	a.finalJSON = reportJSON
	close(a.final)
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := a.srv.Shutdown(ctx); err != nil {
		_ = a.srv.Close()
	}
}

// liveOutput prints new findings as they appear and, on a terminal, a
// status line below them.
type liveOutput struct {
	mu          sync.Mutex
	w           io.Writer
	text        bool
	statusShown bool
}

func (o *liveOutput) finding(f runtimecheck.Finding) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.text {
		b, err := json.Marshal(f)
		if err == nil {
			o.w.Write(append(b, '\n'))
		}
		return
	}
	o.clearStatusLocked()
	fmt.Fprintln(o.w, findingLine(f))
}

// findingLine is the one-line text form of a new finding.
func findingLine(f runtimecheck.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-11s %s %s", f.Level, f.Signal, f.ID)
	for _, part := range []struct{ label, v string }{{"service", f.Service}, {"name", f.Name}, {"attribute", f.Attribute}} {
		if part.v != "" {
			fmt.Fprintf(&b, " %s=%q", part.label, part.v)
		}
	}
	if f.Message != "" {
		b.WriteString(": ")
		b.WriteString(f.Message)
	}
	return b.String()
}

func (o *liveOutput) clearStatus() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.clearStatusLocked()
}

func (o *liveOutput) clearStatusLocked() {
	if o.statusShown {
		io.WriteString(o.w, "\r\033[K")
		o.statusShown = false
	}
}

// statusLoop redraws the status line: spans, data points and log records
// received per second over the last period, and findings so far by level.
func (o *liveOutput) statusLoop(c *runtimecheck.Checker, every time.Duration, done <-chan struct{}) {
	t := time.NewTicker(every)
	defer t.Stop()
	var prev runtimecheck.Statistics
	last := time.Now()
	for {
		select {
		case <-done:
			return
		case now := <-t.C:
			st := c.Snapshot().Statistics
			line := statusLine(prev, st, now.Sub(last))
			prev, last = st, now
			o.mu.Lock()
			o.clearStatusLocked()
			io.WriteString(o.w, line)
			o.statusShown = true
			o.mu.Unlock()
		}
	}
}

// statusLine renders the rates between two snapshots of the statistics.
func statusLine(prev, cur runtimecheck.Statistics, elapsed time.Duration) string {
	secs := elapsed.Seconds()
	if secs <= 0 {
		secs = 1
	}
	rate := func(a, b int64) float64 { return float64(b-a) / secs }
	by := cur.FindingsByLevel
	return fmt.Sprintf("received/s: %.0f spans, %.0f points, %.0f logs | findings: %d violation, %d improvement, %d information",
		rate(prev.Spans, cur.Spans), rate(prev.DataPoints, cur.DataPoints), rate(prev.Logs, cur.Logs),
		by[runtimecheck.Violation], by[runtimecheck.Improvement], by[runtimecheck.Information])
}

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
