package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/receiver"
)

type liveOptions struct {
	reportOptions
	GRPCAddr          string
	HTTPAddr          string
	AdminAddr         string
	Duration          time.Duration
	InactivityTimeout time.Duration
	Format            string // "text", "jsonl", or "" to choose by whether stdout is a terminal
	Forward           string
	ForwardMode       string
	MaxRequestBytes   int64
	MaxBytesInFlight  int64
	MaxConnections    int
	CORSOrigins       []string
	AdminToken        string
	AdminTokenFile    string
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
otellint can sit between a service and its collector. Forwarding never
delays the answer to the service: requests go through a bounded queue and
are retried with backoff; what cannot be forwarded is counted
(forward_failed, forward_dropped), shown on the status line and in the
report. --forward-mode block refuses requests with a retryable 503 /
UNAVAILABLE while the queue is full instead, so nothing is lost.

Memory is bounded: requests beyond --max-bytes-in-flight are refused with a
retryable 429 / RESOURCE_EXHAUSTED and Retry-After, which OTLP exporters
retry, and the memory of a burst is returned once idle. Uploads that stall
are cut off (408) and never hold up the stop.

Traces are also checked as a whole (orphan spans, broken propagation
between services of the run, CLIENT roots, fan-out, floods of short spans)
once no span of them has arrived for --trace-window, and at the end. The
report ends with the Instrumentation Score of each service
(github.com/instrumentation-score/spec); --fail-under makes the run fail
when a service scores below it. otellint explain ID explains a finding.

The admin endpoint answers only local scripts: requests with an Origin
header, or a Host other than its address or localhost, are refused; on a
shared machine, --admin-token-file makes POST /stop need
"Authorization: Bearer TOKEN".

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
	f.StringVar(&opts.ForwardMode, "forward-mode", string(receiver.ForwardDrop), "when the forwarding queue is full: drop (check it, count it as forward_dropped) or block (answer 503/UNAVAILABLE so the client retries)")
	f.Int64Var(&opts.MaxRequestBytes, "max-request-bytes", receiver.DefaultMaxRequestBytes, "largest request accepted, after decompression")
	f.Int64Var(&opts.MaxBytesInFlight, "max-bytes-in-flight", receiver.DefaultMaxBytesInFlight, "request bytes being read and checked at once; beyond, requests get a retryable 429/RESOURCE_EXHAUSTED")
	f.IntVar(&opts.MaxConnections, "max-connections", receiver.DefaultMaxConnections, "open connections per listener; further clients wait")
	f.StringSliceVar(&opts.CORSOrigins, "cors-origins", nil, `origins allowed to send OTLP/HTTP from a browser (https://app.example, or "*"); none by default`)
	f.StringVar(&opts.AdminToken, "admin-token", "", "token POST /stop must carry as Authorization: Bearer (visible to other users in ps; prefer --admin-token-file)")
	f.StringVar(&opts.AdminTokenFile, "admin-token-file", "", "file holding the admin token")
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
	token, err := o.settle(s)
	if err != nil {
		return err
	}
	checker, err := o.newChecker()
	if err != nil {
		return err
	}
	setMemoryLimit(o)
	sink := &activitySink{Sink: checker}
	sink.touch()
	rcv, err := o.newReceiver(s, sink)
	if err != nil {
		return err
	}
	reportFile, err := o.openReport()
	if err != nil {
		return err
	}
	defer reportFile.discard() // a no-op once committed

	out := &liveOutput{w: s.Out, text: o.Format == "text"}
	out.color = out.text && useColor(s.Out)
	emitter, err := o.EmitLogs.start(checker, out.finding, s.ErrOut)
	if err != nil {
		return err
	}
	defer emitter.halt()

	stop := newLiveStop()
	drainCtx, abortDrain := context.WithCancel(context.Background())
	defer abortDrain()

	ctx := context.Background()
	start := time.Now()
	if err := rcv.Start(ctx); err != nil {
		// A bad or busy address is the user's to change: exit 2.
		return usageErrorf("%v", err)
	}
	admin, adminAddr, err := startAdmin(ctx, o.AdminAddr, token, func(reason string) { stop.request(reason) })
	if err != nil {
		_ = shutdownReceiver(drainCtx, rcv)
		return usageErrorf("admin listener: %v", err)
	}
	addrs := liveAddrs{GRPC: rcv.GRPCAddrActual(), HTTP: rcv.HTTPAddrActual(), Admin: adminAddr}
	fmt.Fprintf(s.ErrOut, "otellint live: receiving OTLP%s%s%s\n",
		addrNote(" gRPC on ", addrs.GRPC), addrNote(", HTTP on ", addrs.HTTP), addrNote("; admin on ", addrs.Admin))
	if o.ready != nil {
		o.ready(addrs)
	}

	w := &liveWatch{errOut: s.ErrOut, stop: stop, done: make(chan struct{})}
	defer w.halt()
	defer w.signals(o.notify, abortDrain)()
	w.deadlines(o, sink)
	w.every(time.Second, checker.ExpireTraces) // traces past their window complete even when no span arrives
	if out.text {
		every := o.statusEvery
		if every == 0 {
			every = time.Second
		}
		src := statusSource{checker: checker, receiver: rcv, forward: o.Forward != "", start: start}
		w.timers.Go(func() { out.statusLoop(src, every, w.done) })
	}

	reason := <-stop.reasons
	out.clearStatus()
	fmt.Fprintf(s.ErrOut, "otellint live: stopping: %s\n", reason)

	// Stop receiving and drain before the snapshot, so every accepted
	// request is in the report.
	runErr := shutdownReceiver(drainCtx, rcv)
	t := rcv.Totals()
	o.warnIntake(s, t)
	checker.FlushTraces() // the run's end completes every open trace
	report := checker.Snapshot()
	fillIntake(&report.Statistics, t, o.Forward != "")
	report.ToolVersion = version()
	report.Artifact = "otellint-live.sarif"
	if o.ReportPath != "" {
		report.Artifact = filepath.ToSlash(o.ReportPath)
	}
	if err := emitter.finish(); err != nil && runErr == nil {
		runErr = err
	}
	if err := writeLiveReports(s, report, reportFile, admin, out); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		return runErr
	}
	return o.exitFor(report)
}

