package highcard

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
	"github.com/otellint/otellint/analyzers/internal/provenance"
)

//go:embed doc.go
var doc string

// Options configures the analyzer.
type Options struct {
	UnboundedKeys []string `yaml:"unbounded-keys" help:"comma-separated attribute keys whose values are unbounded by convention"`
	PersonalKeys  []string `yaml:"personal-keys" help:"comma-separated key endings that mark personal data"`
	SpanIDs       bool     `yaml:"span-ids" help:"also report generated IDs in span and log attributes, as warnings"`
	Tests         bool     `yaml:"tests" help:"also check _test.go files"`
}

// DefaultUnboundedKeys are keys whose values are unbounded by convention.
var DefaultUnboundedKeys = []string{
	"user.id", "user.email", "user.name", "user.full_name", "user.hash", "session.id", "session.previous_id",
	"enduser.id", "enduser.pseudo.id", "url.full", "url.path", "url.query", "url.original", "http.url",
	"http.target", "client.address", "client.port", "network.peer.address", "network.peer.port",
	"net.peer.ip", "net.sock.peer.addr", "net.sock.peer.port", "http.client_ip", "db.query.text",
	"db.statement", "user_agent.original", "http.user_agent", "exception.message", "exception.stacktrace",
	"trace_id", "span_id", "trace.id", "span.id", "request.id", "request_id", "messaging.message.id",
}

// DefaultPersonalKeys are key endings that mark personal data.
var DefaultPersonalKeys = []string{
	"email", "emailaddress", "phone", "phonenumber", "mobilenumber", "firstname", "lastname", "fullname",
	"givenname", "familyname", "surname", "username", "dateofbirth", "birthdate", "ssn", "creditcard",
	"cardnumber", "iban",
}

// Analyzer reports unbounded metric attributes and personal data in attributes.
var Analyzer = Spec.Build(lint.Default)

// Spec defines the analyzer; analyzers.New builds it anew for a configuration
// of its own.
var Spec = lint.Spec[Options]{
	Name:      "highcard",
	Doc:       lint.ExtractDoc(doc, "highcard"),
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(returns), new(metricParams), new(kvBuilder)},
	Options:   Options{UnboundedKeys: DefaultUnboundedKeys, PersonalKeys: DefaultPersonalKeys},
	Run:       run,
}

// returns records where a function's first result comes from: a generated
// ID, a time, a URL, an error string, request input, or a bounded set.
type returns struct{ R provenance.Result }

func (*returns) AFact() {}

func (f *returns) String() string { return "returns(" + f.R.String() + ")" }

type signal int

const (
	metricAttr signal = iota
	spanAttr
	logAttr
)

func (s signal) String() string {
	return [...]string{"metric", "span", "log record"}[s]
}

// sites: function -> (signal, whether the arguments are attribute sets)
var sites = map[string]signal{
	otelapi.Metric + ".WithAttributes":                                 metricAttr,
	otelapi.Metric + ".WithAttributeSet":                               metricAttr,
	otelapi.Trace + ".WithAttributes":                                  spanAttr,
	"(" + otelapi.Trace + ".Span).SetAttributes":                       spanAttr,
	"(*" + otelapi.Log + ".Record).AddAttributes":                      logAttr,
	"(*go.opentelemetry.io/otel/sdk/log.Record).AddAttributes":         logAttr,
	"(*go.opentelemetry.io/otel/sdk/log.Record).SetAttributes":         logAttr,
	"(go.opentelemetry.io/otel/sdk/trace.ReadWriteSpan).SetAttributes": spanAttr,
	"(*" + otelhttpPath + ".Labeler).Add":                              metricAttr,
	otelgrpcPath + ".WithMetricAttributes":                             metricAttr,
}

const (
	otelhttpPath = otelapi.Contrib + "/instrumentation/net/http/otelhttp"
	otelgrpcPath = otelapi.Contrib + "/instrumentation/google.golang.org/grpc/otelgrpc"
)

// fnSites take a function that returns metric attributes per request.
var fnSites = map[string]bool{
	otelhttpPath + ".WithMetricAttributesFn": true,
	otelgrpcPath + ".WithMetricAttributesFn": true,
}

