package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/analyzers/driver"
)

type rulesOptions struct {
	Format string
}

func newRulesCmd(s *streams) *cobra.Command {
	opts := &rulesOptions{}
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the analyzers with their one-line summaries",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return rulesRun(s, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "output format: text or json")
	return cmd
}

type ruleInfo struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
	URL     string `json:"url"`
}

func rulesRun(s *streams, opts *rulesOptions) error {
	var rules []ruleInfo
	for _, a := range analyzers.All {
		rules = append(rules, ruleInfo{a.Name, driver.Summary(a.Doc), a.URL})
	}
	switch opts.Format {
	case "text":
		tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
		for _, r := range rules {
			fmt.Fprintf(tw, "%s\t%s\n", r.Name, r.Summary)
		}
		return tw.Flush()
	case "json":
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(rules)
	}
	return usageErrorf("unknown --format %q (want text or json)", opts.Format)
}
