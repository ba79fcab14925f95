package doubleinst

// gRPC: the otelgrpc stats handler installed twice, or beside the
// deprecated interceptors.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/otellint/otellint/analyzers/internal/instrumentation"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

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
