package sdksetup

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

// providerKind describes an SDK provider constructor.
type providerKind struct {
	what string // "tracer provider"
	lost string // what the last batch holds
}

var providers = map[string]providerKind{
	otelapi.SDKTrace + ".NewTracerProvider": {"tracer provider", "spans"},
	sdkMetric + ".NewMeterProvider":         {"meter provider", "metrics"},
	otelapi.SDKLog + ".NewLoggerProvider":   {"logger provider", "log records"},
}

const prometheusExporter = "go.opentelemetry.io/otel/exporters/prometheus"

// globalSetters install a provider globally; they never shut it down.
var globalSetters = map[string]string{
	otelapi.Root + ".SetTracerProvider": "otel.SetTracerProvider",
	otelapi.Root + ".SetMeterProvider":  "otel.SetMeterProvider",
	logGlobal + ".SetLoggerProvider":    "global.SetLoggerProvider",
}

// checkProviders reports providers created in package main that are never
// shut down: local, not handed to anything that could shut them down.
//
//	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp))
//	otel.SetTracerProvider(tp)
//	// no tp.Shutdown: the last batch is lost on exit
func checkProviders(pass *analysis.Pass, ins *inspector.Inspector) {
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		kind, ok := providers[otelapi.CalleeName(pass.TypesInfo, call)]
		if !ok || lint.IsTestFile(pass, call.Pos()) || !batches(pass, call, enclosingBody(cur)) {
			continue
		}
		switch parent := cur.Parent().Node().(type) {
		case *ast.CallExpr:
			setter := globalSetters[otelapi.CalleeName(pass.TypesInfo, parent)]
			if setter == "" {
				continue // handed to something that may keep and shut it down
			}
			pass.Report(analysis.Diagnostic{
				Pos: call.Fun.Pos(), End: call.Fun.End(), Category: "error",
				Message: fmt.Sprintf("%s created here is passed only to %s, which never shuts it down: %s still in its last batch are lost when the program exits; keep it in a variable and defer its Shutdown", kind.what, setter, kind.lost),
			})
		case *ast.AssignStmt:
			if len(parent.Lhs) != len(parent.Rhs) {
				continue
			}
			for i, rhs := range parent.Rhs {
				if rhs != call {
					continue
				}
				id, ok := parent.Lhs[i].(*ast.Ident)
				if !ok {
					continue // a field or element: kept for later
				}
				checkProviderVar(pass, cur, parent, id, kind)
			}
		case *ast.ValueSpec:
			for i, v := range parent.Values {
				if v == call && len(parent.Names) == len(parent.Values) {
					checkProviderVar(pass, cur, nil, parent.Names[i], kind)
				}
			}
		}
	}
}

// batches reports whether a provider holds data that only Shutdown
// flushes: it is given a batching span or log processor, or a metric
// reader that pushes. A provider that exports synchronously, is scraped
// (the Prometheus exporter), or gets options we cannot see has nothing
// to lose that we can tell.
//
// A processor or reader held in a variable that is shut down itself
// flushes its batch then (uptrace's examples defer bsp.Shutdown).
func batches(pass *analysis.Pass, call *ast.CallExpr, body *ast.BlockStmt) bool {
	if call.Ellipsis.IsValid() {
		return false
	}
	for _, arg := range call.Args {
		opt, ok := ast.Unparen(arg).(*ast.CallExpr)
		if !ok || len(opt.Args) == 0 {
			continue
		}
		inner := ast.Unparen(opt.Args[0])
		if id, ok := inner.(*ast.Ident); ok && body != nil {
			if v, ok := pass.TypesInfo.Uses[id].(*types.Var); ok && callsShutdown(pass, body, v) {
				continue
			}
		}
		switch otelapi.CalleeName(pass.TypesInfo, opt) {
		case otelapi.SDKTrace + ".WithBatcher":
			return true
		case otelapi.SDKTrace + ".WithSpanProcessor":
			if c, ok := inner.(*ast.CallExpr); !ok || otelapi.CalleeName(pass.TypesInfo, c) != otelapi.SDKTrace+".NewSimpleSpanProcessor" {
				return true
			}
		case otelapi.SDKLog + ".WithProcessor":
			if c, ok := inner.(*ast.CallExpr); !ok || otelapi.CalleeName(pass.TypesInfo, c) != otelapi.SDKLog+".NewSimpleProcessor" {
				return true
			}
		case sdkMetric + ".WithReader":
			if t := pass.TypesInfo.TypeOf(inner); t != nil && !otelapi.IsNamed(t, prometheusExporter, "Exporter") && !otelapi.IsNamed(t, sdkMetric, "ManualReader") {
				return true
			}
		}
	}
	return false
}

// callsShutdown reports whether body calls or takes v.Shutdown.
func callsShutdown(pass *analysis.Pass, body *ast.BlockStmt, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Shutdown" {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && pass.TypesInfo.Uses[id] == v {
				found = true
			}
		}
		return !found
	})
	return found
}

// enclosingBody returns the body of the function declaration around cur.
func enclosingBody(cur inspector.Cursor) *ast.BlockStmt {
	for c := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		return c.Node().(*ast.FuncDecl).Body
	}
	return nil
}

