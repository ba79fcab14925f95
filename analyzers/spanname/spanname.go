package spanname

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
	"github.com/otellint/otellint/analyzers/internal/provenance"
	"github.com/otellint/otellint/semconv"
)

//go:embed doc.go
var doc string

// Options configures the analyzer.
type Options struct {
	VagueNames    []string `yaml:"vague-names" help:"comma-separated generic words that are not span names on their own"`
	ReportUnknown bool     `yaml:"report-unknown" help:"also report, as warnings, names built from values that cannot be bounded"`
	Tests         bool     `yaml:"tests" help:"also check _test.go files"`
}

// DefaultVagueNames are the generic words reported as span names on their
// own: semconv.VagueSpanNames, the list the runtime checker uses too.
var DefaultVagueNames = semconv.VagueSpanNames

// Analyzer reports vague and high-cardinality span names.
var Analyzer = Spec.Build(lint.Default)

// Spec defines the analyzer; analyzers.New builds it anew for a configuration
// of its own.
var Spec = lint.Spec[Options]{
	Name:      "spanname",
	Doc:       lint.ExtractDoc(doc, "spanname"),
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(namesSpan), new(returns)},
	Options:   Options{VagueNames: DefaultVagueNames},
	Run:       run,
}

// namesSpan marks a function whose parameter (by index, receiver
// excluded) becomes a span name.
type namesSpan struct {
	Param int
	Name  string // the parameter's name, for messages
}

func (*namesSpan) AFact() {}

func (f *namesSpan) String() string { return fmt.Sprintf("namesSpan(%d %s)", f.Param, f.Name) }

// returns records where a function's first result comes from.
type returns struct{ R provenance.Result }

func (*returns) AFact() {}

func (f *returns) String() string { return "returns(" + f.R.String() + ")" }

const (
	setName = "(go.opentelemetry.io/otel/trace.Span).SetName"
)

type site struct {
	call  *ast.CallExpr
	name  ast.Expr
	via   *types.Func // the wrapper called, or nil for Start/SetName
	param string
}

func run(pass *analysis.Pass, opts *Options) (any, error) {
	if provenance.IsStd(pass) {
		return nil, nil
	}
	// Where results come from is recorded in every package, also those that
	// do not use OpenTelemetry (an HTTP helper returning r.URL.Path).
	cls := provenance.New(pass, func(fn *types.Func) (provenance.Result, bool) {
		var f returns
		if pass.ImportObjectFact(fn, &f) {
			return f.R, true
		}
		return provenance.Result{}, false
	})
	for fn, r := range cls.Local() {
		pass.ExportObjectFact(fn, &returns{R: r})
	}
	if !otelapi.ImportsOTel(pass.Pkg) && !importsWrappers(pass) {
		return nil, nil
	}
	n := &namer{pass: pass, cls: cls, opts: opts, vague: map[string]bool{}, local: map[*types.Func]namesSpan{}}
	for _, v := range opts.VagueNames {
		n.vague[normalize(v)] = true
	}
	decls := lint.FuncDecls(pass, nil)
	n.findWrappers(decls)
	n.renames = renamesSpans(pass)
	n.judgeSites(decls)
	// Package-level initializers (var x = tracer.Start(...)) are rare; skip.
	return nil, nil
}

// namer holds what the analysis of one package knows about span names.
type namer struct {
	pass    *analysis.Pass
	cls     *provenance.Classifier
	opts    *Options
	vague   map[string]bool
	local   map[*types.Func]namesSpan // the package's own wrappers
	renames bool                      // the package renames spans with SetName
}

// wrapperOf reports whether fn passes one of its parameters on as a span
// name, and which.
func (n *namer) wrapperOf(fn *types.Func) (namesSpan, bool) {
	if f, ok := builtinWrappers[otelapi.FuncName(fn)]; ok {
		return f, true
	}
	if f, ok := n.local[fn]; ok {
		return f, true
	}
	var f namesSpan
	if fn.Pkg() != n.pass.Pkg && n.pass.ImportObjectFact(fn, &f) {
		return f, true
	}
	return f, false
}

