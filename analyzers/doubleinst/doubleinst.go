package doubleinst

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

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
// where it was applied.
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
	if !otelapi.ImportsOTel(pass.Pkg) && !importsInstrumentation(pass.Pkg) && len(pass.AllObjectFacts()) == 0 {
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
		if exported(fn) {
			pass.ExportObjectFact(fn, &serverSpanFact{Where: c.where(s[0].Pos())})
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

// exported reports whether other packages can refer to fn: an exported
// function, or an exported method of an exported type.
func exported(fn *types.Func) bool {
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

func importsInstrumentation(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if instrumentation.IsInstrumentationPath(imp.Path()) {
			return true
		}
	}
	return false
}

func (c *checker) where(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }

// at names a position for a message: "line N" in the same file, else file:line.
func (c *checker) at(a Applied, from token.Pos) string {
	if a.pos.IsValid() && c.pass.Fset.File(a.pos) == c.pass.Fset.File(from) {
		return fmt.Sprintf("line %d", c.line(a.pos))
	}
	return a.Where
}

func (c *checker) app(en *instrumentation.Entry, call *ast.CallExpr, pos token.Pos) Applied {
	return Applied{Short: en.Short, Kind: int(en.Kind), Protocol: en.Protocol, Role: int(en.Role), Where: c.where(pos), pos: pos, call: call}
}

// middlewareCall returns the middleware application a call makes when it
// calls a middleware value on a handler: otelhttp.NewMiddleware("x")(h),
// or mw(h) with mw := otelhttp.NewMiddleware("x").
func (c *checker) middlewareCall(call *ast.CallExpr) *Applied {
	if len(call.Args) != 1 {
		return nil
	}
	if inner, ok := ast.Unparen(call.Fun).(*ast.CallExpr); ok {
		if en := c.entryOf(inner); en != nil && en.Role == instrumentation.Middleware {
			a := c.app(en, call, call.Pos())
			return &a
		}
	}
	if _, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok {
		return nil
	}
	if _, ok := c.objOf(call.Fun).(*types.Var); !ok {
		return nil
	}
	for _, a := range c.eval(call.Fun, call.Pos(), token.NoPos) {
		if a.role() == instrumentation.Middleware && !a.Behind && !a.Route {
			a.call = nil
			return &a
		}
	}
	return nil
}

// entryOf returns the table entry a call invokes.
func (c *checker) entryOf(call *ast.CallExpr) *instrumentation.Entry {
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return nil
	}
	return c.table.Lookup(fn)
}

// objOf returns the object an identifier or selector refers to.
func (c *checker) objOf(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if o := c.pass.TypesInfo.Uses[e]; o != nil {
			return o
		}
		return c.pass.TypesInfo.Defs[e]
	case *ast.SelectorExpr:
		return c.pass.TypesInfo.Uses[e.Sel]
	}
	return nil
}

// root returns the variable at the root of a selector chain (x in x.a.b).
func (c *checker) root(e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			if _, ok := c.pass.TypesInfo.Uses[x.Sel].(*types.PkgName); ok {
				return c.objOf(x)
			}
			if sel := c.pass.TypesInfo.Selections[x]; sel == nil {
				return c.objOf(x) // qualified identifier
			}
			e = x.X
		case *ast.UnaryExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.Ident:
			return c.objOf(x)
		default:
			return nil
		}
	}
}

func isLocal(o types.Object) bool {
	v, ok := o.(*types.Var)
	return ok && !v.IsField() && v.Pkg() != nil && v.Parent() != v.Pkg().Scope()
}

func (c *checker) add(o types.Object, a Applied, at token.Pos) {
	if o == nil {
		return
	}
	for _, b := range c.bind[o] {
		if b.at == at && b.app.pos == a.pos && b.app.Short == a.Short && b.app.Route == a.Route && b.app.Behind == a.Behind {
			return
		}
	}
	c.bind[o] = append(c.bind[o], binding{app: a, at: at, local: isLocal(o)})
}

// eval returns the instrumentation applied to the value of e, as seen at
// position use; applications made by the call at self are left out.
func (c *checker) eval(e ast.Expr, use, self token.Pos) []Applied {
	info := c.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return c.eval(x.X, use, self)
	case *ast.StarExpr:
		return c.eval(x.X, use, self)
	case *ast.CompositeLit:
		// A struct of another package holding an instrumented handler or
		// transport (http.Server{Handler: h}, http.Client{Transport: t}) is
		// instrumented; a struct of this package has its fields bound instead.
		t := info.TypeOf(x)
		if _, ok := t.Underlying().(*types.Struct); !ok {
			return nil
		}
		if n, ok := types.Unalias(t).(*types.Named); !ok || n.Obj().Pkg() == c.pass.Pkg {
			return nil
		}
		var out []Applied
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			out = append(out, c.eval(el, use, self)...)
		}
		return out
	case *ast.CallExpr:
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() {
			if len(x.Args) == 1 {
				return c.eval(x.Args[0], use, self)
			}
			return nil
		}
		if x.Pos() == self {
			return nil
		}
		if en := c.entryOf(x); en != nil {
			if !en.Creates() {
				if en.Arg >= 0 && en.Arg < len(x.Args) {
					return c.eval(x.Args[en.Arg], use, self)
				}
				return nil
			}
			switch en.Role {
			case instrumentation.Request, instrumentation.Instrument:
				return nil
			}
			out := []Applied{c.app(en, x, x.Pos())}
			if (en.Role == instrumentation.Handler || en.Role == instrumentation.Transport) && en.Arg < len(x.Args) {
				out = append(out, c.eval(x.Args[en.Arg], use, self)...)
			}
			return out
		}
		// A middleware applied to a handler: otelhttp.NewMiddleware("x")(h).
		if a := c.middlewareCall(x); a != nil {
			b := *a
			b.Role, b.pos, b.Where, b.call = int(instrumentation.Handler), x.Pos(), c.where(x.Pos()), x
			b.Short = a.Short
			return append([]Applied{b}, c.eval(x.Args[0], use, self)...)
		}
		fn, _ := typeutil.Callee(info, x).(*types.Func)
		if fn == nil {
			return nil
		}
		if otelapi.FuncName(fn) == "google.golang.org/grpc.NewServer" {
			// A server with otelgrpc's stats handler or interceptors.
			var out []Applied
			for i, arg := range x.Args {
				uses := c.grpcUses(arg, nil, 0)
				if x.Ellipsis.IsValid() && i == len(x.Args)-1 {
					if cur, ok := c.ins.Root().FindNode(x); ok {
						uses = c.optionSlice(arg, cur)
					}
				}
				for _, u := range uses {
					if u.en.Kind == instrumentation.Server {
						out = append(out, c.app(u.en, nil, u.call.Pos()))
					}
				}
			}
			return out
		}
		if i := instrumentation.Propagates(fn); i >= 0 && i < len(x.Args) {
			return c.eval(x.Args[i], use, self)
		}
		if sig := fn.Signature(); sig.Recv() != nil {
			sel, _ := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if sel != nil && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), sig.Recv().Type()) && fn.Pkg() != c.pass.Pkg {
				// A builder: opts.SetMonitor(otelmongo.NewMonitor()) returns opts.
				out := c.eval(sel.X, use, self)
				for _, arg := range x.Args {
					for _, a := range c.eval(arg, use, self) {
						if a.role() == instrumentation.Hook {
							out = append(out, a)
						}
					}
				}
				return out
			}
			if sel != nil && c.derives(fn, sig) {
				var out []Applied
				for _, a := range c.eval(sel.X, use, self) {
					if !a.Behind && (a.Kind == int(instrumentation.Server) || a.Protocol != "http") {
						a.call = nil
						out = append(out, a)
					}
				}
				return out
			}
		}
		if fn.Pkg() == c.pass.Pkg {
			return c.returns[fn]
		}
		var f instrumentedFact
		if c.pass.ImportObjectFact(fn, &f) {
			return f.Apps
		}
		return nil
	case *ast.Ident, *ast.SelectorExpr:
		o := c.objOf(x)
		if o == nil {
			return nil
		}
		if en := c.table.Lookup(o); en != nil && en.Role == instrumentation.ClientValue {
			return []Applied{c.app(en, nil, x.Pos())}
		}
		var out []Applied
		for _, b := range c.bind[o] {
			if self.IsValid() && (b.app.pos == self || b.at == self) || (b.local && (b.at >= use || c.exclusive(b.at, use))) {
				continue
			}
			out = append(out, b.app)
		}
		if v, ok := o.(*types.Var); ok && o.Pkg() != c.pass.Pkg && !v.IsField() {
			var f instrumentedFact
			if c.pass.ImportObjectFact(o, &f) {
				out = append(out, f.Apps...)
			}
		}
		return out
	}
	return nil
}

