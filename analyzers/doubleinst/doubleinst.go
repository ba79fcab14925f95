package doubleinst

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/otellint/otellint/analyzers/internal/instrumentation"
	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

//go:embed doc.go
var doc string

// Options configures the analyzer.
type Options struct {
	ExtraServerWrappers []string `yaml:"extra-server-wrappers" help:"comma-separated qualified names of in-house functions that create SERVER spans (e.g. example.com/mw.Trace)"`
	ExtraClientWrappers []string `yaml:"extra-client-wrappers" help:"comma-separated qualified names of in-house functions that create CLIENT spans (e.g. example.com/httpx.NewTracedTransport)"`
}

// Analyzer reports spans created twice for the same operation.
var Analyzer = Spec.Build(lint.Default)

// Spec defines the analyzer; analyzers.New builds it anew for a configuration
// of its own.
var Spec = lint.Spec[Options]{
	Name:      "doubleinst",
	Doc:       lint.ExtractDoc(doc, "doubleinst"),
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(instrumentedFact), new(serverSpanFact)},
	Options:   Options{},
	Run:       run,
}

// Applied is one application of an instrumentation entry point to a
// value: the library, the kind and protocol of the spans it creates, and
// fileLine it was applied.
type Applied struct {
	Short    string // "otelhttp.NewHandler"
	Kind     int    // instrumentation.Server or Client
	Protocol string
	Role     int
	Where    string // "main.go:12"
	Route    bool   // the value's routes are wrapped (mux.Handle(p, otelhttp.NewHandler(h)))
	Behind   bool   // the value is itself wrapped (it is the argument of a wrapper)
	pos      token.Pos
	call     *ast.CallExpr // the wrapper call, when it is inline
}

func (a Applied) role() instrumentation.Role { return instrumentation.Role(a.Role) }

// instrumentedFact marks a package-level variable holding, or a function
// returning, an instrumented handler, router, client or database handle.
type instrumentedFact struct{ Apps []Applied }

func (*instrumentedFact) AFact() {}
func (f *instrumentedFact) String() string {
	var s []string
	for _, a := range f.Apps {
		x := a.Short
		if a.Route {
			x += "(routes)"
		}
		if a.Behind {
			x += "(behind)"
		}
		s = append(s, x)
	}
	return "instrumented(" + strings.Join(s, ",") + ")"
}

// serverSpanFact marks a function that starts its own SERVER-kind span.
type serverSpanFact struct{ Where string }

func (*serverSpanFact) AFact()           {}
func (f *serverSpanFact) String() string { return "startsServerSpan(" + f.Where + ")" }

type binding struct {
	app   Applied
	at    token.Pos // where the binding is made
	local bool      // bound to a local variable: only uses after it count
}

type checker struct {
	pass  *analysis.Pass
	table *instrumentation.Table
	ins   *inspector.Inspector

	bind    map[types.Object][]binding
	returns map[*types.Func][]Applied
	decls   map[*types.Func]*ast.FuncDecl
	starts  map[*types.Func][]*ast.CallExpr // SERVER span starts by function
	served  map[token.Pos]bool              // span starts already reported
}

func run(pass *analysis.Pass, opts *Options) (any, error) {
	if !otelapi.ImportsOTel(pass.Pkg) && !instrumentation.Imports(pass.Pkg) && len(pass.AllObjectFacts()) == 0 {
		return nil, nil
	}
	c := &checker{
		pass:    pass,
		table:   instrumentation.New(opts.ExtraServerWrappers, opts.ExtraClientWrappers),
		ins:     pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		bind:    map[types.Object][]binding{},
		returns: map[*types.Func][]Applied{},
		decls:   map[*types.Func]*ast.FuncDecl{},
		starts:  map[*types.Func][]*ast.CallExpr{},
		served:  map[token.Pos]bool{},
	}
	for cur := range c.ins.Root().Preorder((*ast.FuncDecl)(nil)) {
		fd := cur.Node().(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && fd.Body != nil {
			c.decls[fn] = fd
		}
	}
	// SERVER span starts, also through helpers that start one and return
	// it (ctx, span := StartServerSpan(c, "op")), to a fixed point.
	lint.FixedPoint(lint.FuncDecls(pass, nil), c.starts, func(d lint.FuncDecl) ([]*ast.CallExpr, bool) {
		s := c.serverStarts(d.Decl.Body)
		return s, len(s) > 0
	})
	for fn, s := range c.starts {
		if otelapi.Exported(fn) {
			pass.ExportObjectFact(fn, &serverSpanFact{Where: c.fileLine(s[0].Pos())})
		}
	}
	// Two rounds so that bindings made later in the source, and functions
	// returning values bound in other functions, are seen in any order.
	for range 2 {
		c.collect()
	}
	c.exportFacts()
	c.checkWrappers()
	c.checkServed()
	c.checkClientSpans()
	c.checkGRPC()
	return nil, nil
}

func (c *checker) fileLine(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }

// placeOf names a position for a message: "line N" in the same file, else file:line.
func (c *checker) placeOf(a Applied, from token.Pos) string {
	if a.pos.IsValid() && c.pass.Fset.File(a.pos) == c.pass.Fset.File(from) {
		return fmt.Sprintf("line %d", c.line(a.pos))
	}
	return a.Where
}

func (c *checker) newApplied(en *instrumentation.Entry, call *ast.CallExpr, pos token.Pos) Applied {
	return Applied{Short: en.Short, Kind: int(en.Kind), Protocol: en.Protocol, Role: int(en.Role), Where: c.fileLine(pos), pos: pos, call: call}
}

var grpcConstructors = map[string]instrumentation.SpanKind{
	"google.golang.org/grpc.NewServer":   instrumentation.Server,
	"google.golang.org/grpc.NewClient":   instrumentation.Client,
	"google.golang.org/grpc.Dial":        instrumentation.Client,
	"google.golang.org/grpc.DialContext": instrumentation.Client,
}
