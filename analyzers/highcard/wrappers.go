package highcard

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
	"github.com/otellint/otellint/analyzers/internal/provenance"
)

// metricParams marks a function whose parameters become metric
// attributes, so that the values passed to it are judged where it is
// called, in this package or, through the fact, in another: in-house
// wrappers (metrics.IncrementCounter(ctx, name, "path", r.URL.Path)), the
// typed instruments of semconv's *conv packages
// (httpconv.ServerRequestDuration.Record), and interface methods whose
// implementation in the same package is such a wrapper.
type metricParams struct{ Params []metricParam }

type metricParam struct {
	Index int
	// Form is how the parameter reaches the attributes: "value" (the
	// value of attribute Key), "kvs" (attribute key-values) or "pairs"
	// (strings alternating key and value).
	Form string
	Key  string // for "value"; "" when the key is not a constant
}

func (*metricParams) AFact() {}

func (f *metricParams) String() string {
	var parts []string
	for _, p := range f.Params {
		s := fmt.Sprintf("%d:%s", p.Index, p.Form)
		if p.Key != "" {
			s += " " + p.Key
		}
		parts = append(parts, s)
	}
	return "metricParams(" + strings.Join(parts, ", ") + ")"
}

// kvBuilder marks a function that returns one attribute whose value is its
// parameter Param: func (ServerRequestDuration) AttrServerAddress(val string) attribute.KeyValue.
type kvBuilder struct {
	Key   string
	Param int
}

func (*kvBuilder) AFact() {}

func (f *kvBuilder) String() string { return fmt.Sprintf("kvBuilder(%s %d)", f.Key, f.Param) }

// siteCall is a call checked by the analyzer, with the function declared
// around it (whose parameters may be what reaches the attributes).
type siteCall struct {
	call *ast.CallExpr
	fn   *types.Func // nil at package level or in a function literal of a var
}

func callSites(pass *analysis.Pass, ins *inspector.Inspector, tests bool) []siteCall {
	var out []siteCall
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if !tests && lint.IsTestFile(pass, call.Pos()) {
			continue
		}
		var fn *types.Func
		for fd := range cur.Enclosing((*ast.FuncDecl)(nil)) {
			fn, _ = pass.TypesInfo.Defs[fd.Node().(*ast.FuncDecl).Name].(*types.Func)
		}
		out = append(out, siteCall{call, fn})
	}
	return out
}

// paramOf returns the index of the parameter of the function being checked
// that e names, through parentheses, conversions and local variables
// assigned once; -1 if none.
func (c *checker) paramOf(e ast.Expr) int {
	if c.curFn == nil {
		return -1
	}
	for depth := 0; depth < 6; depth++ {
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.CallExpr:
			if tv, ok := c.pass.TypesInfo.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
				e = x.Args[0]
				continue
			}
			return -1
		case *ast.Ident:
			v, ok := c.pass.TypesInfo.Uses[x].(*types.Var)
			if !ok {
				return -1
			}
			params := c.curFn.Signature().Params()
			for i := 0; i < params.Len(); i++ {
				if params.At(i) == v {
					return i
				}
			}
			rhs := c.cls.SingleAssignment(v)
			if rhs == nil {
				return -1
			}
			e = rhs
		default:
			return -1
		}
	}
	return -1
}

// pairsParam returns the index of the variadic string parameter that e
// indexes (labels[i+1]), or -1.
func (c *checker) pairsParam(e ast.Expr) int {
	ix, ok := ast.Unparen(e).(*ast.IndexExpr)
	if !ok || c.curFn == nil || !c.curFn.Signature().Variadic() {
		return -1
	}
	i := c.paramOf(ix.X)
	if i != c.curFn.Signature().Params().Len()-1 {
		return -1
	}
	return i
}

// record notes that parameter p of the function being checked reaches
// metric attributes.
func (c *checker) record(p metricParam) {
	fn := c.curFn
	for _, q := range c.wrappers[fn] {
		if q.Index == p.Index {
			return
		}
	}
	c.wrappers[fn] = append(c.wrappers[fn], p)
	c.changed = true
}