type checker struct {
	pass      *analysis.Pass
	cls       *provenance.Classifier
	opts      *Options
	unbounded map[string]bool
	personal  []string
	reported  map[reportKey]bool
	decls     map[*types.Func]*ast.FuncDecl
	expanding map[*types.Var]bool

	// Wrappers: the function whose body is being checked, what the
	// package's functions do with their parameters, and whether a round
	// of collection found something new.
	curFn      *types.Func
	inMetric   bool // expanding the attributes of a metric measurement
	wrappers   map[*types.Func][]metricParam
	builders   map[*types.Func]kvBuilder
	changed    bool
	collecting bool // finding wrappers: nothing is reported
}

func run(pass *analysis.Pass, opts *Options) (any, error) {
	// Facts are computed for every package outside the standard library,
	// so that helpers (func routePath(r) string { return r.URL.Path }) in
	// packages that do not use OpenTelemetry are known where they are used;
	// call sites are checked only where OpenTelemetry is imported.
	if provenance.IsStd(pass) {
		return nil, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
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
	c := &checker{
		pass:      pass,
		cls:       cls,
		opts:      opts,
		unbounded: map[string]bool{},
		reported:  map[reportKey]bool{},
		decls:     map[*types.Func]*ast.FuncDecl{},
		expanding: map[*types.Var]bool{},
		wrappers:  map[*types.Func][]metricParam{},
		builders:  map[*types.Func]kvBuilder{},
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					c.decls[fn] = fd
				}
			}
		}
	}
	for _, k := range opts.UnboundedKeys {
		c.unbounded[normalize(k)] = true
	}
	for _, k := range opts.PersonalKeys {
		c.personal = append(c.personal, normalize(k))
	}
	c.findBuilders()
	calls := callSites(pass, ins, opts.Tests)
	// First find, to a fixed point, the functions whose parameters reach
	// metric attributes (wrappers of wrappers, interface methods), then
	// judge every site, with those functions' call sites among them.
	c.collecting = true
	for round := 0; round < 6; round++ {
		c.changed = false
		c.scan(calls)
		c.shareWithInterfaces()
		if !c.changed {
			break
		}
	}
	c.collecting = false
	c.scan(calls)
	c.exportWrapperFacts()
	return nil, nil
}

// scan checks the attributes of every call that records them.
func (c *checker) scan(calls []siteCall) {
	info := c.pass.TypesInfo
	for _, sc := range calls {
		call := sc.call
		c.curFn = sc.fn
		fn := otelapi.Callee(info, call)
		name := otelapi.FuncName(fn)
		if fnSites[name] && len(call.Args) == 1 {
			c.inMetric = true
			for _, kv := range c.returned(call.Args[0]) {
				c.check(metricAttr, kv)
			}
			continue
		}
		if ps := c.paramsOf(fn); ps != nil {
			c.inMetric = true
			c.checkWrapperCall(call, fn, ps)
			continue
		}
		sig, ok := sites[name]
		if !ok {
			continue
		}
		c.inMetric = sig == metricAttr
		for i, arg := range call.Args {
			spread := call.Ellipsis != token.NoPos && i == len(call.Args)-1
			for _, kv := range c.expand(arg, spread, 0) {
				c.check(sig, kv)
			}
		}
	}
	c.curFn = nil
}

// importsWrappers reports whether a dependency has a function whose
// parameters become metric attributes.
func importsWrappers(pass *analysis.Pass) bool {
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*metricParams); ok {
			return true
		}
	}
	return false
}

func (c *checker) varOf(e ast.Expr) *types.Var {
	return otelapi.LocalVar(c.pass.TypesInfo, e)
}

