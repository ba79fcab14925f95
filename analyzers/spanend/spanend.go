package spanend

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
	StartFunctions []string `yaml:"start-functions" help:"comma-separated qualified names of functions that start a span the caller must end, e.g. example.com/telemetry.StartSpan"`
	EndFunctions   []string `yaml:"end-functions" help:"comma-separated qualified names of functions that end the span they are passed, e.g. example.com/telemetry.EndWithCause"`
	Tests          bool     `yaml:"tests" help:"also check _test.go files"`
}

// Analyzer reports spans that are not ended on every path.
var Analyzer = Spec.Build(lint.Default)

// Spec defines the analyzer; analyzers.New builds it anew for a configuration
// of its own.
var Spec = lint.Spec[Options]{
	Name:      "spanend",
	Doc:       lint.ExtractDoc(doc, "spanend"),
	Requires:  []*analysis.Analyzer{spanflow.Analyzer},
	FactTypes: []analysis.Fact{new(ReturnsSpan), new(EndsSpan), new(EndsField)},
	Options:   Options{},
	Run:       run,
}

// ReturnsSpan marks a function that returns, as result Index, a span its
// caller must end; calls to it are checked like tracer.Start.
// When NilOnErr is set the function follows the (span, err) convention:
// every return of a non-nil error (result Err) returns a nil span, so the
// caller has nothing to end on that path.
type ReturnsSpan struct {
	Index    int
	NilOnErr bool
	Err      int
}

func (*ReturnsSpan) AFact() {}

func (f *ReturnsSpan) String() string {
	s := "returnsSpan(" + strconv.Itoa(f.Index)
	if f.NilOnErr {
		s += ", nil on error " + strconv.Itoa(f.Err)
	}
	return s + ")"
}

// EndsSpan marks a function that ends (or takes ownership of) the span
// passed as each of Params (indexes in its signature, receiver excluded) on
// every path.
type EndsSpan struct{ Params []int }

func (*EndsSpan) AFact() {}

func (f *EndsSpan) String() string { return "endsSpan(" + joinInts(f.Params) + ")" }

// EndsField marks a method that ends the span stored in each of Fields of
// its receiver on every path (a Close or Finish method).
type EndsField struct{ Fields []string }

func (*EndsField) AFact() {}

func (f *EndsField) String() string { return "endsField(" + strings.Join(f.Fields, ",") + ")" }

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

func run(pass *analysis.Pass, opts *Options) (any, error) {
	c := newChecker(pass, opts.StartFunctions, opts.EndFunctions)
	if !c.relevant() {
		return nil, nil
	}
	funcs := c.prog.Funcs()
	c.exportFacts(funcs)
	for _, fn := range funcs {
		if !opts.Tests && lint.IsTestFile(pass, fn.Pos()) {
			continue // its facts are exported all the same
		}
		c.checkFunc(fn)
	}
	return nil, nil
}

// Checker knows which calls start and end spans.
type Checker struct {
	pass       *analysis.Pass
	prog       *spanflow.Program
	startFuncs map[string]bool
	endFuncs   map[string]bool
	retMemo    map[*ssa.Function]int
	endsMemo   map[paramKey]int8
}

type paramKey struct {
	fn   *ssa.Function
	idx  int
	free bool
}

func newChecker(pass *analysis.Pass, start, end []string) *Checker {
	c := &Checker{
		pass:       pass,
		prog:       pass.ResultOf[spanflow.Analyzer].(*spanflow.Program),
		startFuncs: map[string]bool{},
		endFuncs:   map[string]bool{},
		retMemo:    map[*ssa.Function]int{},
		endsMemo:   map[paramKey]int8{},
	}
	for _, s := range start {
		c.startFuncs[strings.TrimSpace(s)] = true
	}
	for _, s := range end {
		c.endFuncs[strings.TrimSpace(s)] = true
	}
	return c
}

