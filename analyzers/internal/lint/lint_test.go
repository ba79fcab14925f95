package lint_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers/internal/config"
	"github.com/otellint/otellint/analyzers/internal/lint"
)

type testOptions struct {
	Names []string `yaml:"names" help:"names"`
	Limit int      `yaml:"limit" help:"limit"`
	Loud  bool     `yaml:"loud" help:"loud"`
}

var seen []testOptions

var testAnalyzer = lint.New(lint.Spec[testOptions]{
	Name:    "linttest",
	Doc:     "linttest: test analyzer\n\nbody",
	Options: testOptions{Names: []string{"a"}, Limit: 3},
	Run: func(pass *analysis.Pass, o *testOptions) (any, error) {
		seen = append(seen, *o)
		return nil, nil
	},
})

func TestParseErrorsNameFileAndLine(t *testing.T) {
	_ = testAnalyzer
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"unknown top key", "enable: [linttest]\nenabel: [x]\n", `cfg.yml:2:1: unknown key "enabel"`},
		{"unknown analyzer", "disable:\n  - linttest\n  - nosuch\n", `cfg.yml:3:5: unknown analyzer "nosuch"`},
		{"list expected", "enable: linttest\n", `cfg.yml:1:9: want a list of strings`},
		{"unknown option", "settings:\n  linttest:\n    limt: 3\n", `cfg.yml:3:5: unknown option "limt" (options: names, limit, loud)`},
		{"wrong option type", "settings:\n  linttest:\n    limit: lots\n", `cfg.yml:3:12: option "limit": want an integer, got the string "lots"`},
		{"wrong list type", "settings:\n  linttest:\n    names: x\n", `cfg.yml:3:12: option "names": want a list of strings`},
		{"settings for unknown analyzer", "settings:\n  nosuch: {}\n", `cfg.yml:2:3: unknown analyzer "nosuch" in settings`},
		{"bad glob", "exclude: ['a/[b']\n", `cfg.yml:1:10: bad glob`},
		{"not a mapping", "- a\n", `cfg.yml:1:1: the configuration must be a mapping`},
		{"bad yaml", "enable: [\n", `cfg.yml: yaml:`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Parse("cfg.yml", []byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(%q) error = %v, want one containing %q", tc.yaml, err, tc.want)
			}
		})
	}
}

func TestParseValid(t *testing.T) {
	f, err := config.Parse("", []byte("enable: [linttest]\ndisable: []\nexclude: ['gen/**']\nsettings:\n  linttest:\n    limit: 7\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !f.Enabled("linttest") || f.Enabled("other") {
		t.Errorf("Enabled: linttest=%v other=%v, want true false", f.Enabled("linttest"), f.Enabled("other"))
	}
	if !f.Excluded("gen/x/y.go") || f.Excluded("src/y.go") {
		t.Error("exclude glob gen/** not applied")
	}
	empty, err := config.Parse("", nil)
	if err != nil || !empty.Enabled("linttest") {
		t.Errorf("empty config: %v, enabled=%v", err, empty.Enabled("linttest"))
	}
}

// Discovery walks up from the package directory and stops at the module root.
func TestDiscover(t *testing.T) {
	root := t.TempDir()
	mod := filepath.Join(root, "mod")
	pkg := filepath.Join(mod, "a", "b")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, data string) {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(mod, "go.mod"), "module m\n")
	// Above the module root: must not be found.
	write(filepath.Join(root, ".otellint.yml"), "disable: [linttest]\n")
	f, err := config.NewFinder(config.Source{}).Find(pkg)
	if err != nil || !f.Enabled("linttest") {
		t.Fatalf("config above the module root was used: %v %v", f, err)
	}
	write(filepath.Join(mod, "a", ".otellint.yml"), "disable: [linttest]\n")
	f, err = config.NewFinder(config.Source{}).Find(pkg)
	if err != nil || f.Enabled("linttest") {
		t.Fatalf("config in a parent directory was not found: %v", err)
	}
	if f.Path != filepath.Join(mod, "a", ".otellint.yml") {
		t.Errorf("Path = %q", f.Path)
	}
	write(filepath.Join(mod, "a", ".otellint.yml"), "disable: [nosuch]\n")
	fd := config.NewFinder(config.Source{})
	if _, err := fd.Find(pkg); err == nil || !strings.Contains(err.Error(), ".otellint.yml:1:11") {
		t.Errorf("bad discovered config: error %v, want file:line", err)
	}
	// A finder remembers what it read; a new one reads again.
	write(filepath.Join(mod, "a", ".otellint.yml"), "disable: [linttest]\n")
	if _, err := fd.Find(pkg); err == nil {
		t.Error("the finder did not remember the directory's configuration")
	}
	if _, err := config.NewFinder(config.Source{}).Find(pkg); err != nil {
		t.Errorf("a new finder read a stale configuration: %v", err)
	}
	// An explicit file, and no configuration, replace discovery.
	one := &config.File{Disable: []string{"x"}}
	if f, _ := config.NewFinder(config.Source{File: one}).Find(pkg); f != one {
		t.Error("Source.File did not replace discovery")
	}
	if f, _ := config.NewFinder(config.Source{None: true}).Find(pkg); !f.Enabled("linttest") || f.Path != "" {
		t.Error("Source.None did not give the defaults")
	}
}

// Options resolve as defaults, then the settings block, then flags set on
// the command line.
func TestOptionPrecedence(t *testing.T) {
	f, err := config.Parse("", []byte("settings:\n  linttest:\n    limit: 7\n    names: [x, y]\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := lint.ResolveOptionsForTest(testAnalyzer, f, testOptions{Names: []string{"a"}, Limit: 3})
	if diff := cmp.Diff(testOptions{Names: []string{"x", "y"}, Limit: 7}, got); diff != "" {
		t.Errorf("settings block not applied (-want +got):\n%s", diff)
	}
	t.Cleanup(func() { lint.UnsetFlagsForTest(testAnalyzer) })
	if err := testAnalyzer.Flags.Set("loud", "true"); err != nil {
		t.Fatal(err)
	}
	if err := testAnalyzer.Flags.Set("limit", "9"); err != nil {
		t.Fatal(err)
	}
	got = lint.ResolveOptionsForTest(testAnalyzer, f, testOptions{Names: []string{"a"}, Limit: 3})
	if diff := cmp.Diff(testOptions{Names: []string{"x", "y"}, Limit: 9, Loud: true}, got); diff != "" {
		t.Errorf("flags must win over the file (-want +got):\n%s", diff)
	}
	if err := testAnalyzer.Flags.Set("limit", "many"); err == nil {
		t.Error("a non-integer -linttest.limit was accepted")
	}
}

func TestDocHelpers(t *testing.T) {
	if got := lint.Summary("spanend: spans never ended\n\nmore"); got != "spans never ended" {
		t.Errorf("Summary = %q", got)
	}
	if got := lint.Body("spanend: x\n\nmore text"); got != "more text" {
		t.Errorf("Body = %q", got)
	}
	doc := lint.ExtractDoc("// Package p is p.\n//\n// # Analyzer p\n//\n// p: does p\n//\n// Details.\npackage p\n", "p")
	if doc != "p: does p\n\nDetails." {
		t.Errorf("ExtractDoc = %q", doc)
	}
}
