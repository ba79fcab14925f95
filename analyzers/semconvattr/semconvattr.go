package semconvattr

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
	"github.com/otellint/otellint/semconv"
)

//go:embed doc.go
var doc string

// Options configures the analyzer.
type Options struct {
	Registries      []string `yaml:"registries" help:"comma-separated registries (directories or .tar.gz/.zip archives, with optional [subdir]) loaded together and consulted before the embedded one"`
	OwnedNamespaces []string `yaml:"owned-namespaces" help:"comma-separated namespaces whose keys must all be defined by a registry, e.g. acme"`
	ClosedEnums     []string `yaml:"closed-enums" help:"comma-separated enum attributes whose values form a closed set, in addition to otel.status_code"`
	Naming          bool     `yaml:"naming" help:"also report custom keys that break the naming rules (as warnings)"`
}

// Analyzer reports attribute keys that break the semantic conventions.
var Analyzer = Spec.Build(lint.Default)

// Spec defines the analyzer; analyzers.New builds it anew for a configuration
// of its own.
var Spec = lint.Spec[Options]{
	Name:      "semconvattr",
	Doc:       lint.ExtractDoc(doc, "semconvattr"),
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(keyParams)},
	Options:   Options{},
	Run:       run,
}

// keyParams marks a function whose parameters become attribute keys, such
// as func setTag(span trace.Span, key, value string), so that the keys
// passed to it are checked at the call site, in this package or another.
type keyParams struct {
	Params []keyParam
}

type keyParam struct {
	Index int
	Kind  semconv.Type // the value kind written under the key; "" when unknown
}

func (*keyParams) AFact() {}

func (f *keyParams) String() string {
	var b strings.Builder
	b.WriteString("keyParams(")
	for i, p := range f.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", p.Index)
		if p.Kind != "" {
			fmt.Fprintf(&b, ":%s", p.Kind)
		}
	}
	b.WriteString(")")
	return b.String()
}

// builtinClosedEnums are the enum attributes whose conventions say that no
// other value may be recorded. Semantic-conventions enums are open in
// general (well-known values, custom ones allowed), so the list is short.
var builtinClosedEnums = []string{"otel.status_code"}

// specKeys are keys of the reserved otel namespace that the OpenTelemetry
// specification defines outside the semantic-conventions registry: the
// metrics SDK's cardinality-limit overflow attribute and the non-OTLP
// exporters' dropped-counts.
var specKeys = map[string]bool{
	"otel.metric.overflow":          true,
	"otel.dropped_attributes_count": true,
	"otel.dropped_events_count":     true,
	"otel.dropped_links_count":      true,
}

// Value kinds of the attribute and log constructors, by function name.
var kinds = map[string]semconv.Type{
	"String":       semconv.TypeString,
	"Stringer":     semconv.TypeString,
	"Int":          semconv.TypeInt,
	"Int64":        semconv.TypeInt,
	"Float64":      semconv.TypeDouble,
	"Bool":         semconv.TypeBoolean,
	"StringSlice":  semconv.TypeStringArray,
	"IntSlice":     semconv.TypeIntArray,
	"Int64Slice":   semconv.TypeIntArray,
	"Float64Slice": semconv.TypeDoubleArray,
	"BoolSlice":    semconv.TypeBooleanArray,
}

// pcommonPath is the collector's attribute map package: collector
// receivers and processors write attributes with pcommon.Map's Put methods.
const pcommonPath = "go.opentelemetry.io/collector/pdata/pcommon"

// Value kinds of pcommon.Map's Put methods ("" for an empty value filled later).
var pdataKinds = map[string]semconv.Type{
	"PutStr":        semconv.TypeString,
	"PutInt":        semconv.TypeInt,
	"PutDouble":     semconv.TypeDouble,
	"PutBool":       semconv.TypeBoolean,
	"PutEmpty":      "",
	"PutEmptyBytes": "",
	"PutEmptyMap":   "",
	"PutEmptySlice": "",
}

func importsPdata(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		if strings.HasPrefix(imp.Path(), "go.opentelemetry.io/collector/pdata/") {
			return true
		}
	}
	return false
}

// Constructors of the log API whose value kind we do not compare (bytes,
// slices, maps): only their keys are checked.
var logAnyKinds = map[string]bool{"Bytes": true, "Slice": true, "Map": true, "Empty": true}

// pcommon.Map methods to use for a registry type, for messages.
var pdataFor = map[semconv.Type]string{
	semconv.TypeString:       "PutStr",
	semconv.TypeInt:          "PutInt",
	semconv.TypeDouble:       "PutDouble",
	semconv.TypeBoolean:      "PutBool",
	semconv.TypeStringArray:  "PutEmptySlice",
	semconv.TypeIntArray:     "PutEmptySlice",
	semconv.TypeDoubleArray:  "PutEmptySlice",
	semconv.TypeBooleanArray: "PutEmptySlice",
}

// Function names of the attribute package to use for a registry type, for messages.
var funcFor = map[semconv.Type]string{
	semconv.TypeString:       "String",
	semconv.TypeInt:          "Int64",
	semconv.TypeDouble:       "Float64",
	semconv.TypeBoolean:      "Bool",
	semconv.TypeStringArray:  "StringSlice",
	semconv.TypeIntArray:     "Int64Slice",
	semconv.TypeDoubleArray:  "Float64Slice",
	semconv.TypeBooleanArray: "BoolSlice",
}