// relevant is the fast path: the package mentions the trace API, a
// configured function, or a function of a direct import that carries one
// of our facts.
func (c *Checker) relevant() bool {
	facts := map[types.Object]bool{}
	for _, f := range c.pass.AllObjectFacts() {
		facts[f.Object] = true
	}
	return spanflow.UsesSpans(c.pass.TypesInfo, func(fn *types.Func) bool {
		if facts[fn] {
			return true
		}
		if len(c.startFuncs)+len(c.endFuncs) == 0 {
			return false
		}
		name := otelapi.FuncName(fn)
		return c.startFuncs[name] || c.endFuncs[name]
	})
}

// StartIndex reports whether call starts a span the caller must end, and
// which of its results is the span.
func (c *Checker) StartIndex(call *ssa.CallCommon) (int, bool) {
	name, f := spanflow.Callee(call)
	if isNoop(call, name) {
		return 0, false
	}
	if name == otelapi.TracerStart {
		return 1, true
	}
	if c.startFuncs[name] {
		return spanResult(call.Signature()), true
	}
	if f == nil {
		return 0, false
	}
	if f.Name() == "Start" && f.Signature.Recv() != nil && isTracerStart(f.Signature) {
		return 1, true
	}
	obj := spanflow.Object(f)
	if obj == nil {
		return 0, false
	}
	if obj.Pkg() == c.pass.Pkg {
		if i := c.returnsSpan(f); i >= 0 {
			return i, true
		}
		return 0, false
	}
	var fact ReturnsSpan
	if c.pass.ImportObjectFact(obj, &fact) {
		return fact.Index, true
	}
	return 0, false
}

// isNoop reports whether call starts a span of the no-op tracer, which
// records and exports nothing: ending it changes nothing.
func isNoop(call *ssa.CallCommon, name string) bool {
	if otelapi.IsNoopFunc(name) {
		return true
	}
	if !call.IsInvoke() {
		return false
	}
	switch v := call.Value.(type) {
	case *ssa.Call:
		n, _ := spanflow.Callee(&v.Call)
		return otelapi.IsNoopFunc(n)
	case *ssa.MakeInterface:
		return otelapi.IsNoopTracer(v.X.Type())
	}
	return false
}

func isTracerStart(sig *types.Signature) bool {
	r := sig.Results()
	return r.Len() == 2 && spanflow.IsContext(r.At(0).Type()) && otelapi.IsSpan(r.At(1).Type())
}

// spanResult is the index of the first result that is a trace.Span, or
// else has an End method.
func spanResult(sig *types.Signature) int {
	r := sig.Results()
	for i := 0; i < r.Len(); i++ {
		if otelapi.IsSpan(r.At(i).Type()) {
			return i
		}
	}
	for i := 0; i < r.Len(); i++ {
		if obj, _, _ := types.LookupFieldOrMethod(r.At(i).Type(), true, nil, "End"); obj != nil {
			return i
		}
	}
	return 0
}

// returnsSpan computes, for a function of this package, the index of a
// result through which it hands a span it started to its caller, or -1.
func (c *Checker) returnsSpan(f *ssa.Function) int {
	if i, ok := c.retMemo[f]; ok {
		return i
	}
	c.retMemo[f] = -1 // recursion
	res := -1
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			idx, ok := c.StartIndex(&call.Call)
			if !ok {
				continue
			}
			spans, _ := c.Track(spanflow.ResultExtracts(call, idx), nil)
			if endsItself(f, spans) {
				continue // e.g. defer span.End(); return ctx, span: nothing for the caller to end
			}
			for _, b := range f.Blocks {
				if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
					for j, r := range ret.Results {
						if spans[r] && (res < 0 || j < res) {
							res = j
						}
					}
				}
			}
		}
	}
	c.retMemo[f] = res
	return res
}

