// Package provenance classifies where a string or number value comes from,
// for the spanname and highcard analyzers: from a small bounded set
// (constants, enum-like typed constants, the request method, a route
// template) or from an unbounded source (generated IDs, time values, raw URL
// paths, error strings, request input). Everything it cannot prove either
// way is Unknown, and the analyzers stay silent on Unknown by default.
//
// The classification follows values through local variables, conversions,
// concatenation, fmt and strings/strconv functions, and through functions
// (in this package or, by facts, in dependencies) whose results are known.
package provenance

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

// Kind is how many distinct values an expression can have.
type Kind int

const (
	Unknown   Kind = iota // cannot tell
	Bounded               // from a small, fixed set
	Unbounded             // grows with traffic: IDs, times, paths, errors, input
)

// Class is the kind of unbounded source.
type Class string

const (
	ID    Class = "id"
	Time  Class = "time"
	URL   Class = "url"
	Error Class = "error"
	Input Class = "input"
)

// Source is the result of classifying an expression.
type Source struct {
	Kind  Kind
	Class Class     // for Unbounded
	What  string    // for Unbounded: "a generated ID from uuid.NewString"
	Pos   token.Pos // for Unbounded: where the source is
	// Number is set for an Unknown value formatted from a non-constant
	// integer (strconv.Itoa(n), %d): usually an ID, index or counter.
	Number bool
}

func bounded() Source { return Source{Kind: Bounded} }

// Result is what a fact records about a function's first result.
type Result struct {
	Kind  Kind
	Class Class
	What  string // how the source is described, including the function
}

func (r Result) String() string {
	switch r.Kind {
	case Bounded:
		return "bounded"
	case Unbounded:
		return "unbounded(" + string(r.Class) + ": " + r.What + ")"
	}
	return "unknown"
}

// Classifier classifies expressions of one package.
type Classifier struct {
	pass    *analysis.Pass
	assigns map[*types.Var][]assign
	randBuf map[*types.Var]token.Pos // byte slices filled by crypto/rand
	local   map[*types.Func]Result
	// Imported looks up the fact an analyzer recorded for a function of
	// another package.
	Imported func(fn *types.Func) (Result, bool)
	visiting map[*types.Var]bool
}

type assign struct {
	rhs   ast.Expr // nil: unknown (range, unsupported form)
	index int      // >= 0: the index-th result of the call rhs
	op    token.Token
}

// New indexes the assignments of the package's files.
func New(pass *analysis.Pass, imported func(*types.Func) (Result, bool)) *Classifier {
	c := &Classifier{
		pass:     pass,
		assigns:  map[*types.Var][]assign{},
		randBuf:  map[*types.Var]token.Pos{},
		local:    map[*types.Func]Result{},
		Imported: imported,
		visiting: map[*types.Var]bool{},
	}
	for _, f := range pass.Files {
		ast.Inspect(f, c.index)
	}
	c.computeLocal()
	return c
}

func (c *Classifier) varOf(e ast.Expr) *types.Var {
	return otelapi.LocalVar(c.pass.TypesInfo, e)
}

