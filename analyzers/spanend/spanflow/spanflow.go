// Package spanflow is the SSA machinery the spanend and spanerror analyzers
// share: building SSA for one package only when it is needed, following a
// span value through copies and phis, and searching the paths from one
// instruction to the function's exits.
package spanflow

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

// Build creates SSA for the package of pass, the way buildssa does, but on
// demand: analyzers call it only after their fast path, so packages that use
// no tracing pay nothing. It returns every source function, literals
// included, in source order.
func Build(pass *analysis.Pass) []*ssa.Function {
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

// Search follows every path from just after start (or from the function's
// entry when start is nil) and returns the exits reached without passing an
// instruction for which stop returns true. Paths that panic or call a
// function that never returns are dropped. nonNil lists values known to be
// non-nil, so that the nil branch of a check on them is not followed.
func Search(fn *ssa.Function, start ssa.Instruction, stop func(ssa.Instruction) bool, nonNil map[ssa.Value]bool) []Exit {
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
				if NoReturn(&in.Call) {
					done = true
				}
			case *ssa.If:
				succs := p.b.Succs
				if skip := nilBranch(in, nonNil); skip >= 0 {
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

// nilBranch returns the index of the successor taken when a value of nonNil
// is nil, or -1.
func nilBranch(in *ssa.If, nonNil map[ssa.Value]bool) int {
	b, ok := in.Cond.(*ssa.BinOp)
	if !ok || (b.Op != token.EQL && b.Op != token.NEQ) {
		return -1
	}
	isNil := func(v ssa.Value) bool {
		c, ok := v.(*ssa.Const)
		return ok && c.Value == nil
	}
	if (nonNil[b.X] && isNil(b.Y)) || (nonNil[b.Y] && isNil(b.X)) {
		if b.Op == token.EQL {
			return 0
		}
		return 1
	}
	return -1
}

var noReturn = map[string]bool{
	"os.Exit":                                 true,
	"log.Fatal":                               true,
	"log.Fatalf":                              true,
	"log.Fatalln":                             true,
	"log.Panic":                               true,
	"log.Panicf":                              true,
	"log.Panicln":                             true,
	"(*log.Logger).Fatal":                     true,
	"(*log.Logger).Fatalf":                    true,
	"(*log.Logger).Fatalln":                   true,
	"(*log.Logger).Panic":                     true,
	"(*log.Logger).Panicf":                    true,
	"(*log.Logger).Panicln":                   true,
	"runtime.Goexit":                          true,
	"(*testing.common).FailNow":               true,
	"(*testing.common).Fatal":                 true,
	"(*testing.common).Fatalf":                true,
	"(*testing.common).SkipNow":               true,
	"(*testing.common).Skip":                  true,
	"(*testing.common).Skipf":                 true,
	"(testing.TB).FailNow":                    true,
	"(testing.TB).Fatal":                      true,
	"(testing.TB).Fatalf":                     true,
	"(testing.TB).SkipNow":                    true,
	"(testing.TB).Skip":                       true,
	"(testing.TB).Skipf":                      true,
	"(*go.uber.org/zap.Logger).Fatal":         true,
	"(*go.uber.org/zap.Logger).Panic":         true,
	"(*go.uber.org/zap.SugaredLogger).Fatalf": true,
	"(*go.uber.org/zap.SugaredLogger).Fatal":  true,
}

// NoReturn reports whether a call never returns normally.
func NoReturn(c *ssa.CallCommon) bool {
	name, _ := Callee(c)
	if noReturn[name] {
		return true
	}
	if b, ok := c.Value.(*ssa.Builtin); ok && b.Name() == "panic" {
		return true
	}
	return false
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

// Verdict is what Walk does at an instruction.
type Verdict int

const (
	Continue Verdict = iota // go on
	Stop                    // this path is fine
	Bad                     // this path ends badly here
)

// Walk follows every path from just after start and returns the
// instructions classified Bad that some path reaches before one classified
// Stop. Returns are classified too; paths that panic or never return are
// dropped, and so are paths that come back to start.
func Walk(fn *ssa.Function, start ssa.Instruction, classify func(ssa.Instruction) Verdict, nonNil map[ssa.Value]bool) []ssa.Instruction {
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
				if NoReturn(&in.Call) {
					break instrs
				}
			case *ssa.If:
				succs := p.b.Succs
				if skip := nilBranch(in, nonNil); skip >= 0 {
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