// settle completes and checks the options before anything starts, and
// returns the admin token.
func (o *liveOptions) settle(s *streams) (token string, err error) {
	if err := o.validate(); err != nil {
		return "", err
	}
	if o.Format == "" {
		o.Format = "jsonl"
		if isTerminal(s.Out) {
			o.Format = "text"
		}
	}
	if o.Format != "text" && o.Format != "jsonl" {
		return "", usageErrorf("unknown --format %q (want text or jsonl)", o.Format)
	}
	if m := receiver.ForwardMode(o.ForwardMode); m != receiver.ForwardDrop && m != receiver.ForwardBlock {
		return "", usageErrorf("unknown --forward-mode %q (want drop or block)", o.ForwardMode)
	}
	if o.Duration < 0 || o.InactivityTimeout < 0 {
		return "", usageErrorf("--duration and --inactivity-timeout must not be negative")
	}
	if o.MaxRequestBytes <= 0 || o.MaxBytesInFlight <= 0 || o.MaxConnections <= 0 {
		return "", usageErrorf("--max-request-bytes, --max-bytes-in-flight and --max-connections must be positive")
	}
	token, err = readAdminToken(o.AdminToken, o.AdminTokenFile)
	if err != nil {
		return "", err
	}
	if o.AdminAddr != receiver.Off {
		if _, _, err := net.SplitHostPort(o.AdminAddr); err != nil {
			return "", usageErrorf("--admin %q: %v", o.AdminAddr, err)
		}
	}
	return token, nil
}

