// Package engine runs otellint's analyzers over the packages the go command
// lists, the way `go vet` would but in one process and with a cache:
//
//   - Only the packages whose results or facts can matter are analysed
//     from source: the packages asked for, the other packages of the main
//     module(s), and the dependencies that import OpenTelemetry (where the
//     facts about span helpers, wrappers and instrumentation come from).
//     Every other package is known only by its export data, which the go
//     command keeps in its build cache.
//   - Each analysed package is parsed, type-checked and analysed on its own,
//     its dependencies' types coming from export data, and then dropped:
//     what outlives it is its findings and its facts (by objectpath), so
//     memory does not grow with the size of the module.
//   - Per-package results are cached (see Cache) under a key made of
//     everything they depend on, so a run with nothing changed parses
//     nothing, and an edit re-analyses only what it can affect.
package engine

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// Options says what to analyse and how.
type Options struct {
	Dir        string            // where to run the go command
	Patterns   []string          // package patterns (default ./...)
	Tests      bool              // also analyse test variants
	BuildFlags []string          // for the go command, e.g. -tags=integration
	Env        []string          // nil: the process environment
	Overlay    map[string][]byte // unsaved file contents, by absolute path

	// Analyzers is the suite: its diagnostics are reported. What they
	// require runs too.
	Analyzers []*analysis.Analyzer

	// Cache keeps per-package results between runs; nil runs without.
	Cache *Cache
	// Salt is everything else the results depend on (flags, the
	// configuration mode); it goes into every cache key.
	Salt []byte
	// DirKey returns what, besides the sources, decides the results of a
	// package in dir (its configuration file), for the cache key.
	DirKey func(dir string) ([]byte, error)
	// Directives returns the suppression directives of an analysed package
	// and, for each, the analyzers whose findings it suppressed; result
	// gives the result of any analyzer that ran on the package.
	Directives func(fset *token.FileSet, result func(*analysis.Analyzer) any) []DirectiveUse

	// Workers is how many packages are analysed at once (default GOMAXPROCS).
	Workers int
	// Log, if set, is told of each package analysed from source.
	Log func(format string, args ...any)
	// Progress, if set, is told how many of the packages to analyse are
	// done, after each one.
	Progress func(done, total int)
}

// Result is the outcome of a run.
type Result struct {
	Packages []*Package // the packages asked for, test variants included
	Errors   []string   // go command and compile errors, de-duplicated
	Stats    Stats
}

// Package is what the run found in one package asked for.
type Package struct {
	ID         string
	PkgPath    string
	Files      []string // the Go files analysed
	Findings   []Finding
	Directives []DirectiveUse
	// Failure says why the package could not be analysed (it or a
	// dependency does not compile; NotAnalysed is then set), or which
	// analyzers failed on it.
	Failure     string
	NotAnalysed bool
}

// Stats counts what a run did, for the tests and for --debug output.
type Stats struct {
	Listed      int // packages the go command listed, dependencies included
	Analysed    int // packages analysed from source
	CacheHits   int // packages whose results came from the cache
	ExportReads int // export data files read
}

type node struct {
	lp       *packages.Package
	root     bool
	analysed bool

	// scheduling
	deps    []*node // nearest analysed dependencies
	rdeps   []*node
	pending atomic.Int32

	// results
	key   []byte
	rec   *record
	facts *packageFacts
}

type engine struct {
	opts  Options
	fset  *token.FileSet
	u     *universe
	nodes map[string]*node
	suite map[*analysis.Analyzer]bool
	names []string

	hits, analysed atomic.Int32

	closureMu sync.Mutex
	closures  map[string][]string

	digestMu sync.Mutex
	digests  map[string][]byte

	ctx       context.Context
	byFile    map[string][]*node // analysed packages by the files they compile
	overlayMu sync.Mutex
	overlay   map[string][]byte
}

// Run lists the packages, analyses what needs analysing, and returns the
// results of the packages asked for.
func Run(opts Options) (*Result, error) {
	l, err := List(opts)
	if err != nil {
		return nil, err
	}
	return l.Analyze(context.Background()), nil
}

