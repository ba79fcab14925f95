package ctxprop

// What the package knows before it judges anything: which values are
// instrumented clients, transports and database handles, and which
// functions start a span from their context parameter. Both are exported
// as facts for the packages that import this one.

import (
	"go/ast"
	"go/types"

	"github.com/otellint/otellint/analyzers/internal/instrumentation"
	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

// instrumentedAs returns what instrumented value e is ("http client",
// "http transport", "database"), or "".
func (c *checker) instrumentedAs(e ast.Expr) string {
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return c.instrumentedAs(x.X)
	case *ast.StarExpr:
		return c.instrumentedAs(x.X)
	case *ast.CompositeLit:
		if !otelapi.IsNamed(c.pass.TypesInfo.TypeOf(x), "net/http", "Client") {
			return ""
		}
		for _, el := range x.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Transport" && c.instrumentedAs(kv.Value) == whatTransport {
				return whatClient
			}
		}
		return ""
	case *ast.CallExpr:
		fn := c.callee(x)
		if fn == nil {
			return ""
		}
		if en := c.table.Lookup(fn); en != nil && en.Kind == instrumentation.Client {
			switch en.Role {
			case instrumentation.Transport:
				return whatTransport
			case instrumentation.Open:
				if en.Protocol == "sql" {
					return whatDB
				}
			}
			return ""
		}
		if w, ok := c.objs[fn]; ok {
			return w
		}
		var f instrumented
		if fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &f) {
			return f.What
		}
		return ""
	case *ast.Ident, *ast.SelectorExpr:
		o := c.objOf(x)
		if o == nil {
			return ""
		}
		if en := c.table.Lookup(o); en != nil && en.Role == instrumentation.ClientValue {
			return whatClient
		}
		if w, ok := c.objs[o]; ok {
			return w
		}
		var f instrumented
		if o.Pkg() != nil && o.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(o, &f) {
			return f.What
		}
	}
	return ""
}

// learnInstrumented follows instrumented values through assignments,
// composite literal fields and function results, until nothing new is
// learned.
func (c *checker) learnInstrumented() {
	info := c.pass.TypesInfo
	mark := func(lhs ast.Expr, what string) bool {
		if what == "" {
			return false
		}
		var o types.Object
		if id, ok := ast.Unparen(lhs).(*ast.Ident); ok {
			o = info.ObjectOf(id)
		} else if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok {
			// c.Transport = otelhttp.NewTransport(...) instruments c.
			if sel.Sel.Name == "Transport" && what == whatTransport && otelapi.IsNamed(info.TypeOf(sel.X), "net/http", "Client") {
				if sel2, ok := ast.Unparen(sel.X).(*ast.SelectorExpr); ok {
					o = info.Uses[sel2.Sel]
				} else if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
					o = info.Uses[id]
				}
				what = whatClient
			} else {
				o = info.Uses[sel.Sel]
			}
		}
		if o == nil || o.Name() == "_" {
			return false
		}
		if _, done := c.objs[o]; done {
			return false
		}
		c.objs[o] = what
		// http.DefaultTransport instrumented makes http.DefaultClient so.
		if o.Pkg() != nil && o.Pkg().Path() == "net/http" && o.Name() == "DefaultTransport" {
			if dc := o.Pkg().Scope().Lookup("DefaultClient"); dc != nil {
				c.objs[dc] = whatClient
			}
		}
		return true
	}
	for changed, round := true, 0; changed && round < 4; round++ {
		changed = false
		for _, f := range c.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					if len(n.Lhs) == len(n.Rhs) {
						for i := range n.Lhs {
							changed = mark(n.Lhs[i], c.instrumentedAs(n.Rhs[i])) || changed
						}
					} else if len(n.Rhs) == 1 && len(n.Lhs) == 2 {
						// db, err := otelsql.Open(...)
						changed = mark(n.Lhs[0], c.instrumentedAs(n.Rhs[0])) || changed
					}
				case *ast.ValueSpec:
					if len(n.Names) == len(n.Values) {
						for i := range n.Names {
							changed = mark(n.Names[i], c.instrumentedAs(n.Values[i])) || changed
						}
					} else if len(n.Values) == 1 && len(n.Names) == 2 {
						changed = mark(n.Names[0], c.instrumentedAs(n.Values[0])) || changed
					}
				case *ast.KeyValueExpr:
					if k, ok := n.Key.(*ast.Ident); ok {
						if fld, ok := info.Uses[k].(*types.Var); ok && fld.IsField() && k.Name != "Transport" {
							if w := c.instrumentedAs(n.Value); w != "" {
								if _, done := c.objs[fld]; !done {
									c.objs[fld] = w
									changed = true
								}
							}
						}
					}
				}
				return true
			})
		}
		for _, d := range c.decls {
			if _, done := c.objs[d.Fn]; done || d.Fn.Signature().Results().Len() == 0 {
				continue
			}
			ast.Inspect(d.Decl.Body, func(n ast.Node) bool {
				if _, ok := n.(*ast.FuncLit); ok {
					return false
				}
				if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) > 0 {
					if w := c.instrumentedAs(r.Results[0]); w != "" {
						if _, done := c.objs[d.Fn]; !done {
							c.objs[d.Fn] = w
							changed = true
						}
					}
				}
				return true
			})
		}
	}
	for o, w := range c.objs {
		if o.Pkg() != c.pass.Pkg {
			continue
		}
		switch o := o.(type) {
		case *types.Func:
			c.pass.ExportObjectFact(o, &instrumented{What: w})
		case *types.Var:
			if o.IsField() || o.Parent() == o.Pkg().Scope() {
				c.pass.ExportObjectFact(o, &instrumented{What: w})
			}
		}
	}
}

