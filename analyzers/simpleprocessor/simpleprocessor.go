package simpleprocessor

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/otellint/otellint/analyzers/internal/glob"
	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

//go:embed doc.go
var doc string

// Options configures the analyzer.
type Options struct {
	Allow []string `yaml:"allow" help:"comma-separated globs of files where synchronous export is allowed"`
}

// DefaultAllow lists the directories where synchronous export is expected.
var DefaultAllow = []string{
	"**/example/**", "**/examples/**", "**/_example/**", "**/_examples/**",
	"**/testutil/**", "**/testutils/**", "**/testhelper/**", "**/testhelpers/**",
	"**/*testutil/**", "**/*testutils/**",
	"**/testing/**", "**/*testing/**", "**/test/**", "**/*test/**", "**/tests/**", "**/*tests/**",
}

// Analyzer reports synchronous span and log export.
var Analyzer = Spec.Build(lint.Default)

// Spec defines the analyzer; analyzers.New builds it anew for a configuration
// of its own.
var Spec = lint.Spec[Options]{
	Name:      "simpleprocessor",
	Doc:       lint.ExtractDoc(doc, "simpleprocessor"),
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(usesSyncExport)},
	Options:   Options{Allow: DefaultAllow},
	Run:       run,
}

// usesSyncExport marks a function in an allowed directory (a test helper,
// an example) that sets up synchronous export, so that calls to it from
// production code are reported.
type usesSyncExport struct {
	Via string // the SDK function, e.g. "sdktrace.WithSyncer"
}

func (*usesSyncExport) AFact() {}

func (f *usesSyncExport) String() string { return "usesSyncExport(" + f.Via + ")" }

// batchCounterparts are the batch processors; code that references one of
// them beside a simple processor lets its user choose (otelconf's "simple"
// processor type, telemetrygen's --batch=false) or exports synchronously
// only to an in-process recorder beside a batched network exporter.
var batchCounterparts = map[string]bool{
	otelapi.SDKTrace + ".NewBatchSpanProcessor": true,
	otelapi.SDKTrace + ".WithBatcher":           true,
	otelapi.SDKLog + ".NewBatchProcessor":       true,
}

type target struct {
	short       string // how the message names it
	replacement string // the batch counterpart's identifier
	why         string
}

var targets = map[string]target{
	otelapi.SDKTrace + ".NewSimpleSpanProcessor": {"sdktrace.NewSimpleSpanProcessor", "NewBatchSpanProcessor", "exports each span synchronously as it ends, so every request waits for the exporter"},
	otelapi.SDKTrace + ".WithSyncer":             {"sdktrace.WithSyncer", "WithBatcher", "exports each span synchronously as it ends, so every request waits for the exporter"},
	otelapi.SDKLog + ".NewSimpleProcessor":       {"sdklog.NewSimpleProcessor", "NewBatchProcessor", "exports each log record synchronously as it is emitted, so every request waits for the exporter"},
}

func run(pass *analysis.Pass, opts *Options) (any, error) {
	for _, p := range opts.Allow {
		if err := glob.Validate(p); err != nil {
			return nil, fmt.Errorf("simpleprocessor allow: %v", err)
		}
	}
	if p := pass.Pkg.Path(); p == otelapi.SDKTrace || p == otelapi.SDKLog {
		return nil, nil // the SDK defines these (its WithSyncer wraps NewSimpleSpanProcessor)
	}
	if !otelapi.ImportsOTel(pass.Pkg) && !importsFacts(pass) {
		return nil, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)

	allowed := func(pos token.Pos) bool {
		if lint.IsTestFile(pass, pos) {
			return true
		}
		return glob.Any(opts.Allow, lint.RelPath(pass, pass.Fset.File(pos).Name()))
	}

	// Functions in allowed files that set up synchronous export get a fact,
	// to a fixed point so helpers calling helpers are found in any order.
	local := map[*types.Func]string{}
	decls := lint.FuncDecls(pass, func(fd *ast.FuncDecl) bool { return allowed(fd.Pos()) })
	via := func(fn *types.Func) string {
		if t, ok := targets[otelapi.FuncName(fn)]; ok {
			return t.short
		}
		if v, ok := local[fn]; ok {
			return v
		}
		var f usesSyncExport
		if fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &f) {
			return f.Via
		}
		return ""
	}
	lint.FixedPoint(decls, local, func(d lint.FuncDecl) (string, bool) {
		found := ""
		ast.Inspect(d.Decl.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && found == "" {
				if ref, ok := pass.TypesInfo.Uses[id].(*types.Func); ok && ref != d.Fn {
					found = via(ref)
				}
			}
			return found == ""
		})
		return found, found != ""
	})
	for fn, v := range local {
		if fn.Exported() || isMethodOfExported(fn) {
			pass.ExportObjectFact(fn, &usesSyncExport{Via: v})
		}
	}

	// Computed on the first reference to a target or helper: most packages
	// have none, and this walks every function body.
	var offersBatch map[*ast.FuncDecl]bool
	for cur := range ins.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		fn, ok := pass.TypesInfo.Uses[id].(*types.Func)
		if !ok || allowed(id.Pos()) {
			continue
		}

		// The expression naming the function: pkg.F or F (dot import), the
		// call it is the callee of (if any), and the call that call is an
		// argument of (if any).
		var expr ast.Expr = id
		exprCur := cur
		if sel, ok := cur.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == id {
			expr, exprCur = sel, cur.Parent()
		}
		var call, outer *ast.CallExpr
		if c, ok := exprCur.Parent().Node().(*ast.CallExpr); ok && ast.Unparen(c.Fun) == expr {
			call = c
			outer, _ = exprCur.Parent().Parent().Node().(*ast.CallExpr)
		}

		if _, isTarget := targets[otelapi.FuncName(fn)]; !isTarget && local[fn] == "" && !hasFact(pass, fn) {
			continue
		}
		if offersBatch == nil {
			offersBatch = offersBatchFuncs(pass, ins)
		}
		if encl := enclosingFunc(cur); encl != nil && offersBatch[encl] {
			continue // the batch processor is there too: a deliberate choice
		}
		if t, ok := targets[otelapi.FuncName(fn)]; ok {
			d := analysis.Diagnostic{
				Pos:     expr.Pos(),
				End:     expr.End(),
				Message: fmt.Sprintf("%s %s; the SDK documents it as not for production: use %s", t.short, t.why, t.replacement),
			}
			if fixable(pass, call, outer, t) {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   fmt.Sprintf("Use %s", t.replacement),
					TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte(t.replacement)}},
				}}
			}
			pass.Report(d)
			continue
		}
		if fn.Pkg() == pass.Pkg {
			if v, ok := local[fn]; ok {
				reportHelper(pass, expr, fn, v)
			}
			continue
		}
		var f usesSyncExport
		if pass.ImportObjectFact(fn, &f) {
			reportHelper(pass, expr, fn, f.Via)
		}
	}
	return nil, nil
}

