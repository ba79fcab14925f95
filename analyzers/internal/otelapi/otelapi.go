// Package otelapi is the analyzers' knowledge of the OpenTelemetry Go API:
// import paths and fully qualified names, always resolved through types,
// never by matching identifier text (the approach of staticcheck's rules
// keyed by qualified callee).
package otelapi

import (
	"go/ast"
	"go/types"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/types/typeutil"
)

// Import paths of the OpenTelemetry Go packages the analyzers know.
const (
	Root      = "go.opentelemetry.io/otel"
	Trace     = "go.opentelemetry.io/otel/trace"
	Attribute = "go.opentelemetry.io/otel/attribute"
	Codes     = "go.opentelemetry.io/otel/codes"
	Metric    = "go.opentelemetry.io/otel/metric"
	Log       = "go.opentelemetry.io/otel/log"
	SDKTrace  = "go.opentelemetry.io/otel/sdk/trace"
	SDKLog    = "go.opentelemetry.io/otel/sdk/log"
	Semconv   = "go.opentelemetry.io/otel/semconv"
	Contrib   = "go.opentelemetry.io/contrib"
)

// TracerStart is the qualified name of (trace.Tracer).Start, as
// types.Func.FullName spells it.
const TracerStart = "(go.opentelemetry.io/otel/trace.Tracer).Start"

// IsOTelPath reports whether path is an OpenTelemetry Go package (API, SDK,
// exporters, contrib).
func IsOTelPath(path string) bool {
	return path == Root || strings.HasPrefix(path, Root+"/") || strings.HasPrefix(path, Contrib+"/")
}

// ImportsOTel reports whether pkg imports an OpenTelemetry package directly.
// Analyzers use it as their fast path.
func ImportsOTel(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if IsOTelPath(imp.Path()) {
			return true
		}
	}
	return false
}

// IsSemconvPath reports whether path is a versioned semantic-conventions
// package such as go.opentelemetry.io/otel/semconv/v1.26.0, and returns its version.
func IsSemconvPath(path string) (version string, ok bool) {
	rest, ok := strings.CutPrefix(path, Semconv+"/")
	if !ok || !strings.HasPrefix(rest, "v") {
		return "", false
	}
	v, _, _ := strings.Cut(rest, "/")
	return v, true
}

// FuncName returns the qualified name of fn ("pkg/path.Name" or
// "(pkg/path.Type).Method"), with any vendor prefix removed.
func FuncName(fn *types.Func) string {
	if fn == nil {
		return ""
	}
	// Every analyzer asks for the names of every callee, and FullName
	// formats the receiver type each time: remember them.
	names := funcNames.Load()
	if name, ok := names.Load(fn); ok {
		return name.(string)
	}
	name := funcName(fn)
	if funcNameCount.Add(1) > maxFuncNames {
		// A long-lived process (the editor server) sees new objects with
		// every analysis: start afresh rather than grow without end.
		funcNames.Store(new(sync.Map))
		funcNameCount.Store(0)
	}
	names.Store(fn, name)
	return name
}

const maxFuncNames = 1 << 18

var (
	funcNames     atomic.Pointer[sync.Map]
	funcNameCount atomic.Int64
)

func init() { funcNames.Store(new(sync.Map)) }

func funcName(fn *types.Func) string {
	name := fn.FullName()
	if i := strings.LastIndex(name, "/vendor/"); i >= 0 {
		prefix := ""
		if strings.HasPrefix(name, "(") {
			prefix = "("
		}
		name = prefix + name[i+len("/vendor/"):]
	}
	return name
}

// Callee returns the function or method a call invokes statically, or nil.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// CalleeName is FuncName(Callee(info, call)).
func CalleeName(info *types.Info, call *ast.CallExpr) string {
	return FuncName(Callee(info, call))
}

// IsNamed reports whether t (or the type it points to) is the named type path.name.
func IsNamed(t types.Type, path, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && TrimVendor(obj.Pkg().Path()) == path
}

// IsSpan reports whether t is trace.Span.
func IsSpan(t types.Type) bool { return IsNamed(t, Trace, "Span") }

// TrimVendor returns an import path without its vendor directory prefix.
func TrimVendor(path string) string {
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		return path[i+len("/vendor/"):]
	}
	return path
}

// ReferencedFunc returns the package-level function an identifier or
// selector expression refers to, whether it is called or used as a value.
func ReferencedFunc(info *types.Info, e ast.Expr) *types.Func {
	id := NameIdent(e)
	if id == nil {
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

// NameIdent returns the identifier an expression names: x for x, and Sel
// for pkg.Sel or v.Sel; nil for anything else.
func NameIdent(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// TraceNoop is the no-op tracer's package: its spans record nothing and are
// never exported, so neither their names nor their End matter.
const TraceNoop = Trace + "/noop"

// IsNoopFunc reports whether the qualified name (as FuncName spells it) is
// a function or method of the no-op tracer package, such as
// "(go.opentelemetry.io/otel/trace/noop.Tracer).Start" or
// "go.opentelemetry.io/otel/trace/noop.NewTracerProvider".
func IsNoopFunc(name string) bool {
	return strings.HasPrefix(name, "("+TraceNoop+".") || strings.HasPrefix(name, "(*"+TraceNoop+".") ||
		strings.HasPrefix(name, TraceNoop+".")
}

// IsNoopTracer reports whether t is the no-op tracer type noop.Tracer.
func IsNoopTracer(t types.Type) bool { return IsNamed(t, TraceNoop, "Tracer") }

// IsNoopTracerExpr reports whether e, the tracer a span is started on,
// is a no-op tracer: a noop.Tracer value (noop.Tracer{}, or converted to
// trace.Tracer), or the result of the no-op package's functions and
// methods (noop.NewTracerProvider().Tracer("")). Variables are followed
// through assigned, which returns the only value assigned to one (or nil).
func IsNoopTracerExpr(info *types.Info, e ast.Expr, assigned func(*types.Var) ast.Expr) bool {
	for depth := 0; depth < 8; depth++ {
		e = ast.Unparen(e)
		if tv, ok := info.Types[e]; ok && IsNoopTracer(tv.Type) {
			return true
		}
		switch x := e.(type) {
		case *ast.CallExpr:
			if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
				e = x.Args[0] // trace.Tracer(noop.Tracer{})
				continue
			}
			return IsNoopFunc(CalleeName(info, x))
		case *ast.Ident:
			v, ok := info.Uses[x].(*types.Var)
			if !ok || assigned == nil {
				return false
			}
			rhs := assigned(v)
			if rhs == nil {
				return false
			}
			e = rhs
		default:
			return false
		}
	}
	return false
}

// Exported reports whether other packages can name fn: an exported
// function, or an exported method of an exported type. Facts about other
// functions never leave their package.
func Exported(fn *types.Func) bool {
	if !fn.Exported() {
		return false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return true
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Exported()
}

// ObjectOf returns the object an identifier or selector (x, pkg.X, v.f)
// uses or defines, or nil.
func ObjectOf(info *types.Info, e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if o := info.Uses[e]; o != nil {
			return o
		}
		return info.Defs[e]
	case *ast.SelectorExpr:
		return info.Uses[e.Sel]
	}
	return nil
}

// LocalVar returns the variable an identifier names, or nil when it names
// something else or a struct field.
func LocalVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.ObjectOf(id).(*types.Var)
	if v == nil || v.IsField() {
		return nil
	}
	return v
}