// derives reports whether the method fn, called on an instrumented value,
// returns a value that shares its instrumentation: a router group or
// subrouter (gin's Group, mux's PathPrefix/Subrouter, echo's Group, chi's
// Route/With), or a transaction, statement, database or collection of an
// instrumented database client. The method must belong to the package of
// its receiver's type and return a type from that package.
func (c *checker) derives(fn *types.Func, sig *types.Signature) bool {
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg || sig.Results().Len() == 0 {
		return false
	}
	rt := sig.Results().At(0).Type()
	if p, ok := rt.(*types.Pointer); ok {
		rt = p.Elem()
	}
	n, ok := types.Unalias(rt).(*types.Named)
	if !ok || n.Obj().Pkg() != fn.Pkg() {
		return false
	}
	switch fn.Name() {
	case "Group", "Subrouter", "PathPrefix", "Host", "Route", "With", "Mount":
		return true
	case "BeginTx", "Begin", "Conn", "Prepare", "PrepareContext", "Acquire", "Database", "Collection", "Pipeline", "TxPipeline", "WithContext":
		return true
	}
	return false
}

// collect binds instrumentation to variables, fields and functions.
func (c *checker) collect() {
	info := c.pass.TypesInfo
	for cur := range c.ins.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.CallExpr)(nil), (*ast.CompositeLit)(nil), (*ast.ReturnStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					c.assign(n.Lhs[i], n.Rhs[i])
				}
			} else if len(n.Rhs) == 1 {
				c.assign(n.Lhs[0], n.Rhs[0])
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) {
					c.assign(name, n.Values[i])
				} else if len(n.Values) == 1 && i == 0 {
					c.assign(name, n.Values[0])
				}
			}
		case *ast.CompositeLit:
			for _, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok {
						if f, ok := info.Uses[k].(*types.Var); ok && f.IsField() && f.Pkg() == c.pass.Pkg {
							for _, a := range c.eval(kv.Value, kv.Pos(), token.NoPos) {
								c.add(f, a, kv.Value.Pos())
							}
						}
					}
				}
			}
		case *ast.ReturnStmt:
			fd, _ := enclosingFunc(cur)
			if fd == nil || len(n.Results) == 0 {
				continue
			}
			fn, _ := info.Defs[fd.Name].(*types.Func)
			if fn == nil {
				continue
			}
			for _, a := range c.eval(n.Results[0], n.Pos(), token.NoPos) {
				if !containsApp(c.returns[fn], a) {
					a.call = nil
					c.returns[fn] = append(c.returns[fn], a)
				}
			}
		case *ast.CallExpr:
			c.collectCall(n)
		}
	}
}

func containsApp(list []Applied, a Applied) bool {
	for _, b := range list {
		if b.pos == a.pos && b.Short == a.Short && b.Route == a.Route && b.Behind == a.Behind {
			return true
		}
	}
	return false
}

// enclosingFunc returns the function declaration around cur, unless a
// function literal is nearer.
func enclosingFunc(cur inspector.Cursor) (*ast.FuncDecl, bool) {
	for p := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fd, ok := p.Node().(*ast.FuncDecl)
		return fd, ok
	}
	return nil, false
}

func (c *checker) assign(lhs, rhs ast.Expr) {
	apps := c.eval(rhs, rhs.Pos(), token.NoPos)
	if len(apps) == 0 {
		return
	}
	var targets []types.Object
	if o := c.objOf(lhs); o != nil && o.Pkg() == c.pass.Pkg {
		if _, ok := o.(*types.Var); ok {
			targets = append(targets, o)
		}
	}
	if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok {
		// client.Transport = otelhttp.NewTransport(...), cfg.ConnConfig.Tracer = otelpgx.NewTracer():
		// the root variable is instrumented too.
		// Only for structs of other packages: a struct of this package has
		// its fields bound instead.
		if r := c.root(sel.X); r != nil && isLocal(r) && c.foreign(r.Type()) {
			targets = append(targets, r)
		}
	}
	for _, o := range targets {
		for _, a := range apps {
			if a.call != nil && a.call != ast.Unparen(rhs) {
				a.call = nil
			}
			c.add(o, a, rhs.Pos())
		}
	}
}