// expand returns the key-value expressions an argument stands for.
func (c *checker) expand(e ast.Expr, spread bool, depth int) []ast.Expr {
	if depth > 6 {
		return nil
	}
	e = ast.Unparen(e)
	info := c.pass.TypesInfo
	t := info.TypeOf(e)
	if t == nil {
		return nil
	}
	if otelapi.IsNamed(t, otelapi.Attribute, "KeyValue") || otelapi.IsNamed(t, otelapi.Log, "KeyValue") {
		if !spread {
			return []ast.Expr{e}
		}
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		if _, ok := t.Underlying().(*types.Slice); ok {
			var out []ast.Expr
			for _, el := range e.Elts {
				out = append(out, c.expand(el, false, depth+1)...)
			}
			return out
		}
	case *ast.Ident:
		if i := c.paramOf(e); i >= 0 && c.inMetric {
			if _, ok := t.Underlying().(*types.Slice); ok {
				c.record(metricParam{Index: i, Form: "kvs"}) // func (r *rec) Inc(ctx, attrs ...attribute.KeyValue)
				return nil
			}
		}
		if v := c.varOf(e); v != nil {
			if c.expanding[v] {
				return nil // attrs = append(attrs, ...): the other assignments are expanded already
			}
			c.expanding[v] = true
			defer delete(c.expanding, v)
			var out []ast.Expr
			for _, rhs := range c.cls.Assignments(v) {
				out = append(out, c.expand(rhs, spread, depth+1)...)
			}
			return out
		}
	case *ast.CallExpr:
		name := otelapi.CalleeName(info, e)
		switch {
		case name == "append" || isBuiltin(info, e, "append"):
			var out []ast.Expr
			for i, a := range e.Args {
				if i == 0 {
					out = append(out, c.expand(a, true, depth+1)...)
					continue
				}
				sp := e.Ellipsis != token.NoPos && i == len(e.Args)-1
				out = append(out, c.expand(a, sp, depth+1)...)
			}
			return out
		case c.decls[otelapi.Callee(info, e)] != nil:
			// A helper of this package that builds the attributes:
			// func attrs(r *http.Request) []attribute.KeyValue.
			return c.returns(c.decls[otelapi.Callee(info, e)].Body, spread, depth)
		case name == otelapi.Attribute+".NewSet":
			var out []ast.Expr
			for i, a := range e.Args {
				sp := e.Ellipsis != token.NoPos && i == len(e.Args)-1
				out = append(out, c.expand(a, sp, depth+1)...)
			}
			return out
		}
	}
	return nil
}

// returns expands what the return statements of body return.
func (c *checker) returns(body *ast.BlockStmt, spread bool, depth int) []ast.Expr {
	var out []ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) > 0 {
				out = append(out, c.expand(n.Results[0], spread, depth+1)...)
			}
		}
		return true
	})
	return out
}

// returned expands the attributes returned by a function value: a
// function literal or a function of this package.
func (c *checker) returned(fn ast.Expr) []ast.Expr {
	switch fn := ast.Unparen(fn).(type) {
	case *ast.FuncLit:
		return c.returns(fn.Body, true, 0)
	default:
		if f := otelapi.ReferencedFunc(c.pass.TypesInfo, fn); f != nil && c.decls[f] != nil {
			return c.returns(c.decls[f].Body, true, 0)
		}
	}
	return nil
}

func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// keyValue returns the key (if constant) and value expression of a
// key-value expression.
func (c *checker) keyValue(e ast.Expr, depth int) (key string, keyKnown bool, value ast.Expr) {
	if depth > 4 {
		return "", false, nil
	}
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn := otelapi.Callee(info, e)
		if fn == nil || fn.Pkg() == nil {
			return "", false, nil
		}
		path := fn.Pkg().Path()
		if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
			path = path[i+len("/vendor/"):]
		}
		recv := fn.Signature().Recv()
		switch {
		case (path == otelapi.Attribute || path == otelapi.Log) && recv == nil && len(e.Args) == 2:
			k, ok := provenance.ConstString(info, e.Args[0])
			return k, ok, e.Args[1]
		case path == otelapi.Attribute && recv != nil && len(e.Args) == 1:
			if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
				k, ok := provenance.ConstString(info, sel.X)
				return k, ok, e.Args[0]
			}
		default:
			if b, ok := c.builderOf(fn); ok && b.Param < len(e.Args) {
				return b.Key, true, e.Args[b.Param]
			}
			if _, ok := otelapi.IsSemconvPath(path); ok && recv == nil && len(e.Args) == 1 {
				// A generated constructor writes the key of the constant
				// beside it: semconv.URLPath writes URLPathKey.
				if k, ok := fn.Pkg().Scope().Lookup(fn.Name() + "Key").(*types.Const); ok && k.Val().Kind() == constant.String {
					return constant.StringVal(k.Val()), true, e.Args[0]
				}
				return "", false, e.Args[0]
			}
		}
	case *ast.CompositeLit:
		var kexpr, vexpr ast.Expr
		for _, el := range e.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					switch id.Name {
					case "Key":
						kexpr = kv.Value
					case "Value":
						vexpr = kv.Value
					}
				}
			}
		}
		if vc, ok := ast.Unparen(vexpr).(*ast.CallExpr); ok && len(vc.Args) == 1 {
			if fn := otelapi.Callee(info, vc); fn != nil && fn.Pkg() != nil && (fn.Pkg().Path() == otelapi.Attribute || fn.Pkg().Path() == otelapi.Log) {
				vexpr = vc.Args[0]
			} else {
				vexpr = nil
			}
		} else {
			vexpr = nil
		}
		if kexpr != nil {
			k, ok := provenance.ConstString(info, kexpr)
			return k, ok, vexpr
		}
	case *ast.Ident:
		if v := c.varOf(e); v != nil {
			if as := c.cls.Assignments(v); len(as) == 1 {
				return c.keyValue(as[0], depth+1)
			}
		}
	}
	return "", false, nil
}

