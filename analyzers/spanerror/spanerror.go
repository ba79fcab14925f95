package spanerror

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
	"github.com/otellint/otellint/analyzers/internal/spanflow"
)

//go:embed doc.go
var doc string

// Options configures the analyzer.
type Options struct {
	Tests        bool `yaml:"tests" help:"also check _test.go files"`
	ErrorReturns bool `yaml:"error-returns" help:"also report returns of a non-nil error on a path where the function's span saw neither RecordError nor SetStatus(codes.Error)"`
}

// Analyzer reports errors recorded on a span whose status stays unset.
var Analyzer = Spec.Build(lint.Default)

// Spec defines the analyzer; analyzers.New builds it anew for a configuration
// of its own.
var Spec = lint.Spec[Options]{
	Name:      "spanerror",
	Doc:       lint.ExtractDoc(doc, "spanerror"),
	Requires:  []*analysis.Analyzer{spanflow.Analyzer},
	FactTypes: []analysis.Fact{new(RecordsError), new(SetsErrorStatus)},
	Options:   Options{},
	Run:       run,
}

// RecordsError marks a function that calls RecordError on the span passed
// as each of Params (signature indexes, receiver excluded) on some path.
type RecordsError struct{ Params []int }

func (*RecordsError) AFact() {}

func (f *RecordsError) String() string { return "recordsError(" + joinInts(f.Params) + ")" }

// SetsErrorStatus marks a function that sets the status of the span passed
// as each of Params to codes.Error on some path.
type SetsErrorStatus struct{ Params []int }

func (*SetsErrorStatus) AFact() {}

func (f *SetsErrorStatus) String() string { return "setsErrorStatus(" + joinInts(f.Params) + ")" }

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

const (
	spanRecordError = "(" + otelapi.Trace + ".Span).RecordError"
	spanSetStatus   = "(" + otelapi.Trace + ".Span).SetStatus"
)

type checker struct {
	pass *analysis.Pass
	prog *spanflow.Program
	opts *Options
	memo map[memoKey]int8
}

type memoKey struct {
	fn     *ssa.Function
	j      int
	status bool
}

func run(pass *analysis.Pass, opts *Options) (any, error) {
	if !relevant(pass) {
		return nil, nil
	}
	c := &checker{pass: pass, prog: pass.ResultOf[spanflow.Analyzer].(*spanflow.Program), opts: opts, memo: map[memoKey]int8{}}
	funcs := c.prog.Funcs()
	c.exportFacts(funcs)
	for _, fn := range funcs {
		if !opts.Tests && lint.IsTestFile(pass, fn.Pos()) {
			continue
		}
		c.checkRecordError(fn)
		if opts.ErrorReturns {
			c.checkErrorReturns(fn)
		}
	}
	return nil, nil
}

// relevant is the fast path: the package imports the trace API, or calls
// into a direct import that carries our facts.
func relevant(pass *analysis.Pass) bool {
	facts := map[types.Object]bool{}
	for _, f := range pass.AllObjectFacts() {
		facts[f.Object] = true
	}
	return spanflow.UsesSpans(pass.TypesInfo, func(fn *types.Func) bool { return facts[fn] })
}

func refs(v ssa.Value) []ssa.Instruction {
	if r := v.Referrers(); r != nil {
		return *r
	}
	return nil
}

// statusCode classifies the code argument of SetStatus: 1 for
// codes.Error or a code not known statically, 0 for Unset or Ok.
func isErrorCode(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil {
		return true
	}
	return spanflow.IsConst(c, 1)
}