// nilOnError reports whether f follows the (span, err) convention for its
// span result idx: its last result is an error, and every return whose
// error is not the constant nil returns the constant nil as the span (at
// least one does).
func nilOnError(f *ssa.Function, idx int) (int, bool) {
	res := f.Signature.Results()
	errIdx := res.Len() - 1
	if errIdx <= 0 || errIdx == idx || !types.Identical(res.At(errIdx).Type(), types.Universe.Lookup("error").Type()) {
		return 0, false
	}
	seen := false
	for _, b := range f.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) != res.Len() {
			continue
		}
		if spanflow.IsNilConst(ret.Results[errIdx]) {
			continue
		}
		if !spanflow.IsNilConst(ret.Results[idx]) {
			return 0, false
		}
		seen = true
	}
	return errIdx, seen
}

// nilSpanErrs returns the error results of a call to a function that
// follows the (span, err) convention.
func (c *Checker) nilSpanErrs(call *ssa.Call, idx int) map[ssa.Value]bool {
	_, f := spanflow.Callee(&call.Call)
	obj := spanflow.Object(f)
	if obj == nil {
		return nil
	}
	var errIdx int
	var ok bool
	if obj.Pkg() == c.pass.Pkg {
		errIdx, ok = nilOnError(f, idx)
	} else {
		var fact ReturnsSpan
		if c.pass.ImportObjectFact(obj, &fact) && fact.NilOnErr {
			errIdx, ok = fact.Err, true
		}
	}
	if !ok {
		return nil
	}
	errs := map[ssa.Value]bool{}
	for _, e := range spanflow.ResultExtracts(call, errIdx) {
		spanflow.AddAliases(errs, e)
	}
	return errs
}

// endsItself reports whether f calls End on the span itself, directly or
// in a defer.
func endsItself(f *ssa.Function, spans map[ssa.Value]bool) bool {
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			if ci, ok := in.(ssa.CallInstruction); ok {
				c := ci.Common()
				if c.IsInvoke() && spans[c.Value] && c.Method.Name() == "End" {
					return true
				}
			}
		}
	}
	return false
}

// Track follows spans and the contexts that carry them: aliases of the
// seeds, contexts derived from a carrying context (by a call that takes it
// and returns a context), and spans got back with trace.SpanFromContext.
func (c *Checker) Track(spanSeeds, ctxSeeds []ssa.Value) (spans, ctxs map[ssa.Value]bool) {
	spans = map[ssa.Value]bool{}
	ctxs = map[ssa.Value]bool{}
	for _, s := range spanSeeds {
		spanflow.AddAliases(spans, s)
	}
	for _, s := range ctxSeeds {
		spanflow.AddAliases(ctxs, s)
	}
	for changed := true; changed; {
		changed = spanflow.AddBoxLoads(spans)
		changed = spanflow.AddBoxLoads(ctxs) || changed
		for _, set := range []map[ssa.Value]bool{spans, ctxs} {
			for v := range set {
				refs := v.Referrers()
				if refs == nil {
					continue
				}
				for _, r := range *refs {
					call, ok := r.(*ssa.Call)
					if !ok || spans[call] || ctxs[call] {
						continue
					}
					name, _ := spanflow.Callee(&call.Call)
					if name == otelapi.Trace+".SpanFromContext" && ctxs[v] {
						spanflow.AddAliases(spans, call)
						changed = true
						continue
					}
					if !isArg(&call.Call, v) {
						continue
					}
					for i, res := range resultTypes(call) {
						if spanflow.IsContext(res) {
							for _, e := range spanflow.ResultExtracts(call, i) {
								if !ctxs[e] {
									spanflow.AddAliases(ctxs, e)
									changed = true
								}
							}
						}
					}
				}
			}
		}
	}
	return spans, ctxs
}

func isArg(c *ssa.CallCommon, v ssa.Value) bool {
	for _, a := range c.Args {
		if a == v {
			return true
		}
	}
	return false
}

func resultTypes(call *ssa.Call) []types.Type {
	if t, ok := call.Type().(*types.Tuple); ok {
		out := make([]types.Type, t.Len())
		for i := range out {
			out[i] = t.At(i).Type()
		}
		return out
	}
	return []types.Type{call.Type()}
}