// Listing is the package graph of a run, before any analysis.
type Listing struct {
	e     *engine
	roots []*packages.Package
	mu    sync.Mutex // one analysis at a time
}

// Dirs returns the directories of the packages asked for.
func (l *Listing) Dirs() []string {
	var out []string
	for _, p := range l.roots {
		if d := dirOf(p); d != "" {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Errors returns the go command's errors about the listed packages.
func (l *Listing) Errors() []string { return listErrors(l.roots) }

// List runs the go command and builds the package graph.
func List(opts Options) (*Listing, error) {
	if len(opts.Patterns) == 0 {
		opts.Patterns = []string{"./..."}
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	registerFacts(opts.Analyzers)
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
			packages.NeedImports | packages.NeedDeps | packages.NeedExportFile |
			packages.NeedModule | packages.NeedTypesSizes | packages.NeedForTest,
		Dir:        opts.Dir,
		Tests:      opts.Tests,
		BuildFlags: opts.BuildFlags,
		Env:        opts.Env,
		Overlay:    opts.Overlay,
	}
	roots, err := packages.Load(cfg, opts.Patterns...)
	if err != nil {
		return nil, err
	}
	e := &engine{
		opts:     opts,
		fset:     token.NewFileSet(),
		nodes:    map[string]*node{},
		suite:    map[*analysis.Analyzer]bool{},
		closures: map[string][]string{},
		digests:  map[string][]byte{},
		ctx:      context.Background(),
		byFile:   map[string][]*node{},
		overlay:  map[string][]byte{},
	}
	for k, v := range opts.Overlay {
		e.overlay[k] = v
	}
	for _, a := range opts.Analyzers {
		e.suite[a] = true
		e.names = append(e.names, a.Name)
	}
	byID := map[string]*packages.Package{}
	packages.Visit(roots, nil, func(p *packages.Package) {
		byID[p.ID] = p
		e.nodes[p.ID] = &node{lp: p}
	})
	e.u = newUniverse(e.fset, byID)
	for _, p := range roots {
		if isTestMain(p) {
			continue
		}
		e.nodes[p.ID].root = true
	}
	for _, n := range e.nodes {
		n.analysed = n.root || (relevant(n.lp) && !isTestMain(n.lp))
		if n.analysed {
			for _, f := range n.lp.CompiledGoFiles {
				e.byFile[f] = append(e.byFile[f], n)
			}
		}
	}
	return &Listing{e: e, roots: roots}, nil
}

// Analyze analyses the listed packages and returns the results of those
// asked for. When ctx is done, packages not yet started are left out
// (their Failure says so).
func (l *Listing) Analyze(ctx context.Context) *Result {
	e, roots, opts := l.e, l.roots, l.e.opts
	l.mu.Lock()
	defer l.mu.Unlock()
	e.ctx = ctx
	res := &Result{Errors: listErrors(roots)}
	e.schedule()
	for _, p := range roots {
		if n := e.nodes[p.ID]; n.root {
			res.Packages = append(res.Packages, n.result())
		}
	}
	res.Stats = e.stats()
	if opts.Cache != nil {
		opts.Cache.saveExportDigests()
		opts.Cache.Trim()
	}
	return res
}

// SetFile makes the engine read data for the file at path (an unsaved
// editor buffer), or the file on disk again when data is nil. It does not
// analyse anything: Reanalyze does.
func (l *Listing) SetFile(path string, data []byte) {
	l.e.overlayMu.Lock()
	defer l.e.overlayMu.Unlock()
	if data == nil {
		delete(l.e.overlay, path)
		return
	}
	l.e.overlay[path] = data
}

// Covers reports whether the listing knows the file as part of a package
// and every import of src is one the go command resolved for it; when it
// does not, only a new listing can analyse it.
func (l *Listing) Covers(path string, src []byte) bool {
	ns := l.e.byFile[path]
	if len(ns) == 0 {
		return false
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
	if err != nil {
		return true // a syntax error: let the analysis report it as such
	}
	for _, imp := range f.Imports {
		ip := strings.Trim(imp.Path.Value, "`\"")
		if ip == "C" || ip == "unsafe" {
			continue
		}
		for _, n := range ns {
			if _, ok := n.lp.Imports[ip]; !ok {
				return false
			}
		}
	}
	return true
}

// Reanalyze analyses again the packages (test variants included) that
// contain any of files, with their current contents, and returns their
// results. Their dependencies are taken as they were, so packages that
// depend on them keep their results until the next listing.
func (l *Listing) Reanalyze(ctx context.Context, files []string) *Result {
	e := l.e
	l.mu.Lock()
	defer l.mu.Unlock()
	e.ctx = ctx
	seen := map[*node]bool{}
	var todo []*node
	for _, f := range files {
		for _, n := range e.byFile[f] {
			if !seen[n] && n.analysed {
				seen[n] = true
				todo = append(todo, n)
			}
		}
	}
	// Dependencies first: a test variant's external test package imports
	// the variant.
	sort.SliceStable(todo, func(i, j int) bool { return e.dependsOn(todo[j], todo[i]) })
	res := &Result{Errors: listErrors(l.roots)}
	for _, n := range todo {
		if ctx.Err() != nil {
			break
		}
		e.run(n)
		if n.root {
			res.Packages = append(res.Packages, n.result())
		}
	}
	res.Stats = e.stats()
	return res
}

// Results returns the current results of the packages asked for.
func (l *Listing) Results() *Result {
	l.mu.Lock()
	defer l.mu.Unlock()
	res := &Result{Errors: listErrors(l.roots), Stats: l.e.stats()}
	for _, p := range l.roots {
		if n := l.e.nodes[p.ID]; n.root {
			res.Packages = append(res.Packages, n.result())
		}
	}
	return res
}

func (e *engine) dependsOn(a, b *node) bool {
	for _, id := range e.closure(a.lp) {
		if id == b.lp.ID {
			return true
		}
	}
	return false
}

func (n *node) result() *Package {
	rp := &Package{ID: n.lp.ID, PkgPath: n.lp.PkgPath, Files: n.lp.CompiledGoFiles}
	if n.rec != nil {
		rp.Findings = n.rec.Findings
		rp.Directives = n.rec.Directives
		rp.Failure = n.rec.Failure
		rp.NotAnalysed = n.rec.NotAnalysed
	} else {
		rp.Failure, rp.NotAnalysed = "not analysed: the run was cancelled", true
	}
	return rp
}

func (e *engine) stats() Stats {
	e.u.mu.Lock()
	reads := e.u.reads
	e.u.mu.Unlock()
	return Stats{
		Listed:      len(e.nodes),
		Analysed:    int(e.analysed.Load()),
		CacheHits:   int(e.hits.Load()),
		ExportReads: reads,
	}
}

// isTestMain reports whether p is the generated main package of a test
// binary, which holds nothing of the user's.
func isTestMain(p *packages.Package) bool {
	return strings.HasSuffix(p.ID, ".test") && p.Name == "main"
}

// relevant reports whether a dependency can hold facts the analyzers need:
// it belongs to a main module, or it imports the OpenTelemetry API, SDK or
// contrib (span helpers, attribute and metric wrappers, instrumentation),
// or the Collector's pdata attribute maps (attribute key wrappers).
func relevant(p *packages.Package) bool {
	if p.Module != nil && p.Module.Main {
		return true
	}
	for path := range p.Imports {
		if isOTelAPI(path) {
			return true
		}
	}
	return false
}

func isOTelAPI(path string) bool {
	for _, root := range []string{"go.opentelemetry.io/otel", "go.opentelemetry.io/contrib", "go.opentelemetry.io/collector/pdata/pcommon"} {
		if path == root || strings.HasPrefix(path, root+"/") {
			return true
		}
	}
	return false
}

func listErrors(roots []*packages.Package) []string {
	var msgs []string
	packages.Visit(roots, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			msgs = append(msgs, e.Error())
		}
		if p.Module != nil && p.Module.Error != nil {
			msgs = append(msgs, p.Module.Error.Err)
		}
	})
	slices.Sort(msgs)
	return slices.Compact(msgs)
}

// schedule analyses every analysed node once its nearest analysed
// dependencies are done, on opts.Workers goroutines.
func (e *engine) schedule() {
	nearest := map[string][]*node{} // for nodes not analysed
	var near func(p *packages.Package) []*node
	near = func(p *packages.Package) []*node {
		if ns, ok := nearest[p.ID]; ok {
			return ns
		}
		nearest[p.ID] = nil // cycles cannot happen, but be safe
		set := map[*node]bool{}
		for _, imp := range p.Imports {
			in := e.nodes[imp.ID]
			if in.analysed {
				set[in] = true
				continue
			}
			for _, d := range near(imp) {
				set[d] = true
			}
		}
		out := make([]*node, 0, len(set))
		for d := range set {
			out = append(out, d)
		}
		nearest[p.ID] = out
		return out
	}
	var work []*node
	for _, n := range e.nodes {
		n.rdeps = nil // schedule may run again on the same listing
	}
	for _, n := range e.nodes {
		if !n.analysed {
			continue
		}
		n.deps = near(n.lp)
		n.pending.Store(int32(len(n.deps)))
		for _, d := range n.deps {
			d.rdeps = append(d.rdeps, n)
		}
		work = append(work, n)
	}
	if len(work) == 0 {
		return
	}
	ready := make(chan *node, len(work))
	for _, n := range work {
		if n.pending.Load() == 0 {
			ready <- n
		}
	}
	var wg sync.WaitGroup
	var left atomic.Int32
	left.Store(int32(len(work)))
	for range e.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range ready {
				if e.ctx.Err() == nil {
					e.run(n)
				}
				if e.opts.Progress != nil {
					e.opts.Progress(len(work)-int(left.Load())+1, len(work))
				}
				for _, r := range n.rdeps {
					if r.pending.Add(-1) == 0 {
						ready <- r
					}
				}
				if left.Add(-1) == 0 {
					close(ready)
				}
			}
		}()
	}
	wg.Wait()
}

