package ctxprop

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

func itoa(i int) string { return strconv.Itoa(i) }

// A startSite is a Start call of a unit.
type startSite struct {
	call   *ast.CallExpr
	assign *ast.AssignStmt // ctx, span := tracer.Start(...), or nil
	inLoop bool
	ctxObj types.Object // the context the assignment defines, or nil
}

// An extractSite is ctx := propagator.Extract(src, carrier).
type extractSite struct {
	assign *ast.AssignStmt
	call   *ast.CallExpr
	obj    types.Object
}

// A ctxSrc is a context in scope: a context parameter, an *http.Request
// parameter (its Context()), or a context returned by an earlier Start.
type ctxSrc struct {
	obj  types.Object
	kind int
	span string // for kindStarted: the span whose context it is
}

const (
	kindRequest = iota
	kindParam
	kindStarted
)

// expr returns how the source is written in code.
func (s ctxSrc) expr() string {
	if s.kind == kindRequest {
		return s.obj.Name() + ".Context()"
	}
	return s.obj.Name()
}

func (s ctxSrc) describe() string {
	if s.kind == kindStarted {
		return s.expr() + " of " + s.span
	}
	return s.expr()
}

type unitInfo struct {
	u        *unit
	starts   []*startSite
	extracts []extractSite
	requests []*ast.CallExpr
	lits     []*ast.FuncLit
}

func (c *checker) checkFunc(u *unit) {
	ui := &unitInfo{u: u}
	var stack []ast.Node
	loops := 0
	ast.Inspect(u.body, func(n ast.Node) bool {
		if n == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch top.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				loops--
			}
			return true
		}
		if lit, ok := n.(*ast.FuncLit); ok {
			ui.lits = append(ui.lits, lit)
			return false
		}
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loops++
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && len(n.Lhs) == 1 {
				if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok && c.isExtract(call) {
					if id, ok := n.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
						ui.extracts = append(ui.extracts, extractSite{n, call, c.pass.TypesInfo.ObjectOf(id)})
					}
				}
			}
		case *ast.CallExpr:
			if c.isStart(n) {
				s := &startSite{call: n, inLoop: loops > 0}
				if len(stack) > 0 {
					if as, ok := stack[len(stack)-1].(*ast.AssignStmt); ok && len(as.Rhs) == 1 && len(as.Lhs) == 2 && ast.Unparen(as.Rhs[0]) == n {
						s.assign = as
						if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
							s.ctxObj = c.pass.TypesInfo.ObjectOf(id)
						}
					}
				}
				ui.starts = append(ui.starts, s)
			}
			if c.isRequestSite(n) {
				ui.requests = append(ui.requests, n)
			}
		}
		stack = append(stack, n)
		return true
	})

	extracted := map[*ast.CallExpr]bool{}
	for _, s := range ui.starts {
		if c.checkExtracted(ui, s) {
			extracted[s.call] = true
		}
	}
	for _, s := range ui.starts {
		if !extracted[s.call] {
			c.checkFresh(ui, s)
		}
		c.checkDropped(ui, s)
	}
	for _, r := range ui.requests {
		c.checkRequest(ui, r)
	}
	for _, lit := range ui.lits {
		c.checkFunc(&unit{typ: lit.Type, body: lit.Body, parent: ui, lit: lit})
	}
}

// visible reports whether obj is what its name refers to at pos.
func (c *checker) visible(obj types.Object, pos token.Pos) bool {
	s := c.pass.Pkg.Scope().Innermost(pos)
	if s == nil {
		return false
	}
	_, o := s.LookupParent(obj.Name(), pos)
	return o == obj
}