func (c *Classifier) index(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i, l := range n.Lhs {
				if v := c.varOf(l); v != nil {
					c.assigns[v] = append(c.assigns[v], assign{rhs: n.Rhs[i], index: -1, op: n.Tok})
				}
			}
		} else if len(n.Rhs) == 1 {
			_, isCall := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			for i, l := range n.Lhs {
				if v := c.varOf(l); v != nil {
					if isCall {
						c.assigns[v] = append(c.assigns[v], assign{rhs: n.Rhs[0], index: i, op: n.Tok})
					} else {
						c.assigns[v] = append(c.assigns[v], assign{}) // v, ok := m[k] etc.
					}
				}
			}
		}
	case *ast.ValueSpec:
		for i, name := range n.Names {
			v, _ := c.pass.TypesInfo.Defs[name].(*types.Var)
			if v == nil {
				continue
			}
			switch {
			case len(n.Values) == len(n.Names):
				c.assigns[v] = append(c.assigns[v], assign{rhs: n.Values[i], index: -1, op: token.DEFINE})
			case len(n.Values) == 1:
				c.assigns[v] = append(c.assigns[v], assign{rhs: n.Values[0], index: i, op: token.DEFINE})
			}
			// no value: the zero value, which is bounded; later assignments decide
		}
	case *ast.IncDecStmt: // i++ in a loop: a counter
		if v := c.varOf(n.X); v != nil {
			c.assigns[v] = append(c.assigns[v], assign{})
		}
	case *ast.RangeStmt:
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if v := c.varOf(e); v != nil {
				c.assigns[v] = append(c.assigns[v], assign{})
			}
		}
	case *ast.UnaryExpr:
		if n.Op == token.AND { // &x escapes: any assignment through the pointer is invisible
			if v := c.varOf(n.X); v != nil {
				c.assigns[v] = append(c.assigns[v], assign{})
			}
		}
	case *ast.CallExpr:
		// rand.Read(b), io.ReadFull(rand.Reader, b)
		name := otelapi.CalleeName(c.pass.TypesInfo, n)
		var buf ast.Expr
		switch name {
		case "crypto/rand.Read":
			if len(n.Args) == 1 {
				buf = n.Args[0]
			}
		case "io.ReadFull":
			if len(n.Args) == 2 && isCryptoRandReader(c.pass.TypesInfo, n.Args[0]) {
				buf = n.Args[1]
			}
		}
		if buf != nil {
			if v := c.varOf(buf); v != nil {
				c.randBuf[v] = n.Pos()
			}
		}
	}
	return true
}

func isCryptoRandReader(info *types.Info, e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	v, ok := info.Uses[sel.Sel].(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() == "crypto/rand" && v.Name() == "Reader"
}

// SingleAssignment returns the only value assigned to v, if it has exactly
// one (its declaration) and its address is not taken: a local variable, or
// an unexported package-level variable (no other package can assign it).
func (c *Classifier) SingleAssignment(v *types.Var) ast.Expr {
	as := c.assigns[v]
	if len(as) != 1 || as[0].rhs == nil || as[0].index >= 0 || v.Pkg() != c.pass.Pkg ||
		v.Parent() == v.Pkg().Scope() && v.Exported() {
		return nil
	}
	return as[0].rhs
}

// Assignments returns the values assigned to v one to one (x = e, x := e,
// var x = e), in source order: the elements an attribute list built up with
// append is made of. Assignments from tuples and calls with several results
// are left out.
func (c *Classifier) Assignments(v *types.Var) []ast.Expr {
	var out []ast.Expr
	for _, a := range c.assigns[v] {
		if a.rhs != nil && a.index < 0 {
			out = append(out, a.rhs)
		}
	}
	return out
}

// Local returns what the classifier found about the functions declared in
// the package (for facts).
func (c *Classifier) Local() map[*types.Func]Result { return c.local }

// computeLocal finds, to a fixed point, the functions of the package whose
// first result is bounded or unbounded.
func (c *Classifier) computeLocal() {
	type fdecl struct {
		fn   *types.Func
		body *ast.BlockStmt
	}
	var decls []fdecl
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if fn == nil || fn.Signature().Results().Len() == 0 {
				continue
			}
			if !interesting(fn.Signature().Results().At(0).Type()) {
				continue
			}
			decls = append(decls, fdecl{fn, fd.Body})
		}
	}
	for iter := 0; iter < 5; iter++ {
		changed := false
		for _, d := range decls {
			r := c.returns(d.fn, d.body)
			if old, ok := c.local[d.fn]; ok && old.Kind == r.Kind {
				continue
			}
			if r.Kind == Unknown {
				if _, ok := c.local[d.fn]; !ok {
					continue
				}
				delete(c.local, d.fn)
			} else {
				c.local[d.fn] = r
			}
			changed = true
		}
		if !changed {
			break
		}
	}
}