// helperDoes reports whether callee records the error (status false) or
// sets an error status (status true) on its SSA parameter j on some path.
func (c *checker) helperDoes(f *ssa.Function, j int, status bool) bool {
	if f == nil {
		return false
	}
	key := memoKey{f, j, status}
	if v, ok := c.memo[key]; ok {
		return v == 1
	}
	c.memo[key] = 0
	res := false
	obj := spanflow.Object(f)
	if len(f.Blocks) == 0 || (obj != nil && obj.Pkg() != c.pass.Pkg) {
		if obj != nil {
			sj := j
			if obj.Signature().Recv() != nil {
				sj--
			}
			var params []int
			if status {
				var fact SetsErrorStatus
				if c.pass.ImportObjectFact(obj, &fact) {
					params = fact.Params
				}
			} else {
				var fact RecordsError
				if c.pass.ImportObjectFact(obj, &fact) {
					params = fact.Params
				}
			}
			for _, p := range params {
				if p == sj {
					res = true
				}
			}
		}
	} else if j < len(f.Params) {
		set := spanflow.SameSpan(f.Params[j])
	scan:
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				call, ok := in.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if c.does(call.Common(), set, status) {
					res = true
					break scan
				}
			}
		}
	}
	if res {
		c.memo[key] = 1
	}
	return res
}

// does reports whether a call records an error on (status false) or sets an
// error status of (status true) a span of set, itself or through a helper.
func (c *checker) does(call *ssa.CallCommon, set map[ssa.Value]bool, status bool) bool {
	name, f := spanflow.Callee(call)
	if call.IsInvoke() && set[call.Value] {
		if status {
			return name == spanSetStatus && len(call.Args) > 0 && isErrorCode(call.Args[0])
		}
		return name == spanRecordError
	}
	if f == nil || call.IsInvoke() {
		return false
	}
	for j, a := range call.Args {
		if set[a] && c.helperDoes(f, j, status) {
			return true
		}
	}
	return false
}

func (c *checker) exportFacts(funcs []*ssa.Function) {
	for _, f := range funcs {
		obj := spanflow.Object(f)
		if obj == nil || f.Parent() != nil {
			continue
		}
		off := 0
		if f.Signature.Recv() != nil {
			off = 1
		}
		var rec, st []int
		for j, p := range f.Params {
			if j < off || !otelapi.IsSpan(p.Type()) {
				continue
			}
			if c.helperDoes(f, j, false) {
				rec = append(rec, j-off)
			}
			if c.helperDoes(f, j, true) {
				st = append(st, j-off)
			}
		}
		if len(rec) > 0 {
			c.pass.ExportObjectFact(obj, &RecordsError{Params: rec})
		}
		if len(st) > 0 {
			c.pass.ExportObjectFact(obj, &SetsErrorStatus{Params: st})
		}
	}
}

// deferred describes what the function's defers do to a span.
type deferred struct {
	ends, handles bool // End; RecordError or SetStatus
}

func (c *checker) deferredFor(fn *ssa.Function, set map[ssa.Value]bool) deferred {
	var d deferred
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			def, ok := in.(*ssa.Defer)
			if !ok {
				continue
			}
			call := def.Common()
			if call.IsInvoke() && set[call.Value] && call.Method.Name() == "End" {
				d.ends = true
			}
			mc, ok := call.Value.(*ssa.MakeClosure)
			if !ok {
				if f := call.StaticCallee(); f != nil {
					for j, a := range call.Args {
						if set[a] {
							d.ends = true // a helper such as finish(span, err)
							if c.helperDoes(f, j, true) || c.helperDoes(f, j, false) {
								d.handles = true
							}
						}
					}
				}
				continue
			}
			fn, _ := mc.Fn.(*ssa.Function)
			if fn == nil {
				continue
			}
			for k, bnd := range mc.Bindings {
				if !set[bnd] && !boxOf(bnd, set) {
					continue
				}
				inner := spanflow.SameSpan(fn.FreeVars[k])
				if _, ok := fn.FreeVars[k].Type().Underlying().(*types.Pointer); ok {
					inner = map[ssa.Value]bool{}
					for _, l := range spanflow.Loads(fn.FreeVars[k]) {
						spanflow.AddAliases(inner, l)
					}
				}
				for _, ib := range fn.Blocks {
					for _, iin := range ib.Instrs {
						ic, ok := iin.(ssa.CallInstruction)
						if !ok {
							continue
						}
						cc := ic.Common()
						if cc.IsInvoke() && inner[cc.Value] && cc.Method.Name() == "End" {
							d.ends = true
						}
						if c.does(cc, inner, true) || c.does(cc, inner, false) {
							d.handles = true
						}
						if !cc.IsInvoke() && cc.StaticCallee() != nil {
							for _, a := range cc.Args {
								if inner[a] {
									d.ends = true
									d.handles = true // a helper: it may set the status
								}
							}
						}
					}
				}
			}
		}
	}
	return d
}