// siteOf reports whether call names a span (Start, SetName, a wrapper),
// and with which expression.
func (n *namer) siteOf(call *ast.CallExpr) (site, bool) {
	fn := otelapi.Callee(n.pass.TypesInfo, call)
	if fn == nil {
		return site{}, false
	}
	switch otelapi.FuncName(fn) {
	case otelapi.TracerStart:
		if len(call.Args) >= 2 {
			return site{call: call, name: call.Args[1]}, true
		}
	case setName:
		if len(call.Args) == 1 {
			return site{call: call, name: call.Args[0]}, true
		}
	}
	if f, ok := n.wrapperOf(fn); ok && f.Param < len(call.Args) && call.Ellipsis == token.NoPos && !n.formatted(call) {
		return site{call: call, name: call.Args[f.Param], via: fn, param: f.Name}, true
	}
	return site{}, false
}

// fromParam reports which parameter of fn the name expression forwards.
func (n *namer) fromParam(fn *types.Func, e ast.Expr) (int, string, bool) {
	v := forwarded(n.pass, n.cls, e, 0)
	if v == nil {
		return 0, "", false
	}
	params := fn.Signature().Params()
	for i := 0; i < params.Len(); i++ {
		if params.At(i) == v && !(fn.Signature().Variadic() && i == params.Len()-1) {
			return i, v.Name(), true
		}
	}
	return 0, "", false
}

// findWrappers finds the package's functions whose parameter reaches a span
// name (wrappers of wrappers too) and exports them as facts.
func (n *namer) findWrappers(decls []lint.FuncDecl) {
	lint.FixedPoint(decls, n.local, func(d lint.FuncDecl) (namesSpan, bool) {
		var f namesSpan
		found := false
		ast.Inspect(d.Decl.Body, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			if s, ok := n.siteOf(call); ok {
				if i, name, ok := n.fromParam(d.Fn, s.name); ok {
					f, found = namesSpan{Param: i, Name: name}, true
				}
			}
			return !found
		})
		return f, found
	})
	for fn, f := range n.local {
		n.pass.ExportObjectFact(fn, &f)
	}
}

// renamesSpans reports whether the package renames spans with
// SetName(computed name): such a package may start them with an empty
// placeholder name (bunotel starts the span before the query and names it
// after), so empty names given to Start are not reported there.
func renamesSpans(pass *analysis.Pass) bool {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if otelapi.CalleeName(pass.TypesInfo, call) == setName && len(call.Args) == 1 {
			if _, isConst := provenance.ConstString(pass.TypesInfo, call.Args[0]); !isConst {
				return true
			}
		}
	}
	return false
}

// judgeSites judges every site whose name does not come from the enclosing
// function's parameter (those are judged at the wrapper's call sites).
func (n *namer) judgeSites(decls []lint.FuncDecl) {
	for _, d := range decls {
		if !n.opts.Tests && lint.IsTestFile(n.pass, d.Decl.Pos()) {
			continue
		}
		ast.Inspect(d.Decl.Body, func(node ast.Node) bool {
			call, ok := node.(*ast.CallExpr)
			if !ok {
				return true
			}
			if s, ok := n.siteOf(call); ok && !n.skip(d, s) {
				judge(n.pass, n.cls, n.opts, n.vague, s)
			}
			return true
		})
	}
}

// skip reports whether a site in d is left alone: its name is d's
// parameter, its span is the no-op tracer's (never exported, so its name
// is never seen), or it is an empty placeholder in a package that renames
// its spans.
func (n *namer) skip(d lint.FuncDecl, s site) bool {
	if f, ok := n.local[d.Fn]; ok {
		if i, _, ok := n.fromParam(d.Fn, s.name); ok && i == f.Param {
			return true
		}
	}
	if s.via == nil && noopStart(n.pass, n.cls, s.call) {
		return true
	}
	if n.renames && s.via == nil && otelapi.CalleeName(n.pass.TypesInfo, s.call) == otelapi.TracerStart {
		if lit, ok := provenance.ConstString(n.pass.TypesInfo, s.name); ok && lit == "" {
			return true
		}
	}
	return false
}

// noopStart reports whether call starts a span on the no-op tracer:
// noop.NewTracerProvider().Tracer("").Start(ctx, ""), also through a
// variable holding the tracer.
func noopStart(pass *analysis.Pass, cls *provenance.Classifier, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	return otelapi.CalleeName(pass.TypesInfo, call) == otelapi.TracerStart &&
		otelapi.IsNoopTracerExpr(pass.TypesInfo, sel.X, cls.SingleAssignment)
}