// closure returns the IDs of every package n depends on, sorted.
func (e *engine) closure(lp *packages.Package) []string {
	e.closureMu.Lock()
	defer e.closureMu.Unlock()
	if c, ok := e.closures[lp.ID]; ok {
		return c
	}
	seen := map[string]bool{}
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		for _, imp := range p.Imports {
			if !seen[imp.ID] {
				seen[imp.ID] = true
				visit(imp)
			}
		}
	}
	visit(lp)
	out := make([]string, 0, len(seen))
	for id := range seen {
		out = append(out, id)
	}
	sort.Strings(out)
	e.closures[lp.ID] = out
	return out
}

// run produces n's record: from the cache, or by analysing it.
func (e *engine) run(n *node) {
	closure := e.closure(n.lp)
	var depFacts []*packageFacts
	for _, id := range closure {
		if d := e.nodes[id]; d.analysed && d.facts != nil {
			depFacts = append(depFacts, d.facts)
		}
	}
	key, err := e.key(n, closure)
	if err == nil && e.opts.Cache != nil {
		if rec, ok := e.opts.Cache.get(key); ok {
			e.hits.Add(1)
			n.key, n.rec = key, rec
			n.facts = &packageFacts{id: n.lp.ID, encoded: rec.Facts}
			return
		}
	}
	e.analysed.Add(1)
	if e.opts.Log != nil {
		e.opts.Log("analysing %s", n.lp.ID)
	}
	rec := e.analyse(n, depFacts)
	rec.FactsHash = hashFacts(rec.Facts)
	n.rec = rec
	n.facts = &packageFacts{id: n.lp.ID, encoded: rec.Facts}
	if err != nil {
		return // no key: do not cache
	}
	n.key = key
	if e.opts.Cache != nil && rec.cacheable {
		e.opts.Cache.put(key, rec)
	}
}

