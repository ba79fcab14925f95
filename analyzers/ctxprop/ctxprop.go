package ctxprop

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers/internal/instrumentation"
	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
	"github.com/otellint/otellint/analyzers/internal/provenance"
)

//go:embed doc.go
var doc string

// Options configures the analyzer.
type Options struct {
	Tests bool `yaml:"tests" help:"also check _test.go files"`
}

// Analyzer reports spans and requests that lose the context of the span
// in scope.
var Analyzer = Spec.Build(lint.Default)

// Spec defines the analyzer; analyzers.New builds it anew for a configuration
// of its own.
var Spec = lint.Spec[Options]{
	Name:      "ctxprop",
	Doc:       lint.ExtractDoc(doc, "ctxprop"),
	FactTypes: []analysis.Fact{new(startsSpan), new(instrumented)},
	Run:       run,
}

// startsSpan marks a function that starts a span (or makes an instrumented
// request) from its context parameter, by index (receiver excluded).
type startsSpan struct {
	Param int
}

func (*startsSpan) AFact() {}

func (f *startsSpan) String() string { return fmt.Sprintf("startsSpan(%d)", f.Param) }

// instrumented marks a package-level variable, a struct field or a function
// whose value (or result) is an instrumented HTTP client or transport, or
// an instrumented database handle.
type instrumented struct {
	What string // "http client", "http transport", "database"
}

func (*instrumented) AFact() {}

func (f *instrumented) String() string { return "instrumented(" + f.What + ")" }

const (
	whatClient    = "http client"
	whatTransport = "http transport"
	whatDB        = "database"
)

const propagationPath = "go.opentelemetry.io/otel/propagation"

func run(pass *analysis.Pass, opts *Options) (any, error) {
	if provenance.IsStd(pass) {
		return nil, nil
	}
	if !otelapi.ImportsOTel(pass.Pkg) && !instrumentation.Imports(pass.Pkg) && len(pass.AllObjectFacts()) == 0 {
		// Nothing here starts spans or instruments a client, and no
		// dependency does: there is nothing to learn or report.
		return nil, nil
	}
	c := &checker{
		pass:   pass,
		table:  instrumentation.New(nil, nil),
		objs:   map[types.Object]string{},
		starts: map[*types.Func]int{},

		discarded: map[*ast.CallExpr]bool{},
	}
	c.decls = lint.FuncDecls(pass, nil)
	c.findDiscarded()
	// Facts are learned in every package: a helper package that does not
	// import OpenTelemetry may still wrap one that does.
	c.learnInstrumented()
	c.learnStarts()
	if !otelapi.ImportsOTel(pass.Pkg) {
		return nil, nil
	}
	for _, d := range c.decls {
		if !opts.Tests && lint.IsTestFile(pass, d.Decl.Pos()) {
			continue
		}
		c.checkFunc(&unit{typ: d.Decl.Type, body: d.Decl.Body, recv: d.Decl.Recv})
	}
	return nil, nil
}

type checker struct {
	pass   *analysis.Pass
	table  *instrumentation.Table
	decls  []lint.FuncDecl
	objs   map[types.Object]string // local knowledge: instrumented values
	starts map[*types.Func]int     // local knowledge: startsSpan

	discarded map[*ast.CallExpr]bool // Start calls whose span is discarded
}

// A unit is a function declaration or literal, with the literal that
// encloses it.
type unit struct {
	typ    *ast.FuncType
	recv   *ast.FieldList
	body   *ast.BlockStmt
	parent *unitInfo // the enclosing unit of a literal, with its Start sites
	lit    *ast.FuncLit
}

// objOf returns the object an identifier or selector refers to.
func (c *checker) objOf(e ast.Expr) types.Object { return otelapi.ObjectOf(c.pass.TypesInfo, e) }

func (c *checker) callee(call *ast.CallExpr) *types.Func {
	return otelapi.Callee(c.pass.TypesInfo, call)
}