// foreign reports whether t is (a pointer to) a named type of another package.
func (c *checker) foreign(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg() != c.pass.Pkg
}

// exclusive reports whether positions a and b are in different branches
// of the same if/else or switch, so that neither runs after the other.
func (c *checker) exclusive(a, b token.Pos) bool {
	cur, ok := c.ins.Root().FindByPos(a, a)
	if !ok {
		return false
	}
	in := func(n ast.Node, p token.Pos) bool { return n != nil && n.Pos() <= p && p < n.End() }
	for p := range cur.Enclosing((*ast.IfStmt)(nil), (*ast.CaseClause)(nil), (*ast.CommClause)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		switch n := p.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if n.Else != nil && (in(n.Body, a) && in(n.Else, b) || in(n.Else, a) && in(n.Body, b)) {
				return true
			}
		case *ast.CaseClause, *ast.CommClause:
			if sw := p.Parent().Node(); in(sw, b) && !in(n, b) {
				return true
			}
		}
	}
	return false
}

// collectCall records what calls do to their arguments and receivers:
// a wrapper marks the handler it wraps (Behind), a middleware passed to a
// method marks the router (r.Use(otelgin.Middleware("svc"))), a wrapped
// handler passed to a method marks the mux its route is registered on
// (Route), and redisotel.InstrumentTracing(rdb) marks rdb.
func (c *checker) collectCall(call *ast.CallExpr) {
	info := c.pass.TypesInfo
	if en := c.entryOf(call); en != nil {
		switch {
		case en.Role == instrumentation.Instrument && en.Arg < len(call.Args):
			c.add(c.root(call.Args[en.Arg]), c.app(en, nil, call.Pos()), call.Pos())
		case en.Role == instrumentation.Handler && en.Arg < len(call.Args):
			if o := c.objOf(call.Args[en.Arg]); o != nil && !c.reassigns(call, o) {
				if _, ok := o.(*types.Var); ok {
					a := c.app(en, nil, call.Pos())
					a.Behind = true
					c.add(o, a, call.Pos())
				}
			}
		}
		return
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Signature().Recv() == nil {
		return
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	// The receiver: a variable or field (s.mux), else the root of a chain
	// (r in r.PathPrefix("/api").Subrouter()).
	recv := c.objOf(sel.X)
	if _, ok := recv.(*types.Var); !ok {
		recv = c.root(sel.X)
	}
	if recv == nil {
		return
	}
	if _, ok := recv.(*types.Var); !ok {
		return
	}
	for _, arg := range call.Args {
		for _, a := range c.eval(arg, call.Pos(), token.NoPos) {
			if a.Kind != int(instrumentation.Server) || a.Behind || a.Route {
				continue
			}
			a.call = nil
			switch a.role() {
			case instrumentation.Middleware:
				a.pos = arg.Pos()
				a.Where = c.where(arg.Pos())
				c.add(recv, a, arg.Pos())
			case instrumentation.Handler:
				a.Route = true
				c.add(recv, a, arg.Pos())
			}
		}
	}
}

// reassigns reports whether call is the right-hand side of an assignment
// to o: h = otelhttp.NewHandler(h, "server").
func (c *checker) reassigns(call *ast.CallExpr, o types.Object) bool {
	cur, ok := c.ins.Root().FindNode(call)
	if !ok {
		return false
	}
	as, ok := cur.Parent().Node().(*ast.AssignStmt)
	if !ok {
		return false
	}
	for _, l := range as.Lhs {
		if c.objOf(l) == o {
			return true
		}
	}
	return false
}

// exportFacts exports the instrumentation of package-level variables and
// of functions that return instrumented values.
func (c *checker) exportFacts() {
	for o, bs := range c.bind {
		v, ok := o.(*types.Var)
		if !ok || v.IsField() || o.Pkg() != c.pass.Pkg || o.Parent() != c.pass.Pkg.Scope() || !o.Exported() {
			continue
		}
		var apps []Applied
		for _, b := range bs {
			apps = append(apps, b.app)
		}
		c.pass.ExportObjectFact(o, &instrumentedFact{Apps: apps})
	}
	for fn, apps := range c.returns {
		if len(apps) > 0 && exported(fn) {
			c.pass.ExportObjectFact(fn, &instrumentedFact{Apps: apps})
		}
	}
}

// checkWrappers reports a wrapper or middleware applied to a value that is
// already instrumented for the same protocol and span kind.
func (c *checker) checkWrappers() {
	for cur := range c.ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if en := c.entryOf(call); en != nil && (en.Role == instrumentation.Handler || en.Role == instrumentation.Transport) {
			if en.Arg < len(call.Args) {
				c.checkWrap(call, call.Fun, en.Short, instrumentation.SpanKind(en.Kind), en.Protocol, call.Args[en.Arg], true)
			}
			continue
		}
		// otelhttp.NewMiddleware("x")(h), mw(h)
		if a := c.middlewareCall(call); a != nil {
			fun := call.Fun
			if inner, ok := ast.Unparen(call.Fun).(*ast.CallExpr); ok {
				fun = inner.Fun
			}
			c.checkWrap(call, fun, a.Short, instrumentation.SpanKind(a.Kind), a.Protocol, call.Args[0], true)
			continue
		}
		// r.Use(otelgin.Middleware("svc")) on a router that already has server instrumentation.
		fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if fn == nil || fn.Signature().Recv() == nil || !ok {
			continue
		}
		var earlier []Applied
		for i, arg := range call.Args {
			for _, a := range c.eval(arg, call.Pos(), token.NoPos) {
				if a.Kind != int(instrumentation.Server) || a.role() != instrumentation.Middleware || a.Behind {
					continue
				}
				prior := append(c.filter(c.eval(sel.X, arg.Pos(), arg.Pos()), instrumentation.Server, a.Protocol, true), earlier...)
				// Leave out this very registration, bound to the receiver at arg.Pos().
				var dup []Applied
				for _, p := range prior {
					if p.pos != arg.Pos() && !(p.pos > arg.Pos() && c.pass.Fset.File(p.pos) == c.pass.Fset.File(arg.Pos())) {
						dup = append(dup, p)
					}
				}
				if len(dup) > 0 {
					c.reportDup(call, i, arg, a, dup[0], exprString(sel.X))
				}
				a.pos = arg.Pos()
				earlier = append(earlier, a)
				break
			}
		}
	}
}

func (c *checker) filter(apps []Applied, kind instrumentation.SpanKind, proto string, behind bool) []Applied {
	var out []Applied
	for _, a := range apps {
		if a.Kind == int(kind) && a.Protocol == proto && (behind || !a.Behind) {
			switch a.role() {
			case instrumentation.Handler, instrumentation.Middleware, instrumentation.Transport, instrumentation.ClientValue:
				out = append(out, a)
			}
		}
	}
	return out
}

func (c *checker) checkWrap(call *ast.CallExpr, fun ast.Expr, short string, kind instrumentation.SpanKind, proto string, arg ast.Expr, _ bool) {
	if kind == instrumentation.Server && proto == "http" && c.checkGRPCOverHTTP(call, fun, short, arg) {
		return
	}
	prior := c.filter(c.eval(arg, call.Pos(), call.Pos()), kind, proto, false)
	if len(prior) == 0 {
		return
	}
	p := prior[0]
	what := "request"
	if kind == instrumentation.Client {
		what = "outgoing request"
	}
	var msg string
	switch {
	case p.Route:
		msg = fmt.Sprintf("%s wraps %s, whose routes are already wrapped by %s (%s); each %s gets two %s spans: wrap either the routes or the mux, not both", short, exprString(arg), p.Short, c.at(p, call.Pos()), what, kind)
	case p.role() == instrumentation.Middleware && p.Short != short:
		msg = fmt.Sprintf("%s wraps %s, which already uses %s (%s); each %s gets two %s spans: remove one of them", short, exprString(arg), p.Short, c.at(p, call.Pos()), what, kind)
	default:
		msg = fmt.Sprintf("%s wraps a %s already wrapped by %s (%s); each %s gets two %s spans: remove one of the wrappers", short, kindNoun(kind), p.Short, c.at(p, call.Pos()), what, kind)
	}
	d := analysis.Diagnostic{Pos: fun.Pos(), End: fun.End(), Message: msg}
	// The inner wrapper is written inline: remove it, keeping its argument.
	if inner, ok := ast.Unparen(arg).(*ast.CallExpr); ok && p.call == inner && inner.Ellipsis == token.NoPos {
		if en := c.entryOf(inner); en != nil && en.Arg >= 0 && en.Arg < len(inner.Args) && en.Arg == 0 {
			keep := inner.Args[en.Arg]
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message: "Remove the inner " + en.Short,
				TextEdits: []analysis.TextEdit{
					{Pos: inner.Pos(), End: keep.Pos()},
					{Pos: keep.End(), End: inner.End()},
				},
			}}
		}
	}
	c.pass.Report(d)
}