// Consumer returns the predicate for instructions after which a span
// (spans) is no longer this function's to end: it is ended, deferred,
// handed to a function that ends it, captured by a closure that ends it,
// stored, sent, or returned (itself or in a context that carries it).
func (c *Checker) Consumer(spans, ctxs map[ssa.Value]bool) func(ssa.Instruction) bool {
	return func(in ssa.Instruction) bool {
		switch in := in.(type) {
		case ssa.CallInstruction:
			return c.ends(in.Common(), spans)
		case *ssa.MakeClosure:
			fn, _ := in.Fn.(*ssa.Function)
			if fn == nil {
				return false
			}
			// A binding is the span itself, or a captured variable holding
			// it that this function got from its own closure (a closure in
			// a closure).
			for k, b := range in.Bindings {
				if (spans[b] || holds(b, spans)) && c.endsFree(fn, k) {
					return true
				}
				if (ctxs[b] || holds(b, ctxs)) && c.closureEndsCtx(fn, k) {
					return true
				}
			}
			return false
		case *ssa.Store:
			if (spans[in.Val] || ctxs[in.Val]) && spanflow.IsBox(in.Addr) {
				return c.boxEnded(in.Addr.(*ssa.Alloc), spans[in.Val])
			}
		}
		return spanflow.HandsOn(in, spans) || spanflow.HandsOn(in, ctxs)
	}
}

// holds reports whether p is a free variable pointing at a captured variable
// whose loads are in set.
func holds(p ssa.Value, set map[ssa.Value]bool) bool {
	if _, ok := p.(*ssa.FreeVar); !ok {
		return false
	}
	if _, ok := p.Type().Underlying().(*types.Pointer); !ok {
		return false
	}
	for _, l := range spanflow.Loads(p) {
		if set[l] {
			return true
		}
	}
	return false
}

// ends reports whether the call ends one of spans.
func (c *Checker) ends(call *ssa.CallCommon, spans map[ssa.Value]bool) bool {
	name, f := spanflow.Callee(call)
	if call.IsInvoke() {
		if spans[call.Value] && (call.Method.Name() == "End" || c.endFuncs[name]) {
			return true
		}
	}
	for j, a := range call.Args {
		if !spans[a] {
			continue
		}
		if c.endFuncs[name] {
			return true
		}
		if f == nil {
			continue
		}
		if j == 0 && f.Signature.Recv() != nil && f.Name() == "End" {
			return true // a concrete span type's End
		}
		if c.endsParam(f, j, false) {
			return true
		}
	}
	return false
}

// endsParam reports whether f ends (or takes ownership of) its SSA
// parameter j (free variable j when free) on every path.
func (c *Checker) endsParam(f *ssa.Function, j int, free bool) bool {
	key := paramKey{f, j, free}
	if v, ok := c.endsMemo[key]; ok {
		return v == 1
	}
	c.endsMemo[key] = 0 // recursion: assume not
	res := false
	if len(f.Blocks) == 0 || (!free && spanflow.Object(f) != nil && spanflow.Object(f).Pkg() != c.pass.Pkg) {
		res = c.importedEnds(f, j)
	} else {
		var v ssa.Value
		if free {
			if j < len(f.FreeVars) {
				v = f.FreeVars[j]
			}
		} else if j < len(f.Params) {
			v = f.Params[j]
		}
		if v != nil {
			seeds := []ssa.Value{v}
			ptr := false
			if _, ok := v.Type().Underlying().(*types.Pointer); ok {
				seeds, ptr = spanflow.Loads(v), true
			}
			spans, ctxs := c.Track(seeds, nil)
			if ptr {
				// The captured variable itself, which a closure in this
				// closure may capture in turn without loading it here.
				spans[v] = true
			}
			res = c.consumedOnAllPaths(f, spans, ctxs)
		}
	}
	if res {
		c.endsMemo[key] = 1
	}
	return res
}

func (c *Checker) endsFree(f *ssa.Function, k int) bool { return c.endsParam(f, k, true) }