// origin is where a key's text comes from: the place a key-level finding is
// reported at and, for literals and semconv identifiers, rewritten.
type origin struct {
	pos, end token.Pos
	lit      *ast.BasicLit // a string literal holding the key
	scIdent  *ast.Ident    // the identifier naming a semconv constant or function
	scConst  *types.Const  // semconv XxxKey constant
	scFunc   *types.Func   // semconv Xxx(val) function
	scVar    *types.Var    // semconv enum member variable (XxxValue = XxxKey.String("value"))
}

// site is one place where a key is written with a value.
type site struct {
	call  *ast.CallExpr
	fun   ast.Expr     // what the finding on the value points at
	kind  semconv.Type // "" when unknown
	key   string
	val   ast.Expr // the value argument, or nil
	orig  origin
	isKey bool      // reached through an attribute.Key method
	pdata bool      // a pcommon.Map Put method
	lit   bool      // a KeyValue composite literal
	dyn   ast.Expr  // the key expression when it is not a constant (a wrapper's parameter, perhaps)
	wrap  bool      // a constant key passed to a function whose parameter becomes a key
	scope token.Pos // the top-level declaration the key is written in: dual emission is judged there
}

func run(pass *analysis.Pass, opts *Options) (any, error) {
	reg, err := loadRegistry(opts.Registries)
	if err != nil {
		return nil, fmt.Errorf("semconvattr registries: %v", err)
	}
	if !otelapi.ImportsOTel(pass.Pkg) && !importsPdata(pass.Pkg) && len(pass.AllObjectFacts()) == 0 {
		return nil, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)

	constDecls := map[*types.Const]ast.Expr{}
	for cur := range ins.Root().Preorder((*ast.ValueSpec)(nil)) {
		vs := cur.Node().(*ast.ValueSpec)
		for i, name := range vs.Names {
			if c, ok := pass.TypesInfo.Defs[name].(*types.Const); ok && i < len(vs.Values) && len(vs.Values) == len(vs.Names) {
				constDecls[c] = vs.Values[i]
			}
		}
	}

	var sites []*site
	var calls []inspector.Cursor
	var dyns []dynUse
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if lint.IsTestFile(pass, call.Pos()) {
			continue
		}
		calls = append(calls, cur)
		if s := siteOf(pass, call, constDecls); s != nil {
			if s.dyn != nil {
				dyns = append(dyns, dynUse{cur, s.dyn, s.kind})
				continue
			}
			sites = append(sites, s)
		}
	}
	sites = append(sites, wrapperSites(pass, calls, dyns, constDecls)...)
	for cur := range ins.Root().Preorder((*ast.CompositeLit)(nil)) {
		lit := cur.Node().(*ast.CompositeLit)
		if lint.IsTestFile(pass, lit.Pos()) {
			continue
		}
		if s := literalSite(pass, lit, constDecls); s != nil {
			sites = append(sites, s)
		}
	}
	checkMixedVersions(pass, ins, sites)
	sites = append(sites, enumSites(pass, ins)...)
	if len(sites) == 0 {
		return nil, nil
	}

	written := map[string]bool{}
	writtenIn := map[string]map[token.Pos]bool{}
	decls := topDecls(pass)
	for _, s := range sites {
		written[s.key] = true
		s.scope = declAt(decls, s.fun.Pos())
		if writtenIn[s.key] == nil {
			writtenIn[s.key] = map[token.Pos]bool{}
		}
		writtenIn[s.key][s.scope] = true
	}

	// Key-level findings, once per origin.
	byOrigin := map[token.Pos][]*site{}
	var order []token.Pos
	for _, s := range sites {
		if _, ok := byOrigin[s.orig.pos]; !ok {
			order = append(order, s.orig.pos)
		}
		byOrigin[s.orig.pos] = append(byOrigin[s.orig.pos], s)
	}
	c := &checker{pass: pass, reg: reg, opts: opts, written: written, writtenIn: writtenIn, older: olderSemconv(pass)}
	bad := map[token.Pos]bool{} // origins with a key-level finding: no value checks there
	for _, p := range order {
		ss := byOrigin[p]
		if lint.IsTestFile(pass, p) {
			continue
		}
		if c.checkKey(ss) {
			bad[p] = true
		}
	}
	c.reportCustom()
	for _, s := range sites {
		if !bad[s.orig.pos] {
			c.checkValue(s)
		}
	}
	return nil, nil
}

// siteOf recognizes the calls that write an attribute key.
func siteOf(pass *analysis.Pass, call *ast.CallExpr, constDecls map[*types.Const]ast.Expr) *site {
	fn := otelapi.Callee(pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	sig := fn.Signature()
	path := fn.Pkg().Path()
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		path = path[i+len("/vendor/"):]
	}
	name := fn.Name()
	s := &site{call: call, fun: call.Fun}
	var keyExpr ast.Expr
	switch {
	case path == otelapi.Attribute && sig.Recv() == nil:
		k, ok := kinds[name]
		if !ok || len(call.Args) != 2 {
			return nil
		}
		s.kind, keyExpr, s.val = k, call.Args[0], call.Args[1]
	case path == otelapi.Attribute && sig.Recv() != nil && otelapi.IsNamed(sig.Recv().Type(), otelapi.Attribute, "Key"):
		k, ok := kinds[name]
		sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !isSel || len(call.Args) != 1 {
			return nil
		}
		s.kind, keyExpr, s.val, s.isKey = k, sel.X, call.Args[0], true
		s.fun = sel.Sel
	case path == pcommonPath && sig.Recv() != nil && otelapi.IsNamed(sig.Recv().Type(), pcommonPath, "Map"):
		k, ok := pdataKinds[name]
		if !ok || len(call.Args) < 1 {
			return nil
		}
		keyExpr, s.pdata = call.Args[0], true
		if k != "" && len(call.Args) == 2 {
			s.kind, s.val = k, call.Args[1]
			s.fun = ast.Unparen(call.Fun).(*ast.SelectorExpr).Sel
		}
	case path == otelapi.Log && sig.Recv() == nil:
		k, ok := kinds[name]
		if !ok && !logAnyKinds[name] {
			return nil
		}
		if len(call.Args) < 1 {
			return nil
		}
		keyExpr = call.Args[0]
		if ok && len(call.Args) == 2 {
			s.kind, s.val = k, call.Args[1]
		}
	default:
		if _, ok := otelapi.IsSemconvPath(path); !ok || sig.Recv() != nil {
			return nil
		}
		// A generated constructor such as semconv.HTTPStatusCode(val)
		// writes the key of the constant HTTPStatusCodeKey beside it.
		kc, ok := fn.Pkg().Scope().Lookup(name + "Key").(*types.Const)
		if !ok || !otelapi.IsNamed(kc.Type(), otelapi.Attribute, "Key") || kc.Val().Kind() != constant.String {
			return nil
		}
		id := otelapi.NameIdent(call.Fun)
		if id == nil {
			return nil
		}
		s.key = constant.StringVal(kc.Val())
		s.orig = origin{pos: id.Pos(), end: id.End(), scIdent: id, scFunc: fn}
		return s
	}
	tv, ok := pass.TypesInfo.Types[keyExpr]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		s.dyn = keyExpr
		return s
	}
	s.key = constant.StringVal(tv.Value)
	s.orig = originOf(pass, keyExpr, constDecls, 0)
	return s
}

