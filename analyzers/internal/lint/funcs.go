package lint

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// A FuncDecl is a function declaration of the package with a body, and the
// function it declares.
type FuncDecl struct {
	Fn   *types.Func
	Decl *ast.FuncDecl
}

// FuncDecls returns the package's function declarations that have a body
// and for which keep (if not nil) returns true, in source order.
func FuncDecls(pass *analysis.Pass, keep func(*ast.FuncDecl) bool) []FuncDecl {
	var out []FuncDecl
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || (keep != nil && !keep(fd)) {
				continue
			}
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				out = append(out, FuncDecl{fn, fd})
			}
		}
	}
	return out
}

// FixedPoint learns a value for the functions of decls, into known: it
// calls learn on each function not yet known, in source order, and again
// until a round learns nothing, so that a helper calling a helper is found
// whichever comes first. learn sees what is known so far through known.
func FixedPoint[V any](decls []FuncDecl, known map[*types.Func]V, learn func(FuncDecl) (V, bool)) {
	for changed := true; changed; {
		changed = false
		for _, d := range decls {
			if _, done := known[d.Fn]; done {
				continue
			}
			if v, ok := learn(d); ok {
				known[d.Fn] = v
				changed = true
			}
		}
	}
}