// boxEnded reports whether a captured variable holding the span (or a
// context carrying it) is ended by some closure that captures it: a
// deferred func() { span.End() }, a cleanup function handed back, a
// goroutine.
func (c *Checker) boxEnded(box *ssa.Alloc, isSpan bool) bool {
	for _, r := range *box.Referrers() {
		mc, ok := r.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		fn, _ := mc.Fn.(*ssa.Function)
		if fn == nil {
			continue
		}
		for k, b := range mc.Bindings {
			if b != box {
				continue
			}
			if isSpan && c.endsFree(fn, k) {
				return true
			}
			if !isSpan && c.closureEndsCtx(fn, k) {
				return true
			}
		}
	}
	return false
}

// closureEndsCtx reports whether a closure ends, on every path, the span
// carried by the context it captures as free variable k.
func (c *Checker) closureEndsCtx(f *ssa.Function, k int) bool {
	if k >= len(f.FreeVars) {
		return false
	}
	seeds := []ssa.Value{f.FreeVars[k]}
	ptr := false
	if _, ok := f.FreeVars[k].Type().Underlying().(*types.Pointer); ok {
		seeds, ptr = spanflow.Loads(f.FreeVars[k]), true
	}
	spans, ctxs := c.Track(nil, seeds)
	if ptr {
		ctxs[f.FreeVars[k]] = true
	}
	if len(spans) == 0 {
		return false
	}
	return c.consumedOnAllPaths(f, spans, ctxs)
}

func (c *Checker) consumedOnAllPaths(f *ssa.Function, spans, ctxs map[ssa.Value]bool) bool {
	consumer := c.Consumer(spans, ctxs)
	consumed := false
	for _, b := range f.Blocks {
		for _, in := range b.Instrs {
			if consumer(in) {
				consumed = true
			}
		}
	}
	return consumed && len(c.prog.Exits(f, nil, consumer, spanflow.Known{NonNil: spans})) == 0
}

func (c *Checker) importedEnds(f *ssa.Function, j int) bool {
	obj := spanflow.Object(f)
	if obj == nil {
		return false
	}
	var fact EndsSpan
	if !c.pass.ImportObjectFact(obj, &fact) {
		return false
	}
	if obj.Signature().Recv() != nil {
		j--
	}
	for _, p := range fact.Params {
		if p == j {
			return true
		}
	}
	return false
}

func (c *Checker) exportFacts(funcs []*ssa.Function) {
	for _, f := range funcs {
		obj := spanflow.Object(f)
		if obj == nil || f.Parent() != nil {
			continue
		}
		if i := c.returnsSpan(f); i >= 0 {
			fact := &ReturnsSpan{Index: i}
			fact.Err, fact.NilOnErr = nilOnError(f, i)
			c.pass.ExportObjectFact(obj, fact)
		}
		var ends []int
		off := 0
		if f.Signature.Recv() != nil {
			off = 1
		}
		for j, p := range f.Params {
			if j < off || !spanLike(p.Type()) {
				continue
			}
			if c.endsParam(f, j, false) {
				ends = append(ends, j-off)
			}
		}
		if len(ends) > 0 {
			c.pass.ExportObjectFact(obj, &EndsSpan{Params: ends})
		}
		if fields := c.endsFields(f); len(fields) > 0 {
			c.pass.ExportObjectFact(obj, &EndsField{Fields: fields})
		}
	}
}

func spanLike(t types.Type) bool {
	if otelapi.IsSpan(t) {
		return true
	}
	if !types.IsInterface(t) {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "End")
	_, ok := obj.(*types.Func)
	return ok
}

// endsFields returns the span fields of the receiver that method f ends on
// every path.
func (c *Checker) endsFields(f *ssa.Function) []string {
	if f.Signature.Recv() == nil || len(f.Params) == 0 {
		return nil
	}
	recv := f.Params[0]
	t := recv.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var out []string
	for i := 0; i < st.NumFields(); i++ {
		if !otelapi.IsSpan(st.Field(i).Type()) {
			continue
		}
		var loads []ssa.Value
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				switch in := in.(type) {
				case *ssa.UnOp:
					if fa, ok := in.X.(*ssa.FieldAddr); ok && fa.X == recv && fa.Field == i && in.Op == token.MUL {
						loads = append(loads, in)
					}
				case *ssa.Field:
					if in.X == recv && in.Field == i {
						loads = append(loads, in)
					}
				}
			}
		}
		if len(loads) == 0 {
			continue
		}
		spans, ctxs := c.Track(loads, nil)
		if c.consumedOnAllPaths(f, spans, ctxs) {
			out = append(out, st.Field(i).Name())
		}
	}
	return out
}

