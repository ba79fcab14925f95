package cli

import (
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/analyzers/driver"
)

type checkOptions struct {
	Patterns   []string
	Dir        string
	Format     string
	Fix        bool
	Diff       bool
	Enable     []string
	Disable    []string
	ConfigPath string
	NoConfig   bool
	Tests      bool
}

func newCheckCmd(s *streams, runF func(*checkOptions) error) *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check [packages]",
		Short: "Run the analyzers over Go packages (default ./...)",
		Long: `Run the otellint analyzers over Go packages, loaded like the go command
loads them (default ./...), with facts flowing across packages.

Configuration is read from the nearest .otellint.yml walking up from each
package's directory to its module root, unless --config or --no-config is
given. Findings are sorted by file, line and column and de-duplicated.

` + exitCodesHelp,
		Example: `  otellint check ./...
  otellint check --format sarif ./... > otellint.sarif
  otellint check --fix ./...
  otellint check --fix --diff ./...
  otellint check -C testdata/demo ./...`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Patterns = args
			if len(opts.Patterns) == 0 {
				opts.Patterns = []string{"./..."}
			}
			if runF != nil {
				return runF(opts)
			}
			return checkRun(s, opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Dir, "dir", "C", "", "run as if otellint was started in this directory")
	f.StringVar(&opts.Format, "format", "text", "output format: "+strings.Join(formats, ", "))
	f.BoolVar(&opts.Fix, "fix", false, "apply the suggested fixes and print what changed")
	f.BoolVar(&opts.Diff, "diff", false, "with --fix: print the fixes as a unified diff and change nothing")
	f.StringSliceVar(&opts.Enable, "enable", nil, "run only these analyzers (comma-separated)")
	f.StringSliceVar(&opts.Disable, "disable", nil, "do not run these analyzers (comma-separated)")
	f.StringVar(&opts.ConfigPath, "config", "", "use this configuration file instead of discovering .otellint.yml")
	f.BoolVar(&opts.NoConfig, "no-config", false, "ignore configuration files")
	f.BoolVar(&opts.Tests, "tests", true, "also analyze test files")
	return cmd
}

// selectAnalyzers applies --enable and --disable to the suite.
func selectAnalyzers(enable, disable []string) ([]*analysis.Analyzer, error) {
	for _, n := range append(slices.Clone(enable), disable...) {
		if analyzers.ByName(n) == nil {
			return nil, usageErrorf("unknown analyzer %q (see otellint rules)", n)
		}
	}
	var out []*analysis.Analyzer
	for _, a := range analyzers.All {
		if len(enable) > 0 && !slices.Contains(enable, a.Name) {
			continue
		}
		if slices.Contains(disable, a.Name) {
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, usageErrorf("--enable and --disable leave no analyzer to run")
	}
	return out, nil
}

func checkRun(s *streams, o *checkOptions) error {
	if !slices.Contains(formats, o.Format) {
		return usageErrorf("unknown --format %q (want %s)", o.Format, strings.Join(formats, ", "))
	}
	if o.Diff && !o.Fix {
		return usageErrorf("--diff only makes sense with --fix")
	}
	if o.NoConfig && o.ConfigPath != "" {
		return usageErrorf("--config and --no-config exclude each other")
	}
	suite, err := selectAnalyzers(o.Enable, o.Disable)
	if err != nil {
		return err
	}

	driver.Reset()
	defer driver.Reset()
	switch {
	case o.NoConfig:
		driver.NoConfig()
	case o.ConfigPath != "":
		f, err := driver.ReadConfig(o.ConfigPath)
		if err != nil {
			return usageErrorf("%v", err)
		}
		driver.UseConfig(f)
	}

	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Tests: o.Tests,
		Dir:   o.Dir,
	}
	pkgs, err := packages.Load(cfg, o.Patterns...)
	if err != nil {
		return failuref("loading packages: %v", err)
	}
	if len(pkgs) == 0 {
		return failuref("no packages match %s", strings.Join(o.Patterns, " "))
	}
	if n := printLoadErrors(s, pkgs); n > 0 {
		return failuref("%d error(s) loading packages; fix them (go build) and run again", n)
	}
	// A configuration error is a usage error, not an analyzer failure:
	// surface it before analysis, with its file:line.
	for _, p := range pkgs {
		if len(p.GoFiles) == 0 {
			continue
		}
		if _, err := driver.DiscoverConfig(filepath.Dir(p.GoFiles[0])); err != nil {
			return usageErrorf("%v", err)
		}
	}

	graph, err := checker.Analyze(suite, pkgs, &checker.Options{})
	if err != nil {
		return failuref("%v", err)
	}
	var findings []Finding
	var failures []string
	enabled := map[string]bool{}
	for _, a := range suite {
		enabled[a.Name] = true
	}
	for _, act := range graph.Roots {
		if act.Err != nil {
			failures = append(failures, fmt.Sprintf("analyzer %s failed on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err))
			continue
		}
		for _, d := range act.Diagnostics {
			findings = append(findings, toFinding(act.Package.Fset, act.Analyzer.Name, d))
		}
	}
	findings = append(findings, unusedDirectives(pkgs, enabled)...)
	findings = sortFindings(findings)
	slices.Sort(failures)
	failures = slices.Compact(failures)
	for _, f := range failures {
		fmt.Fprintf(s.ErrOut, "otellint: %s\n", f)
	}

	m := newPathMapper(o.Dir)
	if o.Fix {
		remaining, err := applyFixes(s, o, findings, m)
		if err != nil {
			return failuref("%v", err)
		}
		findings = remaining
	}
	// With --diff, stdout carries only the diff.
	if !o.Diff {
		if err := writeFindings(s.Out, o.Format, findings, m, suite); err != nil {
			return failuref("writing output: %v", err)
		}
	}
	switch {
	case len(failures) > 0:
		return silentExit(ExitFailure)
	case len(findings) > 0:
		return silentExit(ExitFindings)
	}
	return nil
}

func printLoadErrors(s *streams, pkgs []*packages.Package) int {
	var msgs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			msgs = append(msgs, e.Error())
		}
		if p.Module != nil && p.Module.Error != nil {
			msgs = append(msgs, p.Module.Error.Err)
		}
	})
	slices.Sort(msgs)
	msgs = slices.Compact(msgs)
	for _, m := range msgs {
		fmt.Fprintln(s.ErrOut, m)
	}
	return len(msgs)
}

