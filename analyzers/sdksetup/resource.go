package sdksetup

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
	"github.com/otellint/otellint/analyzers/internal/provenance"
)

// describesService are the resource attributes that say which service
// this is, short of its name.
var describesService = map[string]bool{
	"service.version":             true,
	"service.namespace":           true,
	"service.instance.id":         true,
	"deployment.environment":      true,
	"deployment.environment.name": true,
}

// withResource are the provider options a resource is installed with; they
// merge it with resource.Environment() (OTEL_SERVICE_NAME,
// OTEL_RESOURCE_ATTRIBUTES) but not with resource.Default().
var withResource = map[string]bool{
	otelapi.SDKTrace + ".WithResource": true,
	sdkMetric + ".WithResource":        true,
	otelapi.SDKLog + ".WithResource":   true,
}

// resources checks resource construction in one package.
type resources struct {
	pass    *analysis.Pass
	assigns map[*types.Var][]ast.Expr // values assigned one to one; nil for any other assignment
	uses    map[*types.Var][]inspector.Cursor
}

func checkResources(pass *analysis.Pass, ins *inspector.Inspector) {
	if !slices.ContainsFunc(pass.Pkg.Imports(), func(p *types.Package) bool { return otelapi.TrimVendor(p.Path()) == sdkResource }) {
		return // no resource is built here: skip the index of every identifier
	}
	r := &resources{pass: pass, assigns: map[*types.Var][]ast.Expr{}, uses: map[*types.Var][]inspector.Cursor{}}
	var calls []inspector.Cursor
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.Ident)(nil)) {
		if lint.IsTestFile(pass, cur.Node().Pos()) {
			continue
		}
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			if funcPath(otelapi.Callee(pass.TypesInfo, n)) == sdkResource {
				calls = append(calls, cur)
			}
		case *ast.AssignStmt:
			r.indexAssign(n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			r.indexAssign(lhs, n.Values)
		case *ast.Ident:
			if v, ok := pass.TypesInfo.Uses[n].(*types.Var); ok {
				r.uses[v] = append(r.uses[v], cur)
			}
		}
	}
	for _, cur := range calls {
		call := cur.Node().(*ast.CallExpr)
		fn := otelapi.Callee(pass.TypesInfo, call)
		switch fn.Name() {
		case "Merge":
			r.checkMerge(cur, call)
		case "NewWithAttributes", "NewSchemaless", "New":
			r.checkServiceName(cur, call, fn.Name())
		}
	}
}

func (r *resources) indexAssign(lhs, rhs []ast.Expr) {
	for i, l := range lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := r.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok {
			continue
		}
		switch {
		case len(lhs) == len(rhs):
			r.assigns[v] = append(r.assigns[v], rhs[i])
		case len(rhs) == 1 && i == 0:
			r.assigns[v] = append(r.assigns[v], rhs[0]) // r, err := resource.Merge(...)
		default:
			r.assigns[v] = append(r.assigns[v], nil)
		}
	}
}

// single returns the only value assigned to a local variable, or nil.
func (r *resources) single(v *types.Var) ast.Expr {
	if v.Parent() == nil || v.Parent() == r.pass.Pkg.Scope() {
		return nil
	}
	if as := r.assigns[v]; len(as) == 1 {
		return as[0]
	}
	return nil
}

// schema is what is known about a resource's schema URL.
type schema struct {
	url  string
	from string // how the message names its source
}

