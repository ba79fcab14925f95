package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/otlpjson"
	"github.com/otellint/otellint/runtimecheck/receiver"
	"github.com/otellint/otellint/semconv"
)

const liveExitCodesHelp = `Exit codes:
  0  no findings at or above --fail-on, and every service's
     Instrumentation Score at or above --fail-under
  1  findings at or above --fail-on, or a service scoring under
     --fail-under (the service and its score are said on stderr)
  2  usage or configuration error: bad flags, registry or addresses, a
     listen address already in use, a --report that cannot be written
  3  telemetry could not be received, read or decoded (audit: a file or
     some of its records), or the report could not be written at the end`

// reportOptions are the options live and audit share: how to check and
// how to report.
type reportOptions struct {
	RegistryPath string
	ReportPath   string
	FailOn       string
	ShowValues   bool
	// FailUnder fails the run when a service's Instrumentation Score is
	// below it (0: off).
	FailUnder float64
	// TraceWindow is how long a trace may go without a new span before
	// its whole-trace checks run.
	TraceWindow time.Duration
	// InternalSpanFanout, ShortSpanFlood and ShortSpanDuration are the
	// thresholds of internal_span_fanout and short_span_flood.
	InternalSpanFanout int
	ShortSpanFlood     int
	ShortSpanDuration  time.Duration
}

func (o *reportOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.RegistryPath, "registry", "", "semantic-conventions registry: a directory, archive or file of model YAML (default: the embedded registry)")
	f.StringVar(&o.ReportPath, "report", "", "write the final report to this file: JSON, or Markdown for .md, SARIF for .sarif (written atomically; mode 0600 with --show-values)")
	f.StringVar(&o.FailOn, "fail-on", string(runtimecheck.Violation), "exit 1 when a finding is at or above this level: violation, improvement, information or none")
	f.BoolVar(&o.ShowValues, "show-values", false, "show attribute values in findings (they may hold personal data)")
	f.Float64Var(&o.FailUnder, "fail-under", 0, "exit 1 when a service's Instrumentation Score (0-100) is below this (0: never)")
	def := runtimecheck.DefaultConfig()
	f.IntVar(&o.InternalSpanFanout, "internal-span-fanout", def.InternalSpanFanout, "report internal_span_fanout when one trace holds more than this many INTERNAL spans of one service (the score counts SPA-001 at 10 whatever this is)")
	f.IntVar(&o.ShortSpanFlood, "short-span-flood", def.ShortSpanFlood, "report short_span_flood when one trace holds more than this many spans shorter than --short-span-duration (the score counts SPA-005 at 20 under 5ms whatever these are)")
	f.DurationVar(&o.ShortSpanDuration, "short-span-duration", def.ShortSpanDuration, "what counts as a short span for short_span_flood")
	f.DurationVar(&o.TraceWindow, "trace-window", def.TraceWindow, "a trace is complete, and checked as a whole (orphans, fan-out, short spans), after this long without a new span, or when the run ends")
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
	if o.FailUnder < 0 || o.FailUnder > 100 {
		return usageErrorf("--fail-under %v: want a score from 0 to 100", o.FailUnder)
	}
	if o.TraceWindow <= 0 {
		return usageErrorf("--trace-window must be positive")
	}
	if o.InternalSpanFanout <= 0 || o.ShortSpanFlood <= 0 || o.ShortSpanDuration <= 0 {
		return usageErrorf("--internal-span-fanout, --short-span-flood and --short-span-duration must be positive")
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
	// validate has checked these are positive.
	cfg.TraceWindow, cfg.InternalSpanFanout = o.TraceWindow, o.InternalSpanFanout
	cfg.ShortSpanFlood, cfg.ShortSpanDuration = o.ShortSpanFlood, o.ShortSpanDuration
	c, err := runtimecheck.NewChecker(cfg)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	return c, nil
}

// openReport prepares --report at the start of a run, so that a report
// that cannot be written is a usage error now rather than a lost report at
// the end. Nil when there is no --report.
func (o *reportOptions) openReport() (*reportFile, error) {
	if o.ReportPath == "" {
		return nil, nil
	}
	rf, err := createReportFile(o.ReportPath, o.ShowValues)
	if err != nil {
		return nil, usageErrorf("--report %s: %v", o.ReportPath, err)
	}
	return rf, nil
}

// exitFor turns the report's most severe level, and the lowest score
// against --fail-under, into the exit error.
func (o *reportOptions) exitFor(r *runtimecheck.Report) error {
	if o.FailUnder > 0 {
		if score, service, ok := r.Score.MinScore(); ok && score < o.FailUnder {
			return &exitError{code: ExitFindings, err: fmt.Errorf("service %q has an Instrumentation Score of %.2f, under --fail-under %v", service, score, o.FailUnder)}
		}
	}
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

// reportFile is a report being written: a temporary file beside the
// target, renamed into place when complete, so a reader never sees a
// half-written report and the target's directory is known to be writable
// from the start.
type reportFile struct {
	path string
	tmp  *os.File
	mode os.FileMode
}

// createReportFile creates the temporary file for path. With private set
// (the report may hold attribute values) the report is readable by its
// owner only.
func createReportFile(path string, private bool) (*reportFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return nil, err
	}
	mode := os.FileMode(0o644)
	if private {
		mode = 0o600
	}
	return &reportFile{path: path, tmp: tmp, mode: mode}, nil
}

// commit writes r in the format the file's extension names and renames the
// file into place.
func (rf *reportFile) commit(r *runtimecheck.Report) error {
	write := r.WriteJSON
	switch strings.ToLower(filepath.Ext(rf.path)) {
	case ".md", ".markdown":
		write = r.WriteMarkdown
	case ".sarif":
		write = r.WriteSARIF
	}
	return rf.commitWith(write)
}

// commitWith writes the file with write and renames it into place.
func (rf *reportFile) commitWith(write func(io.Writer) error) error {
	defer os.Remove(rf.tmp.Name()) // a no-op once renamed
	err := write(rf.tmp)
	if err == nil {
		err = rf.tmp.Chmod(rf.mode)
	}
	if err == nil {
		err = rf.tmp.Sync()
	}
	if cerr := rf.tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(rf.tmp.Name(), rf.path)
}

// discard removes the temporary file of a report that will not be written.
func (rf *reportFile) discard() {
	if rf == nil {
		return
	}
	rf.tmp.Close()
	os.Remove(rf.tmp.Name())
}

// writeReportFile writes r to path at once (see reportFile).
func writeReportFile(path string, r *runtimecheck.Report, private bool) error {
	rf, err := createReportFile(path, private)
	if err != nil {
		return err
	}
	return rf.commit(r)
}

// reportWriter returns the writer of a report format on stdout.
func reportWriter(format string) func(*runtimecheck.Report, io.Writer) error {
	switch format {
	case "text":
		return (*runtimecheck.Report).WriteText
	case "json":
		return (*runtimecheck.Report).WriteJSON
	case "markdown":
		return (*runtimecheck.Report).WriteMarkdown
	case "sarif":
		return (*runtimecheck.Report).WriteSARIF
	}
	return nil
}
