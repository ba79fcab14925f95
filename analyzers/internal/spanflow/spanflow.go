// Package spanflow is the span-flow core the spanend and spanerror
// analyzers share: the SSA form of a package, built once and only when one
// of them needs it; which calls never return; following a span value
// through copies, phis and captured variables; what hands a span on; and
// the two searches over the paths from an instruction to the function's
// exits.
package spanflow

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

// Analyzer hands spanend and spanerror the package's Program. It builds no
// SSA itself: the first analyzer past its fast path does, once.
var Analyzer = &analysis.Analyzer{
	Name:       "spanflow",
	Doc:        "builds the SSA form of a package on demand for the span analyzers, and records which functions never return; produces no diagnostics",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Program](),
	FactTypes:  []analysis.Fact{new(noReturnFact)},
}

// noReturnFact marks a function that never returns normally: every path
// through it ends in a panic, an exit, or a loop without end.
type noReturnFact struct{}

func (*noReturnFact) AFact() {}

func (*noReturnFact) String() string { return "noReturn" }

// Program is the package as the span analyzers see it.
type Program struct {
	pass     *analysis.Pass
	noReturn map[*types.Func]bool // functions of this package

	once  sync.Once
	funcs []*ssa.Function
}

func run(pass *analysis.Pass) (any, error) {
	p := &Program{pass: pass, noReturn: noReturnFuncs(pass)}
	for fn := range p.noReturn {
		if fn.Parent() == fn.Pkg().Scope() || fn.Signature().Recv() != nil {
			pass.ExportObjectFact(fn, new(noReturnFact))
		}
	}
	return p, nil
}

// Funcs returns every source function of the package, literals included,
// in source order, building the SSA form the first time it is asked for:
// packages that use no tracing pay nothing.
func (p *Program) Funcs() []*ssa.Function {
	p.once.Do(func() { p.funcs = build(p.pass) })
	return p.funcs
}

func build(pass *analysis.Pass) []*ssa.Function {
	prog := ssa.NewProgram(pass.Fset, 0)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()
	var funcs []*ssa.Function
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					if f := prog.FuncValue(fn); f != nil {
						add(f)
					}
				}
			}
		}
	}
	return funcs
}

// NoReturn reports whether a call never returns normally: a panic, a
// function the standard library or a popular logger documents as exiting,
// or a function (of this package or, through facts, another) whose every
// path ends in one of those.
func (p *Program) NoReturn(c *ssa.CallCommon) bool {
	if b, ok := c.Value.(*ssa.Builtin); ok && b.Name() == "panic" {
		return true
	}
	name, f := Callee(c)
	if noReturn[name] {
		return true
	}
	obj := Object(f)
	if obj == nil {
		return false
	}
	if obj.Pkg() == p.pass.Pkg {
		return p.noReturn[obj]
	}
	return p.pass.ImportObjectFact(obj, new(noReturnFact))
}

// Object returns the declared function behind an SSA function (the generic
// origin for instantiations), or nil for literals and synthetic wrappers.
func Object(f *ssa.Function) *types.Func {
	if f == nil {
		return nil
	}
	if o := f.Origin(); o != nil {
		f = o
	}
	obj, _ := f.Object().(*types.Func)
	return obj
}

// Callee returns the qualified name of the function a call instruction
// invokes ("(pkg.Iface).Method" for interface calls) and its SSA function
// when it is static.
func Callee(c *ssa.CallCommon) (string, *ssa.Function) {
	if c.IsInvoke() {
		return otelapi.FuncName(c.Method), nil
	}
	f := c.StaticCallee()
	if f == nil {
		return "", nil
	}
	if obj := Object(f); obj != nil {
		return otelapi.FuncName(obj), f
	}
	return "", f
}

// AddAliases adds v and its aliases to set.
func AddAliases(set map[ssa.Value]bool, v ssa.Value) {
	work := []ssa.Value{v}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if set[v] {
			continue
		}
		set[v] = true
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Phi, *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.ChangeType:
				work = append(work, r.(ssa.Value))
			case *ssa.TypeAssert:
				if !r.CommaOk {
					work = append(work, r)
				} else if rr := r.Referrers(); rr != nil {
					for _, e := range *rr {
						if e, ok := e.(*ssa.Extract); ok && e.Index == 0 {
							work = append(work, e)
						}
					}
				}
			}
		}
	}
}