func (c *checker) calleeName(call *ast.CallExpr) string {
	return otelapi.FuncName(c.callee(call))
}

func isContextType(t types.Type) bool { return otelapi.IsNamed(t, "context", "Context") }

func isRequestPtr(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	return ok && otelapi.IsNamed(p.Elem(), "net/http", "Request")
}

// isFresh reports whether e is context.Background() or context.TODO().
func (c *checker) isFresh(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	n := c.calleeName(call)
	return n == "context.Background" || n == "context.TODO"
}

// isStart reports whether call is (trace.Tracer).Start on a tracer that
// records.
func (c *checker) isStart(call *ast.CallExpr) bool {
	if len(call.Args) < 2 || c.calleeName(call) != otelapi.TracerStart {
		return false
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && otelapi.IsNoopTracerExpr(c.pass.TypesInfo, sel.X, nil) {
		return false
	}
	return true
}

// newRootOpts reports whether the Start call's options ask for a new root
// or links, or cannot be seen (opts...).
func (c *checker) newRootOpts(call *ast.CallExpr) bool {
	if call.Ellipsis.IsValid() {
		return true
	}
	for _, a := range call.Args[2:] {
		found := false
		ast.Inspect(a, func(n ast.Node) bool {
			if ca, ok := n.(*ast.CallExpr); ok {
				switch c.calleeName(ca) {
				case otelapi.Trace + ".WithNewRoot", otelapi.Trace + ".WithLinks":
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// spanName returns the quoted span name of a Start call, or "".
func spanName(call *ast.CallExpr) string {
	if lit, ok := ast.Unparen(call.Args[1]).(*ast.BasicLit); ok && lit.Kind == token.STRING {
		if s, err := strconv.Unquote(lit.Value); err == nil {
			return strconv.Quote(s)
		}
	}
	return ""
}

func spanDesc(call *ast.CallExpr) string {
	if n := spanName(call); n != "" {
		return "span " + n
	}
	return "the span"
}

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }

// isExtract reports whether call extracts a span context from a carrier:
// Extract of a text-map propagator (not the baggage one).
func (c *checker) isExtract(call *ast.CallExpr) bool {
	return c.propagatorMethod(call, "Extract")
}

func (c *checker) isInject(call *ast.CallExpr) bool {
	return c.propagatorMethod(call, "Inject")
}

func (c *checker) propagatorMethod(call *ast.CallExpr, name string) bool {
	fn := c.callee(call)
	if fn == nil || fn.Name() != name || len(call.Args) != 2 {
		return false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	if otelapi.IsNamed(recv.Type(), propagationPath, "Baggage") {
		return false
	}
	if otelapi.IsNamed(recv.Type(), propagationPath, "TextMapPropagator") || otelapi.IsNamed(recv.Type(), propagationPath, "TraceContext") {
		return true
	}
	// A propagator of another package (b3, jaeger, a vendor's), called
	// through its own type: it implements TextMapPropagator.
	iface := c.textMapPropagator()
	return iface != nil && types.Implements(recv.Type(), iface)
}

func (c *checker) textMapPropagator() *types.Interface {
	for _, p := range c.pass.Pkg.Imports() {
		if p.Path() == propagationPath {
			if o := p.Scope().Lookup("TextMapPropagator"); o != nil {
				i, _ := o.Type().Underlying().(*types.Interface)
				return i
			}
		}
	}
	return nil
}

// findDiscarded records the Start calls whose span is discarded:
// tracer.Start(ctx, "x") as a statement, or _, _ = tracer.Start(...).
func (c *checker) findDiscarded() {
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ExprStmt:
				if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok && c.isStart(call) {
					c.discarded[call] = true
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
					if id, ok := n.Lhs[1].(*ast.Ident); ok && id.Name == "_" {
						if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok && c.isStart(call) {
							c.discarded[call] = true
						}
					}
				}
			}
			return true
		})
	}
}