const otelhttp = otelapi.Contrib + "/instrumentation/net/http/otelhttp"

// builtinWrappers are instrumentation functions whose parameter is the
// span name by default.
var builtinWrappers = map[string]namesSpan{
	otelhttp + ".NewHandler":    {Param: 1, Name: "operation"},
	otelhttp + ".NewMiddleware": {Param: 0, Name: "operation"},
}

// formatted reports whether the call passes otelhttp.WithSpanNameFormatter,
// which replaces the operation as the span name: directly, or through a
// variable the function assigns it to
// (f := otelhttp.WithSpanNameFormatter(...); otelhttp.NewHandler(h, "", f)).
func (n *namer) formatted(call *ast.CallExpr) bool {
	isFormatter := func(e ast.Expr) bool {
		c, ok := ast.Unparen(e).(*ast.CallExpr)
		return ok && otelapi.CalleeName(n.pass.TypesInfo, c) == otelhttp+".WithSpanNameFormatter"
	}
	for _, a := range call.Args {
		if isFormatter(a) {
			return true
		}
		if v := otelapi.LocalVar(n.pass.TypesInfo, a); v != nil {
			for _, rhs := range n.cls.Assignments(v) {
				if isFormatter(rhs) {
					return true
				}
			}
		}
	}
	return false
}

// importsWrappers reports whether a dependency has a function whose
// parameter becomes a span name.
func importsWrappers(pass *analysis.Pass) bool {
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*namesSpan); ok {
			return true
		}
	}
	return false
}

// forwarded returns the parameter (or local variable) that e forwards
// unchanged, or embedded between bounded parts.
func forwarded(pass *analysis.Pass, cls *provenance.Classifier, e ast.Expr, depth int) *types.Var {
	if depth > 4 {
		return nil
	}
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.Ident:
		v, _ := pass.TypesInfo.Uses[e].(*types.Var)
		if v == nil {
			return nil
		}
		if b, ok := v.Type().Underlying().(*types.Basic); v.Kind() == types.ParamVar && ok && b.Info()&types.IsString != 0 {
			if provenance.IsIDName(v.Name()) {
				return nil // "load order "+orderID: judged here, not at the callers
			}
			return v
		}
		if v.Kind() == types.LocalVar {
			if rhs := cls.SingleAssignment(v); rhs != nil {
				return forwarded(pass, cls, rhs, depth+1)
			}
		}
		return nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return nil
		}
		if v := forwarded(pass, cls, e.X, depth+1); v != nil && cls.Classify(e.Y).Kind == provenance.Bounded {
			return v
		}
		if v := forwarded(pass, cls, e.Y, depth+1); v != nil && cls.Classify(e.X).Kind == provenance.Bounded {
			return v
		}
	case *ast.CallExpr:
		if tv, ok := pass.TypesInfo.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return forwarded(pass, cls, e.Args[0], depth+1)
		}
		if otelapi.CalleeName(pass.TypesInfo, e) == "fmt.Sprintf" && len(e.Args) >= 2 {
			var found *types.Var
			for _, a := range e.Args[1:] {
				if v := forwarded(pass, cls, a, depth+1); v != nil && found == nil {
					found = v
				} else if cls.Classify(a).Kind != provenance.Bounded {
					return nil
				}
			}
			return found
		}
	}
	return nil
}

// normalize lowercases s and drops separators.
func normalize(s string) string { return semconv.NormalizeSpanWord(s) }