// key is the cache key of n: the engine's salt, n's identity, the contents
// of its files, its configuration, the export data of everything it
// depends on, and the facts of the analysed packages among them.
func (e *engine) key(n *node, closure []string) ([]byte, error) {
	h := sha256.New()
	fmt.Fprintf(h, "otellint engine v1\x00%s\x00%x\x00", runtime.Version(), e.opts.Salt)
	fmt.Fprintf(h, "%s\x00%s\x00", n.lp.ID, strings.Join(e.names, ","))
	for _, f := range n.lp.CompiledGoFiles {
		data, err := e.readFile(f)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(h, "file %s %x\x00", f, sum)
	}
	if e.opts.DirKey != nil && len(n.lp.CompiledGoFiles) > 0 {
		k, err := e.opts.DirKey(dirOf(n.lp))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "config %x\x00", k)
	}
	for _, id := range closure {
		d := e.nodes[id]
		digest, err := e.exportDigest(d.lp)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "dep %s %x", id, digest)
		if d.analysed {
			if d.rec == nil || d.rec.FactsHash == nil {
				return nil, errors.New("a dependency has no facts")
			}
			fmt.Fprintf(h, " %x", d.rec.FactsHash)
		}
		h.Write([]byte{0})
	}
	return h.Sum(nil), nil
}