// interesting reports whether values of type t can carry cardinality:
// strings, numbers, and the ID and time types.
func interesting(t types.Type) bool {
	if _, ok := idType(t); ok {
		return true
	}
	if otelapi.IsNamed(t, "time", "Time") {
		return true
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsString|types.IsInteger|types.IsFloat) != 0
}

func (c *Classifier) returns(fn *types.Func, body *ast.BlockStmt) Result {
	var srcs []Source
	unknown := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				unknown = true // bare return of named results
				return false
			}
			if len(n.Results) == 1 && fn.Signature().Results().Len() > 1 {
				unknown = true // return f() with a tuple
				return false
			}
			srcs = append(srcs, c.Classify(n.Results[0]))
		}
		return true
	})
	for _, s := range srcs {
		if s.Kind == Unbounded {
			what := s.What
			if i := strings.Index(what, " (returned by "); i >= 0 {
				what = what[:i] // name only the outermost function
			}
			return Result{Kind: Unbounded, Class: s.Class, What: fmt.Sprintf("%s (returned by %s)", what, fn.Name())}
		}
	}
	if unknown || len(srcs) == 0 {
		return Result{}
	}
	for _, s := range srcs {
		if s.Kind != Bounded {
			return Result{}
		}
	}
	return Result{Kind: Bounded}
}

// idPackages are the packages whose values are generated identifiers.
var idPackages = map[string]string{
	"github.com/google/uuid":            "uuid",
	"github.com/gofrs/uuid":             "uuid",
	"github.com/gofrs/uuid/v5":          "uuid",
	"github.com/satori/go.uuid":         "uuid",
	"github.com/rs/xid":                 "xid",
	"github.com/segmentio/ksuid":        "ksuid",
	"github.com/oklog/ulid":             "ulid",
	"github.com/oklog/ulid/v2":          "ulid",
	"github.com/lithammer/shortuuid/v4": "shortuuid",
	"github.com/teris-io/shortid":       "shortid",
	"github.com/bwmarrin/snowflake":     "snowflake",
}

// idType reports whether t is an identifier type: a named type of an ID
// package, or trace.TraceID / trace.SpanID.
func idType(t types.Type) (string, bool) {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", false
	}
	path := otelapi.TrimVendor(n.Obj().Pkg().Path())
	if short, ok := idPackages[path]; ok {
		return short + "." + n.Obj().Name(), true
	}
	if path == otelapi.Trace && (n.Obj().Name() == "TraceID" || n.Obj().Name() == "SpanID") {
		return "trace." + n.Obj().Name(), true
	}
	return "", false
}

// boundedFuncs return values from a small set (route templates, status texts).
var boundedFuncs = map[string]bool{
	"net/http.StatusText":                                  true,
	"net/http.CanonicalHeaderKey":                          false,
	"strconv.FormatBool":                                   true,
	"(*github.com/gin-gonic/gin.Context).FullPath":         true,
	"(github.com/labstack/echo/v4.Context).Path":           true,
	"(*github.com/go-chi/chi/v5.Context).RoutePattern":     true,
	"(*github.com/go-chi/chi.Context).RoutePattern":        true,
	"(*github.com/gorilla/mux.Route).GetPathTemplate":      true,
	"(*github.com/gofiber/fiber/v2.Route).Path":            true,
	"(google.golang.org/grpc/codes.Code).String":           true,
	"(go.opentelemetry.io/otel/codes.Code).String":         true,
	"(*github.com/julienschmidt/httprouter.Router).Lookup": false,
	"runtime.GOOS": true,
	"(go.opentelemetry.io/otel/trace.SpanKind).String": true,
}

// propagating functions produce a value as bounded as their arguments.
func propagating(name string, fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "strings", "path", "path/filepath", "strconv", "encoding/hex", "encoding/base64", "encoding/base32", "net/url", "html", "unicode":
		if fn.Signature().Recv() == nil && fn.Pkg().Path() == "net/url" {
			return name == "net/url.PathEscape" || name == "net/url.QueryEscape" || name == "net/url.PathUnescape" || name == "net/url.QueryUnescape"
		}
		switch name {
		case "strings.Split", "strings.Fields", "strings.SplitN", "strings.Count", "strings.Index", "strings.LastIndex",
			"strings.Contains", "strings.HasPrefix", "strings.HasSuffix", "strings.EqualFold", "strings.Compare":
			return false
		}
		return true
	}
	return false
}