// checkGRPCOverHTTP reports HTTP server instrumentation wrapped around a
// gRPC server served through net/http (its ServeHTTP method) that already
// has otelgrpc's server instrumentation: each RPC gets an HTTP SERVER span
// and an RPC SERVER span.
//
//	s := grpc.NewServer(grpc.StatsHandler(otelgrpc.NewServerHandler()))
//	http.ListenAndServe(addr, otelhttp.NewHandler(s, "grpc"))
func (c *checker) checkGRPCOverHTTP(call *ast.CallExpr, fun ast.Expr, short string, arg ast.Expr) bool {
	var g *Applied
	for _, a := range c.eval(arg, call.Pos(), call.Pos()) {
		if a.Kind == int(instrumentation.Server) && a.Protocol == "grpc" && !a.Behind {
			g = &a
			break
		}
	}
	if g == nil {
		return false
	}
	d := analysis.Diagnostic{
		Pos: fun.Pos(), End: fun.End(),
		Message: fmt.Sprintf("%s wraps gRPC server %s, which already has %s (%s) as its stats handler; each RPC gets two SERVER spans (HTTP and RPC): remove the otelhttp wrapper", short, exprString(arg), g.Short, c.at(*g, call.Pos())),
	}
	// Passed straight to another call (http.ListenAndServe(addr, ...)),
	// the wrapper can go: the server is an http.Handler itself. Elsewhere
	// (h := otelhttp.NewHandler(s, "x")) removing it would change a type.
	if cur, ok := c.ins.Root().FindNode(call); ok {
		if parent, ok := cur.Parent().Node().(*ast.CallExpr); ok && parent != call && slices.Contains(parent.Args, ast.Expr(call)) {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message: "Remove " + short + ", keeping " + exprString(arg),
				TextEdits: []analysis.TextEdit{
					{Pos: call.Pos(), End: arg.Pos()},
					{Pos: arg.End(), End: call.End()},
				},
			}}
		}
	}
	c.pass.Report(d)
	return true
}

func kindNoun(k instrumentation.SpanKind) string {
	if k == instrumentation.Client {
		return "transport"
	}
	return "handler"
}

// reportDup reports a middleware registered on a router that already has
// server instrumentation; the fix removes the later (inner) registration.
func (c *checker) reportDup(call *ast.CallExpr, i int, arg ast.Expr, a, prior Applied, recv string) {
	msg := fmt.Sprintf("%s is registered on %s, which already has %s (%s); each request gets two SERVER spans: remove one", a.Short, recv, prior.Short, c.at(prior, arg.Pos()))
	if prior.Route {
		msg = fmt.Sprintf("%s is registered on %s, whose routes are already wrapped by %s (%s); each request gets two SERVER spans: remove one", a.Short, recv, prior.Short, c.at(prior, arg.Pos()))
	}
	d := analysis.Diagnostic{Pos: arg.Pos(), End: arg.End(), Message: msg}
	if !prior.Route {
		if edits := c.removeArg(call, i); edits != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Remove the second " + a.Short, TextEdits: edits}}
		}
	}
	c.pass.Report(d)
}

// removeArg returns edits deleting argument i of call, or the whole
// statement when it is the call's only argument and the call is a
// statement of its own on its line.
func (c *checker) removeArg(call *ast.CallExpr, i int) []analysis.TextEdit {
	if call.Ellipsis != token.NoPos {
		return nil
	}
	if len(call.Args) == 1 {
		for cur := range c.ins.Root().Preorder((*ast.ExprStmt)(nil)) {
			st := cur.Node().(*ast.ExprStmt)
			if st.X != call {
				continue
			}
			if _, ok := cur.Parent().Node().(*ast.BlockStmt); !ok {
				return nil
			}
			return c.deleteLine(st.Pos(), st.End())
		}
		return nil
	}
	return c.deleteListElem(call.Args, i)
}

