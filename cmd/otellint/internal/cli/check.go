package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/analyzers/driver"
	"github.com/otellint/otellint/cmd/otellint/internal/engine"
	lintsuite "github.com/otellint/otellint/cmd/otellint/internal/suite"
)

type checkOptions struct {
	Patterns      []string
	Dir           string
	Format        string
	Outputs       []string // FORMAT=FILE
	Color         string
	NewFromRev    string
	NewFromPatch  string
	Baseline      string
	WriteBaseline string
	Fix           bool
	Diff          bool
	Enable        []string
	Disable       []string
	ConfigPath    string
	NoConfig      bool
	Tests         bool
	Tags          []string
	NoCache       bool
	Debug         bool
	Engine        string
	CPUProfile    string
	MemProfile    string
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
  otellint check --output sarif=otellint.sarif --output junit=otellint.xml ./...
  otellint check --fix ./...
  otellint check --fix --diff ./...
  otellint check --new-from-rev origin/main ./...
  otellint check --write-baseline .otellint-baseline.json ./...   # then --baseline .otellint-baseline.json
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
	f.StringVar(&opts.Format, "format", "text", "output format on stdout: "+strings.Join(formats, ", "))
	f.StringArrayVar(&opts.Outputs, "output", nil, "also write the findings to FILE in FORMAT (FORMAT=FILE, repeatable), e.g. sarif=otellint.sarif")
	f.StringVar(&opts.Color, "color", "auto", "colour the text output: auto (on a terminal, unless NO_COLOR is set), always, never")
	f.StringVar(&opts.NewFromRev, "new-from-rev", "", "report only findings on lines changed since this git revision (and in untracked files)")
	f.StringVar(&opts.NewFromPatch, "new-from-patch", "", "report only findings on lines this unified diff (paths relative to the repository root) adds")
	f.StringVar(&opts.Baseline, "baseline", "", "do not report the findings recorded in this file (see --write-baseline)")
	f.StringVar(&opts.WriteBaseline, "write-baseline", "", "record the findings in this file, to pass to --baseline later, and exit 0")
	f.BoolVar(&opts.Fix, "fix", false, "apply the suggested fixes and print what changed")
	f.BoolVar(&opts.Diff, "diff", false, "with --fix: print the fixes as a unified diff and change nothing")
	f.StringSliceVar(&opts.Enable, "enable", nil, "run only these analyzers (comma-separated)")
	f.StringSliceVar(&opts.Disable, "disable", nil, "do not run these analyzers (comma-separated)")
	f.StringVar(&opts.ConfigPath, "config", "", "use this configuration file instead of discovering .otellint.yml")
	f.BoolVar(&opts.NoConfig, "no-config", false, "ignore configuration files")
	f.BoolVar(&opts.Tests, "tests", true, "also analyze test files")
	f.StringSliceVar(&opts.Tags, "tags", nil, "build tags, as for go build -tags (comma-separated)")
	f.BoolVar(&opts.NoCache, "no-cache", false, "neither read nor write the results cache (see otellint cache)")
	f.BoolVar(&opts.Debug, "debug", false, "print what the engine did (packages analysed, cache hits) on stderr")
	f.StringVar(&opts.Engine, "engine", "otellint", "analysis engine: otellint, or checker (the x/tools checker over all packages from source, for comparison)")
	_ = f.MarkHidden("engine")
	f.StringVar(&opts.CPUProfile, "cpuprofile", "", "write a CPU profile of the run to this file")
	f.StringVar(&opts.MemProfile, "memprofile", "", "write a heap profile at the end of the analysis to this file")
	_ = f.MarkHidden("cpuprofile")
	_ = f.MarkHidden("memprofile")
	_ = cmd.RegisterFlagCompletionFunc("enable", completeAnalyzerList)
	_ = cmd.RegisterFlagCompletionFunc("disable", completeAnalyzerList)
	return cmd
}

