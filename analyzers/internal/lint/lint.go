// Package lint builds otellint analyzers with the behaviour every one of
// them shares, whichever driver runs it (otellint check, go vet -vettool,
// go fix -fixtool, golangci-lint): the .otellint.yml enable/disable lists,
// exclude globs and per-analyzer settings, options as Analyzer.Flags,
// //otellint:ignore directives, no findings in generated files, and at most
// one SuggestedFix per diagnostic.
package lint

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"gopkg.in/yaml.v3"

	"github.com/otellint/otellint/analyzers/internal/config"
	"github.com/otellint/otellint/analyzers/internal/directive"
)

// URLBase is where each analyzer's documentation lives; the analyzer name is appended.
const URLBase = "https://github.com/otellint/otellint/blob/main/analyzers/"

// A Suite is a set of analyzers that take their configuration from one
// config.Source. The analyzers of two suites share no state, so one
// process can analyse several workspaces with configurations of their own.
type Suite struct {
	finder *config.Finder
	config *analysis.Analyzer
}

// NewSuite returns a suite that reads its configuration from src.
func NewSuite(src config.Source) *Suite {
	fd := config.NewFinder(src)
	return &Suite{finder: fd, config: config.NewAnalyzer(fd)}
}

// Default discovers .otellint.yml for each package: the suite of the
// analyzers' package-level Analyzer variables, which go vet runs.
var Default = NewSuite(config.Source{})

// Find returns the configuration the suite's analyzers use in dir.
func (s *Suite) Find(dir string) (*config.File, error) { return s.finder.Find(dir) }

// Config is the suite's configuration analyzer.
func (s *Suite) Config() *analysis.Analyzer { return s.config }

// Spec describes an analyzer. O is its options struct (see options.go).
type Spec[O any] struct {
	Name       string
	Doc        string // from ExtractDoc
	Requires   []*analysis.Analyzer
	FactTypes  []analysis.Fact
	ResultType reflect.Type
	Options    O // the defaults
	Run        func(pass *analysis.Pass, opts *O) (any, error)
}

// A Builder builds an analyzer for a suite; every Spec is one.
type Builder interface {
	Build(s *Suite) *analysis.Analyzer
}

// New returns the analyzer for spec in the Default suite.
func New[O any](spec Spec[O]) *analysis.Analyzer { return spec.Build(Default) }

// Build returns a new analyzer for spec, configured by suite s.
func (spec Spec[O]) Build(s *Suite) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:       spec.Name,
		Doc:        spec.Doc,
		URL:        URLBase + spec.Name,
		Requires:   append([]*analysis.Analyzer{s.config, directive.Analyzer}, spec.Requires...),
		FactTypes:  spec.FactTypes,
		ResultType: spec.ResultType,
	}
	bindFlags(&a.Flags, reflect.ValueOf(spec.Options))
	config.Register(spec.Name, func(f *config.File, n *yaml.Node) error {
		opts := cloneOptions(spec.Options)
		return validateSettings(f, n, reflect.ValueOf(&opts).Elem())
	})
	a.Run = func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[s.config].(*config.Result)
		if res.Err != nil {
			return nil, res.Err
		}
		file := res.File
		if !file.Enabled(spec.Name) {
			return zeroResult(spec.ResultType), nil
		}
		opts, err := resolveOptions(a, file, spec.Options)
		if err != nil {
			return nil, err
		}
		p := *pass
		p.Report = reporter(pass, spec.Name, file, pass.ResultOf[directive.Analyzer].(*directive.Usage))
		return spec.Run(&p, &opts)
	}
	return a
}

func zeroResult(t reflect.Type) any {
	if t == nil {
		return nil
	}
	return reflect.Zero(t).Interface()
}

// cloneOptions copies the defaults so that decoding settings for one
// package never changes them for another (passes run concurrently).
func cloneOptions[O any](o O) O {
	v := reflect.ValueOf(&o).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if f.Kind() == reflect.Slice && !f.IsNil() && f.CanSet() {
			c := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
			reflect.Copy(c, f)
			f.Set(c)
		}
	}
	return o
}