// startsOf returns the index of the context parameter from which fn starts
// a span, or -1.
func (c *checker) startsOf(fn *types.Func) int {
	if fn == nil {
		return -1
	}
	if i, ok := c.starts[fn]; ok {
		return i
	}
	var f startsSpan
	if fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &f) {
		return f.Param
	}
	return -1
}

// learnStarts finds the package's functions that start a span from their
// context parameter: they call Start with it, make an instrumented request
// with it, or pass it to such a function.
func (c *checker) learnStarts() {
	lint.FixedPoint(c.decls, c.starts, func(d lint.FuncDecl) (int, bool) {
		params := d.Fn.Signature().Params()
		for i := 0; i < params.Len(); i++ {
			p := params.At(i)
			if !isContextType(p.Type()) || p.Name() == "_" || p.Name() == "" {
				continue
			}
			if c.bodyPropagates(d.Decl.Body, func(e ast.Expr) bool {
				id, ok := ast.Unparen(e).(*ast.Ident)
				return ok && c.pass.TypesInfo.Uses[id] == p
			}) != nil {
				return i, true
			}
		}
		return 0, false
	})
	for fn, i := range c.starts {
		c.pass.ExportObjectFact(fn, &startsSpan{Param: i})
	}
}

// bodyPropagates returns the first call in body (literals in go
// statements excluded) that starts a span or makes an instrumented request
// from a context for which isCtx returns true.
func (c *checker) bodyPropagates(body ast.Node, isCtx func(ast.Expr) bool) *propagation {
	var found *propagation
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if g, ok := n.(*ast.GoStmt); ok {
			if _, ok := g.Call.Fun.(*ast.FuncLit); ok {
				return false
			}
		}
		if call, ok := n.(*ast.CallExpr); ok {
			if p := c.propagates(call, isCtx); p != nil {
				found = p
				return false
			}
		}
		return true
	})
	return found
}

// A propagation is a call that passes a context on to something that
// starts a span from it.
type propagation struct {
	call *ast.CallExpr
	what string // how the message names what becomes a sibling
}

// propagates reports whether call starts a span, or hands a context to
// something that does, from a context for which isCtx returns true.
func (c *checker) propagates(call *ast.CallExpr, isCtx func(ast.Expr) bool) *propagation {
	if len(call.Args) == 0 {
		return nil
	}
	fn := c.callee(call)
	if fn == nil {
		return nil
	}
	if c.isStart(call) {
		// A span discarded at its start is never ended nor exported: it
		// is nobody's sibling (spanend reports it).
		if isCtx(call.Args[0]) && !c.newRootOpts(call) && !c.discarded[call] {
			return &propagation{call, spanDesc(call) + " started at line " + itoa(c.line(call.Pos()))}
		}
		return nil
	}
	if en := c.table.Lookup(fn); en != nil && en.Role == instrumentation.Request {
		if isCtx(call.Args[0]) {
			return &propagation{call, "the request made by " + en.Short + " at line " + itoa(c.line(call.Pos()))}
		}
		return nil
	}
	if i := c.startsOf(fn); i >= 0 && !isMethodExpr(c.pass.TypesInfo, call) && i < len(call.Args) && isCtx(call.Args[i]) {
		return &propagation{call, "the span " + fn.Name() + " starts at line " + itoa(c.line(call.Pos()))}
	}
	sig := fn.Signature()
	if sig.Params().Len() == 0 || !isContextType(sig.Params().At(0).Type()) || !isCtx(call.Args[0]) {
		return nil
	}
	if isGRPCCall(sig) {
		return &propagation{call, "the gRPC call " + fn.Name() + " at line " + itoa(c.line(call.Pos()))}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sig.Recv() != nil && c.instrumentedAs(sel.X) == whatDB {
		return &propagation{call, "the database call " + fn.Name() + " at line " + itoa(c.line(call.Pos()))}
	}
	return nil
}

// isGRPCCall reports whether sig is a gRPC client call: a method taking
// (ctx, ..., opts ...grpc.CallOption), as generated clients and
// ClientConn.Invoke do.
func isGRPCCall(sig *types.Signature) bool {
	if sig.Recv() == nil || !sig.Variadic() {
		return false
	}
	last := sig.Params().At(sig.Params().Len() - 1).Type()
	s, ok := last.(*types.Slice)
	if !ok {
		return false
	}
	return ok && otelapi.IsNamed(s.Elem(), "google.golang.org/grpc", "CallOption")
}

func isMethodExpr(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := info.Selections[sel]
	return s != nil && s.Kind() == types.MethodExpr
}
