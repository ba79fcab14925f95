// Package config reads .otellint.yml and hands the settings that apply to a
// package to every analyzer through an analyzer of its own (the approach of
// staticcheck's config package), so the file means the same thing under
// `otellint check`, `go vet -vettool` and the golangci-lint plugin.
//
// The file:
//
//	enable: [spanend, spanerror]   # run only these (default: all)
//	disable: [highcard]            # never run these
//	exclude: ["gen/**", "**/*.pb.go"] # no findings in these files (relative to the file's directory)
//	settings:
//	  simpleprocessor:
//	    allow: ["**/examples/**"]
package config

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"gopkg.in/yaml.v3"

	"github.com/otellint/otellint/analyzers/internal/glob"
)

// FileNames are the names searched for, in order, in each directory.
var FileNames = []string{".otellint.yml", ".otellint.yaml"}

// File is a parsed configuration file.
type File struct {
	Path     string                // where it was read from; "" for the built-in default
	Dir      string                // directory that relative exclude globs are anchored at
	Enable   []string              // if non-empty, only these analyzers run
	Disable  []string              // these analyzers never run
	Exclude  []string              // globs of files whose findings are dropped
	Settings map[string]*yaml.Node // per-analyzer option blocks, decoded by the analyzer
	Digest   [32]byte              // SHA-256 of the file's contents, for caches keyed on configuration
}

// Enabled reports whether the named analyzer runs under this configuration.
func (f *File) Enabled(name string) bool {
	if f == nil {
		return true
	}
	if len(f.Enable) > 0 && !slices.Contains(f.Enable, name) {
		return false
	}
	return !slices.Contains(f.Disable, name)
}

// Excluded reports whether findings in the file at path are dropped.
func (f *File) Excluded(path string) bool {
	if f == nil || len(f.Exclude) == 0 {
		return false
	}
	rel := path
	if f.Dir != "" {
		if r, err := filepath.Rel(f.Dir, path); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
	}
	return glob.Any(f.Exclude, filepath.ToSlash(rel))
}

// Position formats a node's position in the file for error messages.
func (f *File) Position(n *yaml.Node) string {
	name := f.Path
	if name == "" {
		name = "config"
	}
	return fmt.Sprintf("%s:%d:%d", name, n.Line, n.Column)
}

// A SettingsValidator decodes an analyzer's settings block and returns an
// error naming file:line when it does not fit the analyzer's options.
type SettingsValidator func(f *File, n *yaml.Node) error

var (
	knownMu sync.RWMutex
	known   = map[string]SettingsValidator{}
)

// Register records an analyzer name and the validator of its settings block,
// so that unknown names and bad options are errors when a file is read.
func Register(name string, v SettingsValidator) {
	knownMu.Lock()
	known[name] = v
	knownMu.Unlock()
}

// Known returns the registered analyzer names, sorted.
func Known() []string {
	knownMu.RLock()
	defer knownMu.RUnlock()
	names := make([]string, 0, len(known))
	for n := range known {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func validator(name string) (SettingsValidator, bool) {
	knownMu.RLock()
	defer knownMu.RUnlock()
	v, ok := known[name]
	return v, ok
}

// Parse reads a configuration from data; path names it in errors and anchors
// relative exclude globs at its directory.
func Parse(path string, data []byte) (*File, error) {
	f := &File{Path: path, Settings: map[string]*yaml.Node{}, Digest: sha256.Sum256(data)}
	if path != "" {
		if abs, err := filepath.Abs(path); err == nil {
			f.Dir = filepath.Dir(abs)
		}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return f, nil // empty file: defaults
		}
		return nil, fmt.Errorf("%s: %v", orName(path), err)
	}
	if len(doc.Content) == 0 {
		return f, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: the configuration must be a mapping with keys enable, disable, exclude, settings", f.Position(root))
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var err error
		switch k.Value {
		case "enable":
			f.Enable, err = f.names(v)
		case "disable":
			f.Disable, err = f.names(v)
		case "exclude":
			f.Exclude, err = f.strings(v)
			for _, p := range f.Exclude {
				if err == nil {
					if gerr := glob.Validate(p); gerr != nil {
						err = fmt.Errorf("%s: %v", f.Position(v), gerr)
					}
				}
			}
		case "settings":
			err = f.settings(v)
		default:
			err = fmt.Errorf("%s: unknown key %q (want enable, disable, exclude or settings)", f.Position(k), k.Value)
		}
		if err != nil {
			return nil, err
		}
	}
	return f, nil
}

func orName(path string) string {
	if path == "" {
		return "config"
	}
	return path
}

func (f *File) strings(n *yaml.Node) ([]string, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s: want a list of strings", f.Position(n))
	}
	out := make([]string, 0, len(n.Content))
	for _, e := range n.Content {
		if e.Kind != yaml.ScalarNode || e.Tag != "!!str" {
			return nil, fmt.Errorf("%s: want a string", f.Position(e))
		}
		out = append(out, e.Value)
	}
	return out, nil
}