// Value kinds of the attribute and log Value constructors, by function name.
var valueKinds = map[string]semconv.Type{
	"StringValue":       semconv.TypeString,
	"IntValue":          semconv.TypeInt,
	"Int64Value":        semconv.TypeInt,
	"Float64Value":      semconv.TypeDouble,
	"BoolValue":         semconv.TypeBoolean,
	"StringSliceValue":  semconv.TypeStringArray,
	"IntSliceValue":     semconv.TypeIntArray,
	"Int64SliceValue":   semconv.TypeIntArray,
	"Float64SliceValue": semconv.TypeDoubleArray,
	"BoolSliceValue":    semconv.TypeBooleanArray,
}

// literalSite recognizes attribute.KeyValue{Key: k, Value: v} and
// log.KeyValue{Key: k, Value: v} literals.
func literalSite(pass *analysis.Pass, lit *ast.CompositeLit, constDecls map[*types.Const]ast.Expr) *site {
	t := pass.TypesInfo.TypeOf(lit)
	var pkg string
	switch {
	case t == nil:
		return nil
	case otelapi.IsNamed(t, otelapi.Attribute, "KeyValue"):
		pkg = otelapi.Attribute
	case otelapi.IsNamed(t, otelapi.Log, "KeyValue"):
		pkg = otelapi.Log
	default:
		return nil
	}
	var keyExpr, valExpr ast.Expr
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return nil // positional: rare, skip
		}
		switch id, _ := kv.Key.(*ast.Ident); {
		case id == nil:
		case id.Name == "Key":
			keyExpr = kv.Value
		case id.Name == "Value":
			valExpr = kv.Value
		}
	}
	if keyExpr == nil {
		return nil
	}
	tv, ok := pass.TypesInfo.Types[keyExpr]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return nil
	}
	s := &site{fun: lit.Type, key: constant.StringVal(tv.Value), orig: originOf(pass, keyExpr, constDecls, 0), lit: true}
	if call, ok := ast.Unparen(valExpr).(*ast.CallExpr); ok && len(call.Args) == 1 {
		if fn := otelapi.Callee(pass.TypesInfo, call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == pkg && fn.Signature().Recv() == nil {
			if k, ok := valueKinds[fn.Name()]; ok {
				s.kind, s.val, s.fun = k, call.Args[0], call.Fun
			}
		}
	}
	return s
}

// originOf finds where the text of the constant key expression e comes from.
func originOf(pass *analysis.Pass, e ast.Expr, constDecls map[*types.Const]ast.Expr, depth int) origin {
	at := origin{pos: e.Pos(), end: e.End()}
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			return origin{pos: x.Pos(), end: x.End(), lit: x}
		}
	case *ast.CallExpr:
		// A conversion: attribute.Key("k").
		if tv, ok := pass.TypesInfo.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 && depth < 8 {
			return originOf(pass, x.Args[0], constDecls, depth+1)
		}
	case *ast.Ident, *ast.SelectorExpr:
		id := otelapi.NameIdent(x)
		c, ok := pass.TypesInfo.Uses[id].(*types.Const)
		if !ok || c.Pkg() == nil {
			return at
		}
		if _, ok := otelapi.IsSemconvPath(c.Pkg().Path()); ok {
			return origin{pos: id.Pos(), end: id.End(), scIdent: id, scConst: c}
		}
		if c.Pkg() == pass.Pkg && depth < 8 {
			if d, ok := constDecls[c]; ok {
				return originOf(pass, d, constDecls, depth+1)
			}
		}
	}
	return at
}

type checker struct {
	pass    *analysis.Pass
	reg     *layered
	opts    *Options
	written map[string]bool
	// custom collects the custom keys with a naming finding, reported
	// once per key (customOrder keeps the order of first appearance).
	custom      map[string]*customKey
	customOrder []string
	// writtenIn maps a key to the top-level declarations writing it.
	writtenIn map[string]map[token.Pos]bool
	older     map[string]bool // semconv versions older than another one the package imports
}