// formatters take the value from their arguments.
var formatters = map[string]int{ // the index of the first formatted argument
	"fmt.Sprintf":  1,
	"fmt.Sprint":   0,
	"fmt.Sprintln": 0,
}

// methods that turn a value into its text or number form, carrying its
// cardinality.
var carrying = map[string]bool{
	"String": true, "Format": true, "Unix": true, "UnixNano": true, "UnixMilli": true, "UnixMicro": true,
	"AppendFormat": true, "MarshalText": true, "Sub": true, "Seconds": true, "Milliseconds": true,
	"Microseconds": true, "Nanoseconds": true, "Minutes": true, "Hours": true, "Get": true, "Encode": true,
	"Round": true, "Truncate": true, "UTC": true, "Local": true, "In": true, "Add": true, "Hex": true, "URN": true,
	"EscapedPath": true, "RequestURI": true,
}

// Classify returns where the value of e comes from.
func (c *Classifier) Classify(e ast.Expr) Source {
	return c.classify(e, 0)
}

func (c *Classifier) classify(e ast.Expr, depth int) Source {
	if depth > 12 || e == nil {
		return Source{}
	}
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	tv, ok := info.Types[e]
	if !ok {
		return Source{}
	}
	if tv.Value != nil {
		return bounded()
	}
	t := tv.Type
	if tv.IsType() {
		return Source{}
	}
	if b, ok := t.Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
		return bounded()
	}
	s := c.structural(e, depth)
	if s.Kind == Unbounded {
		return s
	}
	if short, ok := idType(t); ok {
		return c.unbounded(e, ID, "a "+short+" value")
	}
	if otelapi.IsNamed(t, "time", "Time") {
		return c.unbounded(e, Time, "a time value")
	}
	return s
}

func (c *Classifier) unbounded(e ast.Expr, class Class, what string) Source {
	return Source{Kind: Unbounded, Class: class, What: what, Pos: e.Pos()}
}

// text returns short source text for e, for messages.
func (c *Classifier) text(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

func (c *Classifier) structural(e ast.Expr, depth int) Source {
	info := c.pass.TypesInfo
	switch e := e.(type) {
	case *ast.Ident:
		switch obj := info.ObjectOf(e).(type) {
		case *types.Const:
			return bounded()
		case *types.Var:
			return c.variable(obj, depth)
		}
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[e]; ok && sel.Kind() == types.FieldVal {
			return c.field(e, sel, depth)
		}
		if obj, ok := info.Uses[e.Sel].(*types.Var); ok && !obj.IsField() {
			return c.variable(obj, depth) // package-level var of another package
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return c.combine([]ast.Expr{e.X, e.Y}, depth, false)
		}
	case *ast.CallExpr:
		return c.call(e, depth)
	case *ast.IndexExpr:
		// m[k], s[i]: the element of an ID slice is an ID, but nothing else is known.
	case *ast.SliceExpr:
		return c.classify(e.X, depth+1)
	case *ast.StarExpr:
		return c.classify(e.X, depth+1)
	}
	if enumLike(info.TypeOf(e)) {
		return bounded()
	}
	return Source{}
}

// enumLike reports whether t is a named non-string basic type with declared
// constants of that type in its package (an enum such as codes.Code).
func enumLike(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	b, ok := n.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return false
	}
	scope := n.Obj().Pkg().Scope()
	count := 0
	for _, name := range scope.Names() {
		if k, ok := scope.Lookup(name).(*types.Const); ok && types.Identical(k.Type(), n) {
			count++
			if count >= 2 {
				return true
			}
		}
	}
	return false
}