// newReceiver builds the OTLP receiver the options describe; a bad
// address or limit is a usage error.
func (o *liveOptions) newReceiver(s *streams, sink receiver.Sink) (*receiver.Receiver, error) {
	rcv, err := receiver.New(receiver.Config{
		GRPCAddr:         o.GRPCAddr,
		HTTPAddr:         o.HTTPAddr,
		MaxRequestBytes:  o.MaxRequestBytes,
		MaxBytesInFlight: o.MaxBytesInFlight,
		MaxConnections:   o.MaxConnections,
		Forward:          o.Forward,
		ForwardMode:      receiver.ForwardMode(o.ForwardMode),
		CORSOrigins:      o.CORSOrigins,
		JSON:             otlpJSON,
		Logger:           slog.New(slog.NewTextHandler(s.ErrOut, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}, sink)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	return rcv, nil
}

// liveStop collects the reasons to end the run: every source sends its
// reason, only the first is taken.
type liveStop struct {
	reasons  chan string
	stopping atomic.Bool
}

func newLiveStop() *liveStop { return &liveStop{reasons: make(chan string, 1)} }

// request asks the run to stop, and reports whether this was the first
// request.
func (l *liveStop) request(reason string) bool {
	if !l.stopping.CompareAndSwap(false, true) {
		return false
	}
	l.reasons <- reason
	return true
}

// liveWatch runs the goroutines that end the run (signals, --duration,
// --inactivity-timeout) or act on a clock, until halt.
type liveWatch struct {
	errOut io.Writer
	stop   *liveStop
	done   chan struct{}
	timers sync.WaitGroup
}

// halt stops every goroutine of the watch and waits for them.
func (w *liveWatch) halt() { close(w.done); w.timers.Wait() }

// signals turns SIGINT and SIGTERM into a stop; a second one cuts the
// drain short. It returns the function that stops listening.
func (w *liveWatch) signals(notify func(chan<- os.Signal), abortDrain func()) (unregister func()) {
	if notify == nil {
		notify = func(c chan<- os.Signal) { signal.Notify(c, os.Interrupt, syscall.SIGTERM) }
	}
	sigs := make(chan os.Signal, 1)
	notify(sigs)
	w.timers.Go(func() {
		for {
			select {
			case sig := <-sigs:
				if !w.stop.request("received " + sig.String()) {
					fmt.Fprintf(w.errOut, "otellint live: received %s again: not waiting to forward what is queued\n", sig)
					abortDrain()
				}
			case <-w.done:
				return
			}
		}
	})
	return func() { signal.Stop(sigs) }
}

// deadlines stops the run after --duration, or after
// --inactivity-timeout with nothing received.
func (w *liveWatch) deadlines(o *liveOptions, sink *activitySink) {
	if o.Duration > 0 {
		w.timers.Go(func() {
			t := time.NewTimer(o.Duration)
			defer t.Stop()
			select {
			case <-t.C:
				w.stop.request(fmt.Sprintf("ran for --duration %s", o.Duration))
			case <-w.done:
			}
		})
	}
	if o.InactivityTimeout > 0 {
		w.timers.Go(func() {
			for {
				idle := time.Since(time.Unix(0, sink.last.Load()))
				if idle >= o.InactivityTimeout {
					w.stop.request(fmt.Sprintf("nothing received for --inactivity-timeout %s", o.InactivityTimeout))
					return
				}
				t := time.NewTimer(o.InactivityTimeout - idle)
				select {
				case <-t.C:
				case <-w.done:
					t.Stop()
					return
				}
			}
		})
	}
}

// every calls f at each tick of period until the watch halts.
func (w *liveWatch) every(period time.Duration, f func()) {
	w.timers.Go(func() {
		tick := time.NewTicker(period)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				f()
			case <-w.done:
				return
			}
		}
	})
}

// warnIntake says on stderr what the receiver could not forward or
// refused, so the report's totals are never the first place it shows.
func (o *liveOptions) warnIntake(s *streams, t receiver.Stats) {
	if o.Forward != "" {
		if failed := t.ForwardFailed + t.ForwardDropped; failed > 0 {
			fmt.Fprintf(s.ErrOut, "otellint live: %d of %d requests could not be forwarded to %s (%d failed, %d dropped from a full queue)\n",
				failed, t.Requests, o.Forward, t.ForwardFailed, t.ForwardDropped)
		}
	}
	if t.Refused > 0 {
		fmt.Fprintf(s.ErrOut, "otellint live: %s refused with a retryable error (memory or forwarding queue full); the clients kept them\n",
			count(t.Refused, "request"))
	}
}

// writeLiveReports commits the report file, hands the JSON to the admin
// endpoint and prints the text report; the first error is returned.
func writeLiveReports(s *streams, report *runtimecheck.Report, reportFile *reportFile, admin *adminServer, out *liveOutput) error {
	var runErr error
	var reportJSON bytes.Buffer
	if err := report.WriteJSON(&reportJSON); err != nil {
		runErr = failuref("encoding the report: %v", err)
	}
	if reportFile != nil {
		if err := reportFile.commit(report); err != nil && runErr == nil {
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
	return runErr
}

// setMemoryLimit gives the Go runtime a soft memory limit derived from the
// bytes the receiver may hold (requests in flight, the forwarding queue)
// plus room for the checker's bounded tables, unless GOMEMLIMIT is set:
// without it the heap grows to twice what is live before collecting, and a
// burst at the limit costs twice the limit.
func setMemoryLimit(o *liveOptions) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	limit := o.MaxBytesInFlight + memoryHeadroom
	if o.Forward != "" {
		limit += receiver.DefaultForwardQueueBytes
	}
	debug.SetMemoryLimit(limit)
}

// memoryHeadroom is the memory beyond the bytes in flight: the checker's
// tables (findings, sketches, span names: each capped), the registry,
// buffers.
const memoryHeadroom = 256 << 20

func addrNote(prefix string, a net.Addr) string {
	if a == nil {
		return ""
	}
	return prefix + a.String()
}

// shutdownTimeout bounds the drain at the end of a run.
const shutdownTimeout = 10 * time.Second

// shutdownReceiver stops the receiver: it waits for the requests that have
// arrived, gives uploads still in progress a second, and forwards what is
// queued for a few seconds. It fails only when an acknowledged request may
// be missing from the report, which the error says.
func shutdownReceiver(ctx context.Context, r *receiver.Receiver) error {
	ctx, cancel := context.WithTimeout(ctx, shutdownTimeout)
	defer cancel()
	if err := r.Shutdown(ctx); err != nil {
		return failuref("stopped before the requests received were checked (%v); the report may miss them", err)
	}
	return nil
}