func (f *File) names(n *yaml.Node) ([]string, error) {
	list, err := f.strings(n)
	if err != nil {
		return nil, err
	}
	for i, name := range list {
		if _, ok := validator(name); !ok {
			return nil, fmt.Errorf("%s: unknown analyzer %q (known: %s)", f.Position(n.Content[i]), name, strings.Join(Known(), ", "))
		}
	}
	return list, nil
}

func (f *File) settings(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("%s: settings must map analyzer names to their options", f.Position(n))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		val, ok := validator(k.Value)
		if !ok {
			return fmt.Errorf("%s: unknown analyzer %q in settings (known: %s)", f.Position(k), k.Value, strings.Join(Known(), ", "))
		}
		if val != nil {
			if err := val(f, v); err != nil {
				return err
			}
		}
		f.Settings[k.Value] = v
	}
	return nil
}

// ReadFile reads and parses the configuration file at path.
func ReadFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Source says where the configuration of the packages comes from.
type Source struct {
	// File, when set, is the configuration of every package (--config,
	// the golangci-lint settings block), replacing discovery.
	File *File
	// None makes every package use the defaults (--no-config).
	None bool
}

// A Finder finds the configuration of packages from one Source,
// remembering what it read. Two finders share nothing, so one process can
// serve several workspaces with configurations of their own.
type Finder struct {
	src   Source
	cache sync.Map // dir -> cached
}

// NewFinder returns a finder for src.
func NewFinder(src Source) *Finder { return &Finder{src: src} }

type cached struct {
	f   *File
	err error
}

// Find returns the configuration for a package in dir: the nearest
// .otellint.yml walking up from dir, stopping after the directory that holds
// go.mod, or a default (empty) File when there is none.
func (fd *Finder) Find(dir string) (*File, error) {
	if fd.src.File != nil {
		return fd.src.File, nil
	}
	if fd.src.None {
		return &File{}, nil
	}
	if c, ok := fd.cache.Load(dir); ok {
		return c.(cached).f, c.(cached).err
	}
	f, err := discover(dir)
	fd.cache.Store(dir, cached{f, err})
	return f, err
}

func discover(dir string) (*File, error) {
	d := dir
	for {
		for _, name := range FileNames {
			p := filepath.Join(d, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return ReadFile(p)
			}
		}
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return &File{Dir: d}, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return &File{}, nil
		}
		d = parent
	}
}

// Result is what the configuration analyzer hands to every otellint
// analyzer.
type Result struct {
	File *File
	Err  error // the configuration could not be read; analyzers fail with it
}

// NewAnalyzer returns an analyzer that finds the configuration of the
// package under analysis with fd.
func NewAnalyzer(fd *Finder) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       "otellintconfig",
		Doc:        "finds the .otellint.yml that applies to the package; produces no diagnostics",
		Run:        func(pass *analysis.Pass) (any, error) { return run(fd, pass), nil },
		ResultType: reflect.TypeFor[*Result](),
	}
}

func run(fd *Finder, pass *analysis.Pass) *Result {
	dir := ""
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if strings.HasSuffix(name, ".go") {
			dir = filepath.Dir(name)
			break
		}
	}
	if dir == "" {
		f, err := fd.Find(".")
		return &Result{File: f, Err: err}
	}
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	f, err := fd.Find(dir)
	return &Result{File: f, Err: err}
}