// schemaOf returns the schema URL of a resource expression when it is a
// constant: resource.Default() (the SDK's own semconv version),
// NewWithAttributes with a constant URL, NewSchemaless and Empty (none),
// and Merge of such resources; variables are followed to their only value.
func (r *resources) schemaOf(e ast.Expr, depth int) (schema, bool) {
	if depth > 6 {
		return schema{}, false
	}
	info := r.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			if x := r.single(v); x != nil {
				return r.schemaOf(x, depth+1)
			}
		}
	case *ast.CallExpr:
		fn := otelapi.Callee(info, e)
		if funcPath(fn) != sdkResource || fn.Signature().Recv() != nil {
			return schema{}, false
		}
		switch fn.Name() {
		case "Default", "DefaultWithContext":
			s, ok := r.sdkSchema(fn.Pkg())
			return schema{s.URL, "resource.Default(), from the " + s.Semconv + " the SDK imports"}, ok
		case "NewSchemaless", "Empty":
			return schema{}, true
		case "NewWithAttributes":
			if len(e.Args) > 0 {
				if url, ok := provenance.ConstString(info, e.Args[0]); ok {
					return schema{url, types.ExprString(e.Args[0])}, true
				}
			}
		case "Merge":
			if len(e.Args) == 2 {
				a, aok := r.schemaOf(e.Args[0], depth+1)
				b, bok := r.schemaOf(e.Args[1], depth+1)
				switch {
				case !aok || !bok:
				case a.url == "":
					return b, true
				case b.url == "" || a.url == b.url:
					return a, true
				}
			}
		}
	}
	return schema{}, false
}

// sdkSchema returns the schema URL of resource.Default() in the SDK the
// program imports: from the fact the SDK's own analysis left, or from the
// semconv package the resource package imports.
func (r *resources) sdkSchema(pkg *types.Package) (resourceSchema, bool) {
	var f resourceSchema
	if r.pass.ImportPackageFact(pkg, &f) {
		return f, true
	}
	return schemaOfImports(pkg)
}

// checkMerge reports resource.Merge of two resources whose constant
// schema URLs differ.
//
//	res, _ := resource.Merge(resource.Default(),
//		resource.NewWithAttributes(semconv.SchemaURL, semconv.ServiceName("checkout")))
func (r *resources) checkMerge(cur inspector.Cursor, call *ast.CallExpr) {
	if len(call.Args) != 2 {
		return
	}
	a, aok := r.schemaOf(call.Args[0], 0)
	b, bok := r.schemaOf(call.Args[1], 0)
	if !aok || !bok || a.url == "" || b.url == "" || a.url == b.url {
		return
	}
	consequence := "the program gets an error instead of a resource"
	if as, ok := cur.Parent().Node().(*ast.AssignStmt); ok && len(as.Lhs) == 2 {
		if id, ok := as.Lhs[1].(*ast.Ident); ok && id.Name == "_" {
			consequence = "the error is dropped here, so the provider runs with a resource that has lost its schema URL (older SDKs return an empty resource)"
		}
	}
	r.pass.Report(analysis.Diagnostic{
		Pos: call.Fun.Pos(), End: call.Fun.End(), Category: "error",
		Message: fmt.Sprintf("resource.Merge of schema URLs %s (%s) and %s (%s) always fails with ErrSchemaURLConflict: %s; use the semconv version the SDK uses, or drop the schema URL with resource.NewSchemaless", a.url, a.from, b.url, b.from, consequence),
	})
}

// checkServiceName reports a resource that names the service's version or
// environment but not the service, installed on a provider without the
// default resource.
//
//	sdktrace.WithResource(resource.NewWithAttributes(semconv.SchemaURL,
//		semconv.ServiceVersion("1.2.0"), semconv.DeploymentEnvironment("prod")))
func (r *resources) checkServiceName(cur inspector.Cursor, call *ast.CallExpr, ctor string) {
	keys, ok := r.resourceKeys(call, ctor)
	if !ok || slices.Contains(keys, "service.name") {
		return
	}
	var described []string
	for _, k := range keys {
		if describesService[k] && !slices.Contains(described, k) {
			described = append(described, k)
		}
	}
	if len(described) == 0 || !r.installedUnmerged(cur) {
		return
	}
	r.pass.Report(analysis.Diagnostic{
		Pos: call.Fun.Pos(), End: call.Fun.End(), Category: "warning",
		Message: fmt.Sprintf("resource sets %s but not service.name and is not merged with resource.Default(): the service shows up as unknown_service unless the deployment sets OTEL_SERVICE_NAME; add semconv.ServiceName", strings.Join(described, " and ")),
	})
}

