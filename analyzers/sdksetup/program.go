package sdksetup

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/otellint/otellint/analyzers/internal/instrumentation"
	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

// table is the instrumentation the analyzers know.
var table = instrumentation.New(nil, nil)

// configurable reports whether en is a contrib constructor that takes
// trace context from and to the wire through the global propagator unless
// given WithPropagators, and creates spans on the global tracer provider
// unless given WithTracerProvider.
func configurable(en *instrumentation.Entry) bool {
	if !strings.HasPrefix(en.Name, otelapi.Contrib+"/") {
		return false // otelchi, otelfiber, otelsql...: their own options
	}
	switch en.Role {
	case instrumentation.Handler, instrumentation.Middleware, instrumentation.Transport,
		instrumentation.StatsHandler, instrumentation.Interceptor:
		return true
	}
	return false
}

// isOtelconf reports whether path is otelconf (or its former name, the
// contrib config package), whose SDK sets up propagators from the
// configuration file.
func isOtelconf(path string) bool {
	for _, p := range []string{otelapi.Contrib + "/otelconf", otelapi.Contrib + "/config"} {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// collect records what the package's non-test code does to the setup.
func collect(pass *analysis.Pass, ins *inspector.Inspector) *setup {
	s := &setup{}
	if pass.Module != nil {
		s.Module = pass.Module.Path
	}
	ownCode := isUserCode(pass)
	where := " in " + otelapi.TrimVendor(pass.Pkg.Path())
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if lint.IsTestFile(pass, call.Pos()) {
			continue
		}
		fn := otelapi.Callee(pass.TypesInfo, call)
		path := funcPath(fn)
		if path == "" {
			continue
		}
		name := fn.Name()
		switch {
		case isPkgFunc(fn, otelapi.Root, "SetTextMapPropagator"):
			s.SetsPropagator = "otel.SetTextMapPropagator"
		case isPkgFunc(fn, autoprop, "NewTextMapPropagator"):
			if s.SetsPropagator == "" {
				s.SetsPropagator = "autoprop"
			}
		case isOtelconf(path):
			if s.SetsPropagator == "" {
				s.SetsPropagator = "otelconf"
			}
			if name == "NewSDK" && ownCode && s.CreatesTracerProv == "" {
				s.CreatesTracerProv = "otelconf.NewSDK" + where
			}
		case isPkgFunc(fn, otelapi.Root, "SetTracerProvider"):
			s.SetsTracerProvider = true
		case isPkgFunc(fn, otelapi.SDKTrace, "NewTracerProvider"):
			if ownCode && s.CreatesTracerProv == "" {
				s.CreatesTracerProv = "sdktrace.NewTracerProvider" + where
			}
		}
		if !ownCode {
			continue
		}
		switch {
		case isPkgFunc(fn, otelapi.Root, "GetTextMapPropagator"):
			if s.Propagates == "" {
				s.Propagates = "otel.GetTextMapPropagator" + where
			}
		case isPkgFunc(fn, otelapi.Root, "Tracer"), isPkgFunc(fn, otelapi.Root, "GetTracerProvider"):
			if s.GlobalTracer == "" {
				s.GlobalTracer = "otel." + name + where
			}
		}
		switch en := table.Lookup(fn); {
		case en == nil:
		case en.Role == instrumentation.Request && en.Protocol == "http":
			// otelhttp.Get and the like send with otelhttp.DefaultClient,
			// which propagates through the global propagator and takes
			// no options.
			if s.Propagates == "" {
				s.Propagates = en.Short + where
			}
			if s.GlobalTracer == "" {
				s.GlobalTracer = en.Short + where
			}
		case configurable(en):
			props, tp, known := options(pass, call, fn)
			if !known {
				continue
			}
			if !props && s.Propagates == "" {
				s.Propagates = en.Short + where
			}
			if !tp && s.GlobalTracer == "" {
				s.GlobalTracer = en.Short + where
			}
		}
	}
	return s
}

// options reports whether an instrumentation call is given WithPropagators
// and WithTracerProvider among its variadic options. known is false when
// an option is not a direct call (a slice spread with ..., a variable):
// it may be either.
func options(pass *analysis.Pass, call *ast.CallExpr, fn *types.Func) (props, tp, known bool) {
	sig := fn.Signature()
	if !sig.Variadic() {
		return false, false, true
	}
	if call.Ellipsis != token.NoPos {
		return false, false, false
	}
	for _, arg := range call.Args[min(sig.Params().Len()-1, len(call.Args)):] {
		c, ok := ast.Unparen(arg).(*ast.CallExpr)
		if !ok {
			return false, false, false
		}
		opt := otelapi.Callee(pass.TypesInfo, c)
		if opt == nil || funcPath(opt) != funcPath(fn) {
			return false, false, false // an in-house option helper: it may set either
		}
		switch opt.Name() {
		case "WithPropagators":
			props = true
		case "WithTracerProvider":
			tp = true
		}
	}
	return props, tp, true
}

// checkProgram reports, in package main, what the program as a whole
// lacks: a propagator, or an installed tracer provider.
func checkProgram(pass *analysis.Pass, own *setup) {
	mainFn := mainDecl(pass)
	if mainFn == nil {
		return // test-only or generated main
	}
	module := own.Module
	mine := func(f *setup) bool { return module == "" || f.Module == module }

	var sum setup
	merge := func(f *setup) {
		if f.SetsPropagator != "" && sum.SetsPropagator == "" {
			sum.SetsPropagator = f.SetsPropagator
		}
		sum.SetsTracerProvider = sum.SetsTracerProvider || f.SetsTracerProvider
		if !mine(f) {
			return // uses in other modules are their authors' choice
		}
		if sum.CreatesTracerProv == "" {
			sum.CreatesTracerProv = f.CreatesTracerProv
		}
		if sum.Propagates == "" {
			sum.Propagates = f.Propagates
		}
		if sum.GlobalTracer == "" {
			sum.GlobalTracer = f.GlobalTracer
		}
	}
	merge(own)
	// In import path order: the first use named in a message must not
	// depend on the order the driver hands the facts over in.
	facts := pass.AllPackageFacts()
	slices.SortFunc(facts, func(a, b analysis.PackageFact) int { return strings.Compare(a.Package.Path(), b.Package.Path()) })
	for _, pf := range facts {
		if f, ok := pf.Fact.(*setup); ok && pf.Package != pass.Pkg {
			merge(f)
		}
	}

	tracing := sum.SetsTracerProvider || sum.CreatesTracerProv != ""
	if tracing && sum.SetsPropagator == "" && sum.Propagates != "" {
		pass.Report(analysis.Diagnostic{
			Pos: mainFn.Name.Pos(), End: mainFn.Name.End(), Category: "error",
			Message: fmt.Sprintf("no package of this program calls otel.SetTextMapPropagator, but %s propagates trace context through the global propagator, a no-op: no traceparent is sent or read and every service starts its own trace; call otel.SetTextMapPropagator(propagation.TraceContext{}) at startup", sum.Propagates),
		})
	}
	if !sum.SetsTracerProvider && sum.CreatesTracerProv != "" && sum.GlobalTracer != "" {
		pass.Report(analysis.Diagnostic{
			Pos: mainFn.Name.Pos(), End: mainFn.Name.End(), Category: "error",
			Message: fmt.Sprintf("%s takes its tracer from the global provider, but no package of this program calls otel.SetTracerProvider: every span goes to the no-op provider and nothing is exported; install the provider of %s with otel.SetTracerProvider", sum.GlobalTracer, sum.CreatesTracerProv),
		})
	}
}

// mainDecl returns the program's func main, outside _test.go files.
func mainDecl(pass *analysis.Pass) *ast.FuncDecl {
	for _, f := range nonTest(pass) {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" && fd.Body != nil {
				return fd
			}
		}
	}
	return nil
}