func (c *Checker) checkFunc(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			idx, ok := c.StartIndex(&call.Call)
			if !ok {
				continue
			}
			c.checkStart(fn, call, idx)
		}
	}
}

func (c *Checker) checkStart(fn *ssa.Function, call *ssa.Call, idx int) {
	spanVals := spanflow.ResultExtracts(call, idx)
	var ctxVals []ssa.Value
	for i, t := range resultTypes(call) {
		if i != idx && spanflow.IsContext(t) {
			ctxVals = append(ctxVals, spanflow.ResultExtracts(call, i)...)
		}
	}
	site := c.site(call)
	if site == nil {
		return
	}
	if site.discarded {
		spanVals = nil
	}
	spans, ctxs := c.Track(spanVals, ctxVals)
	consumer := c.Consumer(spans, ctxs)
	if len(spans) == 0 {
		// The span is discarded; a context that carries it may still leave.
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				if consumer(in) {
					return
				}
			}
		}
		c.pass.Report(analysis.Diagnostic{
			Pos:     site.call.Pos(),
			End:     site.call.End(),
			Message: fmt.Sprintf("the span started by %s is discarded, so it is never ended and never exported; assign it and call End", site.callee),
		})
		return
	}
	exits := c.prog.Exits(fn, call, consumer, spanflow.Known{NonNil: spans, NilSpanErrs: c.nilSpanErrs(call, idx)})
	if len(exits) == 0 {
		return
	}
	everConsumed := false
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if consumer(in) {
				everConsumed = true
			}
		}
	}
	var rets []token.Pos
	loop := false
	for _, e := range exits {
		if e.Loop {
			loop = true
			continue
		}
		rets = append(rets, c.returnPos(fn, e.Return))
	}
	sort.Slice(rets, func(i, j int) bool { return rets[i] < rets[j] })
	rets = dedup(rets)

	what := "span"
	if site.name != "" {
		what = fmt.Sprintf("span %q", site.name)
	}
	var where string
	switch {
	case !everConsumed:
		where = "is never ended"
	case len(rets) > 0:
		where = "is not ended " + c.describeReturn(fn, rets[0])
		if n := len(rets) - 1; n > 0 || loop {
			extra := n
			if loop {
				extra++
			}
			where += fmt.Sprintf(" (and %d other path%s)", extra, plural(extra))
		}
	default:
		where = "is not ended at the end of each loop iteration"
	}
	d := analysis.Diagnostic{
		Pos:     site.call.Pos(),
		End:     site.call.End(),
		Message: fmt.Sprintf("%s started by %s %s; an unended span is never exported", what, site.callee, where),
	}
	if everConsumed {
		for i, r := range rets {
			if i == 5 {
				break
			}
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: r, Message: "the span leaks here"})
		}
	}
	if !everConsumed && !passedOn(spans) {
		if fix, ok := c.deferFix(site); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	c.pass.Report(d)
}

// passedOn reports whether a span is handed to a function, which may end
// it on some paths: a defer End would then be a second End.
func passedOn(spans map[ssa.Value]bool) bool {
	for v := range spans {
		for _, r := range *v.Referrers() {
			if call, ok := r.(ssa.CallInstruction); ok && isArg(call.Common(), v) {
				return true
			}
		}
	}
	return false
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func dedup(ps []token.Pos) []token.Pos {
	var out []token.Pos
	for i, p := range ps {
		if i == 0 || p != ps[i-1] {
			out = append(out, p)
		}
	}
	return out
}

// returnPos is the position of a return statement, or of the closing brace
// for the implicit return at the end of a function.
func (c *Checker) returnPos(fn *ssa.Function, r *ssa.Return) token.Pos {
	if r.Pos().IsValid() {
		return r.Pos()
	}
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if s.Body != nil {
			return s.Body.Rbrace
		}
	case *ast.FuncLit:
		return s.Body.Rbrace
	}
	return fn.Pos()
}

