package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/otellint/otellint/runtimecheck/receiver"
)

type auditOptions struct {
	reportOptions
	Files          []string
	Format         string
	Signal         string
	MaxRecordBytes int64
}

func newAuditCmd(s *streams, runF func(*auditOptions) error) *cobra.Command {
	opts := &auditOptions{}
	cmd := &cobra.Command{
		Use:   "audit FILE... | -",
		Short: "Check recorded OTLP files against the semantic conventions",
		Long: `Check recorded OTLP telemetry against the semantic conventions, the same
checks otellint live runs, and print the report (--format) on stdout.

Each FILE ("-" is standard input) may hold, detected from its content:
  - OTLP/JSON Lines as the Collector's file exporter writes them: one export
    request per line, its signal told by its top-level key (resourceSpans,
    resourceMetrics or resourceLogs);
  - one or more OTLP/JSON documents, pretty-printed or not;
  - one binary protobuf Export*ServiceRequest. Its signal is detected as the
    one request type that decodes it without unknown fields; when that is
    ambiguous (say, resources without spans or points), name it with --signal;
  - any of these compressed with gzip.

Everything is streamed, one resource at a time, so memory stays flat
whatever the size of a file; no record (a resource, or a JSON value between
resources) may exceed --max-request-bytes after decompression, which also
stops gzip bombs.

Traces are checked as a whole at the end of the input (or once no span of
them has been read for --trace-window), and the report ends with the
Instrumentation Score of each service; --fail-under fails below a score.

Errors name the file and, for JSON, the line. A bad record (a line of JSON
Lines, a resource of protobuf) is reported and skipped, and the rest of the
file is still checked; a file that cannot be read does not stop the others.
The report covers what could be read, counts what was skipped
(skipped_records, failed_inputs), and the exit code is then 3. Empty input
is said on stderr.

` + liveExitCodesHelp,
		Example: `  otellint audit traces.jsonl metrics.jsonl
  otellint audit --format sarif --fail-on improvement export.json > otellint.sarif
  otelcol-output | otellint audit -
  otellint audit --signal metrics request.binpb`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(opts)
			}
			return auditRun(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Format, "format", "text", "report format on stdout: text, json, markdown or sarif")
	f.StringVar(&opts.Signal, "signal", "", "signal of binary protobuf input: traces, metrics or logs (default: detect)")
	f.Int64Var(&opts.MaxRecordBytes, "max-request-bytes", receiver.DefaultMaxRequestBytes, "largest record held at once (a resource, or a JSON value between resources), after decompression")
	opts.reportOptions.addFlags(f)
	return cmd
}

func auditRun(s *streams, o *auditOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	write := reportWriter(o.Format)
	if write == nil || o.Format == "jsonl" {
		return usageErrorf("unknown --format %q (want text, json, markdown or sarif)", o.Format)
	}
	sig, err := receiver.ParseSignal(o.Signal)
	if err != nil {
		return usageErrorf("--signal: %v", err)
	}
	if o.MaxRecordBytes <= 0 {
		return usageErrorf("--max-request-bytes must be positive")
	}
	stdin := 0
	for _, f := range o.Files {
		if f == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return usageErrorf(`standard input ("-") can be read only once`)
	}
	checker, err := o.newChecker()
	if err != nil {
		return err
	}
	reportFile, err := o.openReport()
	if err != nil {
		return err
	}
	defer reportFile.discard()

	var failed, skipped int64
	for _, name := range o.Files {
		opts := receiver.ReadOptions{Signal: sig, JSON: otlpJSON, MaxRecordBytes: o.MaxRecordBytes,
			OnSkip: func(err error) { fmt.Fprintf(s.ErrOut, "otellint audit: %v (skipped)\n", err) }}
		var st receiver.ReadStats
		var err error
		if name == "-" {
			opts.Name = "<stdin>"
			st, err = receiver.ReadStream(s.In, checker, opts)
		} else {
			st, err = receiver.ReadFile(name, checker, opts)
		}
		skipped += int64(st.Skipped)
		switch {
		case err != nil:
			failed++
			fmt.Fprintf(s.ErrOut, "otellint audit: %v\n", err)
		case st.Records == 0:
			fmt.Fprintf(s.ErrOut, "otellint audit: %s: empty input, nothing to check\n", displayName(name))
		}
	}

	checker.FlushTraces() // the end of the input completes every trace
	report := checker.Snapshot()
	report.Statistics.SkippedRecords, report.Statistics.FailedInputs = skipped, failed
	report.Title = "Semantic conventions audit"
	report.ToolVersion = version()
	report.Artifact = "otellint-audit.sarif"
	if len(o.Files) > 0 && o.Files[0] != "-" {
		// Relative to the working directory when inside it (CI runs at
		// the repository root); otherwise WriteSARIF makes it a file URI.
		report.Artifact = filepath.ToSlash(o.Files[0])
		if abs, err := filepath.Abs(o.Files[0]); err == nil {
			if wd, err := os.Getwd(); err == nil {
				report.Artifact = rel(wd, abs)
			}
		}
	}
	if err := write(report, s.Out); err != nil {
		return failuref("writing the report: %v", err)
	}
	if reportFile != nil {
		if err := reportFile.commit(report); err != nil {
			return failuref("writing the report: %v", err)
		}
	}
	switch {
	case failed > 0 && skipped > 0:
		return failuref("%d of %d input(s) could not be read to the end, and %s skipped", failed, len(o.Files), count(skipped, "record"))
	case failed > 0:
		return failuref("%d of %d input(s) could not be read to the end", failed, len(o.Files))
	case skipped > 0:
		return failuref("%s skipped as unreadable; the report covers the rest", count(skipped, "record"))
	}
	return o.exitFor(report)
}

func displayName(name string) string {
	if name == "-" {
		return "<stdin>"
	}
	return name
}