func hasFact(pass *analysis.Pass, fn *types.Func) bool {
	if fn.Pkg() == pass.Pkg {
		return false
	}
	var f usesSyncExport
	return pass.ImportObjectFact(fn, &f)
}

func reportHelper(pass *analysis.Pass, expr ast.Expr, fn *types.Func, via string) {
	pass.Report(analysis.Diagnostic{
		Pos:     expr.Pos(),
		End:     expr.End(),
		Message: fmt.Sprintf("%s sets up synchronous export (%s), which adds the exporter's latency to every call on the request path; production code should use a batch processor", fn.Name(), via),
	})
}

// fixable reports whether replacing the identifier keeps the program
// correct: the trace functions return the same types as their batch
// counterparts; sdklog's do not (*SimpleProcessor vs *BatchProcessor), so
// its fix is offered only when the result goes straight into a parameter of
// interface type, and only without options (their types differ too).
func fixable(pass *analysis.Pass, call, outer *ast.CallExpr, t target) bool {
	if t.replacement != "NewBatchProcessor" {
		return true // same signature and result type; a method value is fine too
	}
	if call == nil || outer == nil || len(call.Args) != 1 || call.Ellipsis != token.NoPos {
		return false
	}
	sig, ok := pass.TypesInfo.TypeOf(outer.Fun).(*types.Signature)
	if !ok {
		return false
	}
	for i, arg := range outer.Args {
		if arg != call {
			continue
		}
		var pt types.Type
		params := sig.Params()
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			pt = params.At(params.Len() - 1).Type().(*types.Slice).Elem()
		case i < params.Len():
			pt = params.At(i).Type()
		}
		return pt != nil && types.IsInterface(pt)
	}
	return false
}

func isMethodOfExported(fn *types.Func) bool {
	sig := fn.Signature()
	if sig.Recv() == nil {
		return false
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Exported()
}

// importsFacts reports whether any dependency carries our facts; a package
// that imports no OpenTelemetry code can still call a helper that does.
func importsFacts(pass *analysis.Pass) bool {
	return len(pass.AllObjectFacts()) > 0
}

// enclosingFunc returns the declaration of the function containing cur.
func enclosingFunc(cur inspector.Cursor) *ast.FuncDecl {
	for c := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		return c.Node().(*ast.FuncDecl)
	}
	return nil
}

// offersBatchFuncs returns the functions that reference a batch processor,
// directly or through a function of the same package that does (otelconf's
// spanProcessor calls its batchSpanProcessor helper).
func offersBatchFuncs(pass *analysis.Pass, ins *inspector.Inspector) map[*ast.FuncDecl]bool {
	direct := map[*types.Func]bool{}
	var decls []*ast.FuncDecl
	refs := func(fd *ast.FuncDecl, pred func(*types.Func) bool) bool {
		found := false
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && !found {
				if f, ok := pass.TypesInfo.Uses[id].(*types.Func); ok && pred(f) {
					found = true
				}
			}
			return !found
		})
		return found
	}
	for cur := range ins.Root().Preorder((*ast.FuncDecl)(nil)) {
		fd := cur.Node().(*ast.FuncDecl)
		if fd.Body == nil {
			continue
		}
		decls = append(decls, fd)
		if refs(fd, func(f *types.Func) bool { return batchCounterparts[otelapi.FuncName(f)] }) {
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				direct[fn] = true
			}
		}
	}
	out := map[*ast.FuncDecl]bool{}
	for _, fd := range decls {
		if refs(fd, func(f *types.Func) bool { return batchCounterparts[otelapi.FuncName(f)] || direct[f] }) {
			out[fd] = true
		}
	}
	return out
}
