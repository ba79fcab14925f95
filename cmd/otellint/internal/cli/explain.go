package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/otellint/otellint/analyzers"
)

func newExplainCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "explain NAME",
		Short: "Print an analyzer's full documentation: what, why, a bad and a good example, options",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeAnalyzers(toComplete), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return explainRun(s, args[0])
		},
	}
}

func explainRun(s *streams, name string) error {
	a := lookupAnalyzer(analyzers.All, name)
	if a == nil {
		return usageErrorf("unknown analyzer %q (known: %s)", name, strings.Join(analyzerNames(), ", "))
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