// resourceKeys returns the attribute keys of a resource constructor call,
// if every attribute's key is a constant. For resource.New, every option
// must be WithAttributes or WithSchemaURL (detectors may add service.name).
func (r *resources) resourceKeys(call *ast.CallExpr, ctor string) ([]string, bool) {
	if call.Ellipsis.IsValid() {
		return nil, false
	}
	var attrs []ast.Expr
	switch ctor {
	case "NewWithAttributes":
		if len(call.Args) < 1 {
			return nil, false
		}
		attrs = call.Args[1:]
	case "NewSchemaless":
		attrs = call.Args
	case "New":
		if len(call.Args) < 1 {
			return nil, false
		}
		for _, opt := range call.Args[1:] {
			oc, ok := ast.Unparen(opt).(*ast.CallExpr)
			if !ok || oc.Ellipsis.IsValid() {
				return nil, false
			}
			fn := otelapi.Callee(r.pass.TypesInfo, oc)
			if funcPath(fn) != sdkResource {
				return nil, false
			}
			switch fn.Name() {
			case "WithAttributes":
				attrs = append(attrs, oc.Args...)
			case "WithSchemaURL":
			default:
				return nil, false
			}
		}
	}
	var keys []string
	for _, a := range attrs {
		k, ok := r.attrKey(a)
		if !ok {
			return nil, false
		}
		keys = append(keys, k)
	}
	return keys, true
}

// attrKey returns the constant key of an attribute expression:
// attribute.String("k", v), semconv.ServiceVersionKey.String(v), or a
// semconv constructor such as semconv.ServiceVersion(v), whose key is the
// constant beside it (ServiceVersionKey).
func (r *resources) attrKey(e ast.Expr) (string, bool) {
	info := r.pass.TypesInfo
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	fn := otelapi.Callee(info, call)
	path := funcPath(fn)
	if path == "" {
		return "", false
	}
	recv := fn.Signature().Recv()
	switch {
	case path == otelapi.Attribute && recv == nil && len(call.Args) == 2:
		return provenance.ConstString(info, call.Args[0])
	case path == otelapi.Attribute && recv != nil && otelapi.IsNamed(recv.Type(), otelapi.Attribute, "Key"):
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return provenance.ConstString(info, sel.X)
		}
	case recv == nil:
		if _, ok := otelapi.IsSemconvPath(path); ok {
			if k, ok := fn.Pkg().Scope().Lookup(fn.Name() + "Key").(*types.Const); ok {
				return constString(k.Val())
			}
		}
	}
	return "", false
}

// installedUnmerged reports whether the resource built at cur is handed
// straight, or through a local variable, to a provider's WithResource and
// never to resource.Merge.
func (r *resources) installedUnmerged(cur inspector.Cursor) bool {
	parent := cur.Parent()
	switch p := parent.Node().(type) {
	case *ast.CallExpr:
		return withResource[otelapi.CalleeName(r.pass.TypesInfo, p)]
	case *ast.AssignStmt, *ast.ValueSpec:
		var lhs []ast.Expr
		var rhs []ast.Expr
		switch p := p.(type) {
		case *ast.AssignStmt:
			lhs, rhs = p.Lhs, p.Rhs
		case *ast.ValueSpec:
			for _, id := range p.Names {
				lhs = append(lhs, id)
			}
			rhs = p.Values
		}
		i := slices.Index(rhs, cur.Node().(ast.Expr))
		if i < 0 || (len(lhs) != len(rhs) && i != 0) {
			return false
		}
		id, ok := lhs[i].(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := r.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok || r.single(v) == nil {
			return false
		}
		installed := false
		for _, u := range r.uses[v] {
			c, ok := u.Parent().Node().(*ast.CallExpr)
			if !ok {
				return false // returned, stored, passed on: it may be merged there
			}
			if !withResource[otelapi.CalleeName(r.pass.TypesInfo, c)] {
				return false // merged, or handed to something else
			}
			installed = true
		}
		return installed
	}
	return false
}

// constString returns the value of a string constant.
func constString(v constant.Value) (string, bool) {
	if v == nil || v.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(v), true
}