func judge(pass *analysis.Pass, cls *provenance.Classifier, opts *Options, vague map[string]bool, s site) {
	what := "span name"
	if s.via != nil {
		what = fmt.Sprintf("span name passed to %s (parameter %s)", s.via.Name(), s.param)
	}
	if lit, ok := provenance.ConstString(pass.TypesInfo, s.name); ok {
		judgeLiteral(pass, vague, s, what, lit)
		return
	}
	src := cls.Classify(s.name)
	switch {
	case src.Kind == provenance.Unbounded:
		pass.Report(analysis.Diagnostic{
			Pos:      s.name.Pos(),
			End:      s.name.End(),
			Category: "error",
			Message:  fmt.Sprintf("%s is built from %s, so every distinct value makes a new span name; %s", what, cls.Describe(src), hint(src.Class)),
		})
	case src.Kind == provenance.Unknown && idPart(pass, s.name) != nil:
		pass.Report(analysis.Diagnostic{
			Pos:      s.name.Pos(),
			End:      s.name.End(),
			Category: "error",
			Message:  fmt.Sprintf("%s is built from %s, whose name says it holds an identifier, so every distinct value makes a new span name; %s", what, types.ExprString(idPart(pass, s.name)), hint(provenance.ID)),
		})
	case src.Number:
		pass.Report(analysis.Diagnostic{
			Pos:      s.name.Pos(),
			End:      s.name.End(),
			Category: "warning",
			Message:  fmt.Sprintf("%s is formatted from a non-constant number, usually an ID, index or counter, so each value makes a new span name; use a fixed name and put the number in a span attribute", what),
		})
	case src.Kind == provenance.Unknown && opts.ReportUnknown && built(pass, s.name) && !conventional(pass, s.name):
		pass.Report(analysis.Diagnostic{
			Pos:      s.name.Pos(),
			End:      s.name.End(),
			Category: "warning",
			Message:  fmt.Sprintf("%s is built from values that may not come from a small set; if they vary per request, use a fixed name and put them in span attributes", what),
		})
	}
}

// idPart returns the part of a span name read from a variable, parameter
// or field whose name says it holds an identifier ("load order "+orderID,
// fmt.Sprintf("user %d", userID), o.CustomerEmail), or nil.
func idPart(pass *analysis.Pass, e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return nil
		}
		if p := idPart(pass, x.X); p != nil {
			return p
		}
		return idPart(pass, x.Y)
	case *ast.CallExpr:
		if tv, ok := pass.TypesInfo.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return idPart(pass, x.Args[0]) // a conversion
		}
		name := otelapi.CalleeName(pass.TypesInfo, x)
		if !strings.HasPrefix(name, "fmt.Sprint") && !strings.HasPrefix(name, "strconv.") && !strings.HasPrefix(name, "strings.") {
			return nil
		}
		for _, a := range x.Args {
			if p := idPart(pass, a); p != nil {
				return p
			}
		}
	case *ast.Ident:
		if v, ok := pass.TypesInfo.Uses[x].(*types.Var); ok && provenance.IsIDName(v.Name()) {
			return x
		}
	case *ast.SelectorExpr:
		if sel, ok := pass.TypesInfo.Selections[x]; ok && sel.Kind() == types.FieldVal && provenance.IsIDName(x.Sel.Name) {
			return x
		}
	}
	return nil
}

// built reports whether e is assembled (concatenation, formatting) rather
// than passed through.
func built(pass *analysis.Pass, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		return true
	case *ast.CallExpr:
		name := otelapi.CalleeName(pass.TypesInfo, e)
		return strings.HasPrefix(name, "fmt.Sprint") || strings.HasPrefix(name, "strings.") || strings.HasPrefix(name, "strconv.")
	}
	return false
}

// conventionalNames are values that the semantic conventions put in span
// names because they have few values: the messaging destination, the
// database table or collection, the RPC service and method.
var conventionalNames = map[string]bool{
	"topic": true, "queue": true, "destination": true, "exchange": true, "subject": true, "channel": true,
	"table": true, "tablename": true, "collection": true, "bucket": true, "keyspace": true,
	"service": true, "servicename": true, "method": true, "methodname": true, "operation": true,
	"operationname": true, "route": true, "pattern": true, "command": true, "cmd": true,
}

// conventional reports whether every non-constant part of a built name is
// such a value, read from a field, variable or getter so named
// (r.Topic+" publish").
func conventional(pass *analysis.Pass, e ast.Expr) bool {
	ok := true
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		e = ast.Unparen(e)
		if _, isConst := provenance.ConstString(pass.TypesInfo, e); isConst {
			return
		}
		switch x := e.(type) {
		case *ast.BinaryExpr:
			walk(x.X)
			walk(x.Y)
			return
		case *ast.CallExpr:
			if strings.HasPrefix(otelapi.CalleeName(pass.TypesInfo, x), "fmt.Sprint") {
				for i, a := range x.Args {
					if i > 0 || otelapi.CalleeName(pass.TypesInfo, x) != "fmt.Sprintf" {
						walk(a)
					}
				}
				return
			}
			if sel, isSel := ast.Unparen(x.Fun).(*ast.SelectorExpr); isSel && len(x.Args) == 0 {
				if conventionalNames[normalize(strings.TrimPrefix(sel.Sel.Name, "Get"))] {
					return
				}
				// data.TableName.Sanitize(): a method of a conventional value.
				if _, isMethod := pass.TypesInfo.Selections[sel]; isMethod {
					walk(sel.X)
					return
				}
			}
		case *ast.Ident:
			if conventionalNames[normalize(x.Name)] {
				return
			}
		case *ast.SelectorExpr:
			if conventionalNames[normalize(x.Sel.Name)] {
				return
			}
		}
		ok = false
	}
	walk(e)
	return ok
}