// deleteListElem deletes element i of a comma-separated list: up to the
// next element, or with its trailing comma when it is the last one and the
// list ends with a comma, or else with the comma before it.
func (c *checker) deleteListElem(list []ast.Expr, i int) []analysis.TextEdit {
	if i+1 < len(list) {
		return []analysis.TextEdit{{Pos: list[i].Pos(), End: list[i+1].Pos()}}
	}
	tf := c.pass.Fset.File(list[i].Pos())
	if src, err := c.pass.ReadFile(tf.Name()); err == nil && tf.Size() == len(src) {
		e := tf.Offset(list[i].End())
		for e < len(src) && (src[e] == ' ' || src[e] == '\t') {
			e++
		}
		if e < len(src) && src[e] == ',' {
			s := tf.Offset(list[i].Pos())
			ls := s
			for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
				ls--
			}
			le := e + 1
			for le < len(src) && src[le] != '\n' && (src[le] == ' ' || src[le] == '\t') {
				le++
			}
			if ls > 0 && src[ls-1] == '\n' && le < len(src) && src[le] == '\n' {
				return []analysis.TextEdit{{Pos: tf.Pos(ls), End: tf.Pos(le + 1)}}
			}
			return []analysis.TextEdit{{Pos: list[i].Pos(), End: tf.Pos(e + 1)}}
		}
	}
	if i > 0 {
		return []analysis.TextEdit{{Pos: list[i-1].End(), End: list[i].End()}}
	}
	return nil
}

// deleteLine deletes [pos, end) and, when nothing else is on its lines, the
// whole lines.
func (c *checker) deleteLine(pos, end token.Pos) []analysis.TextEdit {
	tf := c.pass.Fset.File(pos)
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil || tf.Size() != len(src) {
		return []analysis.TextEdit{{Pos: pos, End: end}}
	}
	s, e := tf.Offset(pos), tf.Offset(end)
	ls := s
	for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
		ls--
	}
	le := e
	for le < len(src) && (src[le] == ' ' || src[le] == '\t') {
		le++
	}
	if (ls == 0 || src[ls-1] == '\n') && le < len(src) && src[le] == '\n' {
		return []analysis.TextEdit{{Pos: tf.Pos(ls), End: tf.Pos(le + 1)}}
	}
	return []analysis.TextEdit{{Pos: pos, End: end}}
}

func exprString(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// ---- SERVER spans in handlers served through server instrumentation ----

// spanStart describes a call to trace.Tracer.Start.
type spanStart struct {
	call  *ast.CallExpr
	name  string
	kind  int64 // 0 when not set by a constant WithSpanKind
	attrs []string
}

func (c *checker) spanStartOf(call *ast.CallExpr) *spanStart {
	if otelapi.CalleeName(c.pass.TypesInfo, call) != otelapi.TracerStart || len(call.Args) < 2 {
		return nil
	}
	s := &spanStart{call: call, name: "span"}
	if tv, ok := c.pass.TypesInfo.Types[call.Args[1]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		s.name = constant.StringVal(tv.Value)
	}
	opts := call.Args[2:]
	if call.Ellipsis.IsValid() && len(opts) > 0 {
		// tracer.Start(ctx, name, append(opts, trace.WithSpanKind(trace.SpanKindServer))...)
		if ap, ok := ast.Unparen(opts[len(opts)-1]).(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(ap.Fun).(*ast.Ident); ok && id.Name == "append" && len(ap.Args) > 1 {
				if _, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok {
					opts = append(opts[:len(opts)-1:len(opts)-1], ap.Args[1:]...)
				}
			}
		}
	}
	for _, opt := range opts {
		oc, ok := ast.Unparen(opt).(*ast.CallExpr)
		if !ok {
			continue
		}
		switch otelapi.CalleeName(c.pass.TypesInfo, oc) {
		case otelapi.Trace + ".WithSpanKind":
			if len(oc.Args) == 1 {
				if tv, ok := c.pass.TypesInfo.Types[oc.Args[0]]; ok && tv.Value != nil {
					s.kind, _ = constant.Int64Val(tv.Value)
				}
			}
		case otelapi.Trace + ".WithAttributes":
			for _, kv := range oc.Args {
				if k := c.attrKey(kv); k != "" {
					s.attrs = append(s.attrs, k)
				}
			}
		}
	}
	return s
}

// attrKey returns the constant key of an attribute.KeyValue expression
// built by attribute.String("k", v) or attribute.Key("k").String(v), or by
// a semantic-conventions helper (semconv.HTTPRequestMethodKey.String, semconv.DBSystemPostgreSQL).
func (c *checker) attrKey(e ast.Expr) string {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		if o := c.objOf(e); o != nil && o.Pkg() != nil {
			if _, ok := otelapi.IsSemconvPath(o.Pkg().Path()); ok {
				return semconvKey(o.Name())
			}
		}
		return ""
	}
	fn := otelapi.Callee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	if fn.Pkg().Path() == otelapi.Attribute && fn.Signature().Recv() == nil && len(call.Args) > 0 {
		if tv, ok := c.pass.TypesInfo.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			return constant.StringVal(tv.Value)
		}
		return ""
	}
	if fn.Pkg().Path() == otelapi.Attribute && fn.Signature().Recv() != nil {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if tv, ok := c.pass.TypesInfo.Types[sel.X]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				return constant.StringVal(tv.Value)
			}
			if o := c.objOf(sel.X); o != nil && o.Pkg() != nil {
				if _, ok := otelapi.IsSemconvPath(o.Pkg().Path()); ok {
					return semconvKey(o.Name())
				}
			}
		}
		return ""
	}
	if _, ok := otelapi.IsSemconvPath(fn.Pkg().Path()); ok {
		return semconvKey(fn.Name())
	}
	return ""
}

// semconvKey maps a semantic-conventions identifier to the namespace of its
// key: HTTPRequestMethodKey → "http.", URLFull → "url.", DBSystemPostgreSQL → "db.".
func semconvKey(name string) string {
	switch {
	case strings.HasPrefix(name, "HTTP"):
		return "http."
	case strings.HasPrefix(name, "URL"):
		return "url."
	case strings.HasPrefix(name, "DB"):
		return "db."
	case strings.HasPrefix(name, "Messaging"):
		return "messaging."
	case strings.HasPrefix(name, "RPC"):
		return "rpc."
	}
	return ""
}

