// Package cli is the otellint command line: one file per command.
package cli

import (
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// IsVetToolInvocation reports whether args are those go vet or go fix pass
// to a -vettool/-fixtool: -V=full, -flags, or flags ending in one *.cfg file.
func IsVetToolInvocation(args []string) bool {
	if len(args) == 0 {
		return false
	}
	for _, a := range args {
		if a == "-flags" || a == "--flags" || strings.HasPrefix(a, "-V=") || a == "-V" {
			return true
		}
	}
	last := args[len(args)-1]
	return strings.HasSuffix(last, ".cfg") && !slices.Contains(args, "check") && !slices.Contains(args, "audit")
}

// streams are a command's standard streams, so tests can capture them.
type streams struct {
	In          io.Reader
	Out, ErrOut io.Writer
}

// NewRootCmd builds the otellint command tree.
func NewRootCmd(s *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "otellint",
		Short: "Find mistakes in OpenTelemetry instrumentation, in Go code and in live telemetry",
		Long: `otellint finds mistakes in OpenTelemetry instrumentation.

In Go code (static analysis):
  otellint check ./...                       run the analyzers
  go vet -vettool=$(which otellint) ./...    the same, driven by go vet
  go fix -fixtool=$(which otellint) ./...    apply the suggested fixes with go fix

In telemetry (against the semantic conventions):
  otellint live                              receive OTLP beside a service under test
  otellint audit FILE...                     check recorded OTLP files`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// --version as golangci-lint has it; -v stays free (cobra would take it
	// for --version if root.Version were set).
	showVersion := root.Flags().Bool("version", false, "print the otellint version and exit")
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if *showVersion {
			return printVersion(s)
		}
		return cmd.Help()
	}
	root.SetHelpCommand(newHelpCmd(s, root))
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.ErrOut)
	root.AddCommand(
		newCheckCmd(s, nil),
		newRulesCmd(s),
		newExplainCmd(s),
		newSchemaCmd(s),
		newVersionCmd(s),
		newLiveCmd(s, nil), newAuditCmd(s, nil),
		newSemconvCmd(s),
		newCacheCmd(s),
		newLSPCmd(s),
	)
	return root
}

// Execute runs the command line and returns the process exit code.
func Execute(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	s := &streams{In: stdin, Out: stdout, ErrOut: stderr}
	root := NewRootCmd(s)
	// go vet's usage error sends users to "otellint -help" (Go's flag
	// package spelling); cobra would read it as -h -e -l -p.
	args = slices.Clone(args)
	for i, a := range args {
		if a == "-help" {
			args[i] = "--help"
		}
	}
	root.SetArgs(args)
	err := root.Execute()
	if err != nil {
		if msg := err.Error(); msg != "" && !isSilent(err) {
			io.WriteString(stderr, "otellint: "+msg+"\n")
		}
	}
	return exitCode(err)
}

func isSilent(err error) bool {
	var ee *exitError
	return errors.As(err, &ee) && ee.err == nil
}