func hint(c provenance.Class) string {
	switch c {
	case provenance.URL:
		return `for HTTP name the span after the method and route template (r.Pattern, e.g. "GET /users/{id}") and put the path in the url.path attribute`
	case provenance.ID:
		return "use a fixed name for the operation and move the ID into a span attribute"
	case provenance.Time:
		return "use a fixed name and move the time into an attribute (the span already has timestamps)"
	case provenance.Error:
		return "use a fixed name and record the error with span.RecordError and span.SetStatus"
	default:
		return "use a fixed name for the operation and move the value into a span attribute"
	}
}

var (
	uuidRe   = regexp.MustCompile(`(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	hexRe    = regexp.MustCompile(`(?i)^[0-9a-f]{16,}$`)
	digitsRe = regexp.MustCompile(`^[0-9]{5,}$`) // not ports, years or status codes
	emailRe  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}$`)
)

// idSegment returns the placeholder for a segment that looks like an ID, or "".
func idSegment(seg string) string {
	switch {
	case uuidRe.MatchString(seg):
		return "{uuid}"
	case digitsRe.MatchString(seg):
		return "{id}"
	case hexRe.MatchString(seg) && strings.ContainsAny(seg, "0123456789") && strings.ContainsAny(strings.ToLower(seg), "abcdef"):
		return "{id}"
	case emailRe.MatchString(seg):
		return "{email}"
	}
	return ""
}

func isSep(r rune) bool {
	return r == '/' || r == ' ' || r == ':' || r == '=' || r == '?' || r == '&' || r == '#' || r == ',' || r == ';'
}

func judgeLiteral(pass *analysis.Pass, vague map[string]bool, s site, what, lit string) {
	if strings.TrimSpace(lit) == "" {
		pass.Report(analysis.Diagnostic{
			Pos: s.name.Pos(), End: s.name.End(), Category: "warning",
			Message: fmt.Sprintf("%s is empty; name the operation, e.g. \"inventory.reserve\" or \"GET /users/{id}\", so its spans can be found and grouped", what),
		})
		return
	}
	if vague[normalize(lit)] {
		pass.Report(analysis.Diagnostic{
			Pos: s.name.Pos(), End: s.name.End(), Category: "warning",
			Message: fmt.Sprintf("%s %q is too generic to identify an operation, and groups unrelated spans together; name what the code does, e.g. \"inventory.reserve\"", what, lit),
		})
		return
	}
	// Look for ID-like segments.
	var ids []string
	var fixed strings.Builder
	start := 0
	flush := func(end int) {
		seg := lit[start:end]
		if p := idSegment(seg); p != "" {
			ids = append(ids, seg)
			fixed.WriteString(p)
		} else {
			fixed.WriteString(seg)
		}
	}
	for i, r := range lit {
		if isSep(r) {
			flush(i)
			fixed.WriteRune(r)
			start = i + len(string(r))
		}
	}
	flush(len(lit))
	if len(ids) == 0 {
		return
	}
	d := analysis.Diagnostic{
		Pos: s.name.Pos(), End: s.name.End(), Category: "error",
		Message: fmt.Sprintf("%s %q embeds an ID (%q), so each ID makes a new span name; use a template such as %q and put the ID in a span attribute", what, lit, ids[0], fixed.String()),
	}
	if bl, ok := ast.Unparen(s.name).(*ast.BasicLit); ok && bl.Kind == token.STRING {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Use the span name %q", fixed.String()),
			TextEdits: []analysis.TextEdit{{Pos: bl.Pos(), End: bl.End(), NewText: []byte(strconv.Quote(fixed.String()))}},
		}}
	}
	pass.Report(d)
}