// checkKey reports what is wrong with the key shared by sites; it reports
// whether it found something.
func (c *checker) checkKey(ss []*site) bool {
	s := ss[0]
	o := s.orig
	key := s.key
	a, _, ok := c.reg.lookup(key)
	if o.scIdent != nil {
		// Official identifiers are only checked for deprecation: the
		// registry, not our taste, says whether they are current.
		if !ok || a.Deprecated == nil {
			return false
		}
		return c.deprecated(ss, a)
	}
	if ok {
		if a.Deprecated == nil {
			return false
		}
		return c.deprecated(ss, a)
	}
	if specKeys[key] {
		return false
	}
	if c.reg.ownsNamespace(key) || strings.HasPrefix(key, "otel.") || c.ownedByOption(key) != "" {
		sugg, hasSugg := c.reg.suggest(key)
		switch {
		case hasSugg:
			d := analysis.Diagnostic{
				Pos:     o.pos,
				End:     o.end,
				Message: fmt.Sprintf("attribute key %q is not defined by %s, which owns its namespace; did you mean %q?", key, c.reg.name(key), sugg),
			}
			if o.lit != nil && c.kindsFit(ss, sugg) {
				d.SuggestedFixes = []analysis.SuggestedFix{litFix(o.lit, sugg)}
			}
			c.pass.Report(d)
			return true
		case strings.HasPrefix(key, "otel."):
			c.pass.Report(analysis.Diagnostic{
				Pos:     o.pos,
				End:     o.end,
				Message: fmt.Sprintf("attribute key %q is in the otel namespace, which is reserved for the semantic conventions and not defined there; backends may interpret or drop it: use a namespace of your own", key),
			})
			return true
		case c.ownedByOption(key) != "":
			c.pass.Report(analysis.Diagnostic{
				Pos:     o.pos,
				End:     o.end,
				Message: fmt.Sprintf("attribute key %q is not defined by the registry, though namespace %q is owned by it (owned-namespaces); define it there or fix the key", key, c.ownedByOption(key)),
			})
			return true
		}
		return false
	}
	if badName(key) != "" && (c.opts.Naming || c.intended(key) != "") {
		if c.custom == nil {
			c.custom = map[string]*customKey{}
		}
		ck := c.custom[key]
		if ck == nil {
			ck = &customKey{fits: true}
			c.custom[key] = ck
			c.customOrder = append(c.customOrder, key)
		}
		ck.origins = append(ck.origins, o)
		ck.fits = ck.fits && c.kindsFit(ss, c.intended(key))
		return true
	}
	return false
}

// customKey is a custom key with a naming finding: where it is written,
// and whether every value fits the registry key it means.
type customKey struct {
	origins []origin
	fits    bool
}

// intended returns the registry key that a custom key breaking the naming
// rules obviously means: its respelling ("host_name" for "hostName"), with
// dots for underscores ("user.id" for "userId"), or the raw-value key of a
// namespace ("user_agent.original" for "user-agent"); "" when none is
// current in the registry.
func (c *checker) intended(key string) string {
	n := normalize(key)
	for _, cand := range []string{n, strings.ReplaceAll(n, "_", "."), n + ".original"} {
		if a, tmpl, ok := c.reg.lookup(cand); !ok || tmpl || a == nil {
			continue
		}
		cur, _ := c.reg.current(cand)
		if a, _, ok := c.reg.lookup(cur); ok && a.Deprecated == nil {
			return cur
		}
	}
	return ""
}

// reportCustom reports the custom keys collected by checkKey once per key
// and package: at the first place the key is written, with the count and
// the other places as related information. Renaming a custom key breaks
// the dashboards that query it, so these are warnings.
func (c *checker) reportCustom() {
	for _, key := range c.customOrder {
		ck := c.custom[key]
		os := ck.origins
		slices.SortFunc(os, func(a, b origin) int { return int(a.pos) - int(b.pos) })
		o := os[0]
		d := analysis.Diagnostic{Pos: o.pos, End: o.end, Category: "warning"}
		if want := c.intended(key); want != "" {
			d.Message = fmt.Sprintf("custom attribute key %q is not defined by the conventions, but %q of %s is; consumers of the conventions look for that key: use it if it holds the same value", key, want, c.reg.name(want))
			var edits []analysis.TextEdit
			for _, o := range os {
				if o.lit == nil {
					edits = nil
					break
				}
				edits = append(edits, analysis.TextEdit{Pos: o.lit.Pos(), End: o.lit.End(), NewText: []byte(strconv.Quote(want))})
			}
			if edits != nil && ck.fits {
				d.SuggestedFixes = []analysis.SuggestedFix{{Message: fmt.Sprintf("Use %q", want), TextEdits: edits}}
			}
		} else {
			d.Message = fmt.Sprintf("custom attribute key %q %s; keys are lower-case snake_case words separated by dots (namespaces), e.g. %q", key, badName(key), normalize(key))
		}
		if len(os) > 1 {
			d.Message += fmt.Sprintf(" (written at %d places in this package)", len(os))
			for _, r := range os[1:] {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: r.pos, End: r.end, Message: fmt.Sprintf("%q is also written here", key)})
			}
		}
		c.pass.Report(d)
	}
}

func (c *checker) ownedByOption(key string) string {
	for _, ns := range c.opts.OwnedNamespaces {
		if ns != "" && strings.HasPrefix(key, ns+".") {
			return ns
		}
	}
	return ""
}

// kindsFit reports whether every value written under the origin fits the
// type of attribute key.
func (c *checker) kindsFit(ss []*site, key string) bool {
	a, _, ok := c.reg.lookup(key)
	if !ok {
		return false
	}
	for _, s := range ss {
		if s.kind != "" && !semconv.TypeCompatible(a.Type, s.kind) {
			return false
		}
		if s.kind == "" && s.orig.scFunc == nil && s.orig.scVar == nil {
			return false // a log value of unknown kind
		}
	}
	return true
}