func (c *Classifier) variable(v *types.Var, depth int) Source {
	if c.visiting[v] {
		return Source{}
	}
	if pos, ok := c.randBuf[v]; ok {
		return Source{Kind: Unbounded, Class: ID, What: "random bytes from crypto/rand.Read", Pos: pos}
	}
	as := c.assigns[v]
	if len(as) == 0 {
		return Source{} // a parameter, a package variable of another package
	}
	if v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		// package-level variables may be set anywhere; only trust a single initializer.
		if len(as) != 1 {
			return Source{}
		}
	}
	c.visiting[v] = true
	defer delete(c.visiting, v)
	var srcs []Source
	for _, a := range as {
		if a.rhs == nil {
			return Source{}
		}
		var s Source
		if a.index >= 0 {
			s = c.tuple(a.rhs, a.index, depth+1)
		} else {
			s = c.classify(a.rhs, depth+1)
		}
		if a.op == token.ADD_ASSIGN && s.Kind == Bounded {
			s = Source{} // x += bounded in a loop is not bounded
		}
		srcs = append(srcs, s)
	}
	return merge(srcs)
}

// merge combines alternatives: any unbounded one makes the value
// unbounded; all bounded make it bounded.
func merge(srcs []Source) Source {
	allBounded := len(srcs) > 0
	number := false
	for _, s := range srcs {
		if s.Kind == Unbounded {
			return s
		}
		if s.Kind != Bounded {
			allBounded = false
		}
		number = number || s.Number
	}
	if allBounded {
		return bounded()
	}
	return Source{Number: number}
}

// tuple classifies the index-th result of call.
func (c *Classifier) tuple(e ast.Expr, index int, depth int) Source {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return Source{}
	}
	sig, ok := c.pass.TypesInfo.TypeOf(call).(*types.Tuple)
	if !ok || index >= sig.Len() {
		return Source{}
	}
	rt := sig.At(index).Type()
	if short, ok := idType(rt); ok {
		return Source{Kind: Unbounded, Class: ID, What: "a " + short + " value", Pos: call.Pos()}
	}
	if index == 0 {
		if fn := otelapi.Callee(c.pass.TypesInfo, call); fn != nil {
			if r, ok := c.funcResult(fn); ok {
				return c.fromResult(r, call)
			}
		}
	}
	return Source{}
}

func (c *Classifier) fromResult(r Result, call *ast.CallExpr) Source {
	switch r.Kind {
	case Bounded:
		return bounded()
	case Unbounded:
		return Source{Kind: Unbounded, Class: r.Class, What: r.What, Pos: call.Pos()}
	}
	return Source{}
}

func (c *Classifier) funcResult(fn *types.Func) (Result, bool) {
	if r, ok := c.local[fn]; ok {
		return r, true
	}
	if fn.Pkg() != nil && fn.Pkg() != c.pass.Pkg && c.Imported != nil {
		return c.Imported(fn)
	}
	return Result{}, false
}

// combine classifies a value built from parts (concatenation, Sprintf).
func (c *Classifier) combine(parts []ast.Expr, depth int, numbers bool) Source {
	var srcs []Source
	for _, p := range parts {
		s := c.classify(p, depth+1)
		if s.Kind == Unknown && numbers && isInteger(c.pass.TypesInfo.TypeOf(p)) {
			s.Number = true
		}
		srcs = append(srcs, s)
	}
	return merge(srcs)
}