// resolveOptions applies, in order: defaults, the config file's settings
// block, and flags set explicitly on the command line.
func resolveOptions[O any](a *analysis.Analyzer, file *config.File, defaults O) (O, error) {
	opts := cloneOptions(defaults)
	v := reflect.ValueOf(&opts).Elem()
	if n := file.Settings[a.Name]; n != nil {
		if err := validateSettings(file, n, v); err != nil {
			return opts, err
		}
	}
	var ferr error
	fields := optionFields(v.Type())
	// VisitAll, not Visit: drivers such as unitchecker register our flag
	// values on their own FlagSet, so a.Flags never learns they were set;
	// the value itself knows.
	a.Flags.VisitAll(func(fl *flag.Flag) {
		if of, ok := fl.Value.(*optFlag); !ok || !of.set {
			return
		}
		for _, f := range fields {
			if f.name == fl.Name {
				if err := setValue(v.Field(f.index), fl.Value.String()); err != nil && ferr == nil {
					ferr = fmt.Errorf("-%s.%s: %v", a.Name, fl.Name, err)
				}
			}
		}
	})
	return opts, ferr
}

// reporter wraps pass.Report with exclusion, generated-file and directive
// filtering, and reports malformed directives.
func reporter(pass *analysis.Pass, name string, file *config.File, usage *directive.Usage) func(analysis.Diagnostic) {
	type fileInfo struct {
		excluded  bool
		generated bool
		dirs      []*directive.Directive
	}
	files := map[*token.File]*fileInfo{}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil {
			continue
		}
		info := &fileInfo{
			excluded:  file.Excluded(tf.Name()),
			generated: ast.IsGenerated(f),
			dirs:      usage.In(tf.Name()),
		}
		files[tf] = info
		for _, d := range info.dirs {
			if reportsMalformed(d, name, file) {
				if msg := malformed(d); msg != "" {
					pass.Report(analysis.Diagnostic{Pos: d.Pos, Message: msg})
				}
			}
		}
	}
	return func(d analysis.Diagnostic) {
		tf := pass.Fset.File(d.Pos)
		if info := files[tf]; info != nil {
			if info.excluded || info.generated {
				return
			}
			line := tf.Line(d.Pos)
			for _, dir := range info.dirs {
				if dir.Suppresses(name, line) {
					usage.MarkUsed(dir, name)
					return
				}
			}
		}
		if len(d.SuggestedFixes) > 1 {
			// golangci-lint applies every fix it is given; offer only the safe one.
			d.SuggestedFixes = d.SuggestedFixes[:1]
		}
		pass.Report(d)
	}
}

// reportsMalformed picks one analyzer to report a bad directive, so that a
// directive naming several analyzers is reported once: the first named
// analyzer that is known and enabled.
func reportsMalformed(d *directive.Directive, name string, file *config.File) bool {
	known := config.Known()
	for _, n := range d.Names {
		cands := []string{n}
		if n == "all" {
			cands = known
		}
		for _, c := range cands {
			if isKnown(known, c) && file.Enabled(c) {
				return c == name
			}
		}
	}
	// No known, enabled analyzer is named: the first known, enabled one
	// reports it (the first known one may be disabled).
	for _, k := range known {
		if file.Enabled(k) {
			return k == name
		}
	}
	return false
}

func isKnown(known []string, n string) bool {
	for _, k := range known {
		if k == n {
			return true
		}
	}
	return false
}

func malformed(d *directive.Directive) string {
	kind := "//otellint:ignore"
	if d.FileWide {
		kind = "//otellint:file-ignore"
	}
	if len(d.Names) == 0 {
		return fmt.Sprintf("%s directive names no analyzer; write %s NAME[,NAME] reason", kind, kind)
	}
	known := config.Known()
	for _, n := range d.Names {
		if n != "all" && !isKnown(known, n) {
			return fmt.Sprintf("%s directive names unknown analyzer %q (known: %s)", kind, n, strings.Join(known, ", "))
		}
	}
	if d.Reason == "" {
		return fmt.Sprintf("%s directive has no reason; say why the finding does not apply, e.g. %s %s <reason>", kind, kind, strings.Join(d.Names, ","))
	}
	return ""
}

// RelPath returns filename relative to the directory of the package's
// configuration (the module root when there is no file), slash-separated;
// allow and exclude globs are matched against it.
func RelPath(pass *analysis.Pass, filename string) string {
	if res := configOf(pass); res != nil && res.File != nil && res.File.Dir != "" {
		if r, err := filepath.Rel(res.File.Dir, filename); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	return filepath.ToSlash(filename)
}

// IsTestFile reports whether the file containing pos is a _test.go file.
func IsTestFile(pass *analysis.Pass, pos token.Pos) bool {
	f := pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// configOf returns the configuration result among the pass's inputs.
func configOf(pass *analysis.Pass) *config.Result {
	for _, r := range pass.ResultOf {
		if res, ok := r.(*config.Result); ok {
			return res
		}
	}
	return nil
}