// Exit is one way out of the searched region: a return, or arriving back at
// the start instruction (the end of a loop iteration).
type Exit struct {
	Return *ssa.Return // nil for a loop iteration
	Loop   bool
}

// Exits follows every path from just after start (or from the function's
// entry when start is nil) and returns the exits reached without passing an
// instruction for which stop returns true. Paths that panic or call a
// function that never returns are dropped, and so are the branches k rules
// out. nonNil lists values known to be
// non-nil, so that the nil branch of a check on them is not followed.
func (prog *Program) Exits(fn *ssa.Function, start ssa.Instruction, stop func(ssa.Instruction) bool, k Known) []Exit {
	if len(fn.Blocks) == 0 {
		return nil
	}
	var exits []Exit
	loop := false
	type pos struct {
		b       *ssa.BasicBlock
		i       int
		wrapped bool // gone round a loop back to before the start
	}
	type vkey struct {
		b       *ssa.BasicBlock
		wrapped bool
	}
	visited := map[vkey]bool{}
	var work []pos
	var startBlock *ssa.BasicBlock
	if start != nil {
		startBlock = start.Block()
	}
	if start == nil {
		work = append(work, pos{fn.Blocks[0], 0, false})
	} else {
		b := start.Block()
		for i, in := range b.Instrs {
			if in == start {
				work = append(work, pos{b, i + 1, false})
				break
			}
		}
	}
	for len(work) > 0 {
		p := work[len(work)-1]
		work = work[:len(work)-1]
		if p.i == 0 {
			// Arriving at a block that dominates the start means going
			// round a loop: an exit beyond it leaks the span of the
			// iteration, unless it is ended first (at the top of the next
			// iteration, or after the loop).
			if startBlock != nil && p.b != startBlock && p.b.Dominates(startBlock) {
				p.wrapped = true
			}
			k := vkey{p.b, p.wrapped}
			if visited[k] {
				continue
			}
			visited[k] = true
		}
		done := false
		for _, in := range p.b.Instrs[p.i:] {
			if start != nil && in == start {
				loop = true
				done = true
				break
			}
			if stop(in) {
				done = true
				break
			}
			switch in := in.(type) {
			case *ssa.Return:
				if p.wrapped {
					loop = true
				} else {
					exits = append(exits, Exit{Return: in})
				}
				done = true
			case *ssa.Panic:
				done = true
			case *ssa.Call:
				if prog.NoReturn(&in.Call) {
					done = true
				}
			case *ssa.If:
				succs := p.b.Succs
				if skip := k.skip(in); skip >= 0 {
					work = append(work, pos{succs[1-skip], 0, p.wrapped})
				} else {
					for _, s := range succs {
						work = append(work, pos{s, 0, p.wrapped})
					}
				}
				done = true
			case *ssa.Jump:
				work = append(work, pos{p.b.Succs[0], 0, p.wrapped})
				done = true
			}
			if done {
				break
			}
		}
	}
	if loop {
		exits = append(exits, Exit{Loop: true})
	}
	return exits
}

// Known is what a search knows about the values a branch tests, so that it
// leaves out the branches that cannot matter.
type Known struct {
	// NonNil values are never nil: the nil branch of a check on one is not
	// taken.
	NonNil map[ssa.Value]bool
	// NilSpanErrs are errors that, when not nil, come with a nil span
	// (the (span, err) convention of a helper): that branch has nothing to
	// end.
	NilSpanErrs map[ssa.Value]bool
	// SkipCancel leaves out the branch where an error is a cancellation
	// (errors.Is(err, context.Canceled), or DeadlineExceeded tested
	// explicitly): recording one without an error status is deliberate.
	SkipCancel bool
}

// skip returns the index of the successor of in the search leaves out, or -1.
func (k Known) skip(in *ssa.If) int {
	if i := nilBranch(in, k.NonNil, false); i >= 0 {
		return i
	}
	if i := nilBranch(in, k.NilSpanErrs, true); i >= 0 {
		return i
	}
	if k.SkipCancel {
		return cancelBranch(in)
	}
	return -1
}