// inScope returns the contexts in scope at pos in unit ui, the most
// specific first. In a function literal, only the contexts of enclosing
// functions that the literal captures count.
func (c *checker) inScope(ui *unitInfo, pos token.Pos) []ctxSrc {
	var out []ctxSrc
	for i := len(ui.starts) - 1; i >= 0; i-- {
		s := ui.starts[i]
		if s.ctxObj != nil && s.assign.End() <= pos && c.visible(s.ctxObj, pos) {
			out = append(out, ctxSrc{obj: s.ctxObj, kind: kindStarted, span: spanDesc(s.call)})
		}
	}
	var params []*ast.Field
	if ui.u.recv != nil {
		params = append(params, ui.u.recv.List...)
	}
	params = append(params, ui.u.typ.Params.List...)
	var reqs []ctxSrc
	for _, f := range params {
		for _, name := range f.Names {
			o := c.pass.TypesInfo.Defs[name]
			if o == nil || name.Name == "_" || !c.visible(o, pos) {
				continue
			}
			if isContextType(o.Type()) {
				out = append(out, ctxSrc{obj: o, kind: kindParam})
			} else if isRequestPtr(o.Type()) {
				reqs = append(reqs, ctxSrc{obj: o, kind: kindRequest})
			}
		}
	}
	out = append(out, reqs...)
	if ui.u.parent != nil && ui.u.lit != nil {
		for _, s := range c.inScope(ui.u.parent, ui.u.lit.Pos()) {
			captured := c.captures(ui.u.lit, s.obj)
			if s.kind == kindRequest {
				// A literal that reads r.URL has captured a request, not
				// its context.
				captured = c.capturesContextOf(ui.u.lit, s.obj)
			}
			if captured && c.visible(s.obj, pos) {
				out = append(out, s)
			}
		}
	}
	return out
}

func (c *checker) captures(lit *ast.FuncLit, obj types.Object) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// fileOf returns the file containing pos.
func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// contextUsedElsewhere reports whether the file uses the context package
// outside the range [from, to), so that removing a use keeps the import.
func (c *checker) contextUsedElsewhere(from, to token.Pos) bool {
	f := c.fileOf(from)
	if f == nil {
		return false
	}
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && (id.Pos() < from || id.Pos() >= to) {
			if pn, ok := c.pass.TypesInfo.Uses[id].(*types.PkgName); ok && pn.Imported().Path() == "context" {
				found = true
			}
		}
		return !found
	})
	return found
}

// checkFresh reports a span started from context.Background() or
// context.TODO() while a context is in scope.
func (c *checker) checkFresh(ui *unitInfo, s *startSite) {
	arg := s.call.Args[0]
	if !c.isFresh(arg) || c.newRootOpts(s.call) {
		return
	}
	if c.links(ui.u.body) {
		// A new trace linked to the caller's (span.AddLink,
		// trace.LinkFromContext) is deliberate.
		return
	}
	srcs := c.inScope(ui, s.call.Pos())
	if s.inLoop {
		// A loop in a long-running function with a context parameter
		// often starts one trace per iteration on purpose; a loop in a
		// request handler or inside a span does not.
		var keep []ctxSrc
		for _, src := range srcs {
			if src.kind != kindParam {
				keep = append(keep, src)
			}
		}
		srcs = keep
	}
	if len(srcs) == 0 {
		return
	}
	best := srcs[0]
	fresh := types.ExprString(arg)
	msg := spanDesc(s.call) + " is started from " + fresh + " while " + best.describe() + " is in scope: this span starts a new trace"
	if best.kind == kindStarted {
		msg += " instead of becoming a child of " + best.span
	} else {
		msg += " instead of continuing the caller's"
	}
	d := analysis.Diagnostic{Pos: arg.Pos(), End: arg.End(), Message: msg}
	if c.visible(best.obj, arg.Pos()) && c.contextUsedElsewhere(arg.Pos(), arg.End()) {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "start the span from " + best.expr(),
			TextEdits: []analysis.TextEdit{{Pos: arg.Pos(), End: arg.End(), NewText: []byte(best.expr())}},
		}}
	}
	c.pass.Report(d)
}

// sameExpr reports whether a and b are the same variable or the same
// call of Context on the same variable.
func (c *checker) sameExpr(a, b ast.Expr) bool {
	a, b = ast.Unparen(a), ast.Unparen(b)
	if types.ExprString(a) != types.ExprString(b) {
		return false
	}
	ra, rb := rootIdent(a), rootIdent(b)
	if ra == nil || rb == nil {
		return false
	}
	oa, ob := c.pass.TypesInfo.Uses[ra], c.pass.TypesInfo.Uses[rb]
	return oa != nil && oa == ob
}

func rootIdent(e ast.Expr) *ast.Ident {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			e = x.X
		case *ast.CallExpr:
			if len(x.Args) != 0 {
				return nil
			}
			e = x.Fun
		default:
			return nil
		}
	}
}