func (c *checker) deprecated(ss []*site, a *semconv.Attribute) bool {
	s := ss[0]
	o := s.orig
	cur, _ := c.reg.current(s.key)
	if cur != s.key && c.dualEmitted(ss, cur) {
		// Written beside its replacement: deliberate dual emission while
		// consumers migrate (OTEL_SEMCONV_STABILITY_OPT_IN=.../dup).
		return false
	}
	if v, _ := otelapi.IsSemconvPath(scPkgPath(o)); o.scIdent != nil && c.older[v] || o.scIdent == nil && c.olderDefines(s.key) {
		// The package imports a newer semconv package too: the mixed
		// import is reported once, at the import; this is the old side of
		// a migration or of a dual emission (a literal counts when the
		// older semconv package defines the key).
		return false
	}
	if cur != s.key && genericLegacy[s.key] && !c.writesNamespace(cur) {
		// "state" and "pool.name" are deprecated names of database
		// connection-pool attributes, but custom telemetry uses such
		// generic keys for other things: only report them beside other
		// keys of the replacement's namespace (db.*).
		return false
	}
	what := fmt.Sprintf("attribute key %q", s.key)
	if o.scIdent != nil {
		pkg := scPkg(o)
		what = fmt.Sprintf("%s.%s (%q)", pkg.Name(), o.scIdent.Name, s.key)
		if v, ok := otelapi.IsSemconvPath(pkg.Path()); ok {
			what = fmt.Sprintf("%s of semconv/%s (%q)", o.scIdent.Name, v, s.key)
		}
	}
	d := analysis.Diagnostic{Pos: o.pos, End: o.end}
	if cur == s.key {
		d.Message = fmt.Sprintf("%s is deprecated in %s (%s) with no replacement; stop recording it or check the conventions for its successor", what, c.reg.name(s.key), a.Deprecated.Reason)
		c.pass.Report(d)
		return true
	}
	d.Message = fmt.Sprintf("%s is deprecated in %s: renamed to %q; consumers of the current conventions will not find it", what, c.reg.name(s.key), cur)
	ra, _, rok := c.reg.lookup(cur)
	if rok && ra.Deprecated == nil && c.kindsFit(ss, cur) {
		switch {
		case o.lit != nil:
			d.SuggestedFixes = []analysis.SuggestedFix{litFix(o.lit, cur)}
		case o.scIdent != nil:
			if id := replacementIdent(o, cur); id != "" {
				d.Message += fmt.Sprintf(" (%s in the same package)", id)
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   fmt.Sprintf("Use %s", id),
					TextEdits: []analysis.TextEdit{{Pos: o.scIdent.Pos(), End: o.scIdent.End(), NewText: []byte(id)}},
				}}
			} else {
				d.Message += "; this semconv package has no identifier for it: move to a newer semconv package"
			}
		}
	}
	c.pass.Report(d)
	return true
}

func scPkgPath(o origin) string {
	if o.scIdent == nil {
		return ""
	}
	return scPkg(o).Path()
}

func scPkg(o origin) *types.Package {
	switch {
	case o.scConst != nil:
		return o.scConst.Pkg()
	case o.scVar != nil:
		return o.scVar.Pkg()
	}
	return o.scFunc.Pkg()
}

// replacementIdent finds, in the semconv package of o, the identifier that
// writes key: the constant whose value is key, or the constructor beside it
// with the same parameters.
func replacementIdent(o origin, key string) string {
	scope := scPkg(o).Scope()
	for _, n := range scope.Names() {
		k, ok := scope.Lookup(n).(*types.Const)
		if !ok || !k.Exported() || !strings.HasSuffix(n, "Key") || !otelapi.IsNamed(k.Type(), otelapi.Attribute, "Key") ||
			k.Val().Kind() != constant.String || constant.StringVal(k.Val()) != key {
			continue
		}
		if o.scConst != nil {
			return n
		}
		if o.scVar != nil {
			// The member of the same name in the replacement's enum:
			// NetTransportTCP becomes NetworkTransportTCP.
			old := enumKey(o.scVar)
			member := strings.TrimPrefix(o.scVar.Name(), strings.TrimSuffix(old.Name(), "Key"))
			v, ok := scope.Lookup(strings.TrimSuffix(n, "Key") + member).(*types.Var)
			if ok && otelapi.IsNamed(v.Type(), otelapi.Attribute, "KeyValue") {
				return v.Name()
			}
			return ""
		}
		f, ok := scope.Lookup(strings.TrimSuffix(n, "Key")).(*types.Func)
		if ok && types.Identical(f.Type(), o.scFunc.Type()) {
			return f.Name()
		}
	}
	return ""
}

func litFix(lit *ast.BasicLit, key string) analysis.SuggestedFix {
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Use %q", key),
		TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(strconv.Quote(key))}},
	}
}

