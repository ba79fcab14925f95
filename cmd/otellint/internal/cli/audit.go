package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/receiver"
)

type auditOptions struct {
	reportOptions
	Files  []string
	Format string
	Signal string
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

Errors name the file and, for JSON, the line. A file that cannot be read or
decoded does not stop the others: the report covers what could be read, and
the exit code is 3.

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
	opts.reportOptions.addFlags(f)
	return cmd
}

func auditRun(s *streams, o *auditOptions) error {
	if err := o.validate(); err != nil {
		return err
	}
	var write func(*runtimecheck.Report, io.Writer) error
	switch o.Format {
	case "text":
		write = (*runtimecheck.Report).WriteText
	case "json":
		write = (*runtimecheck.Report).WriteJSON
	case "markdown":
		write = (*runtimecheck.Report).WriteMarkdown
	case "sarif":
		write = (*runtimecheck.Report).WriteSARIF
	default:
		return usageErrorf("unknown --format %q (want text, json, markdown or sarif)", o.Format)
	}
	sig, err := receiver.ParseSignal(o.Signal)
	if err != nil {
		return usageErrorf("--signal: %v", err)
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

	failed := 0
	for _, name := range o.Files {
		opts := receiver.ReadOptions{Signal: sig, JSON: otlpJSON}
		var err error
		if name == "-" {
			opts.Name = "<stdin>"
			_, err = receiver.ReadStream(s.In, checker, opts)
		} else {
			_, err = receiver.ReadFile(name, checker, opts)
		}
		if err != nil {
			failed++
			fmt.Fprintf(s.ErrOut, "otellint audit: %v\n", err)
		}
	}

	report := checker.Snapshot()
	if err := write(report, s.Out); err != nil {
		return failuref("writing the report: %v", err)
	}
	if o.ReportPath != "" {
		if err := writeReportFile(o.ReportPath, report); err != nil {
			return failuref("writing the report: %v", err)
		}
	}
	if failed > 0 {
		return failuref("%d of %d input(s) could not be read or decoded", failed, len(o.Files))
	}
	return o.exitFor(report)
}