// nilBranch returns the index of the successor taken when a value of set is
// nil (or, with notNil, when it is not nil), or -1.
func nilBranch(in *ssa.If, set map[ssa.Value]bool, notNil bool) int {
	b, ok := in.Cond.(*ssa.BinOp)
	if !ok || (b.Op != token.EQL && b.Op != token.NEQ) {
		return -1
	}
	if !(set[b.X] && IsNilConst(b.Y)) && !(set[b.Y] && IsNilConst(b.X)) {
		return -1
	}
	// Successor 0 is taken when the condition holds: v == nil for EQL.
	nilSucc := 0
	if b.Op == token.NEQ {
		nilSucc = 1
	}
	if notNil {
		return 1 - nilSucc
	}
	return nilSucc
}

// cancelBranch returns the index of the successor taken when the condition
// says an error is a cancellation, or -1.
func cancelBranch(in *ssa.If) int {
	cond, neg := in.Cond, false
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond, neg = u.X, true
	}
	if !IsCancelCheck(cond) {
		return -1
	}
	if neg {
		return 1
	}
	return 0
}

// IsCancelCheck reports whether v tests that an error is a cancellation:
// errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
// or err == context.Canceled.
func IsCancelCheck(v ssa.Value) bool {
	isCancel := func(x ssa.Value) bool {
		if l, ok := x.(*ssa.UnOp); ok && l.Op == token.MUL {
			if g, ok := l.X.(*ssa.Global); ok && g.Pkg != nil && g.Pkg.Pkg.Path() == "context" {
				return g.Name() == "Canceled" || g.Name() == "DeadlineExceeded"
			}
		}
		return false
	}
	switch x := v.(type) {
	case *ssa.Call:
		name, _ := Callee(&x.Call)
		if name == "errors.Is" && len(x.Call.Args) == 2 {
			return isCancel(x.Call.Args[1])
		}
	case *ssa.BinOp:
		if x.Op == token.EQL {
			return isCancel(x.X) || isCancel(x.Y)
		}
	}
	return false
}

// noReturn lists the functions outside the packages otellint analyses from
// source that never return. Functions of analysed packages are worked out
// (noReturnFuncs) and carried across packages by noReturnFact; the standard
// library is not analysed, so its exits are listed, with those of the
// loggers whose exits are beyond inference (the list x/tools ctrlflow and
// staticcheck keep).
var noReturn = map[string]bool{
	"os.Exit":                                     true,
	"syscall.Exit":                                true,
	"log.Fatal":                                   true,
	"log.Fatalf":                                  true,
	"log.Fatalln":                                 true,
	"log.Panic":                                   true,
	"log.Panicf":                                  true,
	"log.Panicln":                                 true,
	"(*log.Logger).Fatal":                         true,
	"(*log.Logger).Fatalf":                        true,
	"(*log.Logger).Fatalln":                       true,
	"(*log.Logger).Panic":                         true,
	"(*log.Logger).Panicf":                        true,
	"(*log.Logger).Panicln":                       true,
	"runtime.Goexit":                              true,
	"(*testing.common).FailNow":                   true,
	"(*testing.common).Fatal":                     true,
	"(*testing.common).Fatalf":                    true,
	"(*testing.common).SkipNow":                   true,
	"(*testing.common).Skip":                      true,
	"(*testing.common).Skipf":                     true,
	"(testing.TB).FailNow":                        true,
	"(testing.TB).Fatal":                          true,
	"(testing.TB).Fatalf":                         true,
	"(testing.TB).SkipNow":                        true,
	"(testing.TB).Skip":                           true,
	"(testing.TB).Skipf":                          true,
	"(*go.uber.org/zap.Logger).Fatal":             true,
	"(*go.uber.org/zap.Logger).Panic":             true,
	"(*go.uber.org/zap.SugaredLogger).Fatalf":     true,
	"(*go.uber.org/zap.SugaredLogger).Fatal":      true,
	"(*go.uber.org/zap.SugaredLogger).Fatalw":     true,
	"(*go.uber.org/zap.SugaredLogger).Panic":      true,
	"(*go.uber.org/zap.SugaredLogger).Panicf":     true,
	"(*go.uber.org/zap.SugaredLogger).Panicw":     true,
	"(*github.com/sirupsen/logrus.Logger).Exit":   true,
	"(*github.com/sirupsen/logrus.Logger).Fatal":  true,
	"(*github.com/sirupsen/logrus.Logger).Fatalf": true,
	"github.com/sirupsen/logrus.Fatal":            true,
	"github.com/sirupsen/logrus.Fatalf":           true,
	"k8s.io/klog/v2.Fatal":                        true,
	"k8s.io/klog/v2.Fatalf":                       true,
	"k8s.io/klog/v2.Exit":                         true,
	"k8s.io/klog/v2.Exitf":                        true,
}