// checkProviderVar reports the provider assigned to id if id is a local
// variable only ever used for its methods (other than Shutdown) and as
// the argument of a global setter.
func checkProviderVar(pass *analysis.Pass, cur inspector.Cursor, assign *ast.AssignStmt, id *ast.Ident, kind providerKind) {
	if id.Name == "_" {
		pass.Report(analysis.Diagnostic{
			Pos: id.Pos(), End: id.End(), Category: "error",
			Message: fmt.Sprintf("%s is discarded and never shut down: %s still in its last batch are lost when the program exits", kind.what, kind.lost),
		})
		return
	}
	v, ok := pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == pass.Pkg.Scope() {
		return // a package variable: other code may shut it down
	}
	var fd *ast.FuncDecl
	for c := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		fd = c.Node().(*ast.FuncDecl)
		break
	}
	if fd == nil || !onlyLocalUses(pass, fd.Body, v) {
		return
	}
	d := analysis.Diagnostic{
		Pos: id.Pos(), End: id.End(), Category: "error",
		Message: fmt.Sprintf("%s %s is never shut down: %s still in its last batch are lost when the program exits; defer %s.Shutdown", kind.what, id.Name, kind.lost, id.Name),
	}
	if fix, ok := shutdownFix(pass, fd, assign, id); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	pass.Report(d)
}

// onlyLocalUses reports whether every use of v in body calls a method
// other than Shutdown on it, or hands it to a global setter. A program
// that calls ForceFlush flushes its batches itself (the opencensus
// example flushes after each span).
func onlyLocalUses(pass *analysis.Pass, body *ast.BlockStmt, v *types.Var) bool {
	ok := true
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !isIdent || pass.TypesInfo.Uses[id] != v || !ok {
			return ok
		}
		switch p := stack[len(stack)-1].(type) {
		case *ast.SelectorExpr:
			if p.X == id && p.Sel.Name != "Shutdown" && p.Sel.Name != "ForceFlush" {
				return true // tp.Tracer(...), tp.RegisterSpanProcessor(sp)
			}
		case *ast.CallExpr:
			if globalSetters[otelapi.CalleeName(pass.TypesInfo, p)] != "" && len(p.Args) == 1 && p.Args[0] == id {
				return true
			}
		}
		ok = false // shut down, or handed on, stored, returned, reassigned
		return false
	})
	return ok
}

// shutdownFix inserts "defer tp.Shutdown(ctx)" after the statement that
// creates the provider, when that statement is directly in func main (a
// defer in a helper would shut the provider down when the helper returns).
// The context is a variable of main holding context.Background() or
// context.TODO(), or else context.Background() itself: a context the
// program cancels on its way out (signal.NotifyContext) would make
// Shutdown return before the last batch is exported.
func shutdownFix(pass *analysis.Pass, fd *ast.FuncDecl, assign *ast.AssignStmt, id *ast.Ident) (analysis.SuggestedFix, bool) {
	if assign == nil || fd.Recv != nil || fd.Name.Name != "main" || !inBlock(fd.Body, assign) {
		return analysis.SuggestedFix{}, false
	}
	ctx := contextExpr(pass, fd.Body, assign)
	if ctx == "" {
		return analysis.SuggestedFix{}, false
	}
	at, ok := lineEnd(pass, assign.End())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	indent := strings.Repeat("\t", max(1, pass.Fset.Position(assign.Pos()).Column-1))
	text := fmt.Sprintf("\n%sdefer %s.Shutdown(%s)", indent, id.Name, ctx)
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Defer %s.Shutdown(%s)", id.Name, ctx),
		TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(text)}},
	}, true
}

// lineEnd returns the end of the line pos is on, if nothing but a comment
// follows pos there.
func lineEnd(pass *analysis.Pass, pos token.Pos) (token.Pos, bool) {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return token.NoPos, false
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || tf.Size() != len(src) {
		return token.NoPos, false
	}
	off := tf.Offset(pos)
	rest, _, _ := strings.Cut(string(src[off:]), "\n")
	if r := strings.TrimSpace(rest); r != "" && !strings.HasPrefix(r, "//") {
		return token.NoPos, false
	}
	return pos + token.Pos(len(strings.TrimRight(rest, "\r"))), true
}

func inBlock(b *ast.BlockStmt, s ast.Stmt) bool {
	for _, x := range b.List {
		if x == s {
			return true
		}
	}
	return false
}

// contextExpr returns the context to shut down with at the end of stmt:
// a variable in scope assigned context.Background() or context.TODO(), or
// context.Background() when the file imports context under that name.
func contextExpr(pass *analysis.Pass, body *ast.BlockStmt, stmt ast.Stmt) string {
	scope := pass.Pkg.Scope().Innermost(stmt.Pos())
	for _, s := range body.List {
		if s.Pos() >= stmt.Pos() {
			break
		}
		a, ok := s.(*ast.AssignStmt)
		if !ok || a.Tok != token.DEFINE || len(a.Lhs) != 1 || len(a.Rhs) != 1 {
			continue
		}
		id, ok := a.Lhs[0].(*ast.Ident)
		c, isCall := ast.Unparen(a.Rhs[0]).(*ast.CallExpr)
		if !ok || !isCall {
			continue
		}
		if n := otelapi.CalleeName(pass.TypesInfo, c); n != "context.Background" && n != "context.TODO" {
			continue
		}
		if _, obj := scope.LookupParent(id.Name, stmt.Pos()); obj != nil && obj == pass.TypesInfo.Defs[id] && !reassigned(pass, body, obj) {
			return id.Name
		}
	}
	if _, obj := scope.LookupParent("context", stmt.Pos()); obj != nil {
		if pn, ok := obj.(*types.PkgName); ok && pn.Imported().Path() == "context" {
			return "context.Background()"
		}
	}
	return ""
}

// reassigned reports whether obj is assigned anywhere in body after its
// declaration.
func reassigned(pass *analysis.Pass, body *ast.BlockStmt, obj types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if a, ok := n.(*ast.AssignStmt); ok && a.Tok != token.DEFINE {
			for _, l := range a.Lhs {
				if id, ok := l.(*ast.Ident); ok && pass.TypesInfo.Uses[id] == obj {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