// serverStarts returns the SERVER-kind span starts in body.
func (c *checker) serverStarts(body *ast.BlockStmt) []*ast.CallExpr {
	var out []*ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if s := c.spanStartOf(call); s != nil {
				if s.kind == int64(instrumentation.Server) {
					out = append(out, call)
				}
			} else if g := c.serverHelper(call); g != nil {
				out = append(out, call)
			}
		}
		return true
	})
	return out
}

// serverHelper returns the function a call invokes when it starts a
// SERVER span and returns it to the caller.
func (c *checker) serverHelper(call *ast.CallExpr) *types.Func {
	g, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if g == nil {
		return nil
	}
	res := g.Signature().Results()
	returnsSpan := false
	for i := 0; i < res.Len(); i++ {
		returnsSpan = returnsSpan || otelapi.IsSpan(res.At(i).Type())
	}
	if !returnsSpan {
		return nil
	}
	if g.Pkg() == c.pass.Pkg {
		if len(c.starts[g]) > 0 {
			return g
		}
		return nil
	}
	var f serverSpanFact
	if c.pass.ImportObjectFact(g, &f) {
		return g
	}
	return nil
}

// handlers returns the functions an expression registers as handlers: a
// function or method value, a conversion like http.HandlerFunc(f), a value
// whose type has a ServeHTTP method, or a function literal (lit).
func (c *checker) handlers(e ast.Expr) (fns []*types.Func, lit *ast.FuncLit) {
	info := c.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return nil, x
	case *ast.CallExpr:
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return c.handlers(x.Args[0])
		}
	case *ast.Ident, *ast.SelectorExpr:
		if fn, ok := c.objOf(x).(*types.Func); ok {
			return []*types.Func{fn}, nil
		}
	}
	t := info.TypeOf(e)
	if t == nil || types.IsInterface(t) {
		return nil, nil
	}
	if _, ok := t.Underlying().(*types.Signature); ok {
		return nil, nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	if fn, ok := obj.(*types.Func); ok {
		return []*types.Func{fn}, nil
	}
	return nil, nil
}

// checkServed reports handlers served behind server instrumentation that
// start their own SERVER span.
func (c *checker) checkServed() {
	for cur := range c.ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		var via *Applied
		var args []ast.Expr
		if en := c.entryOf(call); en != nil {
			if en.Kind == instrumentation.Server && en.Role == instrumentation.Handler && en.Arg < len(call.Args) {
				a := c.app(en, call, call.Pos())
				via, args = &a, call.Args[en.Arg:en.Arg+1]
			}
		} else if a := c.middlewareCall(call); a != nil && a.Kind == int(instrumentation.Server) {
			a.pos, a.Where = call.Pos(), c.where(call.Pos())
			via, args = a, call.Args
		}
		if via == nil && c.checkGRPCService(call) {
			continue
		}
		if via == nil {
			fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if fn == nil || fn.Signature().Recv() == nil || !ok || c.table.Lookup(fn) != nil {
				continue
			}
			// Registration order does not matter: a mux wrapped after its
			// routes are registered serves them all.
			// The router's own instrumentation is named before a wrapper around it.
			for _, a := range c.eval(sel.X, token.Pos(math.MaxInt), token.NoPos) {
				if a.Kind == int(instrumentation.Server) && a.Protocol == "http" && !a.Route && (via == nil || via.Behind && !a.Behind) {
					via = &a
				}
			}
			if via == nil {
				continue
			}
			args = call.Args
		}
		for _, arg := range args {
			fns, lit := c.handlers(arg)
			if lit != nil {
				for _, s := range c.serverStarts(lit.Body) {
					c.reportServerStart(s, "this handler", *via)
				}
			}
			for _, fn := range fns {
				if fn.Pkg() == c.pass.Pkg {
					for _, s := range c.starts[fn] {
						c.reportServerStart(s, fn.Name(), *via)
					}
					continue
				}
				var f serverSpanFact
				if c.pass.ImportObjectFact(fn, &f) {
					c.pass.Report(analysis.Diagnostic{
						Pos: arg.Pos(), End: arg.End(),
						Message: fmt.Sprintf("handler %s starts its own SERVER span (%s), but it is served through %s (%s), which already creates the SERVER span; each request is traced twice: make the handler's span INTERNAL", exprString(arg), f.Where, via.Short, c.at(*via, arg.Pos())),
					})
				}
			}
		}
	}
}

// checkGRPCService reports the methods of a service implementation,
// registered on a gRPC server that has otelgrpc's server instrumentation
// (pb.RegisterGreeterServer(s, &greeter{})), that start their own SERVER
// span. It reports whether call registers a service on such a server.
func (c *checker) checkGRPCService(call *ast.CallExpr) bool {
	var via *Applied
	srvArg := -1
	for i, arg := range call.Args {
		t := c.pass.TypesInfo.TypeOf(arg)
		if t == nil || !(otelapi.IsNamed(t, "google.golang.org/grpc", "Server") || otelapi.IsNamed(t, "google.golang.org/grpc", "ServiceRegistrar")) {
			continue
		}
		for _, a := range c.eval(arg, token.Pos(math.MaxInt), token.NoPos) {
			if a.Kind == int(instrumentation.Server) && a.Protocol == "grpc" && !a.Behind {
				via, srvArg = &a, i
				break
			}
		}
	}
	if via == nil {
		return false
	}
	for i, arg := range call.Args {
		if i == srvArg {
			continue
		}
		t := c.pass.TypesInfo.TypeOf(arg)
		if t == nil || types.IsInterface(t) {
			continue
		}
		ms := types.NewMethodSet(t)
		if _, isPtr := t.(*types.Pointer); !isPtr {
			ms = types.NewMethodSet(types.NewPointer(t))
		}
		for m := range ms.Methods() {
			fn, ok := m.Obj().(*types.Func)
			if !ok || !fn.Exported() {
				continue
			}
			if fn.Pkg() == c.pass.Pkg {
				for _, s := range c.starts[fn] {
					c.reportServerStart(s, fn.Name(), *via)
				}
				continue
			}
			var f serverSpanFact
			if c.pass.ImportObjectFact(fn, &f) {
				c.pass.Report(analysis.Diagnostic{
					Pos: arg.Pos(), End: arg.End(),
					Message: fmt.Sprintf("method %s of %s starts its own SERVER span (%s), but it is served by a gRPC server with %s (%s), which already creates the SERVER span; each RPC is traced twice: make the method's span INTERNAL", fn.Name(), exprString(arg), f.Where, via.Short, c.at(*via, arg.Pos())),
				})
				break
			}
		}
	}
	return true
}