func isInteger(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// request fields of net/http.Request and net/url.URL.
var requestFields = map[string]Source{
	"net/http.Request.Method":     {Kind: Bounded},
	"net/http.Request.Pattern":    {Kind: Bounded},
	"net/http.Request.Proto":      {Kind: Bounded},
	"net/http.Request.RequestURI": {Kind: Unbounded, Class: URL, What: "the raw request URI"},
	"net/http.Request.URL":        {Kind: Unbounded, Class: URL, What: "the full URL"},
	"net/http.Request.RemoteAddr": {Kind: Unbounded, Class: Input, What: "the client address"},
	"net/http.Request.Host":       {Kind: Unbounded, Class: Input, What: "the Host header"},
	"net/http.Request.Header":     {Kind: Unbounded, Class: Input, What: "a request header"},
	"net/http.Request.Form":       {Kind: Unbounded, Class: Input, What: "request form input"},
	"net/http.Request.PostForm":   {Kind: Unbounded, Class: Input, What: "request form input"},
	"net/url.URL.Path":            {Kind: Unbounded, Class: URL, What: "the raw URL path"},
	"net/url.URL.RawPath":         {Kind: Unbounded, Class: URL, What: "the raw URL path"},
	"net/url.URL.RawQuery":        {Kind: Unbounded, Class: URL, What: "the URL query"},
	"net/url.URL.Fragment":        {Kind: Unbounded, Class: URL, What: "the URL fragment"},
	"net/url.URL.Scheme":          {Kind: Bounded},
}

func (c *Classifier) field(e *ast.SelectorExpr, sel *types.Selection, depth int) Source {
	recv := sel.Recv()
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	if n, ok := types.Unalias(recv).(*types.Named); ok && n.Obj().Pkg() != nil {
		key := otelapi.TrimVendor(n.Obj().Pkg().Path()) + "." + n.Obj().Name() + "." + e.Sel.Name
		if s, ok := requestFields[key]; ok {
			if s.Kind == Unbounded {
				s.What = fmt.Sprintf("%s (%s)", c.text(e), s.What)
				s.Pos = e.Pos()
			}
			return s
		}
	}
	if enumLike(c.pass.TypesInfo.TypeOf(e)) {
		return bounded()
	}
	if n, ok := types.Unalias(recv).(*types.Named); ok && isConfigType(n.Obj().Name()) {
		return bounded() // set at deployment, one value per process: cfg.User, opts.ServiceName
	}
	return Source{}
}

// isConfigType reports whether a struct type holds configuration
// (pgx.ConnConfig, redis.Options, ...).
func isConfigType(name string) bool {
	for _, suffix := range []string{"Config", "Configuration", "Options", "Opts", "Settings", "Conf"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// requestMethods of *net/http.Request and *net/url.URL that return request data.
var requestMethods = map[string]Source{
	"(*net/http.Request).UserAgent":     {Kind: Unbounded, Class: Input, What: "the User-Agent header"},
	"(*net/http.Request).Referer":       {Kind: Unbounded, Class: Input, What: "the Referer header"},
	"(*net/http.Request).FormValue":     {Kind: Unbounded, Class: Input, What: "request form input"},
	"(*net/http.Request).PostFormValue": {Kind: Unbounded, Class: Input, What: "request form input"},
	"(*net/http.Request).PathValue":     {Kind: Unbounded, Class: Input, What: "a path parameter"},
	"(*net/url.URL).String":             {Kind: Unbounded, Class: URL, What: "the full URL"},
	"(*net/url.URL).EscapedPath":        {Kind: Unbounded, Class: URL, What: "the raw URL path"},
	"(*net/url.URL).RequestURI":         {Kind: Unbounded, Class: URL, What: "the raw request URI"},
	"(*net/url.URL).Query":              {Kind: Unbounded, Class: Input, What: "the URL query"},
	"(*net/url.URL).Redacted":           {Kind: Unbounded, Class: URL, What: "the full URL"},
	"time.Now":                          {Kind: Unbounded, Class: Time, What: "the current time"},
	"time.Since":                        {Kind: Unbounded, Class: Time, What: "an elapsed time"},
	"time.Until":                        {Kind: Unbounded, Class: Time, What: "a time difference"},
	"crypto/rand.Text":                  {Kind: Unbounded, Class: ID, What: "a random string"},
	"math/rand.Int":                     {Kind: Unbounded, Class: ID, What: "a random number"},
	"math/rand.Int63":                   {Kind: Unbounded, Class: ID, What: "a random number"},
	"math/rand.Uint64":                  {Kind: Unbounded, Class: ID, What: "a random number"},
	"math/rand/v2.Int":                  {Kind: Unbounded, Class: ID, What: "a random number"},
	"math/rand/v2.Uint64":               {Kind: Unbounded, Class: ID, What: "a random number"},
}

func (c *Classifier) call(call *ast.CallExpr, depth int) Source {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return c.classify(call.Args[0], depth+1) // conversion
		}
		return Source{}
	}
	fn := otelapi.Callee(info, call)
	if fn == nil {
		return Source{}
	}
	name := otelapi.FuncName(fn)
	if s, ok := requestMethods[name]; ok {
		s.Pos = call.Pos()
		s.What = fmt.Sprintf("%s (%s)", c.text(call), s.What)
		return s
	}
	if b, ok := boundedFuncs[name]; ok {
		if b {
			return bounded()
		}
		return Source{}
	}
	if fn.Pkg() != nil {
		if short, ok := idPackages[otelapi.TrimVendor(fn.Pkg().Path())]; ok && fn.Signature().Recv() == nil &&
			(strings.HasPrefix(fn.Name(), "New") || strings.HasPrefix(fn.Name(), "Make") || strings.HasPrefix(fn.Name(), "Must") || strings.HasPrefix(fn.Name(), "Generate")) {
			return Source{Kind: Unbounded, Class: ID, What: "a generated ID from " + short + "." + fn.Name(), Pos: call.Pos()}
		}
	}
	if first, ok := formatters[name]; ok {
		if len(call.Args) <= first {
			return bounded()
		}
		return c.combine(call.Args[first:], depth, true)
	}
	sig := fn.Signature()
	if recv := sig.Recv(); recv != nil {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return Source{}
		}
		// err.Error()
		if fn.Name() == "Error" && len(call.Args) == 0 && types.Implements(info.TypeOf(sel.X), errorType) {
			if isPackageVar(info, sel.X) {
				return bounded() // a sentinel: context.Canceled.Error()
			}
			return Source{Kind: Unbounded, Class: Error, What: fmt.Sprintf("the error string %s", c.text(call)), Pos: call.Pos()}
		}
		if carrying[fn.Name()] {
			if s := c.classify(sel.X, depth+1); s.Kind == Unbounded {
				return s
			}
		}
		if r, ok := c.funcResult(fn); ok {
			return c.fromResult(r, call)
		}
		return Source{}
	}
	if propagating(name, fn) {
		numbers := fn.Pkg().Path() == "strconv"
		return c.combine(call.Args, depth, numbers)
	}
	if r, ok := c.funcResult(fn); ok {
		return c.fromResult(r, call)
	}
	return Source{}
}