// paramsOf returns what fn's parameters do, from this package's analysis
// or a fact.
func (c *checker) paramsOf(fn *types.Func) []metricParam {
	if fn == nil {
		return nil
	}
	if ps, ok := c.wrappers[fn]; ok {
		return ps
	}
	var f metricParams
	if fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &f) {
		return f.Params
	}
	return nil
}

// via names a wrapper in messages: metrics.IncrementCounter,
// httpconv.ServerRequestDuration.Record.
func via(fn *types.Func) string {
	name := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// checkWrapperCall judges the arguments of a call to a function whose
// parameters become metric attributes.
func (c *checker) checkWrapperCall(call *ast.CallExpr, fn *types.Func, ps []metricParam) {
	for _, p := range ps {
		if p.Index >= len(call.Args) {
			continue
		}
		switch p.Form {
		case "value":
			c.judgeMetric(p.Key, p.Key != "", call.Args[p.Index], call.Args[p.Index], via(fn))
		case "kvs":
			for i := p.Index; i < len(call.Args); i++ {
				spread := call.Ellipsis != token.NoPos && i == len(call.Args)-1
				for _, kv := range c.expand(call.Args[i], spread, 0) {
					c.check(metricAttr, kv)
				}
			}
		case "pairs":
			if call.Ellipsis != token.NoPos {
				continue
			}
			for i := p.Index; i+1 < len(call.Args); i += 2 {
				key, known := provenance.ConstString(c.pass.TypesInfo, call.Args[i])
				c.judgeMetric(key, known, call.Args[i+1], call.Args[i+1], via(fn))
			}
		}
	}
}

// shareWithInterfaces gives the methods of the package's interfaces the
// parameters of their implementations in the package:
// a Recorder interface whose *otelRecorder.Inc calls metric.WithAttributes.
func (c *checker) shareWithInterfaces() {
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		iface, ok := tn.Type().Underlying().(*types.Interface)
		if !ok {
			continue
		}
		for fn, ps := range c.wrappers {
			recv := fn.Signature().Recv()
			if recv == nil || !types.Implements(recv.Type(), iface) {
				continue
			}
			for i := 0; i < iface.NumMethods(); i++ {
				m := iface.Method(i)
				if m.Name() == fn.Name() && m.Pkg() == c.pass.Pkg {
					if _, done := c.wrappers[m]; !done {
						c.wrappers[m] = ps
						c.changed = true
					}
				}
			}
		}
	}
}

// findBuilders records the functions of the package that return one
// attribute built from a parameter.
func (c *checker) findBuilders() {
	for fn, fd := range c.decls {
		r := fn.Signature().Results()
		if r.Len() != 1 || !otelapi.IsNamed(r.At(0).Type(), otelapi.Attribute, "KeyValue") || len(fd.Body.List) != 1 {
			continue
		}
		ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		c.curFn = fn
		key, known, value := c.keyValue(ret.Results[0], 0)
		if i := c.paramOf(value); known && value != nil && i >= 0 {
			c.builders[fn] = kvBuilder{Key: key, Param: i}
		}
	}
	c.curFn = nil
}

func (c *checker) builderOf(fn *types.Func) (kvBuilder, bool) {
	if b, ok := c.builders[fn]; ok {
		return b, true
	}
	var f kvBuilder
	if fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &f) {
		return f, true
	}
	return kvBuilder{}, false
}

// exportWrapperFacts exports the facts of the package's wrappers and builders.
func (c *checker) exportWrapperFacts() {
	for fn, ps := range c.wrappers {
		if !otelapi.Exported(fn) {
			continue // no other package can call it
		}
		sorted := slices.Clone(ps)
		slices.SortFunc(sorted, func(a, b metricParam) int { return a.Index - b.Index })
		c.pass.ExportObjectFact(fn, &metricParams{Params: sorted})
	}
	for fn, b := range c.builders {
		if otelapi.Exported(fn) {
			c.pass.ExportObjectFact(fn, &b)
		}
	}
}