// checkExtracted reports a span started from something other than the
// context extracted from the incoming carrier.
func (c *checker) checkExtracted(ui *unitInfo, s *startSite) bool {
	arg := s.call.Args[0]
	for _, ex := range ui.extracts {
		if ex.assign.End() > s.call.Pos() || ex.obj == nil || !c.visible(ex.obj, s.call.Pos()) {
			continue
		}
		if id, ok := ast.Unparen(arg).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == ex.obj {
			return false
		}
		if !c.isFresh(arg) && !c.sameExpr(arg, ex.call.Args[0]) {
			continue
		}
		if c.usedBetween(ui.u.body, ex.obj, ex.assign.End(), s.call.Pos()) {
			// The extracted context is looked at first (is there a
			// remote parent?): the choice is deliberate.
			continue
		}
		if c.newRootOpts(s.call) {
			return true
		}
		msg := spanDesc(s.call) + " is started from " + types.ExprString(arg) + ", not from " + ex.obj.Name() +
			" extracted from the incoming request on line " + itoa(c.line(ex.call.Pos())) +
			": the caller's trace is lost and this span starts a new trace"
		d := analysis.Diagnostic{Pos: arg.Pos(), End: arg.End(), Message: msg}
		if !c.isFresh(arg) || c.contextUsedElsewhere(arg.Pos(), arg.End()) {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   "start the span from " + ex.obj.Name(),
				TextEdits: []analysis.TextEdit{{Pos: arg.Pos(), End: arg.End(), NewText: []byte(ex.obj.Name())}},
			}}
		}
		c.pass.Report(d)
		return true
	}
	return false
}

// oldMatcher returns a function that recognises uses of the context e: the
// same variable, or the same r.Context() call.
func (c *checker) oldMatcher(e ast.Expr) (func(ast.Expr) bool, types.Object) {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		o := c.pass.TypesInfo.Uses[x]
		if _, ok := o.(*types.Var); !ok {
			return nil, nil
		}
		return func(a ast.Expr) bool {
			id, ok := ast.Unparen(a).(*ast.Ident)
			return ok && c.pass.TypesInfo.Uses[id] == o
		}, o
	case *ast.CallExpr:
		if c.isFresh(x) {
			return nil, nil
		}
		sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Context" || len(x.Args) != 0 || !isRequestPtr(c.pass.TypesInfo.TypeOf(sel.X)) {
			return nil, nil
		}
		return func(a ast.Expr) bool { return c.sameExpr(a, x) }, nil
	}
	return nil, nil
}

// checkDropped reports a Start whose returned context is dropped while
// the old context is passed on to something that starts a span.
func (c *checker) checkDropped(ui *unitInfo, s *startSite) {
	as := s.assign
	if as == nil {
		return
	}
	blank, ok := as.Lhs[0].(*ast.Ident)
	if !ok || blank.Name != "_" {
		return
	}
	isOld, oldObj := c.oldMatcher(s.call.Args[0])
	if isOld == nil {
		return
	}
	body := ui.u.body
	end := body.End()
	// A discarded span (_, _ := ...) is never exported; spanend reports it.
	id, ok := as.Lhs[1].(*ast.Ident)
	if !ok || id.Name == "_" {
		return
	}
	spanObj := c.pass.TypesInfo.ObjectOf(id)
	if spanObj != nil {
		last, deferred := c.spanEnds(body, spanObj, as.End())
		if !deferred && last.IsValid() {
			end = last
		}
	}
	// ctx = trace.ContextWithSpan(ctx, span) after the Start puts the
	// span in the old context: later uses are right.
	reassigned := token.NoPos
	if oldObj != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			if a, ok := n.(*ast.AssignStmt); ok && a.Pos() > as.End() && !reassigned.IsValid() {
				for _, l := range a.Lhs {
					if id, ok := l.(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == oldObj {
						reassigned = a.Pos()
					}
				}
			}
			return true
		})
	}
	p := c.bodyPropagates(body, func(e ast.Expr) bool {
		return e.Pos() > as.End() && e.Pos() < end && (!reassigned.IsValid() || e.Pos() < reassigned) && isOld(e)
	})
	if p == nil {
		p = c.requestInWindow(ui, func(e ast.Expr) bool {
			return e.Pos() > as.End() && e.Pos() < end && (!reassigned.IsValid() || e.Pos() < reassigned) && isOld(e)
		})
	}
	if p == nil {
		return
	}
	old := types.ExprString(s.call.Args[0])
	msg := "the context returned by Start for " + spanDesc(s.call) + " is dropped and " + old +
		" is passed on while the span is open: " + p.what + " becomes a sibling, not a child"
	d := analysis.Diagnostic{Pos: blank.Pos(), End: blank.End(), Message: msg}
	if c.renameSafe(ui, s, oldObj, end) {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "keep the span's context in " + old,
			TextEdits: []analysis.TextEdit{{Pos: blank.Pos(), End: blank.End(), NewText: []byte(old)}},
		}}
	}
	c.pass.Report(d)
}

