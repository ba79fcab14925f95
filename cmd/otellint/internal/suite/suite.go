// Package suite is what otellint check and the editor server share around
// the engine: the engine options for an analyzer set (cache key, directive
// bookkeeping), the identity of the binary, the results cache, and the
// report of directives that suppressed nothing.
package suite

import (
	"crypto/sha256"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/analyzers/driver"
	"github.com/otellint/otellint/cmd/otellint/internal/engine"
)

// DirectiveRule is the pseudo-rule of findings about directives.
const DirectiveRule = "otellint"

// EngineOptions returns the engine options that run the analyzers of suite
// (a selection from set) with set's configuration.
func EngineOptions(set *analyzers.Set, suite []*analysis.Analyzer) engine.Options {
	return engine.Options{
		Analyzers: suite,
		Salt:      ToolID(),
		DirKey:    func(dir string) ([]byte, error) { return configKey(set, dir) },
		Directives: func(fset *token.FileSet, result func(*analysis.Analyzer) any) []engine.DirectiveUse {
			u, _ := result(driver.DirectiveAnalyzer).(*driver.DirectiveUsage)
			return directiveUses(fset, u, suite)
		},
	}
}

// configKey identifies the configuration of the packages in dir, for the
// cache: the file that applies (or none) and its contents.
func configKey(set *analyzers.Set, dir string) ([]byte, error) {
	f, err := set.FindConfig(dir)
	if err != nil {
		return nil, err
	}
	return fmt.Appendf(nil, "%s\x00%s\x00%x", f.Path, f.Dir, f.Digest), nil
}

// directiveUses lists the directives of an analysed package with the
// analyzers of the suite whose findings each suppressed.
func directiveUses(fset *token.FileSet, u *driver.DirectiveUsage, suite []*analysis.Analyzer) []engine.DirectiveUse {
	if u == nil {
		return nil
	}
	var out []engine.DirectiveUse
	for _, d := range u.All() {
		du := engine.DirectiveUse{Pos: fset.Position(d.Pos), Names: d.Names, Reason: d.Reason, FileWide: d.FileWide}
		for _, a := range suite {
			if u.Used(d, a.Name) {
				du.UsedBy = append(du.UsedBy, a.Name)
			}
		}
		out = append(out, du)
	}
	return out
}

// DirectiveUses lists the directives the x/tools checker's run recorded in
// the result of driver.DirectiveAnalyzer for a package.
func DirectiveUses(fset *token.FileSet, result any, suite []*analysis.Analyzer) []engine.DirectiveUse {
	u, _ := result.(*driver.DirectiveUsage)
	return directiveUses(fset, u, suite)
}

// UnusedDirectives reports //otellint:ignore directives in the analyzed
// files that suppressed nothing for any analyzer of suite that ran on them.
func UnusedDirectives(set *analyzers.Set, uses []engine.DirectiveUse, suite []*analysis.Analyzer) []engine.Finding {
	enabled := map[string]bool{}
	for _, a := range suite {
		enabled[a.Name] = true
	}
	// A file analysed in several packages (a package and its test variant)
	// has each directive several times: it is used if any use says so.
	type at struct {
		file string
		line int
	}
	merged := map[at]*engine.DirectiveUse{}
	var order []at
	for i := range uses {
		u := &uses[i]
		k := at{u.Pos.Filename, u.Pos.Line}
		if m, ok := merged[k]; ok {
			m.UsedBy = append(m.UsedBy, u.UsedBy...)
			continue
		}
		c := *u
		c.UsedBy = slices.Clone(u.UsedBy)
		merged[k] = &c
		order = append(order, k)
	}
	var out []engine.Finding
	for _, k := range order {
		d := merged[k]
		if len(d.Names) == 0 || d.Reason == "" {
			continue // malformed: the analyzers report those
		}
		cfg, err := set.FindConfig(filepath.Dir(d.Pos.Filename))
		if err != nil || cfg.Excluded(d.Pos.Filename) {
			continue
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
					used = used || slices.Contains(d.UsedBy, c)
				}
			}
		}
		if ran && !used {
			out = append(out, engine.Finding{
				Analyzer: DirectiveRule,
				Severity: "warning",
				Pos:      d.Pos,
				End:      d.Pos,
				Message:  fmt.Sprintf("this //otellint:ignore directive for %s suppressed nothing; remove it", strings.Join(d.Names, ",")),
			})
		}
	}
	return out
}

// ToolID identifies this build of otellint for the cache: the digest of the
// executable, so that a rebuilt analyzer never reads results of the old one.
var ToolID = sync.OnceValue(func() []byte {
	exe, err := os.Executable()
	if err == nil {
		var f *os.File
		if f, err = os.Open(exe); err == nil {
			defer f.Close()
			h := sha256.New()
			if _, err = io.Copy(h, f); err == nil {
				return h.Sum(nil)
			}
		}
	}
	// Without it no key would be safe: a random salt makes every run a miss.
	return fmt.Appendf(nil, "no executable digest (%v) %d", err, os.Getpid())
})

// OpenCache opens the results cache: nil and no error when it is off
// (OTELLINT_CACHE=off), nil and an error saying why when it cannot be used.
func OpenCache() (*engine.Cache, error) {
	dir, err := engine.DefaultCacheDir()
	if err != nil || dir == "" {
		return nil, err
	}
	return engine.OpenCache(dir)
}