func normalize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// personalName reports whether the last words of name spell a personal
// data ending ("user.email", "phone_number", "firstName"; not
// "device.microphone").
func (c *checker) personalName(name string) bool {
	return c.personalWords(name, nil)
}

func (c *checker) personalWords(name string, skip map[string]bool) bool {
	ws := provenance.Words(name)
	for n := 1; n <= 3 && n <= len(ws); n++ {
		tail := strings.Join(ws[len(ws)-n:], "")
		if skip[tail] {
			continue
		}
		for _, p := range c.personal {
			if tail == p {
				return true
			}
		}
	}
	return false
}

// ambiguousValueNames are personal-key endings that, as the name of a
// variable or field, often hold a service account rather than a person.
var ambiguousValueNames = map[string]bool{"username": true}

// personalValue returns the name of the field or variable a value is read
// from when that name marks personal data.
func (c *checker) personalValue(e ast.Expr) string {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	case *ast.CallExpr: // u.GetEmail()
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && len(e.Args) == 0 {
			name := strings.TrimPrefix(sel.Sel.Name, "Get")
			if c.personalWords(name, ambiguousValueNames) {
				return types.ExprString(e)
			}
		}
		return ""
	default:
		return ""
	}
	if _, isConst := c.pass.TypesInfo.ObjectOf(id).(*types.Const); isConst {
		return ""
	}
	if t := c.pass.TypesInfo.TypeOf(e); t == nil || !isString(t) {
		return ""
	}
	if c.personalWords(id.Name, ambiguousValueNames) {
		return types.ExprString(e)
	}
	return ""
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func hint(cl provenance.Class) string {
	switch cl {
	case provenance.URL:
		return "use the route template (http.route, e.g. r.Pattern) instead, and keep the path on the span"
	case provenance.ID:
		return "drop it from the metric and put the ID on a span attribute if you need it"
	case provenance.Time:
		return "drop it, or bucket it into a few ranges (the measurement already has a timestamp)"
	case provenance.Error:
		return "use a bounded error.type (a sentinel or type name, e.g. \"timeout\") instead of the message, and keep the message on the span"
	default:
		return "drop it or map it to a small set of known values, and keep the raw value on the span"
	}
}

func keyText(key string, known bool) string {
	if known {
		return fmt.Sprintf("metric attribute %q", key)
	}
	return "metric attribute"
}

// report reports a finding at e once per severity (an attribute reached
// from several sites), and nothing while wrappers are being collected.
func (c *checker) report(e ast.Expr, cat, msg string) {
	if c.collecting {
		return
	}
	k := reportKey{e.Pos(), cat}
	if c.reported[k] {
		return
	}
	c.reported[k] = true
	c.pass.Report(analysis.Diagnostic{Pos: e.Pos(), End: e.End(), Category: cat, Message: msg})
}