// checkValue compares the value written at s with the registry's type and enum.
func (c *checker) checkValue(s *site) {
	if s.kind == "" || s.orig.scFunc != nil {
		return
	}
	a, _, ok := c.reg.lookup(s.key)
	if !ok || a.Deprecated != nil {
		return
	}
	if !semconv.TypeCompatible(a.Type, s.kind) {
		want := string(a.Type)
		if a.Enum != nil {
			want += " enum"
		}
		hint := ""
		if s.wrap {
			hint = " (through the function called here)"
		} else if f, ok := pdataFor[a.Type]; ok && s.pdata {
			hint = fmt.Sprintf(": use %s", f)
		} else if f, ok := funcFor[a.Type]; ok && !s.pdata {
			if s.lit {
				hint = fmt.Sprintf(": use %sValue", f)
			} else if s.isKey {
				hint = fmt.Sprintf(": use .%s", f)
			} else {
				hint = fmt.Sprintf(": use %s", f)
			}
		}
		c.pass.Report(analysis.Diagnostic{
			Pos:     s.fun.Pos(),
			End:     s.fun.End(),
			Message: fmt.Sprintf("attribute %q is %s in %s, but %s %s value is written; queries and dashboards built on the conventions will not match it%s", s.key, want, c.reg.name(s.key), article(s.kind), s.kind, hint),
		})
		return
	}
	if a.Enum == nil || s.val == nil {
		return
	}
	tv, ok := c.pass.TypesInfo.Types[s.val]
	if !ok || tv.Value == nil {
		return
	}
	var v string
	switch tv.Value.Kind() {
	case constant.String:
		v = constant.StringVal(tv.Value)
	case constant.Int:
		v = tv.Value.ExactString()
	default:
		return
	}
	lit, _ := ast.Unparen(s.val).(*ast.BasicLit)
	for _, m := range a.Enum {
		if m.Value == v {
			if m.Deprecated != nil {
				msg := fmt.Sprintf("value %q of attribute %q is deprecated in %s", v, s.key, c.reg.name(s.key))
				if r := m.Deprecated.RenamedTo; r != "" {
					msg += fmt.Sprintf(": renamed to %q", enumValue(a, r))
				}
				c.pass.Report(analysis.Diagnostic{Pos: s.val.Pos(), End: s.val.End(), Message: msg})
			}
			return
		}
	}
	for _, m := range a.Enum {
		if strings.EqualFold(m.Value, v) && m.Deprecated == nil {
			d := analysis.Diagnostic{
				Pos:     s.val.Pos(),
				End:     s.val.End(),
				Message: fmt.Sprintf("value %q of attribute %q differs only in case from the well-known value %q; values are case-sensitive, so consumers will not recognize it", v, s.key, m.Value),
			}
			if lit != nil && lit.Kind == token.STRING {
				d.SuggestedFixes = []analysis.SuggestedFix{litFix(lit, m.Value)}
			}
			c.pass.Report(d)
			return
		}
	}
	if slices.Contains(builtinClosedEnums, s.key) || slices.Contains(c.opts.ClosedEnums, s.key) {
		var vals []string
		for _, m := range a.Enum {
			if m.Deprecated == nil {
				vals = append(vals, strconv.Quote(m.Value))
			}
		}
		c.pass.Report(analysis.Diagnostic{
			Pos:     s.val.Pos(),
			End:     s.val.End(),
			Message: fmt.Sprintf("value %q is not allowed for attribute %q, whose values are a closed set: %s", v, s.key, strings.Join(vals, ", ")),
		})
	}
}

// enumValue maps a renamed_to of an enum member (an id or a value) to a value.
func enumValue(a *semconv.Attribute, r string) string {
	for _, m := range a.Enum {
		if m.ID == r {
			return m.Value
		}
	}
	return r
}

var (
	nameRE    = regexp.MustCompile(`^[a-z0-9]+(_[a-z0-9]+)*(\.[a-z0-9]+(_[a-z0-9]+)*)*$`)
	camelRE   = regexp.MustCompile(`([a-z0-9])([A-Z])`)
	nonWordRE = regexp.MustCompile(`[^a-z0-9.]+`)
)

// badName says how a custom key breaks the naming rules, or returns "".
func badName(key string) string {
	if nameRE.MatchString(key) {
		return ""
	}
	switch {
	case key == "":
		return "is empty"
	case strings.ToLower(key) != key:
		return "has upper-case letters"
	case strings.Contains(key, ".."), strings.HasPrefix(key, "."), strings.HasSuffix(key, "."):
		return "has an empty namespace"
	case strings.ContainsAny(key, "-/ :"):
		return "separates words with something other than _ and ."
	}
	return "is not made of snake_case words"
}

// normalize proposes a key that follows the naming rules.
func normalize(key string) string {
	k := camelRE.ReplaceAllString(key, "${1}_${2}")
	k = strings.ToLower(k)
	k = nonWordRE.ReplaceAllString(k, "_")
	parts := strings.Split(k, ".")
	var out []string
	for _, p := range parts {
		p = strings.Trim(p, "_")
		for strings.Contains(p, "__") {
			p = strings.ReplaceAll(p, "__", "_")
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ".")
}

// writtenVersions returns the semconv versions whose identifiers write
// attributes in the package: keys and constructors at write sites, and the
// generated enum values (package-level attribute.KeyValue variables).
func writtenVersions(pass *analysis.Pass, ins *inspector.Inspector, sites []*site) map[string]bool {
	vs := map[string]bool{}
	for _, s := range sites {
		if s.orig.scIdent != nil {
			if v, ok := otelapi.IsSemconvPath(scPkg(s.orig).Path()); ok {
				vs[v] = true
			}
		}
	}
	for cur := range ins.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		obj, ok := pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() || !otelapi.IsNamed(obj.Type(), otelapi.Attribute, "KeyValue") || lint.IsTestFile(pass, id.Pos()) {
			continue
		}
		if v, ok := otelapi.IsSemconvPath(obj.Pkg().Path()); ok {
			vs[v] = true
		}
	}
	return vs
}