func toFinding(fset *token.FileSet, analyzer string, d analysis.Diagnostic) Finding {
	end := d.End
	if !end.IsValid() {
		end = d.Pos
	}
	f := Finding{
		Analyzer: analyzer,
		Severity: severity(d.Category),
		Pos:      fset.Position(d.Pos),
		End:      fset.Position(end),
		Message:  d.Message,
	}
	for _, sf := range d.SuggestedFixes {
		fix := Fix{Message: sf.Message}
		for _, e := range sf.TextEdits {
			ee := e.End
			if !ee.IsValid() {
				ee = e.Pos
			}
			fix.Edits = append(fix.Edits, Edit{Start: fset.Position(e.Pos), End: fset.Position(ee), NewText: string(e.NewText)})
		}
		f.Fixes = append(f.Fixes, fix)
	}
	for _, r := range d.Related {
		f.Related = append(f.Related, Related{Pos: fset.Position(r.Pos), Message: r.Message})
	}
	return f
}

// unusedDirectives reports //otellint:ignore directives in the analyzed
// files that suppressed nothing for any analyzer that ran on them.
func unusedDirectives(pkgs []*packages.Package, enabled map[string]bool) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			name := p.Fset.File(f.Pos()).Name()
			if seen[name] {
				continue
			}
			seen[name] = true
			cfg, err := driver.DiscoverConfig(filepath.Dir(name))
			if err != nil || cfg.Excluded(name) {
				continue
			}
			for _, d := range driver.Directives(p.Fset, f) {
				if len(d.Names) == 0 || d.Reason == "" {
					continue // malformed: the analyzers report those
				}
				ran, used := false, false
				for _, n := range d.Names {
					cands := []string{n}
					if n == "all" {
						cands = driver.KnownAnalyzers()
					}
					for _, c := range cands {
						if enabled[c] && cfg.Enabled(c) {
							ran = true
							used = used || driver.DirectiveUsed(d, c)
						}
					}
				}
				if ran && !used {
					pos := p.Fset.Position(d.Pos)
					out = append(out, Finding{
						Analyzer: directiveRule,
						Severity: "warning",
						Pos:      pos,
						End:      pos,
						Message:  fmt.Sprintf("this //otellint:ignore directive for %s suppressed nothing; remove it", strings.Join(d.Names, ",")),
					})
				}
			}
		}
	}
	return out
}

// applyFixes applies (or, with --diff, prints) the first fix of each
// finding and returns the findings left unfixed.
func applyFixes(s *streams, o *checkOptions, findings []Finding, m pathMapper) ([]Finding, error) {
	files, applied, err := planFixes(findings)
	if err != nil {
		return nil, err
	}
	for _, ff := range files {
		if o.Diff {
			if err := unifiedDiff(s.Out, m.display(ff.Name), ff.Old, ff.Edits); err != nil {
				return nil, err
			}
			continue
		}
		if err := writeFileAtomic(ff.Name, ff.New); err != nil {
			return nil, err
		}
		fmt.Fprintf(s.Out, "fixed %s (%d %s)\n", m.display(ff.Name), ff.Count, plural(ff.Count, "fix", "fixes"))
	}
	var remaining []Finding
	for i, f := range findings {
		if !applied[i] {
			remaining = append(remaining, f)
		}
	}
	if o.Diff {
		return findings, nil // nothing was changed: every finding is still there
	}
	return remaining, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