// isPackageVar reports whether e names a package-level variable.
func isPackageVar(info *types.Info, e ast.Expr) bool {
	id := otelapi.NameIdent(e)
	if id == nil {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && !v.IsField() && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

var errorType = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// Describe returns a short description of where s comes from, with its line.
func (c *Classifier) Describe(s Source) string {
	if s.Pos.IsValid() {
		return fmt.Sprintf("%s at line %d", s.What, c.pass.Fset.Position(s.Pos).Line)
	}
	return s.What
}

// IsStd reports whether the package is part of the standard library (its
// files are under GOROOT); the analyzers compute no facts there.
func IsStd(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return false
	}
	tf := pass.Fset.File(pass.Files[0].Pos())
	root := build.Default.GOROOT
	return tf != nil && root != "" && strings.HasPrefix(tf.Name(), filepath.Join(root, "src")+string(filepath.Separator))
}

// Words splits a key or identifier into lower-case words at separators
// and camelCase boundaries: "user.emailAddress" -> user, email, address.
func Words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

// idWords end the names of values that hold identifiers: orderID,
// user_id, requestUUID, customerEmail.
var idWords = map[string]bool{"id": true, "uuid": true, "guid": true, "ulid": true, "email": true}

// IsIDName reports whether the name of a variable, parameter or field
// says it holds an identifier: its last word is id, uuid, guid, ulid or
// email ("orderID", "request_uuid", "CustomerEmail"; not "valid", "pid").
func IsIDName(name string) bool {
	ws := Words(name)
	return len(ws) > 0 && idWords[ws[len(ws)-1]]
}

// ConstString returns the constant string value of e, if it has one.
func ConstString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}