// noReturnFuncs works out which functions of the package never return: the
// last statement of the body does not complete (a call that never returns,
// a panic, a loop without end or break, an empty select, or an if, switch
// or block made only of those) and no return statement leaves earlier.
func noReturnFuncs(pass *analysis.Pass) map[*types.Func]bool {
	decls := map[*types.Func]*ast.FuncDecl{}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{(*ast.FuncDecl)(nil)}, func(n ast.Node) {
		fd := n.(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && fd.Body != nil {
			decls[fn] = fd
		}
	})
	memo := map[*types.Func]int8{} // 0 unknown/in progress, 1 no return, -1 returns
	var exits func(fn *types.Func) bool
	var terminates func(s ast.Stmt) bool
	callExits := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			return false
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := pass.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
				return true
			}
		}
		fn := otelapi.Callee(pass.TypesInfo, call)
		if fn == nil {
			return false
		}
		if fn.Origin() != nil {
			fn = fn.Origin()
		}
		if noReturn[otelapi.FuncName(fn)] {
			return true
		}
		if fn.Pkg() == pass.Pkg {
			return exits(fn)
		}
		return pass.ImportObjectFact(fn, new(noReturnFact))
	}
	terminates = func(s ast.Stmt) bool {
		switch s := s.(type) {
		case *ast.ExprStmt:
			return callExits(s.X)
		case *ast.BlockStmt:
			return len(s.List) > 0 && terminates(s.List[len(s.List)-1])
		case *ast.IfStmt:
			return s.Else != nil && terminates(s.Body) && terminates(s.Else)
		case *ast.ForStmt:
			return s.Cond == nil && !hasBreak(s.Body)
		case *ast.SelectStmt:
			return len(s.Body.List) == 0
		case *ast.SwitchStmt:
			return clausesTerminate(s.Body, terminates)
		case *ast.TypeSwitchStmt:
			return clausesTerminate(s.Body, terminates)
		}
		return false
	}
	exits = func(fn *types.Func) bool {
		switch memo[fn] {
		case 1:
			return true
		case -1:
			return false
		}
		memo[fn] = -1 // recursion: assume it returns
		fd := decls[fn]
		if fd == nil || hasReturn(fd.Body) || !terminates(fd.Body) {
			return false
		}
		memo[fn] = 1
		return true
	}
	out := map[*types.Func]bool{}
	for fn := range decls {
		if exits(fn) {
			out[fn] = true
		}
	}
	return out
}

// clausesTerminate reports whether a switch has a default clause and every
// clause ends in a statement that does not complete.
func clausesTerminate(body *ast.BlockStmt, terminates func(ast.Stmt) bool) bool {
	hasDefault := false
	for _, c := range body.List {
		cc := c.(*ast.CaseClause)
		if cc.List == nil {
			hasDefault = true
		}
		if len(cc.Body) == 0 || !terminates(cc.Body[len(cc.Body)-1]) || hasBreak(&ast.BlockStmt{List: cc.Body}) {
			return false
		}
	}
	return hasDefault
}

// hasReturn reports whether body returns anywhere outside function literals.
func hasReturn(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ReturnStmt:
			found = true
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

// hasBreak reports whether body breaks out of the statement it belongs to
// (an unlabelled break not inside a nested loop, switch or select, or any
// labelled break or goto, conservatively).
func hasBreak(body *ast.BlockStmt) bool {
	found := false
	var walk func(n ast.Node, nested bool)
	walk = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if found || m == nil {
				return false
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if m != n {
					walk(m, true)
					return false
				}
			case *ast.BranchStmt:
				if m.Tok == token.GOTO || (m.Tok == token.BREAK && (m.Label != nil || !nested)) {
					found = true
				}
			}
			return true
		})
	}
	walk(body, false)
	return found
}

// IsContext reports whether t is context.Context.
func IsContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == "Context" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context"
}

// IsNilConst reports whether v is the constant nil.
func IsNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil
}

// IsConst reports whether v is the constant with the given integer value.
func IsConst(v ssa.Value, want int64) bool {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return false
	}
	n, ok := constant.Int64Val(c.Value)
	return ok && n == want
}

