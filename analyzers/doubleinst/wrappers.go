package doubleinst

// Stacked wrappers: the same instrumentation applied twice to one value.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/otellint/otellint/analyzers/internal/instrumentation"
)

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
			for _, a := range c.appliedTo(arg, call.Pos(), token.NoPos) {
				if a.Kind != int(instrumentation.Server) || a.role() != instrumentation.Middleware || a.Behind {
					continue
				}
				prior := append(c.filter(c.appliedTo(sel.X, arg.Pos(), arg.Pos()), instrumentation.Server, a.Protocol, true), earlier...)
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
	prior := c.filter(c.appliedTo(arg, call.Pos(), call.Pos()), kind, proto, false)
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
		msg = fmt.Sprintf("%s wraps %s, whose routes are already wrapped by %s (%s); each %s gets two %s spans: wrap either the routes or the mux, not both", short, exprString(arg), p.Short, c.placeOf(p, call.Pos()), what, kind)
	case p.role() == instrumentation.Middleware && p.Short != short:
		msg = fmt.Sprintf("%s wraps %s, which already uses %s (%s); each %s gets two %s spans: remove one of them", short, exprString(arg), p.Short, c.placeOf(p, call.Pos()), what, kind)
	default:
		msg = fmt.Sprintf("%s wraps a %s already wrapped by %s (%s); each %s gets two %s spans: remove one of the wrappers", short, kindNoun(kind), p.Short, c.placeOf(p, call.Pos()), what, kind)
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
	for _, a := range c.appliedTo(arg, call.Pos(), call.Pos()) {
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
		Message: fmt.Sprintf("%s wraps gRPC server %s, which already has %s (%s) as its stats handler; each RPC gets two SERVER spans (HTTP and RPC): remove the otelhttp wrapper", short, exprString(arg), g.Short, c.placeOf(*g, call.Pos())),
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
	msg := fmt.Sprintf("%s is registered on %s, which already has %s (%s); each request gets two SERVER spans: remove one", a.Short, recv, prior.Short, c.placeOf(prior, arg.Pos()))
	if prior.Route {
		msg = fmt.Sprintf("%s is registered on %s, whose routes are already wrapped by %s (%s); each request gets two SERVER spans: remove one", a.Short, recv, prior.Short, c.placeOf(prior, arg.Pos()))
	}
	d := analysis.Diagnostic{Pos: arg.Pos(), End: arg.End(), Message: msg}
	if !prior.Route {
		if edits := c.removeArg(call, i); edits != nil {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Remove the second " + a.Short, TextEdits: edits}}
		}
	}
	c.pass.Report(d)
}