// exportDigest is the digest of a package's export data, without the build
// ID the go command puts in front of it: an edit that changes nothing a
// dependent can see changes nothing in its key.
func (e *engine) exportDigest(p *packages.Package) ([]byte, error) {
	if p.PkgPath == "unsafe" {
		return nil, nil
	}
	e.digestMu.Lock()
	defer e.digestMu.Unlock()
	if d, ok := e.digests[p.ID]; ok {
		return d, nil
	}
	if p.ExportFile == "" {
		return nil, errors.New("a dependency has no export data")
	}
	// The go command names export data by the digest of its contents, so
	// the digest of a file seen in an earlier run still holds.
	if e.opts.Cache != nil {
		if d, ok := e.opts.Cache.exportDigest(p.ExportFile); ok {
			e.digests[p.ID] = d
			return d, nil
		}
	}
	f, err := os.Open(p.ExportFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f) //nolint:staticcheck // archives until Go 1.29, as in universe.go
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return nil, err
	}
	d := h.Sum(nil)
	e.digests[p.ID] = d
	if e.opts.Cache != nil {
		e.opts.Cache.putExportDigest(p.ExportFile, d)
	}
	return d, nil
}

func (e *engine) readFile(name string) ([]byte, error) {
	e.overlayMu.Lock()
	data, ok := e.overlay[name]
	e.overlayMu.Unlock()
	if ok {
		return data, nil
	}
	return os.ReadFile(name)
}

func dirOf(p *packages.Package) string {
	files := p.GoFiles
	if len(files) == 0 {
		files = p.CompiledGoFiles
	}
	if len(files) == 0 {
		return ""
	}
	name := files[0]
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[:i]
	}
	return "."
}

// analyse parses, type-checks and analyses one package.
func (e *engine) analyse(n *node, depFacts []*packageFacts) *record {
	lp := n.lp
	rec := &record{cacheable: true}
	fail := func(format string, args ...any) *record {
		rec.Failure = fmt.Sprintf(format, args...)
		rec.NotAnalysed = true
		rec.cacheable = false
		return rec
	}
	if len(lp.Errors) > 0 {
		return fail("%s", lp.Errors[0])
	}
	if err := e.u.loadImports(lp); err != nil {
		return fail("%v", err)
	}
	var files []*ast.File
	for _, name := range lp.CompiledGoFiles {
		src, err := e.readFile(name)
		if err != nil {
			return fail("%v", err)
		}
		f, err := parser.ParseFile(e.fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return fail("%v", err)
		}
		files = append(files, f)
	}
	var typeErr error
	tc := &types.Config{
		Importer: e.u.importer(lp),
		Sizes:    lp.TypesSizes,
		Error: func(err error) {
			if typeErr == nil {
				typeErr = err
			}
		},
	}
	if lp.Module != nil && lp.Module.GoVersion != "" {
		tc.GoVersion = "go" + lp.Module.GoVersion
	}
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	pkg, _ := tc.Check(lp.PkgPath, e.fset, files, info)
	if typeErr != nil {
		return fail("%v", typeErr)
	}
	for _, pf := range depFacts {
		_ = pf.install(e.u) // a dependency without export data has no facts to give
	}
	facts := newFactSet(pkg, depFacts)
	p := &pass{e: e, lp: lp, files: files, pkg: pkg, info: info, sizes: tc.Sizes, facts: facts, actions: map[*analysis.Analyzer]*action{}}
	var failures []string
	for _, a := range e.opts.Analyzers {
		act := p.exec(a)
		if act.err != nil {
			failures = append(failures, fmt.Sprintf("analyzer %s failed: %v", a.Name, act.err))
			continue
		}
		for _, d := range act.diags {
			rec.Findings = append(rec.Findings, NewFinding(e.fset, a.Name, d))
		}
	}
	if len(failures) > 0 {
		rec.Failure = strings.Join(failures, "; ")
		rec.cacheable = false
	}
	if e.opts.Directives != nil {
		rec.Directives = e.opts.Directives(e.fset, func(a *analysis.Analyzer) any {
			if act := p.actions[a]; act != nil && act.err == nil {
				return act.result
			}
			return nil
		})
	}
	rec.Facts = facts.encode()
	return rec
}

