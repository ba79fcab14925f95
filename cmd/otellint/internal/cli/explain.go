package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/runtimecheck"
)

func newExplainCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "explain NAME",
		Short: "Print an analyzer's full documentation: what, why, a bad and a good example, options; or what a live/audit finding id means and how to fix it",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			out := completeAnalyzers(toComplete)
			for _, id := range runtimecheck.IDs() {
				if strings.HasPrefix(id, strings.ToLower(toComplete)) {
					d, _ := runtimecheck.Explain(id)
					out = append(out, cobra.CompletionWithDesc(id, "live/audit finding: "+d.What))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return explainRun(s, args[0])
		},
	}
}

func explainRun(s *streams, name string) error {
	a := lookupAnalyzer(analyzers.All, name)
	if a == nil {
		if d, ok := runtimecheck.Explain(name); ok {
			explainFinding(s, d)
			return nil
		}
		return usageErrorf("unknown analyzer %q, nor a finding id of live and audit (analyzers: %s; finding ids: %s)",
			name, strings.Join(analyzerNames(), ", "), strings.Join(runtimecheck.IDs(), ", "))
	}
	fmt.Fprintln(s.Out, a.Doc)
	var opts []string
	a.Flags.VisitAll(func(f *flag.Flag) {
		opts = append(opts, fmt.Sprintf("  %s (default %q)\n      %s\n      .otellint.yml: settings: {%s: {%s: ...}}; go vet: -%s.%s=...", f.Name, f.DefValue, f.Usage, a.Name, f.Name, a.Name, f.Name))
	})
	if len(opts) > 0 {
		fmt.Fprintf(s.Out, "\nOption reference:\n%s\n", strings.Join(opts, "\n"))
	}
	fmt.Fprintf(s.Out, "\nDocumentation: %s\n", a.URL)
	return nil
}

// explainFinding prints what a finding id of otellint live and audit
// finds, why it matters and how to fix it.
func explainFinding(s *streams, d runtimecheck.IDDoc) {
	fmt.Fprintf(s.Out, "%s: a finding of otellint live and audit (level %s)\n", d.ID, d.Level)
	if d.Rule != "" {
		fmt.Fprintf(s.Out, "Instrumentation Score rule: %s (https://github.com/instrumentation-score/spec/blob/main/rules/%s.md)\n", d.Rule, d.Rule)
	}
	fmt.Fprintf(s.Out, "\nWhat it finds:\n%s\n\nWhy it matters:\n%s\n\nHow to fix it:\n%s\n", wrap(d.What), wrap(d.Why), wrap(d.Fix))
	fmt.Fprintf(s.Out, "\nDocumentation: https://github.com/otellint/otellint#check-live-telemetry-your-service-in-two-minutes\n")
}

// wrap indents text by two spaces and wraps it at 78 columns.
func wrap(text string) string {
	var b strings.Builder
	col := 0
	for _, w := range strings.Fields(text) {
		if col > 0 && col+1+len(w) > 76 {
			b.WriteString("\n")
			col = 0
		}
		if col == 0 {
			b.WriteString("  ")
		} else {
			b.WriteString(" ")
			col++
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}