// boxOf reports whether v is a captured variable that holds a span of set.
func boxOf(v ssa.Value, set map[ssa.Value]bool) bool {
	if !spanflow.IsBox(v) {
		return false
	}
	for _, r := range refs(v) {
		if st, ok := r.(*ssa.Store); ok && st.Addr == v && set[st.Val] {
			return true
		}
	}
	for _, l := range spanflow.Loads(v) {
		if set[l] {
			return true
		}
	}
	return false
}

// escapes classifies an instruction that hands the span on: its fate is
// then unknown here.
func escapes(in ssa.Instruction, set map[ssa.Value]bool) bool {
	if spanflow.HandsOn(in, set) {
		return true
	}
	switch in := in.(type) {
	case *ssa.MakeClosure:
		for _, b := range in.Bindings {
			if set[b] || boxOf(b, set) {
				return true
			}
		}
	case ssa.CallInstruction:
		if _, ok := in.(*ssa.Defer); ok {
			return false
		}
		call := in.Common()
		if call.IsInvoke() && set[call.Value] {
			return false
		}
		for _, a := range call.Args {
			if set[a] {
				return true
			}
		}
	}
	return false
}

// checkRecordError reports RecordError calls (direct, or through a helper
// that records without setting the status) after which the span can end
// with its status unset.
func (c *checker) checkRecordError(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			cc := &call.Call
			var span ssa.Value
			name, f := spanflow.Callee(cc)
			if cc.IsInvoke() && name == spanRecordError {
				span = cc.Value
			} else if f != nil && !cc.IsInvoke() {
				for j, a := range cc.Args {
					if otelapi.IsSpan(a.Type()) && c.helperDoes(f, j, false) && !c.helperDoes(f, j, true) {
						span = a
						break
					}
				}
			}
			if span == nil {
				continue
			}
			c.checkOne(fn, call, span)
		}
	}
}

func (c *checker) checkOne(fn *ssa.Function, rec *ssa.Call, span ssa.Value) {
	set := spanflow.SameSpan(span)
	def := c.deferredFor(fn, set)
	if def.handles || c.statusSetBefore(rec, set) || spanflow.OnCancelPath(rec) {
		return
	}
	// In a deferred closure, the span ends when the parent's deferred End
	// runs after it.
	endsAfter := c.parentDefersEnd(fn, set)
	bad := c.prog.Reach(fn, rec, func(in ssa.Instruction) spanflow.Verdict {
		switch in := in.(type) {
		case *ssa.Call:
			cc := &in.Call
			if cc.IsInvoke() && set[cc.Value] {
				switch cc.Method.Name() {
				case "SetStatus":
					if c.does(cc, set, true) {
						return spanflow.Stop
					}
				case "End":
					return spanflow.Bad
				}
				return spanflow.Continue
			}
			if c.does(cc, set, true) {
				return spanflow.Stop
			}
		case *ssa.Return:
			if escapes(in, set) {
				return spanflow.Stop
			}
			if def.ends || endsAfter {
				return spanflow.Bad
			}
			return spanflow.Stop
		}
		if escapes(in, set) {
			return spanflow.Stop
		}
		return spanflow.Continue
	}, spanflow.Known{NonNil: set, SkipCancel: true})
	if len(bad) == 0 {
		return
	}
	var ends []token.Pos
	for _, in := range bad {
		p := in.Pos()
		if r, ok := in.(*ssa.Return); ok && !r.Pos().IsValid() {
			if body := funcBody(fn); body != nil {
				p = body.Rbrace
			}
		}
		ends = append(ends, p)
	}
	sort.Slice(ends, func(i, j int) bool { return ends[i] < ends[j] })
	s := c.recordSite(rec)
	if s == nil {
		return
	}
	what := "the span"
	if s.span != "" {
		what = fmt.Sprintf("span %q", s.span)
	}
	d := analysis.Diagnostic{
		Pos: s.call.Pos(),
		End: s.call.End(),
		Message: fmt.Sprintf("%s records an error but %s can end at line %d with its status unset; call SetStatus(codes.Error, ...) too, or backends show the trace as successful",
			s.callee, what, c.pass.Fset.Position(ends[0]).Line),
	}
	for _, e := range ends {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: e, Message: "the span ends here with its status unset"})
	}
	if fix, ok := c.statusFix(s); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.pass.Report(d)
}