type action struct {
	result any
	err    error
	diags  []analysis.Diagnostic
}

// pass is the analysis of one package: the results of every analyzer run on
// it so far.
type pass struct {
	e       *engine
	lp      *packages.Package
	files   []*ast.File
	pkg     *types.Package
	info    *types.Info
	sizes   types.Sizes
	facts   *factSet
	actions map[*analysis.Analyzer]*action
}

func (p *pass) exec(a *analysis.Analyzer) *action {
	if act, ok := p.actions[a]; ok {
		return act
	}
	act := &action{}
	p.actions[a] = act
	inputs := map[*analysis.Analyzer]any{}
	for _, req := range a.Requires {
		r := p.exec(req)
		if r.err != nil {
			act.err = fmt.Errorf("prerequisite %s failed: %v", req.Name, r.err)
			return act
		}
		inputs[req] = r.result
	}
	filter := map[reflect.Type]bool{}
	for _, f := range a.FactTypes {
		filter[reflect.TypeOf(f)] = true
	}
	var module *analysis.Module
	if m := p.lp.Module; m != nil {
		module = &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
	}
	ap := &analysis.Pass{
		Analyzer:     a,
		Fset:         p.e.fset,
		Files:        p.files,
		OtherFiles:   p.lp.OtherFiles,
		IgnoredFiles: p.lp.IgnoredFiles,
		Pkg:          p.pkg,
		TypesInfo:    p.info,
		TypesSizes:   p.sizes,
		ResultOf:     inputs,
		Report:       func(d analysis.Diagnostic) { act.diags = append(act.diags, d) },
		ImportObjectFact: func(obj types.Object, f analysis.Fact) bool {
			return p.facts.importObject(obj, f)
		},
		ExportObjectFact: func(obj types.Object, f analysis.Fact) {
			p.facts.exportObject(a, obj, f)
		},
		ImportPackageFact: func(pkg *types.Package, f analysis.Fact) bool {
			return p.facts.importPackage(pkg, f)
		},
		ExportPackageFact: func(f analysis.Fact) { p.facts.exportPackage(f) },
		AllObjectFacts:    func() []analysis.ObjectFact { return p.facts.allObjects(filter) },
		AllPackageFacts:   func() []analysis.PackageFact { return p.facts.allPackages(filter) },
		ReadFile:          p.readFile,
		Module:            module,
	}
	func() {
		defer func() {
			if r := recover(); r != nil {
				act.err = fmt.Errorf("panic: %v", r)
			}
		}()
		act.result, act.err = a.Run(ap)
	}()
	return act
}

// readFile lets an analyzer read the files of its package, and only those.
func (p *pass) readFile(name string) ([]byte, error) {
	for _, list := range [][]string{p.lp.CompiledGoFiles, p.lp.GoFiles, p.lp.OtherFiles, p.lp.IgnoredFiles, p.lp.EmbedFiles} {
		if slices.Contains(list, name) {
			return p.e.readFile(name)
		}
	}
	return nil, fmt.Errorf("%s is not a file of package %s", name, p.lp.PkgPath)
}