// checkMixedVersions reports a package that writes attributes through two
// semconv versions. Importing several versions only to read or translate
// their keys (the collector's Zipkin and Jaeger translators) is fine.
func checkMixedVersions(pass *analysis.Pass, ins *inspector.Inspector, sites []*site) {
	written := writtenVersions(pass, ins, sites)
	type imp struct {
		spec    *ast.ImportSpec
		version string
	}
	var imps []imp
	newest := ""
	for _, f := range pass.Files {
		if lint.IsTestFile(pass, f.Pos()) {
			continue
		}
		for _, spec := range f.Imports {
			path, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				continue
			}
			if v, ok := otelapi.IsSemconvPath(path); ok && written[v] {
				imps = append(imps, imp{spec, v})
				if newest == "" || versionLess(newest, v) {
					newest = v
				}
			}
		}
	}
	var versions []string
	for _, i := range imps {
		if !slices.Contains(versions, i.version) {
			versions = append(versions, i.version)
		}
	}
	if len(versions) < 2 {
		return
	}
	slices.SortFunc(versions, func(a, b string) int {
		if versionLess(a, b) {
			return -1
		}
		return 1
	})
	for _, i := range imps {
		if i.version != newest {
			pass.Report(analysis.Diagnostic{
				Pos:     i.spec.Path.Pos(),
				End:     i.spec.Path.End(),
				Message: fmt.Sprintf("package %s writes attributes of semconv %s; one service then records attributes of different convention versions (and a single schema URL cannot describe them): use %s throughout", pass.Pkg.Name(), strings.Join(versions, " and "), newest),
			})
		}
	}
}

// versionLess compares "v1.21.0"-style versions numerically.
func versionLess(a, b string) bool {
	pa := strings.Split(strings.TrimPrefix(a, "v"), ".")
	pb := strings.Split(strings.TrimPrefix(b, "v"), ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		if ea != nil || eb != nil {
			if pa[i] != pb[i] {
				return pa[i] < pb[i]
			}
			continue
		}
		if na != nb {
			return na < nb
		}
	}
	return len(pa) < len(pb)
}

func article(t semconv.Type) string {
	if strings.HasPrefix(string(t), "int") || t == semconv.TypeAny {
		return "an"
	}
	return "a"
}

// genericLegacy are deprecated keys that are generic words, kept by the
// registry for the database connection pools that once used them, while
// custom telemetry uses them for other things (a job's state, a worker
// pool's name). The list is explicit: peer.service, net.transport,
// message.type and the like mean what the conventions meant.
var genericLegacy = map[string]bool{"state": true, "pool.name": true}

// dualEmitted reports whether every site of a deprecated key writes it
// beside its replacement cur, in the same top-level function or variable
// declaration (which holds the call and the attribute list): dual
// emission is both keys for the same telemetry, not anywhere in the package.
func (c *checker) dualEmitted(ss []*site, cur string) bool {
	for _, s := range ss {
		if !c.writtenIn[cur][s.scope] {
			return false
		}
	}
	return true
}

// topDecls returns the top-level declarations of the package's files.
func topDecls(pass *analysis.Pass) []ast.Decl {
	var out []ast.Decl
	for _, f := range pass.Files {
		out = append(out, f.Decls...)
	}
	slices.SortFunc(out, func(a, b ast.Decl) int { return int(a.Pos()) - int(b.Pos()) })
	return out
}

// declAt returns the position of the top-level declaration containing pos,
// or pos itself.
func declAt(decls []ast.Decl, pos token.Pos) token.Pos {
	i, _ := slices.BinarySearchFunc(decls, pos, func(d ast.Decl, p token.Pos) int { return int(d.Pos()) - int(p) })
	for _, j := range []int{i, i - 1} {
		if j >= 0 && j < len(decls) && decls[j].Pos() <= pos && pos < decls[j].End() {
			return decls[j].Pos()
		}
	}
	return pos
}

// enumSites returns the uses of semconv enum members, the attribute.KeyValue
// variables a semconv package declares for well-known values
// (semconv.MessagingOperationPublish = MessagingOperationKey.String("publish")):
// each writes the key of the constant its name extends.
func enumSites(pass *analysis.Pass, ins *inspector.Inspector) []*site {
	var out []*site
	for cur := range ins.Root().Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		v, ok := pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() || !otelapi.IsNamed(v.Type(), otelapi.Attribute, "KeyValue") || lint.IsTestFile(pass, id.Pos()) {
			continue
		}
		if _, ok := otelapi.IsSemconvPath(v.Pkg().Path()); !ok {
			continue
		}
		kc := enumKey(v)
		if kc == nil {
			continue
		}
		out = append(out, &site{fun: id, key: constant.StringVal(kc.Val()), orig: origin{pos: id.Pos(), end: id.End(), scIdent: id, scVar: v}})
	}
	return out
}

// enumKey returns the Key constant an enum member's name extends: the
// longest prefix P of the name with a constant PKey of type attribute.Key
// in the same package (MessagingOperationPublish: MessagingOperationKey).
func enumKey(v *types.Var) *types.Const {
	name := v.Name()
	for n := len(name) - 1; n > 0; n-- {
		k, ok := v.Pkg().Scope().Lookup(name[:n] + "Key").(*types.Const)
		if ok && otelapi.IsNamed(k.Type(), otelapi.Attribute, "Key") && k.Val().Kind() == constant.String {
			return k
		}
	}
	return nil
}

// writesNamespace reports whether the package writes another key in the
// first namespace of key.
func (c *checker) writesNamespace(key string) bool {
	first, _, _ := strings.Cut(key, ".")
	for k := range c.written {
		if strings.HasPrefix(k, first+".") {
			return true
		}
	}
	return false
}

// olderSemconv returns the semconv versions the package's non-test files
// import that are older than another one they import.
func olderSemconv(pass *analysis.Pass) map[string]bool {
	paths := map[string]string{}
	newest := ""
	for _, f := range pass.Files {
		if lint.IsTestFile(pass, f.Pos()) {
			continue
		}
		for _, spec := range f.Imports {
			path, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				continue
			}
			if v, ok := otelapi.IsSemconvPath(path); ok {
				paths[path] = v
				if newest == "" || versionLess(newest, v) {
					newest = v
				}
			}
		}
	}
	older := map[string]bool{}
	for _, v := range paths {
		if v != newest {
			older[v] = true
		}
	}
	return older
}

