package doubleinst

// What the package applies instrumentation to: the wrappers, middleware,
// transports and options each value (handler, router, client, server,
// database handle) goes through, followed through variables, fields and
// the functions that return them, and exported as facts.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/otellint/otellint/analyzers/internal/instrumentation"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

// middlewareCall returns the middleware application a call makes when it
// calls a middleware value on a handler: otelhttp.NewMiddleware("x")(h),
// or mw(h) with mw := otelhttp.NewMiddleware("x").
func (c *checker) middlewareCall(call *ast.CallExpr) *Applied {
	if len(call.Args) != 1 {
		return nil
	}
	if inner, ok := ast.Unparen(call.Fun).(*ast.CallExpr); ok {
		if en := c.entryOf(inner); en != nil && en.Role == instrumentation.Middleware {
			a := c.newApplied(en, call, call.Pos())
			return &a
		}
	}
	if _, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok {
		return nil
	}
	if _, ok := c.objOf(call.Fun).(*types.Var); !ok {
		return nil
	}
	for _, a := range c.appliedTo(call.Fun, call.Pos(), token.NoPos) {
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
func (c *checker) objOf(e ast.Expr) types.Object { return otelapi.ObjectOf(c.pass.TypesInfo, e) }

// rootVar returns the variable at the root of a selector chain (x in x.a.b).
func (c *checker) rootVar(e ast.Expr) types.Object {
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

// appliedTo returns the instrumentation applied to the value of e, as seen at
// position use; applications made by the call at self are left out.
func (c *checker) appliedTo(e ast.Expr, use, self token.Pos) []Applied {
	info := c.pass.TypesInfo
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return c.appliedTo(x.X, use, self)
	case *ast.StarExpr:
		return c.appliedTo(x.X, use, self)
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
			out = append(out, c.appliedTo(el, use, self)...)
		}
		return out
	case *ast.CallExpr:
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() {
			if len(x.Args) == 1 {
				return c.appliedTo(x.Args[0], use, self)
			}
			return nil
		}
		if x.Pos() == self {
			return nil
		}
		if en := c.entryOf(x); en != nil {
			if !en.Creates() {
				if en.Arg >= 0 && en.Arg < len(x.Args) {
					return c.appliedTo(x.Args[en.Arg], use, self)
				}
				return nil
			}
			switch en.Role {
			case instrumentation.Request, instrumentation.Instrument:
				return nil
			}
			out := []Applied{c.newApplied(en, x, x.Pos())}
			if (en.Role == instrumentation.Handler || en.Role == instrumentation.Transport) && en.Arg < len(x.Args) {
				out = append(out, c.appliedTo(x.Args[en.Arg], use, self)...)
			}
			return out
		}
		// A middleware applied to a handler: otelhttp.NewMiddleware("x")(h).
		if a := c.middlewareCall(x); a != nil {
			b := *a
			b.Role, b.pos, b.Where, b.call = int(instrumentation.Handler), x.Pos(), c.fileLine(x.Pos()), x
			b.Short = a.Short
			return append([]Applied{b}, c.appliedTo(x.Args[0], use, self)...)
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
						out = append(out, c.newApplied(u.en, nil, u.call.Pos()))
					}
				}
			}
			return out
		}
		if i := instrumentation.Propagates(fn); i >= 0 && i < len(x.Args) {
			return c.appliedTo(x.Args[i], use, self)
		}
		if sig := fn.Signature(); sig.Recv() != nil {
			sel, _ := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if sel != nil && sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), sig.Recv().Type()) && fn.Pkg() != c.pass.Pkg {
				// A builder: opts.SetMonitor(otelmongo.NewMonitor()) returns opts.
				out := c.appliedTo(sel.X, use, self)
				for _, arg := range x.Args {
					for _, a := range c.appliedTo(arg, use, self) {
						if a.role() == instrumentation.Hook {
							out = append(out, a)
						}
					}
				}
				return out
			}
			if sel != nil && c.derives(fn, sig) {
				var out []Applied
				for _, a := range c.appliedTo(sel.X, use, self) {
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
			return []Applied{c.newApplied(en, nil, x.Pos())}
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
							for _, a := range c.appliedTo(kv.Value, kv.Pos(), token.NoPos) {
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
			for _, a := range c.appliedTo(n.Results[0], n.Pos(), token.NoPos) {
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
	apps := c.appliedTo(rhs, rhs.Pos(), token.NoPos)
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
		if r := c.rootVar(sel.X); r != nil && isLocal(r) && c.otherPackageType(r.Type()) {
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

// otherPackageType reports whether t is (a pointer to) a named type of another package.
func (c *checker) otherPackageType(t types.Type) bool {
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
			c.add(c.rootVar(call.Args[en.Arg]), c.newApplied(en, nil, call.Pos()), call.Pos())
		case en.Role == instrumentation.Handler && en.Arg < len(call.Args):
			if o := c.objOf(call.Args[en.Arg]); o != nil && !c.reassigns(call, o) {
				if _, ok := o.(*types.Var); ok {
					a := c.newApplied(en, nil, call.Pos())
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
		recv = c.rootVar(sel.X)
	}
	if recv == nil {
		return
	}
	if _, ok := recv.(*types.Var); !ok {
		return
	}
	for _, arg := range call.Args {
		for _, a := range c.appliedTo(arg, call.Pos(), token.NoPos) {
			if a.Kind != int(instrumentation.Server) || a.Behind || a.Route {
				continue
			}
			a.call = nil
			switch a.role() {
			case instrumentation.Middleware:
				a.pos = arg.Pos()
				a.Where = c.fileLine(arg.Pos())
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
		if len(apps) > 0 && otelapi.Exported(fn) {
			c.pass.ExportObjectFact(fn, &instrumentedFact{Apps: apps})
		}
	}
}