// parentDefersEnd reports whether fn is a closure deferred by its parent,
// which also defers End on the span that fn captures (set): the span then
// ends right after fn returns.
func (c *checker) parentDefersEnd(fn *ssa.Function, set map[ssa.Value]bool) bool {
	parent := fn.Parent()
	if parent == nil {
		return false
	}
	for _, b := range parent.Blocks {
		for _, in := range b.Instrs {
			mc, ok := in.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn || !isDeferred(mc) {
				continue
			}
			for k, fv := range fn.FreeVars {
				if !captures(fv, set) {
					continue
				}
				bound := mc.Bindings[k]
				var pset map[ssa.Value]bool
				if spanflow.IsBox(bound) {
					for _, r := range refs(bound) {
						if st, ok := r.(*ssa.Store); ok && st.Addr == bound && !spanflow.IsNilConst(st.Val) {
							pset = spanflow.SameSpan(st.Val)
							break
						}
					}
				} else {
					pset = spanflow.SameSpan(bound)
				}
				if pset != nil && c.deferredFor(parent, pset).ends {
					return true
				}
			}
		}
	}
	return false
}

func isDeferred(mc *ssa.MakeClosure) bool {
	for _, r := range refs(mc) {
		if d, ok := r.(*ssa.Defer); ok && d.Call.Value == mc {
			return true
		}
	}
	return false
}

// captures reports whether free variable fv is the span of set, or a
// captured variable that holds it.
func captures(fv *ssa.FreeVar, set map[ssa.Value]bool) bool {
	if set[fv] {
		return true
	}
	for _, l := range spanflow.Loads(fv) {
		if set[l] {
			return true
		}
	}
	return false
}

// statusSetBefore reports whether every path to rec has already set an
// error status on the span: a SetStatus that dominates it.
func (c *checker) statusSetBefore(rec ssa.Instruction, set map[ssa.Value]bool) bool {
	for b := rec.Block(); b != nil; b = b.Idom() {
		for _, in := range b.Instrs {
			if in == rec {
				break
			}
			if ci, ok := in.(*ssa.Call); ok && c.does(&ci.Call, set, true) {
				return true
			}
		}
	}
	return false
}

func funcBody(fn *ssa.Function) *ast.BlockStmt {
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		return s.Body
	case *ast.FuncLit:
		return s.Body
	}
	return nil
}

type recSite struct {
	file   *ast.File
	call   *ast.CallExpr
	stmt   *ast.ExprStmt
	path   []ast.Node
	callee string
	span   string // the span expression when it is an identifier
	err    string // the error argument when it is an identifier
}

func (c *checker) recordSite(rec *ssa.Call) *recSite {
	pos := rec.Pos()
	var file *ast.File
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			file = f
			break
		}
	}
	if file == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	for i, n := range path {
		ce, ok := n.(*ast.CallExpr)
		if !ok || ce.Lparen != pos {
			continue
		}
		s := &recSite{file: file, call: ce, path: path[i:]}
		s.callee = types.ExprString(ce.Fun)
		if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "RecordError" {
			if id, ok := sel.X.(*ast.Ident); ok {
				s.span = id.Name
			}
			s.callee = "RecordError"
			if len(ce.Args) >= 1 {
				if id, ok := ce.Args[0].(*ast.Ident); ok {
					s.err = id.Name
				}
			}
		} else {
			for _, a := range ce.Args {
				if id, ok := a.(*ast.Ident); ok && otelapi.IsSpan(c.pass.TypesInfo.TypeOf(id)) {
					s.span = id.Name
				}
			}
		}
		if len(path) > i+1 {
			s.stmt, _ = path[i+1].(*ast.ExprStmt)
		}
		return s
	}
	return nil
}