// judgeMetric judges the value of a metric attribute; through names the
// wrapper it is passed to, or is "". A value that is a parameter of the
// function being checked is judged again where that function is called;
// there only the value can be wrong (the key was judged here).
func (c *checker) judgeMetric(key string, keyKnown bool, value, at ast.Expr, through string) {
	if i := c.paramOf(value); i >= 0 {
		k := key
		if !keyKnown {
			k = ""
		}
		c.record(metricParam{Index: i, Form: "value", Key: k})
	}
	if i := c.pairsParam(value); i >= 0 {
		c.record(metricParam{Index: i, Form: "pairs"})
		return
	}
	what := keyText(key, keyKnown)
	if through != "" {
		what += " (" + through + ")"
	}
	src := c.cls.Classify(value)
	switch {
	case src.Kind == provenance.Unbounded:
		c.report(at, "error", fmt.Sprintf("%s takes %s, which is unbounded: every distinct value is a new time series; %s",
			what, c.cls.Describe(src), hint(src.Class)))
	case src.Kind == provenance.Bounded, through != "":
	case keyKnown && c.unbounded[normalize(key)]:
		c.report(at, "error", fmt.Sprintf("%s is unbounded by convention: every distinct value is a new time series; %s",
			what, keyHint(key)))
	case keyKnown && c.personalName(key):
		c.report(at, "error", fmt.Sprintf("%s holds personal data, one value per person: every distinct value is a new time series; drop it from the metric", what))
	default:
		if p := c.personalValue(value); p != "" {
			c.report(at, "error", fmt.Sprintf("%s takes %s, personal data with one value per person: every distinct value is a new time series; drop it from the metric", what, p))
		}
	}
}

func (c *checker) check(sig signal, kv ast.Expr) {
	key, keyKnown, value := c.keyValue(kv, 0)
	at := kv
	if value != nil {
		at = value
	}
	report := func(cat, msg string) { c.report(at, cat, msg) }
	if sig == metricAttr {
		if value != nil {
			c.judgeMetric(key, keyKnown, value, at, "")
		}
		return
	}
	// Spans and logs.
	if value != nil && c.sanitized(value) {
		return
	}
	if keyKnown && c.personalName(key) && (value == nil || c.cls.Classify(value).Kind != provenance.Bounded) {
		report("warning", fmt.Sprintf("%s attribute %q holds personal data, copied to every telemetry backend; drop or hash it, or make sure storing it there is allowed", sig, key))
		return
	}
	if value == nil {
		return
	}
	if p := c.personalValue(value); p != "" && c.cls.Classify(value).Kind != provenance.Bounded {
		report("warning", fmt.Sprintf("%s attribute %s takes %s, personal data copied to every telemetry backend; drop or hash it, or make sure storing it there is allowed", sig, quoteKey(key, keyKnown), p))
		return
	}
	if c.opts.SpanIDs {
		if src := c.cls.Classify(value); src.Kind == provenance.Unbounded && src.Class == provenance.ID {
			report("warning", fmt.Sprintf("%s attribute %s takes %s; IDs on %ss are unbounded (span-ids is enabled)", sig, quoteKey(key, keyKnown), c.cls.Describe(src), sig))
		}
	}
}

// sanitized reports whether the value is hashed, masked or redacted on
// its way into the attribute: a call into crypto/ or hash/, or to a
// function whose name says so.
func (c *checker) sanitized(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		fn := otelapi.Callee(c.pass.TypesInfo, call)
		if fn == nil {
			return true
		}
		if p := fn.Pkg(); p != nil && (strings.HasPrefix(p.Path(), "crypto/") || strings.HasPrefix(p.Path(), "hash/")) {
			found = true
			return false
		}
		lower := strings.ToLower(fn.Name())
		for _, w := range []string{"hash", "mask", "redact", "anonym", "obfuscat", "scrub", "pseudonym", "sanitiz"} {
			if strings.Contains(lower, w) {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// reportKey identifies a finding: an attribute reached from several sites
// is reported once per severity (once for metrics, once for spans/logs).
type reportKey struct {
	pos      token.Pos
	category string
}

func quoteKey(key string, known bool) string {
	if known {
		return fmt.Sprintf("%q", key)
	}
	return "(unknown key)"
}

func keyHint(key string) string {
	switch {
	case strings.HasPrefix(key, "url.") || strings.HasPrefix(key, "http.url") || key == "http.target":
		return "use http.route (the route template) instead, and keep the URL on the span"
	case strings.Contains(key, "address") || strings.Contains(key, "ip") || strings.Contains(key, "port"):
		return "drop it from the metric, and keep the address on the span"
	case strings.HasPrefix(key, "db."):
		return "use db.operation.name or db.query.summary instead, and keep the query on the span"
	case strings.HasPrefix(key, "exception."):
		return "use a bounded error.type instead, and keep the message on the span"
	default:
		return "drop it from the metric, and put it on a span attribute if you need it"
	}
}