func (c *Checker) describeReturn(fn *ssa.Function, p token.Pos) string {
	line := c.pass.Fset.Position(p).Line
	if body := funcBody(fn); body != nil && p == body.Rbrace {
		return fmt.Sprintf("when the function ends at line %d", line)
	}
	return fmt.Sprintf("on the return at line %d", line)
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

type site struct {
	call   *ast.CallExpr
	callee string // how the message names the start function
	name   string // the span variable, if any
	ident  *ast.Ident
	stmt   ast.Stmt
	path   []ast.Node
	// discarded: a statement of its own, or _ for the span
	discarded bool
}

// site finds the syntax of a start call.
func (c *Checker) site(call *ssa.Call) *site {
	pos := call.Pos()
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
	var ce *ast.CallExpr
	for i, n := range path {
		if x, ok := n.(*ast.CallExpr); ok && x.Lparen == pos {
			ce = x
			path = path[i:]
			break
		}
	}
	if ce == nil {
		return nil
	}
	s := &site{call: ce, path: path}
	switch fun := ast.Unparen(ce.Fun).(type) {
	case *ast.SelectorExpr:
		s.callee = types.ExprString(fun)
		if len(s.callee) > 40 {
			s.callee = fun.Sel.Name
		}
	default:
		s.callee = types.ExprString(fun)
	}
	idx, _ := c.StartIndex(&call.Call)
	if len(path) > 1 {
		switch p := path[1].(type) {
		case *ast.ExprStmt:
			s.discarded = true
		case *ast.AssignStmt:
			if len(p.Rhs) == 1 && idx < len(p.Lhs) {
				if id, ok := p.Lhs[idx].(*ast.Ident); ok {
					if id.Name == "_" {
						s.discarded = true
					} else {
						s.name, s.ident = id.Name, id
					}
				}
				s.stmt = p
			}
		case *ast.ValueSpec:
			if len(p.Values) == 1 && idx < len(p.Names) {
				if p.Names[idx].Name == "_" {
					s.discarded = true
				} else {
					s.name, s.ident = p.Names[idx].Name, p.Names[idx]
				}
			}
		}
	}
	return s
}

// deferFix inserts `defer span.End()` after the statement that starts the
// span, when that statement sits directly in a block outside any loop.
func (c *Checker) deferFix(s *site) (analysis.SuggestedFix, bool) {
	if s.stmt == nil || s.ident == nil || len(s.path) < 3 {
		return analysis.SuggestedFix{}, false
	}
	switch s.path[2].(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
	default:
		return analysis.SuggestedFix{}, false
	}
	for _, n := range s.path[2:] {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return analysis.SuggestedFix{}, false
		case *ast.FuncDecl, *ast.FuncLit:
			goto ok
		}
	}
ok:
	// The variable must be the span itself (not shadowed by a later
	// declaration before the end of the block): it is, right after the statement.
	if obj, ok := c.pass.TypesInfo.ObjectOf(s.ident).(*types.Var); !ok || !spanLike(obj.Type()) {
		return analysis.SuggestedFix{}, false
	}
	col := c.pass.Fset.Position(s.stmt.Pos()).Column
	indent := strings.Repeat("\t", max(col-1, 0))
	// Insert after the end of the line, past any trailing comment.
	at := s.stmt.End()
	tf := c.pass.Fset.File(at)
	if line := tf.Line(at); line < tf.LineCount() {
		at = tf.LineStart(line+1) - 1
	}
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("End the span with defer %s.End()", s.name),
		TextEdits: []analysis.TextEdit{{
			Pos:     at,
			End:     at,
			NewText: []byte("\n" + indent + "defer " + s.name + ".End()"),
		}},
	}, true
}