// ResultExtracts returns every Extract of index i of call.
func ResultExtracts(call ssa.Value, i int) []ssa.Value {
	if _, ok := call.Type().(*types.Tuple); !ok {
		if i == 0 {
			return []ssa.Value{call}
		}
		return nil
	}
	var out []ssa.Value
	if refs := call.Referrers(); refs != nil {
		for _, r := range *refs {
			if e, ok := r.(*ssa.Extract); ok && e.Tuple == call && e.Index == i {
				out = append(out, e)
			}
		}
	}
	return out
}

// Verdict is what Reach does at an instruction.
type Verdict int

const (
	Continue Verdict = iota // go on
	Stop                    // this path is fine
	Bad                     // this path ends badly here
)

// Reach follows every path from just after start and returns the
// instructions classified Bad that some path reaches before one classified
// Stop. Returns are classified too; paths that panic or never return are
// dropped, and so are paths that come back to start.
func (prog *Program) Reach(fn *ssa.Function, start ssa.Instruction, classify func(ssa.Instruction) Verdict, k Known) []ssa.Instruction {
	var bad []ssa.Instruction
	seenBad := map[ssa.Instruction]bool{}
	visited := map[*ssa.BasicBlock]bool{}
	type pos struct {
		b *ssa.BasicBlock
		i int
	}
	var work []pos
	b := start.Block()
	for i, in := range b.Instrs {
		if in == start {
			work = append(work, pos{b, i + 1})
			break
		}
	}
	for len(work) > 0 {
		p := work[len(work)-1]
		work = work[:len(work)-1]
		if p.i == 0 {
			if visited[p.b] {
				continue
			}
			visited[p.b] = true
		}
	instrs:
		for _, in := range p.b.Instrs[p.i:] {
			if in == start {
				break
			}
			switch classify(in) {
			case Stop:
				break instrs
			case Bad:
				if !seenBad[in] {
					seenBad[in] = true
					bad = append(bad, in)
				}
				break instrs
			}
			switch in := in.(type) {
			case *ssa.Return, *ssa.Panic:
				break instrs
			case *ssa.Call:
				if prog.NoReturn(&in.Call) {
					break instrs
				}
			case *ssa.If:
				succs := p.b.Succs
				if skip := k.skip(in); skip >= 0 {
					work = append(work, pos{succs[1-skip], 0})
				} else {
					for _, s := range succs {
						work = append(work, pos{s, 0})
					}
				}
			case *ssa.Jump:
				work = append(work, pos{p.b.Succs[0], 0})
			}
		}
	}
	return bad
}

// IsBox reports whether addr is a local variable the compiler moved to the
// heap because a closure captures it.
func IsBox(addr ssa.Value) bool {
	a, ok := addr.(*ssa.Alloc)
	return ok && a.Heap && a.Parent() != nil && a.Comment != "varargs" && !strings.HasPrefix(a.Comment, "complit") && !strings.HasPrefix(a.Comment, "slicelit")
}

// Loads returns the loads of a pointer.
func Loads(p ssa.Value) []ssa.Value {
	var out []ssa.Value
	if refs := p.Referrers(); refs != nil {
		for _, r := range *refs {
			if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL && u.X == p {
				out = append(out, u)
			}
		}
	}
	return out
}

// UsesSpans is the analyzers' fast path: it reports whether the package
// refers to a function or method of the trace API, to any function whose
// signature takes or returns a trace.Span (a concrete tracer's Start, a
// wrapper), or to a function for which also returns true (one carrying a
// fact, a configured name). A package that does none of these cannot start,
// end or record on a span, so SSA is not even built for it.
func UsesSpans(info *types.Info, also func(*types.Func) bool) bool {
	seen := map[*types.Func]bool{}
	for _, obj := range info.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || seen[fn] {
			continue
		}
		seen[fn] = true
		if fn.Pkg() != nil && strings.TrimPrefix(fn.Pkg().Path(), vendorPrefix(fn.Pkg().Path())) == otelapi.Trace {
			return true
		}
		if sigHasSpan(fn.Signature()) || (also != nil && also(fn)) {
			return true
		}
	}
	return false
}

func vendorPrefix(path string) string {
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		return path[:i+len("/vendor/")]
	}
	return ""
}

func sigHasSpan(sig *types.Signature) bool {
	for _, t := range []*types.Tuple{sig.Params(), sig.Results()} {
		for i := 0; i < t.Len(); i++ {
			if otelapi.IsSpan(t.At(i).Type()) {
				return true
			}
		}
	}
	return false
}