func (c *checker) reportServerStart(s *ast.CallExpr, handler string, via Applied) {
	if c.served[s.Pos()] {
		return
	}
	c.served[s.Pos()] = true
	if g := c.serverHelper(s); g != nil {
		handler += " (through " + g.Name() + ")"
	}
	what := "request"
	if via.Protocol == "grpc" {
		what = "RPC"
	}
	d := analysis.Diagnostic{
		Pos: s.Pos(), End: s.End(),
		Message: fmt.Sprintf("%s starts a SERVER span, but it is served through %s (%s), which already creates the SERVER span for the %s; each %s is traced twice: drop trace.WithSpanKind(trace.SpanKindServer) to make this an INTERNAL child span", handler, via.Short, c.at(via, s.Pos()), what, what),
	}
	if sel, ok := ast.Unparen(s.Fun).(*ast.SelectorExpr); ok {
		d.Pos, d.End = sel.Sel.Pos(), s.End()
	}
	c.pass.Report(d)
}

// ---- CLIENT spans around instrumented calls ----

// checkClientSpans reports a CLIENT span (or one carrying http.*, url.* or
// db.* attributes) around a call through an instrumented client or handle.
func (c *checker) checkClientSpans() {
	for cur := range c.ins.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var body *ast.BlockStmt
		switch f := cur.Node().(type) {
		case *ast.FuncDecl:
			body = f.Body
		case *ast.FuncLit:
			body = f.Body
		}
		if body == nil {
			continue
		}
		var spans []*spanStart
		var calls []*ast.CallExpr
		ast.Inspect(body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if call, ok := n.(*ast.CallExpr); ok {
				if s := c.spanStartOf(call); s != nil {
					spans = append(spans, s)
				} else {
					calls = append(calls, call)
				}
			}
			return true
		})
		for _, s := range spans {
			protos := c.spanProtocols(s)
			if protos == nil {
				continue
			}
			for _, call := range calls {
				if call.Pos() <= s.call.End() {
					continue
				}
				a, what := c.instrumentedCall(call)
				if a == nil || a.Kind != int(instrumentation.Client) || !protos[protoClass(a.Protocol)] {
					continue
				}
				why := "a CLIENT span"
				if s.kind != int64(instrumentation.Client) {
					why = "a span with " + protoClass(a.Protocol) + ".* attributes"
				}
				c.pass.Report(analysis.Diagnostic{
					Pos: s.call.Pos(), End: s.call.End(),
					Message: fmt.Sprintf("span %q is %s around %s (line %d), for which %s (%s) already creates a CLIENT span; the call is recorded twice: remove this span or make it INTERNAL without %s attributes", s.name, why, what, c.line(call.Pos()), a.Short, c.at(*a, s.call.Pos()), protoClass(a.Protocol)),
				})
				break
			}
		}
	}
}

// protoClass groups protocols by the attribute namespace of their spans.
func protoClass(p string) string {
	switch p {
	case "sql", "redis", "mongodb":
		return "db"
	}
	return p
}

// spanProtocols returns the protocol classes a span may duplicate: any
// for a CLIENT span, those of its attributes for a span of unspecified
// kind, none for other kinds.
func (c *checker) spanProtocols(s *spanStart) map[string]bool {
	m := map[string]bool{}
	for _, k := range s.attrs {
		switch {
		case strings.HasPrefix(k, "http.") || strings.HasPrefix(k, "url."):
			m["http"] = true
		case strings.HasPrefix(k, "db."):
			m["db"] = true
		case strings.HasPrefix(k, "messaging."):
			m["messaging"] = true
		case strings.HasPrefix(k, "rpc."):
			m["rpc"] = true
		}
	}
	switch s.kind {
	case int64(instrumentation.Client):
		// A CLIENT span whose attributes name its protocol duplicates
		// only calls of that protocol (a messaging CLIENT span around a
		// query is not the query's span).
		if len(m) > 0 {
			return m
		}
		return map[string]bool{"http": true, "db": true, "aws": true, "client": true}
	case 0:
		if len(m) == 0 {
			return nil
		}
		return m
	}
	return nil
}

// instrumentedCall returns the instrumentation a call goes through: a call
// to otelhttp.Get and friends, a method of net/http.Client or a RoundTrip
// on an instrumented client or transport, or a method of an instrumented
// database, cache or AWS client.
func (c *checker) instrumentedCall(call *ast.CallExpr) (*Applied, string) {
	if en := c.entryOf(call); en != nil && en.Role == instrumentation.Request {
		a := c.app(en, call, call.Pos())
		return &a, en.Short
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if fn == nil || !ok || fn.Signature().Recv() == nil || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil, ""
	}
	for _, a := range c.eval(sel.X, call.Pos(), token.NoPos) {
		if a.Kind != int(instrumentation.Client) || a.Behind {
			continue
		}
		switch a.Protocol {
		case "http", "client":
			if fn.Pkg().Path() != "net/http" && a.Protocol == "http" {
				continue
			}
		case "grpc":
			continue
		}
		return &a, exprString(sel.X) + "." + fn.Name()
	}
	return nil, ""
}

// ---- gRPC ----

var grpcConstructors = map[string]instrumentation.SpanKind{
	"google.golang.org/grpc.NewServer":   instrumentation.Server,
	"google.golang.org/grpc.NewClient":   instrumentation.Client,
	"google.golang.org/grpc.Dial":        instrumentation.Client,
	"google.golang.org/grpc.DialContext": instrumentation.Client,
}

type grpcUse struct {
	call *ast.CallExpr // the otelgrpc call
	en   *instrumentation.Entry
	opt  ast.Expr   // the option expression it is in
	list []ast.Expr // the list the option is an element of
	idx  int
}

