package doubleinst

// Suggested fixes: removing a redundant wrapper, argument or option.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// removeArg returns edits deleting argument i of call, or the whole
// statement when it is the call's only argument and the call is a
// statement of its own on its line.
func (c *checker) removeArg(call *ast.CallExpr, i int) []analysis.TextEdit {
	if call.Ellipsis != token.NoPos {
		return nil
	}
	if len(call.Args) == 1 {
		for cur := range c.ins.Root().Preorder((*ast.ExprStmt)(nil)) {
			st := cur.Node().(*ast.ExprStmt)
			if st.X != call {
				continue
			}
			if _, ok := cur.Parent().Node().(*ast.BlockStmt); !ok {
				return nil
			}
			return c.deleteLine(st.Pos(), st.End())
		}
		return nil
	}
	return c.deleteListElem(call.Args, i)
}

// deleteListElem deletes element i of a comma-separated list: up to the
// next element, or with its trailing comma when it is the last one and the
// list ends with a comma, or else with the comma before it.
func (c *checker) deleteListElem(list []ast.Expr, i int) []analysis.TextEdit {
	if i+1 < len(list) {
		return []analysis.TextEdit{{Pos: list[i].Pos(), End: list[i+1].Pos()}}
	}
	tf := c.pass.Fset.File(list[i].Pos())
	if src, err := c.pass.ReadFile(tf.Name()); err == nil && tf.Size() == len(src) {
		e := tf.Offset(list[i].End())
		for e < len(src) && (src[e] == ' ' || src[e] == '\t') {
			e++
		}
		if e < len(src) && src[e] == ',' {
			s := tf.Offset(list[i].Pos())
			ls := s
			for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
				ls--
			}
			le := e + 1
			for le < len(src) && src[le] != '\n' && (src[le] == ' ' || src[le] == '\t') {
				le++
			}
			if ls > 0 && src[ls-1] == '\n' && le < len(src) && src[le] == '\n' {
				return []analysis.TextEdit{{Pos: tf.Pos(ls), End: tf.Pos(le + 1)}}
			}
			return []analysis.TextEdit{{Pos: list[i].Pos(), End: tf.Pos(e + 1)}}
		}
	}
	if i > 0 {
		return []analysis.TextEdit{{Pos: list[i-1].End(), End: list[i].End()}}
	}
	return nil
}

// deleteLine deletes [pos, end) and, when nothing else is on its lines, the
// whole lines.
func (c *checker) deleteLine(pos, end token.Pos) []analysis.TextEdit {
	tf := c.pass.Fset.File(pos)
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil || tf.Size() != len(src) {
		return []analysis.TextEdit{{Pos: pos, End: end}}
	}
	s, e := tf.Offset(pos), tf.Offset(end)
	ls := s
	for ls > 0 && (src[ls-1] == ' ' || src[ls-1] == '\t') {
		ls--
	}
	le := e
	for le < len(src) && (src[le] == ' ' || src[le] == '\t') {
		le++
	}
	if (ls == 0 || src[ls-1] == '\n') && le < len(src) && src[le] == '\n' {
		return []analysis.TextEdit{{Pos: tf.Pos(ls), End: tf.Pos(le + 1)}}
	}
	return []analysis.TextEdit{{Pos: pos, End: end}}
}

func exprString(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// ---- SERVER spans in handlers served through server instrumentation ----