// AddBoxLoads adds to set the loads of every captured variable a value of
// set is stored in (the span seen again inside and after a closure), and
// their aliases. It reports whether set grew.
func AddBoxLoads(set map[ssa.Value]bool) bool {
	grew := false
	for changed := true; changed; {
		changed = false
		for v := range set {
			refs := v.Referrers()
			if refs == nil {
				continue
			}
			for _, r := range *refs {
				if st, ok := r.(*ssa.Store); ok && st.Val == v && IsBox(st.Addr) {
					for _, l := range Loads(st.Addr) {
						if !set[l] {
							AddAliases(set, l)
							changed, grew = true, true
						}
					}
				}
			}
		}
	}
	return grew
}

// SameSpan returns the values that are the same span as v: where v comes
// from (through phis, interface conversions and captured variables, nil
// edges left out) and everything those flow to.
func SameSpan(v ssa.Value) map[ssa.Value]bool {
	set := map[ssa.Value]bool{}
	seen := map[ssa.Value]bool{}
	var roots func(v ssa.Value)
	roots = func(v ssa.Value) {
		if seen[v] {
			return
		}
		seen[v] = true
		switch x := v.(type) {
		case *ssa.Phi:
			for _, e := range x.Edges {
				if !IsNilConst(e) {
					roots(e)
				}
			}
			AddAliases(set, x)
		case *ssa.ChangeInterface:
			roots(x.X)
		case *ssa.MakeInterface:
			roots(x.X)
		case *ssa.UnOp:
			if _, fv := x.X.(*ssa.FreeVar); x.Op == token.MUL && fv {
				for _, l := range Loads(x.X) {
					AddAliases(set, l)
				}
			}
			if x.Op == token.MUL && IsBox(x.X) {
				for _, r := range *x.X.Referrers() {
					if st, ok := r.(*ssa.Store); ok && st.Addr == x.X && !IsNilConst(st.Val) {
						roots(st.Val)
					}
				}
				for _, l := range Loads(x.X) {
					AddAliases(set, l)
				}
			}
			AddAliases(set, x)
		default:
			AddAliases(set, v)
		}
	}
	roots(v)
	AddBoxLoads(set)
	return set
}

// IsVarargs reports whether addr is an element of the array the compiler
// builds for a variadic call: fmt.Println(span) hands nothing over, but
// append(spans, span) keeps the span.
func IsVarargs(addr ssa.Value) bool {
	ia, ok := addr.(*ssa.IndexAddr)
	if !ok {
		return false
	}
	a, ok := ia.X.(*ssa.Alloc)
	if !ok || a.Comment != "varargs" {
		return false
	}
	for _, r := range *a.Referrers() {
		if sl, ok := r.(*ssa.Slice); ok && sl.Referrers() != nil {
			for _, u := range *sl.Referrers() {
				if call, ok := u.(*ssa.Call); ok {
					if b, ok := call.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
						return false
					}
				}
			}
		}
	}
	return true
}

// HandsOn reports whether in hands a value of set to somewhere the function
// no longer follows it: stored (other than into a captured variable, which
// AddBoxLoads follows, or the arguments of a variadic call), put in a map,
// sent on a channel, or returned.
func HandsOn(in ssa.Instruction, set map[ssa.Value]bool) bool {
	switch in := in.(type) {
	case *ssa.Store:
		return set[in.Val] && !IsBox(in.Addr) && !IsVarargs(in.Addr)
	case *ssa.MapUpdate:
		return set[in.Value] || set[in.Key]
	case *ssa.Send:
		return set[in.X]
	case *ssa.Return:
		for _, r := range in.Results {
			if set[r] {
				return true
			}
		}
	}
	return false
}

// OnCancelPath reports whether in runs only when a condition has found that
// an error is a cancellation (IsCancelCheck).
func OnCancelPath(in ssa.Instruction) bool {
	b := in.Block()
	for d := b; d != nil; d = d.Idom() {
		p := d.Idom()
		if p == nil {
			break
		}
		iff, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		i := cancelBranch(iff)
		if i < 0 {
			continue
		}
		if taken := p.Succs[i]; taken.Dominates(b) && len(taken.Preds) == 1 {
			return true
		}
	}
	return false
}