// checkGRPC reports a gRPC server or client with both the otelgrpc stats
// handler and the otelgrpc interceptors, or with either twice.
func (c *checker) checkGRPC() {
	for cur := range c.ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		kind, ok := grpcConstructors[otelapi.CalleeName(c.pass.TypesInfo, call)]
		if !ok {
			continue
		}
		var uses []grpcUse
		args := call.Args
		if kind == instrumentation.Client && len(args) > 0 {
			args = args[1:] // the target
			if otelapi.CalleeName(c.pass.TypesInfo, call) == "google.golang.org/grpc.DialContext" && len(args) > 0 {
				args = args[1:]
			}
		}
		off := len(call.Args) - len(args)
		for i, arg := range args {
			if call.Ellipsis != token.NoPos && i == len(args)-1 {
				uses = append(uses, c.optionSlice(arg, cur)...)
				continue
			}
			uses = append(uses, c.grpcUses(arg, call.Args, i+off)...)
		}
		c.analyzeGRPC(uses, kind)
	}
	// Option slices built in a function and returned or passed on
	// (opts = append(opts, grpc.StatsHandler(...), grpc.UnaryInterceptor(...))).
	for cur := range c.ins.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		v, ok := c.pass.TypesInfo.Defs[id].(*types.Var)
		if !ok || !isLocal(v) {
			continue
		}
		sl, ok := v.Type().Underlying().(*types.Slice)
		if !ok {
			continue
		}
		var kind instrumentation.SpanKind
		switch {
		case otelapi.IsNamed(sl.Elem(), "google.golang.org/grpc", "ServerOption"):
			kind = instrumentation.Server
		case otelapi.IsNamed(sl.Elem(), "google.golang.org/grpc", "DialOption"):
			kind = instrumentation.Client
		default:
			continue
		}
		c.analyzeGRPC(c.optionSlice(id, cur), kind)
	}
}

// analyzeGRPC reports the duplicates among the otelgrpc options of one
// server or client.
func (c *checker) analyzeGRPC(uses []grpcUse, kind instrumentation.SpanKind) {
	var stats, unary, stream *grpcUse
	for i := range uses {
		u := &uses[i]
		if u.en.Kind != kind {
			continue
		}
		switch {
		case u.en.Role == instrumentation.StatsHandler:
			if stats != nil && !c.exclusive(stats.call.Pos(), u.call.Pos()) {
				c.reportGRPC(*u, fmt.Sprintf("%s is installed twice on this gRPC %s (first at line %d); each RPC gets two %s spans: remove one", u.en.Short, side(kind), c.line(stats.call.Pos()), kind))
			} else if stats == nil {
				stats = u
			}
		case strings.HasPrefix(u.en.Name[strings.LastIndex(u.en.Name, ".")+1:], "Unary"):
			if unary != nil && !c.exclusive(unary.call.Pos(), u.call.Pos()) {
				c.reportGRPC(*u, fmt.Sprintf("%s is installed twice on this gRPC %s (first at line %d); each RPC gets two %s spans: remove one", u.en.Short, side(kind), c.line(unary.call.Pos()), kind))
			} else if unary == nil {
				unary = u
			}
		default:
			if stream != nil && !c.exclusive(stream.call.Pos(), u.call.Pos()) {
				c.reportGRPC(*u, fmt.Sprintf("%s is installed twice on this gRPC %s (first at line %d); each RPC gets two %s spans: remove one", u.en.Short, side(kind), c.line(stream.call.Pos()), kind))
			} else if stream == nil {
				stream = u
			}
		}
	}
	if stats != nil {
		for _, u := range []*grpcUse{unary, stream} {
			if u != nil && !c.exclusive(stats.call.Pos(), u.call.Pos()) {
				c.reportGRPC(*u, fmt.Sprintf("%s creates a second %s span for each RPC: this gRPC %s also has %s (line %d) as its stats handler: remove the interceptor", u.en.Short, kind, side(kind), stats.en.Short, c.line(stats.call.Pos())))
			}
		}
	}
}

func side(k instrumentation.SpanKind) string {
	if k == instrumentation.Server {
		return "server"
	}
	return "client"
}

func (c *checker) reportGRPC(u grpcUse, msg string) {
	if c.served[u.call.Pos()] {
		return
	}
	c.served[u.call.Pos()] = true
	d := analysis.Diagnostic{Pos: u.call.Pos(), End: u.call.End(), Message: msg}
	if u.list != nil {
		if edits := c.deleteListElem(u.list, u.idx); edits != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Remove " + u.en.Short, TextEdits: edits}}
		}
	}
	c.pass.Report(d)
}

// grpcUses returns the otelgrpc calls inside an option expression, which
// is element idx of list. The option can be removed only when it holds a
// single otelgrpc call as its sole argument (grpc.StatsHandler(otelgrpc.NewServerHandler())),
// or the otelgrpc call is one argument of a chain (grpc.ChainUnaryInterceptor(a, otelgrpc...)).
func (c *checker) grpcUses(opt ast.Expr, list []ast.Expr, idx int) []grpcUse {
	var out []grpcUse
	ast.Inspect(opt, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		en := c.entryOf(call)
		if en == nil || (en.Role != instrumentation.StatsHandler && en.Role != instrumentation.Interceptor) {
			return true
		}
		u := grpcUse{call: call, en: en, opt: opt}
		if oc, ok := ast.Unparen(opt).(*ast.CallExpr); ok {
			if len(oc.Args) == 1 && ast.Unparen(oc.Args[0]) == call && list != nil {
				u.list, u.idx = list, idx
			} else if len(oc.Args) > 1 && oc.Ellipsis == token.NoPos {
				for j, a := range oc.Args {
					if ast.Unparen(a) == call {
						u.list, u.idx = oc.Args, j
					}
				}
			}
		}
		out = append(out, u)
		return false
	})
	return out
}

// optionSlice returns the otelgrpc calls in the options of a slice passed
// as opts...: the elements of its composite literal and of appends to it
// in the enclosing function.
func (c *checker) optionSlice(arg ast.Expr, cur inspector.Cursor) []grpcUse {
	obj := c.objOf(arg)
	if obj == nil || !isLocal(obj) {
		return nil
	}
	var fn ast.Node
	for p := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fn = p.Node()
		break
	}
	if fn == nil {
		return nil
	}
	var out []grpcUse
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if c.objOf(lhs) != obj || i >= len(n.Rhs) {
					continue
				}
				out = append(out, c.sliceExprUses(n.Rhs[i], obj)...)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if c.objOf(name) == obj && i < len(n.Values) {
					out = append(out, c.sliceExprUses(n.Values[i], obj)...)
				}
			}
		}
		return true
	})
	return out
}

func (c *checker) sliceExprUses(e ast.Expr, obj types.Object) []grpcUse {
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		var out []grpcUse
		for i, el := range x.Elts {
			out = append(out, c.grpcUses(el, x.Elts, i)...)
		}
		return out
	case *ast.CallExpr:
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok && id.Name == "append" && len(x.Args) > 0 && c.objOf(x.Args[0]) == obj && x.Ellipsis == token.NoPos {
			var out []grpcUse
			for i, el := range x.Args[1:] {
				out = append(out, c.grpcUses(el, x.Args, i+1)...)
			}
			return out
		}
	}
	return nil
}