// olderDefines reports whether one of the older semconv packages the
// package imports defines a key constant with the value key.
func (c *checker) olderDefines(key string) bool {
	if len(c.older) == 0 {
		return false
	}
	for _, imp := range c.pass.Pkg.Imports() {
		v, ok := otelapi.IsSemconvPath(imp.Path())
		if !ok || !c.older[v] {
			continue
		}
		scope := imp.Scope()
		for _, n := range scope.Names() {
			k, ok := scope.Lookup(n).(*types.Const)
			if ok && otelapi.IsNamed(k.Type(), otelapi.Attribute, "Key") && k.Val().Kind() == constant.String && constant.StringVal(k.Val()) == key {
				return true
			}
		}
	}
	return false
}

// dynUse is a key written from a non-constant expression.
type dynUse struct {
	cur  inspector.Cursor // the call writing it
	key  ast.Expr
	kind semconv.Type
}

// paramIndex returns the index of the parameter of the function declared
// around cur that e (through parentheses and conversions) names, or -1.
func paramIndex(pass *analysis.Pass, cur inspector.Cursor, e ast.Expr) (*types.Func, int) {
	for {
		e = ast.Unparen(e)
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			break
		}
		if tv, ok := pass.TypesInfo.Types[call.Fun]; !ok || !tv.IsType() {
			break
		}
		e = call.Args[0]
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil, -1
	}
	v, ok := pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return nil, -1
	}
	for fdCur := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fd, ok := fdCur.Node().(*ast.FuncDecl)
		if !ok {
			return nil, -1 // inside a closure: its parameters are not the wrapper's
		}
		fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
		if !ok {
			return nil, -1
		}
		sig := fn.Signature()
		for i := 0; i < sig.Params().Len(); i++ {
			if sig.Params().At(i) == v && !(sig.Variadic() && i == sig.Params().Len()-1) {
				return fn, i
			}
		}
		return nil, -1
	}
	return nil, -1
}

// wrapperSites finds the functions whose parameters become keys (to a
// fixed point, so wrappers of wrappers count), exports them as facts, and
// returns the sites where constant keys are passed to such functions.
func wrapperSites(pass *analysis.Pass, calls []inspector.Cursor, dyns []dynUse, constDecls map[*types.Const]ast.Expr) []*site {
	local := map[*types.Func][]keyParam{}
	add := func(fn *types.Func, i int, kind semconv.Type) bool {
		for j, p := range local[fn] {
			if p.Index == i {
				if p.Kind != kind && p.Kind != "" {
					local[fn][j].Kind = "" // written with several kinds: unknown
					return true
				}
				return false
			}
		}
		local[fn] = append(local[fn], keyParam{i, kind})
		return true
	}
	for _, d := range dyns {
		if fn, i := paramIndex(pass, d.cur, d.key); fn != nil && !writesKeys(fn) {
			add(fn, i, d.kind)
		}
	}
	params := func(fn *types.Func) []keyParam {
		if writesKeys(fn) {
			return nil // its calls are sites already: one finding per mistake
		}
		if ps, ok := local[fn]; ok {
			return ps
		}
		var f keyParams
		if fn.Pkg() != nil && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &f) {
			return f.Params
		}
		return nil
	}
	for changed, rounds := true, 0; changed && rounds < 8; rounds++ {
		changed = false
		for _, cur := range calls {
			call := cur.Node().(*ast.CallExpr)
			fn := otelapi.Callee(pass.TypesInfo, call)
			if fn == nil {
				continue
			}
			for _, p := range params(fn) {
				if p.Index >= len(call.Args) {
					continue
				}
				if tv := pass.TypesInfo.Types[call.Args[p.Index]]; tv.Value != nil {
					continue
				}
				if w, i := paramIndex(pass, cur, call.Args[p.Index]); w != nil && w != fn && add(w, i, p.Kind) {
					changed = true
				}
			}
		}
	}
	for fn, ps := range local {
		if fn.Exported() || isMethodOfExported(fn) {
			sorted := slices.Clone(ps)
			slices.SortFunc(sorted, func(a, b keyParam) int { return a.Index - b.Index })
			pass.ExportObjectFact(fn, &keyParams{Params: sorted})
		}
	}
	var out []*site
	for _, cur := range calls {
		call := cur.Node().(*ast.CallExpr)
		fn := otelapi.Callee(pass.TypesInfo, call)
		if fn == nil || call.Ellipsis != token.NoPos {
			continue
		}
		for _, p := range params(fn) {
			if p.Index >= len(call.Args) {
				continue
			}
			arg := call.Args[p.Index]
			tv, ok := pass.TypesInfo.Types[arg]
			if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
				continue
			}
			out = append(out, &site{fun: arg, kind: p.Kind, key: constant.StringVal(tv.Value), orig: originOf(pass, arg, constDecls, 0), wrap: true})
		}
	}
	return out
}

// writesKeys reports whether fn belongs to a package whose calls siteOf
// recognizes as writing a key: attribute.String(k, v) is itself a wrapper
// of attribute.Key(k).String(v), and must not be checked twice.
func writesKeys(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		path = path[i+len("/vendor/"):]
	}
	_, sc := otelapi.IsSemconvPath(path)
	return sc || path == otelapi.Attribute || path == otelapi.Log || path == pcommonPath
}

func isMethodOfExported(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Exported()
}