// selectAnalyzers applies --enable and --disable to the set. Names are
// matched ignoring case.
func selectAnalyzers(set *analyzers.Set, enable, disable []string) ([]*analysis.Analyzer, error) {
	canon := func(names []string) ([]string, error) {
		out := make([]string, len(names))
		for i, n := range names {
			a := lookupAnalyzer(set.Analyzers, n)
			if a == nil {
				return nil, usageErrorf("unknown analyzer %q (known: %s)", n, strings.Join(analyzerNames(), ", "))
			}
			out[i] = a.Name
		}
		return out, nil
	}
	enable, err := canon(enable)
	if err != nil {
		return nil, err
	}
	if disable, err = canon(disable); err != nil {
		return nil, err
	}
	var out []*analysis.Analyzer
	for _, a := range set.Analyzers {
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
	color, err := colorMode(o.Color, s.Out)
	if err != nil {
		return err
	}
	outputs, err := parseOutputs(o.Outputs)
	if err != nil {
		return err
	}
	if o.NewFromRev != "" && o.NewFromPatch != "" {
		return usageErrorf("--new-from-rev and --new-from-patch exclude each other")
	}
	if o.WriteBaseline != "" && (o.Fix || o.Baseline != "") {
		return usageErrorf("--write-baseline records the findings; it goes with neither --fix nor --baseline")
	}
	m := newPathMapper(o.Dir)
	var changed changedLines
	switch {
	case o.NewFromRev != "":
		if changed, err = gitChangedLines(m.cwd, o.NewFromRev); err != nil {
			return usageErrorf("--new-from-rev: %v", err)
		}
	case o.NewFromPatch != "":
		if changed, err = patchChangedLines(o.NewFromPatch, m.root); err != nil {
			return usageErrorf("--new-from-patch: %v", err)
		}
	}
	var base *baseline
	if o.Baseline != "" {
		if base, err = readBaseline(o.Baseline); err != nil {
			return usageErrorf("--baseline: %v", err)
		}
	}
	var src analyzers.Source
	switch {
	case o.NoConfig:
		src.None = true
	case o.ConfigPath != "":
		f, err := driver.ReadConfig(o.ConfigPath)
		if err != nil {
			return usageErrorf("%v", err)
		}
		src.File = f
	}
	set := analyzers.New(src)
	suite, err := selectAnalyzers(set, o.Enable, o.Disable)
	if err != nil {
		return err
	}
	if err := openOutputs(outputs); err != nil {
		return err
	}
	defer discardOutputs(outputs) // a no-op for those written

	if o.CPUProfile != "" {
		f, err := os.Create(o.CPUProfile)
		if err != nil {
			return usageErrorf("--cpuprofile: %v", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return usageErrorf("--cpuprofile: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	var res *analysisResult
	if o.Engine == "checker" {
		res, err = runChecker(o, set, suite)
	} else {
		res, err = runEngine(s, o, set, suite)
	}
	if err != nil {
		return err
	}
	if o.MemProfile != "" {
		if err := writeHeapProfile(o.MemProfile); err != nil {
			return usageErrorf("--memprofile: %v", err)
		}
	}
	for _, m := range res.loadErrors {
		fmt.Fprintln(s.ErrOut, m)
	}
	findings := append(res.findings, lintsuite.UnusedDirectives(set, res.directives, suite)...)
	findings = sortFindings(findings)
	failures := res.failures
	slices.Sort(failures)
	failures = slices.Compact(failures)
	for _, f := range failures {
		fmt.Fprintf(s.ErrOut, "otellint: %s\n", f)
	}
	if res.notAnalysed > 0 {
		fmt.Fprintf(s.ErrOut, "otellint: %d %s not analysed; fix the errors above (go vet shows them) and run again; if only test files fail to build, try --tests=false, or pass their build tags with --tags\n",
			res.notAnalysed, plural(res.notAnalysed, "package was", "packages were"))
	}

	if changed != nil {
		findings = changed.filter(findings)
	}
	if o.WriteBaseline != "" {
		if err := writeBaseline(o.WriteBaseline, findings, m); err != nil {
			return failuref("--write-baseline: %v", err)
		}
		fmt.Fprintf(s.ErrOut, "otellint: recorded %d %s in %s\n", len(findings), plural(len(findings), "finding", "findings"), o.WriteBaseline)
		if len(failures) > 0 {
			return silentExit(ExitFailure)
		}
		return nil
	}
	baselined := 0
	if base != nil {
		findings, baselined = base.filter(findings, m)
	}
	if o.Fix {
		remaining, err := applyFixes(s, o, findings, m)
		if err != nil {
			return failuref("%v", err)
		}
		findings = remaining
	}
	// With --diff, stdout carries only the diff.
	if !o.Diff {
		var err error
		if o.Format == "text" {
			err = writeText(s.Out, findings, m, color)
		} else {
			err = writeFindings(s.Out, o.Format, findings, m, suite)
		}
		if err != nil {
			return failuref("writing output: %v", err)
		}
	}
	for _, out := range outputs {
		err := out.file.commitWith(func(w io.Writer) error { return writeFindings(w, out.format, findings, m, suite) })
		out.file = nil
		if err != nil {
			return failuref("--output %s=%s: %v", out.format, out.path, err)
		}
	}
	fmt.Fprintf(s.ErrOut, "otellint: %s\n", summaryLine(findings, countPackages(res.packages)))
	if baselined > 0 {
		fmt.Fprintf(s.ErrOut, "otellint: %d more %s recorded in %s not shown\n", baselined, plural(baselined, "finding", "findings"), o.Baseline)
	}
	switch {
	case len(failures) > 0:
		return silentExit(ExitFailure)
	case len(findings) > 0:
		return silentExit(ExitFindings)
	}
	return nil
}

// analysisResult is what an engine hands back to check.
type analysisResult struct {
	findings    []Finding
	directives  []engine.DirectiveUse
	failures    []string // packages that could not be analysed, analyzers that failed
	loadErrors  []string // what the go command and the compiler said
	notAnalysed int
	packages    []string // import paths of the packages analysed
}

// runEngine analyses with otellint's engine: dependencies from export
// data, results cached between runs.
func runEngine(s *streams, o *checkOptions, set *analyzers.Set, suite []*analysis.Analyzer) (*analysisResult, error) {
	if os.Getenv("GOGC") == "" {
		// Analysis allocates much and keeps little: collecting half as
		// often saves a tenth of the CPU for a third more memory.
		defer debug.SetGCPercent(debug.SetGCPercent(200))
	}
	opts := lintsuite.EngineOptions(set, suite)
	opts.Dir, opts.Patterns, opts.Tests, opts.BuildFlags = o.Dir, o.Patterns, o.Tests, buildFlags(o)
	if !o.NoCache {
		opts.Cache = openCache(s)
	}
	if o.Debug {
		var mu sync.Mutex
		opts.Log = func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(s.ErrOut, "otellint: "+format+"\n", args...)
		}
	}
	l, err := engine.List(opts)
	if err != nil {
		return nil, failuref("loading packages: %v", err)
	}
	dirs := l.Dirs()
	if len(dirs) == 0 && len(l.Errors()) == 0 {
		return nil, failuref("no packages match %s", strings.Join(o.Patterns, " "))
	}
	// A configuration error is a usage error, not an analyzer failure:
	// surface it before analysis, with its file:line.
	for _, d := range dirs {
		if _, err := set.FindConfig(d); err != nil {
			return nil, usageErrorf("%v", err)
		}
	}
	r := l.Analyze(context.Background())
	if o.Debug {
		fmt.Fprintf(s.ErrOut, "otellint: engine: %d packages listed, %d analysed, %d from the cache, %d export data files read\n",
			r.Stats.Listed, r.Stats.Analysed, r.Stats.CacheHits, r.Stats.ExportReads)
	}
	res := &analysisResult{loadErrors: r.Errors}
	for _, p := range r.Packages {
		if !p.NotAnalysed {
			res.packages = append(res.packages, p.PkgPath)
		}
		res.findings = append(res.findings, p.Findings...)
		res.directives = append(res.directives, p.Directives...)
		if p.Failure != "" {
			res.failures = append(res.failures, fmt.Sprintf("%s: %s", p.ID, p.Failure))
			if p.NotAnalysed {
				res.notAnalysed++
			}
		}
	}
	return res, nil
}

func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func buildFlags(o *checkOptions) []string {
	if len(o.Tags) == 0 {
		return nil
	}
	return []string{"-tags=" + strings.Join(o.Tags, ",")}
}

// runChecker analyses with the x/tools checker over packages loaded from
// source, dependencies included: the reference the engine is tested
// against (--engine=checker).
func runChecker(o *checkOptions, set *analyzers.Set, suite []*analysis.Analyzer) (*analysisResult, error) {
	cfg := &packages.Config{
		Mode:       packages.LoadAllSyntax | packages.NeedModule,
		Tests:      o.Tests,
		Dir:        o.Dir,
		BuildFlags: buildFlags(o),
	}
	pkgs, err := packages.Load(cfg, o.Patterns...)
	if err != nil {
		return nil, failuref("loading packages: %v", err)
	}
	if len(pkgs) == 0 {
		return nil, failuref("no packages match %s", strings.Join(o.Patterns, " "))
	}
	var msgs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			msgs = append(msgs, e.Error())
		}
	})
	if len(msgs) > 0 {
		slices.Sort(msgs)
		return &analysisResult{loadErrors: slices.Compact(msgs), failures: []string{"packages failed to load"}}, nil
	}
	for _, p := range pkgs {
		if len(p.GoFiles) == 0 {
			continue
		}
		if _, err := set.FindConfig(filepath.Dir(p.GoFiles[0])); err != nil {
			return nil, usageErrorf("%v", err)
		}
	}
	graph, err := checker.Analyze(suite, pkgs, &checker.Options{})
	if err != nil {
		return nil, failuref("%v", err)
	}
	res := &analysisResult{}
	for _, p := range pkgs {
		res.packages = append(res.packages, p.PkgPath)
	}
	for _, act := range graph.Roots {
		if act.Err != nil {
			res.failures = append(res.failures, fmt.Sprintf("analyzer %s failed on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err))
			continue
		}
		for _, d := range act.Diagnostics {
			res.findings = append(res.findings, engine.NewFinding(act.Package.Fset, act.Analyzer.Name, d))
		}
	}
	for act := range graph.All() {
		if act.Analyzer == driver.DirectiveAnalyzer && act.Err == nil {
			res.directives = append(res.directives, lintsuite.DirectiveUses(act.Package.Fset, act.Result, suite)...)
		}
	}
	return res, nil
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