// statusFix adds span.SetStatus(codes.Error, err.Error()) after a direct
// RecordError(err) statement, when span and err are identifiers, err is
// an error, and codes is imported (or can be) under a name nothing shadows.
func (c *checker) statusFix(s *recSite) (analysis.SuggestedFix, bool) {
	if s.stmt == nil || s.span == "" || s.err == "" || s.callee != "RecordError" || len(s.path) < 3 {
		return analysis.SuggestedFix{}, false
	}
	switch s.path[2].(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
	default:
		return analysis.SuggestedFix{}, false
	}
	errT := types.Universe.Lookup("error").Type()
	if t := c.pass.TypesInfo.TypeOf(s.call.Args[0]); t == nil || !types.Identical(t, errT) {
		return analysis.SuggestedFix{}, false
	}
	scope := c.innermostScope(s.stmt.Pos())
	if scope == nil {
		return analysis.SuggestedFix{}, false
	}
	var edits []analysis.TextEdit
	name := ""
	for _, imp := range s.file.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == otelapi.Codes {
			name = "codes"
			if imp.Name != nil {
				name = imp.Name.Name
			}
		}
	}
	switch name {
	case "_", ".":
		return analysis.SuggestedFix{}, false
	case "":
		name = "codes"
		if _, obj := scope.LookupParent(name, s.stmt.Pos()); obj != nil {
			return analysis.SuggestedFix{}, false
		}
		edit, ok := addImport(s.file)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		edits = append(edits, edit)
	default:
		if _, obj := scope.LookupParent(name, s.stmt.Pos()); obj == nil {
			return analysis.SuggestedFix{}, false
		} else if pn, ok := obj.(*types.PkgName); !ok || pn.Imported().Path() != otelapi.Codes {
			return analysis.SuggestedFix{}, false
		}
	}
	col := c.pass.Fset.Position(s.stmt.Pos()).Column
	indent := strings.Repeat("\t", max(col-1, 0))
	at := s.stmt.End()
	tf := c.pass.Fset.File(at)
	if line := tf.Line(at); line < tf.LineCount() {
		at = tf.LineStart(line+1) - 1
	}
	edits = append(edits, analysis.TextEdit{
		Pos:     at,
		End:     at,
		NewText: []byte(fmt.Sprintf("\n%s%s.SetStatus(%s.Error, %s.Error())", indent, s.span, name, s.err)),
	})
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Set the status: %s.SetStatus(%s.Error, %s.Error())", s.span, name, s.err),
		TextEdits: edits,
	}, true
}

func (c *checker) innermostScope(pos token.Pos) *types.Scope {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			if s := c.pass.TypesInfo.Scopes[f]; s != nil {
				return s.Innermost(pos)
			}
		}
	}
	return nil
}

// addImport adds the codes import to the file's parenthesized import
// declaration; files with only single-line imports get no fix.
func addImport(f *ast.File) (analysis.TextEdit, bool) {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break
		}
		if !gd.Lparen.IsValid() || len(gd.Specs) == 0 {
			continue
		}
		// After the last go.opentelemetry.io import if any, else the last import.
		after := gd.Specs[len(gd.Specs)-1]
		for _, sp := range gd.Specs {
			if p, _ := strconv.Unquote(sp.(*ast.ImportSpec).Path.Value); strings.HasPrefix(p, otelapi.Root) && p < otelapi.Codes {
				after = sp
			}
		}
		return analysis.TextEdit{Pos: after.End(), End: after.End(), NewText: []byte("\n\t\"" + otelapi.Codes + "\"")}, true
	}
	return analysis.TextEdit{}, false
}

