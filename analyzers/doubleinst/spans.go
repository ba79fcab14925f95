package doubleinst

// Hand-written spans beside instrumentation: SERVER spans in handlers that
// an instrumented server already traces, CLIENT spans around instrumented
// clients and database handles.

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/otellint/otellint/analyzers/internal/instrumentation"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

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
				a := c.newApplied(en, call, call.Pos())
				via, args = &a, call.Args[en.Arg:en.Arg+1]
			}
		} else if a := c.middlewareCall(call); a != nil && a.Kind == int(instrumentation.Server) {
			a.pos, a.Where = call.Pos(), c.fileLine(call.Pos())
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
			for _, a := range c.appliedTo(sel.X, token.Pos(math.MaxInt), token.NoPos) {
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
				c.reportStartsOf(fn, *via, arg, func(where string) string {
					return fmt.Sprintf("handler %s starts its own SERVER span (%s), but it is served through %s (%s), which already creates the SERVER span; each request is traced twice: make the handler's span INTERNAL", exprString(arg), where, via.Short, c.placeOf(*via, arg.Pos()))
				})
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
		for _, a := range c.appliedTo(arg, token.Pos(math.MaxInt), token.NoPos) {
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
			if c.reportStartsOf(fn, *via, arg, func(where string) string {
				return fmt.Sprintf("method %s of %s starts its own SERVER span (%s), but it is served by a gRPC server with %s (%s), which already creates the SERVER span; each RPC is traced twice: make the method's span INTERNAL", fn.Name(), exprString(arg), where, via.Short, c.placeOf(*via, arg.Pos()))
			}) {
				break // one finding per registered service from another package
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
		Message: fmt.Sprintf("%s starts a SERVER span, but it is served through %s (%s), which already creates the SERVER span for the %s; each %s is traced twice: drop trace.WithSpanKind(trace.SpanKindServer) to make this an INTERNAL child span", handler, via.Short, c.placeOf(via, s.Pos()), what, what),
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
					Message: fmt.Sprintf("span %q is %s around %s (line %d), for which %s (%s) already creates a CLIENT span; the call is recorded twice: remove this span or make it INTERNAL without %s attributes", s.name, why, what, c.line(call.Pos()), a.Short, c.placeOf(*a, s.call.Pos()), protoClass(a.Protocol)),
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
		a := c.newApplied(en, call, call.Pos())
		return &a, en.Short
	}
	fn, _ := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if fn == nil || !ok || fn.Signature().Recv() == nil || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil, ""
	}
	for _, a := range c.appliedTo(sel.X, call.Pos(), token.NoPos) {
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

// reportStartsOf reports the SERVER spans fn starts while it is served
// through via: at each Start when fn is this package's, or at arg, with
// the message foreign makes from the fact's place, when it is another
// package's. It reports whether it reported another package's fn.
func (c *checker) reportStartsOf(fn *types.Func, via Applied, arg ast.Expr, foreign func(where string) string) bool {
	if fn.Pkg() == c.pass.Pkg {
		for _, s := range c.starts[fn] {
			c.reportServerStart(s, fn.Name(), via)
		}
		return false
	}
	var f serverSpanFact
	if !c.pass.ImportObjectFact(fn, &f) {
		return false
	}
	c.pass.Report(analysis.Diagnostic{Pos: arg.Pos(), End: arg.End(), Message: foreign(f.Where)})
	return true
}