// spanEnds returns the position of the last span.End() after pos that is
// not deferred, and whether one is deferred.
func (c *checker) spanEnds(body *ast.BlockStmt, span types.Object, after token.Pos) (last token.Pos, deferred bool) {
	var inDefer []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			return true
		}
		if d, ok := n.(*ast.DeferStmt); ok {
			inDefer = append(inDefer, d)
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "End" {
			return true
		}
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); !ok || c.pass.TypesInfo.Uses[id] != span {
			return true
		}
		for _, d := range inDefer {
			if d.Pos() <= call.Pos() && call.End() <= d.End() {
				deferred = true
				return true
			}
		}
		if call.Pos() > after && call.Pos() > last {
			last = call.Pos()
		}
		return true
	})
	return last, deferred
}

// renameSafe reports whether `_` can become the old context's name: it is
// a context.Context variable, not used after the span ends, and the
// assignment does not make contexts nest in a loop or change a captured
// variable.
func (c *checker) renameSafe(ui *unitInfo, s *startSite, old types.Object, end token.Pos) bool {
	v, ok := old.(*types.Var)
	if !ok || !isContextType(v.Type()) || !c.visible(v, s.assign.Pos()) {
		return false
	}
	if s.assign.Tok == token.ASSIGN {
		if s.inLoop || v.Pos() < ui.u.typ.Pos() || v.Pos() > ui.u.body.End() {
			return false
		}
	} else if scope := c.pass.Pkg.Scope().Innermost(s.assign.Pos()); v.Parent() == scope {
		if s.inLoop {
			return false
		}
	} else if scope == nil || !c.usedBetween(ui.u.body, v, s.assign.End(), scope.End()) {
		// := declares a new variable in an inner block: it must be used
		// there, or the program no longer compiles.
		return false
	}
	return end == ui.u.body.End() || !c.usedBetween(ui.u.body, v, end, ui.u.body.End())
}

// isRequestSite reports whether call builds or sends an HTTP request
// without a context: http.NewRequest, http.Get/Head/Post/PostForm and the
// client methods of the same names.
func (c *checker) isRequestSite(call *ast.CallExpr) bool {
	switch c.calleeName(call) {
	case "net/http.NewRequest", "net/http.Get", "net/http.Head", "net/http.Post", "net/http.PostForm",
		"(*net/http.Client).Get", "(*net/http.Client).Head", "(*net/http.Client).Post", "(*net/http.Client).PostForm":
		return true
	}
	return false
}

// checkRequest reports a request built or sent without the context in
// scope, when it goes through an instrumented client or the code injects
// the request's context itself.
func (c *checker) checkRequest(ui *unitInfo, call *ast.CallExpr) {
	name := c.calleeName(call)
	var how string
	switch name {
	case "net/http.NewRequest":
		how = c.requestSent(ui, call, true)
	case "net/http.Get", "net/http.Head", "net/http.Post", "net/http.PostForm":
		if dc := c.defaultClient(); dc != nil && c.objs[dc] == whatClient {
			how = "it is sent through http.DefaultClient, which has an otelhttp transport"
		}
	default:
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && c.instrumentedAs(sel.X) == whatClient {
			how = "it is sent through the otelhttp client " + types.ExprString(sel.X)
		}
	}
	if how == "" {
		return
	}
	srcs := c.inScope(ui, call.Pos())
	if len(srcs) == 0 {
		return
	}
	best := srcs[0]
	short := name[strings.LastIndex(name, ".")+1:]
	fun := types.ExprString(call.Fun)
	msg := fun + " builds the request without " + best.describe() + " and " + how + ": the request's span starts a new trace"
	if best.kind == kindStarted {
		msg += " instead of becoming a child of " + best.span
	} else {
		msg += " instead of continuing the one in " + best.expr()
	}
	d := analysis.Diagnostic{Pos: call.Fun.Pos(), End: call.Fun.End(), Message: msg}
	if short == "NewRequest" && c.visible(best.obj, call.Pos()) {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if _, ok := c.pass.TypesInfo.Uses[rootIdentOf(sel.X)].(*types.PkgName); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message: "build the request with http.NewRequestWithContext(" + best.expr() + ", ...)",
					TextEdits: []analysis.TextEdit{
						{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte("NewRequestWithContext")},
						{Pos: call.Lparen + 1, End: call.Lparen + 1, NewText: []byte(best.expr() + ", ")},
					},
				}}
			}
		}
	}
	c.pass.Report(d)
}

func rootIdentOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

func (c *checker) defaultClient() types.Object {
	for o := range c.objs {
		if o.Pkg() != nil && o.Pkg().Path() == "net/http" && o.Name() == "DefaultClient" {
			return o
		}
	}
	return nil
}

// requestSent returns how the request built by the http.NewRequest call
// loses its trace: it is sent through an instrumented client or transport,
// or its own context is injected, and it is never given a context.
func (c *checker) requestSent(ui *unitInfo, call *ast.CallExpr, inject bool) string {
	var reqObj types.Object
	ast.Inspect(ui.u.body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && len(as.Lhs) == 2 && ast.Unparen(as.Rhs[0]) == call {
			if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
				reqObj = c.pass.TypesInfo.ObjectOf(id)
			}
		}
		return reqObj == nil
	})
	if reqObj == nil {
		return ""
	}
	isReq := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && c.pass.TypesInfo.Uses[id] == reqObj
	}
	how := ""
	given := false
	ast.Inspect(ui.u.body, func(n ast.Node) bool {
		cl, ok := n.(*ast.CallExpr)
		if !ok || cl.Pos() < call.End() {
			return true
		}
		sel, _ := ast.Unparen(cl.Fun).(*ast.SelectorExpr)
		switch c.calleeName(cl) {
		case "(*net/http.Request).WithContext", "(*net/http.Request).Clone":
			if sel != nil && isReq(sel.X) {
				given = true
			}
		case "(*net/http.Client).Do":
			if sel != nil && len(cl.Args) == 1 && isReq(cl.Args[0]) && c.instrumentedAs(sel.X) == whatClient && how == "" {
				how = "it is sent through the otelhttp client " + types.ExprString(sel.X) + " on line " + itoa(c.line(cl.Pos()))
			}
		default:
			if sel != nil && sel.Sel.Name == "RoundTrip" && len(cl.Args) == 1 && isReq(cl.Args[0]) && c.instrumentedAs(sel.X) == whatTransport && how == "" {
				how = "it is sent through the otelhttp transport " + types.ExprString(sel.X) + " on line " + itoa(c.line(cl.Pos()))
			}
			if inject && c.isInject(cl) && how == "" {
				a := ast.Unparen(cl.Args[0])
				if rc, ok := a.(*ast.CallExpr); ok && len(rc.Args) == 0 {
					if s2, ok := ast.Unparen(rc.Fun).(*ast.SelectorExpr); ok && s2.Sel.Name == "Context" && isReq(s2.X) {
						how = "the propagator on line " + itoa(c.line(cl.Pos())) + " injects the request's own empty context"
					}
				}
			}
		}
		return true
	})
	if given {
		return ""
	}
	return how
}

// links reports whether body links spans: trace.LinkFromContext,
// trace.WithLinks or (trace.Span).AddLink.
func (c *checker) links(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			switch c.calleeName(call) {
			case "go.opentelemetry.io/otel/trace.LinkFromContext", "go.opentelemetry.io/otel/trace.WithLinks",
				"(go.opentelemetry.io/otel/trace.Span).AddLink":
				found = true
			}
		}
		return !found
	})
	return found
}

// usedBetween reports whether obj is used in body between from and to.
func (c *checker) usedBetween(body *ast.BlockStmt, obj types.Object, from, to token.Pos) bool {
	used := false
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Pos() > from && id.Pos() < to && c.pass.TypesInfo.Uses[id] == obj {
			used = true
		}
		return !used
	})
	return used
}

// requestInWindow returns the first request built with
// http.NewRequestWithContext from a context for which isCtx returns true
// and sent through an instrumented client or transport.
func (c *checker) requestInWindow(ui *unitInfo, isCtx func(ast.Expr) bool) *propagation {
	var found *propagation
	ast.Inspect(ui.u.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found != nil || len(call.Args) == 0 || c.calleeName(call) != "net/http.NewRequestWithContext" || !isCtx(call.Args[0]) {
			return found == nil
		}
		if how := c.requestSent(ui, call, false); how != "" {
			found = &propagation{call, "the request built at line " + itoa(c.line(call.Pos())) + " (" + how + ")"}
		}
		return false
	})
	return found
}

// capturesContextOf reports whether lit calls req.Context().
func (c *checker) capturesContextOf(lit *ast.FuncLit, req types.Object) bool {
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 0 {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Context" {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == req {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
