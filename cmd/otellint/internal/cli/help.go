package cli

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/analyzers/driver"
)

// newHelpCmd replaces cobra's help command: `otellint help NAME` explains
// an analyzer as `otellint explain NAME` does, and `otellint help` lists
// the analyzers and their options too, which is what the usage error of
// the go vet driver ("Run 'otellint help' for a full list of flags and
// analyzers") promises.
func newHelpCmd(s *streams, root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command | analyzer]",
		Short: "Help about a command, or an analyzer's documentation",
		Long: `With a command name, its help; with an analyzer name, its documentation
(as otellint explain prints it); without, the commands, every analyzer and
every analyzer option.`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, c := range root.Commands() {
				if c.IsAvailableCommand() && strings.HasPrefix(c.Name(), toComplete) {
					out = append(out, cobra.CompletionWithDesc(c.Name(), c.Short))
				}
			}
			out = append(out, completeAnalyzers(toComplete)...)
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				if err := root.Help(); err != nil {
					return err
				}
				return printAnalyzerHelp(s)
			}
			if a := lookupAnalyzer(analyzers.All, args[0]); a != nil {
				return explainRun(s, a.Name)
			}
			if c, _, err := root.Find(args); err == nil && c != root {
				return c.Help()
			}
			return usageErrorf("unknown command or analyzer %q (commands: otellint help; analyzers: otellint rules)", args[0])
		},
	}
}

// printAnalyzerHelp lists the analyzers and every option each takes.
func printAnalyzerHelp(s *streams) error {
	fmt.Fprintln(s.Out, "\nAnalyzers (all run by default; check --enable/--disable, go vet -NAME):")
	tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
	for _, a := range analyzers.All {
		fmt.Fprintf(tw, "  %s\t%s\n", a.Name, driver.Summary(a.Doc))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(s.Out, "\nAnalyzer options (.otellint.yml settings: {NAME: {OPTION: ...}}; go vet -NAME.OPTION=...):")
	for _, a := range analyzers.All {
		a.Flags.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(s.Out, "  -%s.%s (default %q)\n      %s\n", a.Name, f.Name, f.DefValue, f.Usage)
		})
	}
	_, err := fmt.Fprintln(s.Out, "\nRun 'otellint help NAME' (or otellint explain NAME) for an analyzer's documentation.")
	return err
}

// lookupAnalyzer finds an analyzer by name, ignoring case: --enable
// SpanEnd and explain SPANEND mean spanend.
func lookupAnalyzer(as []*analysis.Analyzer, name string) *analysis.Analyzer {
	for _, a := range as {
		if strings.EqualFold(a.Name, name) {
			return a
		}
	}
	return nil
}

// analyzerNames returns the names of every analyzer, in rules order.
func analyzerNames() []string {
	names := make([]string, len(analyzers.All))
	for i, a := range analyzers.All {
		names[i] = a.Name
	}
	return names
}

// completeAnalyzers offers the analyzer names starting with prefix, with
// their summaries.
func completeAnalyzers(prefix string) []cobra.Completion {
	var out []cobra.Completion
	for _, a := range analyzers.All {
		if strings.HasPrefix(a.Name, strings.ToLower(prefix)) {
			out = append(out, cobra.CompletionWithDesc(a.Name, driver.Summary(a.Doc)))
		}
	}
	return out
}

// completeAnalyzerList completes the last element of a comma-separated
// list of analyzer names (--enable spanend,spa<TAB>), leaving out those
// already listed.
func completeAnalyzerList(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	done, last := "", toComplete
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		done, last = toComplete[:i+1], toComplete[i+1:]
	}
	listed := strings.Split(strings.ToLower(done), ",")
	var out []cobra.Completion
	for _, c := range completeAnalyzers(last) {
		name, _, _ := strings.Cut(c, "\t")
		if !slices.Contains(listed, name) {
			out = append(out, done+c)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}