// checkErrorReturns reports, when the option is on, returns of a non-nil
// error on a path where the function's span saw neither RecordError nor an
// error status.
func (c *checker) checkErrorReturns(fn *ssa.Function) {
	res := fn.Signature.Results()
	if res.Len() == 0 || !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return
	}
	errIdx := res.Len() - 1
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			name, f := spanflow.Callee(&call.Call)
			if name != otelapi.TracerStart && (f == nil || f.Name() != "Start" || f.Signature.Recv() == nil) {
				continue
			}
			spans := spanflow.ResultExtracts(call, 1)
			if len(spans) == 0 || !otelapi.IsSpan(spans[0].Type()) {
				continue
			}
			set := spanflow.SameSpan(spans[0])
			def := c.deferredFor(fn, set)
			if !def.ends || def.handles {
				continue
			}
			bad := c.prog.Reach(fn, call, func(in ssa.Instruction) spanflow.Verdict {
				if ci, ok := in.(ssa.CallInstruction); ok {
					if c.does(ci.Common(), set, true) || c.does(ci.Common(), set, false) {
						return spanflow.Stop
					}
				}
				if r, ok := in.(*ssa.Return); ok {
					if escapes(r, set) || !nonNilError(r, r.Results[errIdx]) {
						return spanflow.Stop
					}
					return spanflow.Bad
				}
				if escapes(in, set) {
					return spanflow.Stop
				}
				return spanflow.Continue
			}, spanflow.Known{NonNil: set, SkipCancel: true})
			for _, r := range bad {
				c.pass.Report(analysis.Diagnostic{
					Pos:     r.Pos(),
					End:     r.Pos() + token.Pos(len("return")),
					Message: fmt.Sprintf("this return hands back an error but the span started at line %d records neither the error nor an error status; backends show the trace as successful", c.pass.Fset.Position(call.Pos()).Line),
				})
			}
		}
	}
}

// nonNilError reports whether the error v returned by r is known not to be
// nil: built by errors.New or fmt.Errorf and friends, a concrete value
// converted to error, or checked against nil on the way.
func nonNilError(r *ssa.Return, v ssa.Value) bool {
	v = slotValue(r, v)
	switch x := v.(type) {
	case *ssa.Const:
		return x.Value != nil
	case *ssa.MakeInterface:
		return true
	case *ssa.Call:
		name, _ := spanflow.Callee(&x.Call)
		switch name {
		case "errors.New", "fmt.Errorf", "github.com/pkg/errors.New", "github.com/pkg/errors.Errorf":
			return true
		}
	}
	return checkedNonNil(r.Block(), v)
}

// slotValue resolves a result that a function with defers loads back from
// its result slot: the value last stored there in the return's block.
func slotValue(r *ssa.Return, v ssa.Value) ssa.Value {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return v
	}
	slot, ok := u.X.(*ssa.Alloc)
	if !ok {
		return v
	}
	instrs := r.Block().Instrs
	for i := len(instrs) - 1; i >= 0; i-- {
		if st, ok := instrs[i].(*ssa.Store); ok && st.Addr == slot {
			return st.Val
		}
	}
	return v
}

// checkedNonNil reports whether block b is reached only when v != nil.
func checkedNonNil(b *ssa.BasicBlock, v ssa.Value) bool {
	for d := b; d != nil; d = d.Idom() {
		p := d.Idom()
		if p == nil {
			break
		}
		iff, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, ok := iff.Cond.(*ssa.BinOp)
		if !ok || (cond.Op != token.NEQ && cond.Op != token.EQL) {
			continue
		}
		if !((cond.X == v && spanflow.IsNilConst(cond.Y)) || (cond.Y == v && spanflow.IsNilConst(cond.X))) {
			continue
		}
		taken := p.Succs[0] // v != nil
		if cond.Op == token.EQL {
			taken = p.Succs[1]
		}
		if taken == d || taken.Dominates(b) {
			return len(taken.Preds) == 1
		}
	}
	return false
}
