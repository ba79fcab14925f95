package sdksetup

import (
	_ "embed"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/otellint/otellint/analyzers/internal/lint"
	"github.com/otellint/otellint/analyzers/internal/otelapi"
)

//go:embed doc.go
var doc string

// Options configures the analyzer; it has none yet.
type Options struct{}

// Analyzer reports SDK setup that loses or mislabels telemetry.
var Analyzer = Spec.Build(lint.Default)

// Spec defines the analyzer; analyzers.New builds it anew for a configuration
// of its own.
var Spec = lint.Spec[Options]{
	Name:      "sdksetup",
	Doc:       lint.ExtractDoc(doc, "sdksetup"),
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(setup), new(resourceSchema)},
	Run:       run,
}

// Import paths the analyzer knows beside those of otelapi.
const (
	sdkResource = "go.opentelemetry.io/otel/sdk/resource"
	sdkMetric   = "go.opentelemetry.io/otel/sdk/metric"
	logGlobal   = "go.opentelemetry.io/otel/log/global"
	autoprop    = otelapi.Contrib + "/propagators/autoprop"
)

// setup is a package fact: what the package's own (non-test) code does to
// the SDK setup of any program that links it. The report is made in
// package main, from the facts of every package it depends on.
type setup struct {
	Module string // the package's module path, "" when the driver does not say

	SetsPropagator     string // how: "otel.SetTextMapPropagator", "otelconf", "autoprop"
	SetsTracerProvider bool   // calls otel.SetTracerProvider
	CreatesTracerProv  string // "sdktrace.NewTracerProvider" or "otelconf.NewSDK"

	Propagates   string // first use of the global propagator, e.g. "otelhttp.NewHandler in example.com/x"
	GlobalTracer string // first use of the global tracer provider, e.g. "otel.Tracer in example.com/x"
}

func (*setup) AFact() {}

func (f *setup) String() string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	add("propagator", f.SetsPropagator)
	if f.SetsTracerProvider {
		parts = append(parts, "setsTracerProvider")
	}
	add("creates", f.CreatesTracerProv)
	add("propagates", f.Propagates)
	add("global", f.GlobalTracer)
	return "setup(" + strings.Join(parts, " ") + ")"
}

func (f *setup) empty() bool {
	return f.SetsPropagator == "" && !f.SetsTracerProvider && f.CreatesTracerProv == "" && f.Propagates == "" && f.GlobalTracer == ""
}

// resourceSchema is a package fact on go.opentelemetry.io/otel/sdk/resource:
// the schema URL of resource.Default(), the SchemaURL constant of the
// semconv package that version of the SDK imports.
type resourceSchema struct {
	URL     string
	Semconv string // the semconv package path
}

func (*resourceSchema) AFact() {}

func (f *resourceSchema) String() string { return "resourceSchema(" + f.URL + ")" }

func run(pass *analysis.Pass, _ *Options) (any, error) {
	path := otelapi.TrimVendor(pass.Pkg.Path())
	if path == sdkResource {
		exportResourceSchema(pass)
		return nil, nil
	}
	isMain := pass.Pkg.Name() == "main" && !strings.HasSuffix(path, ".test")
	if !otelapi.ImportsOTel(pass.Pkg) && !(isMain && len(pass.AllPackageFacts()) > 0) {
		return nil, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	own := collect(pass, ins)
	if !own.empty() && !isMain { // nothing imports a main package
		pass.ExportPackageFact(own)
	}
	if !isUserCode(pass) {
		return nil, nil // the SDK and instrumentation themselves
	}
	checkResources(pass, ins)
	if isMain {
		checkProviders(pass, ins)
		checkProgram(pass, own)
	}
	return nil, nil
}

// isUserCode reports whether the package is a user of OpenTelemetry rather
// than part of it: outside the OpenTelemetry modules, or a program or
// example within them (go.opentelemetry.io/contrib/examples/dice).
func isUserCode(pass *analysis.Pass) bool {
	path := otelapi.TrimVendor(pass.Pkg.Path())
	if !otelapi.IsOTelPath(path) || pass.Pkg.Name() == "main" {
		return true
	}
	for _, elem := range strings.Split(path, "/") {
		if elem == "example" || elem == "examples" {
			return true
		}
	}
	return false
}

// funcPath returns the vendor-free import path of fn's package.
func funcPath(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	return otelapi.TrimVendor(fn.Pkg().Path())
}

// isPkgFunc reports whether fn is the package-level function path.name.
func isPkgFunc(fn *types.Func, path, name string) bool {
	return fn != nil && fn.Signature().Recv() == nil && fn.Name() == name && funcPath(fn) == path
}

// nonTest calls f for each file of the package that is not a _test.go file.
func nonTest(pass *analysis.Pass) []*ast.File {
	var out []*ast.File
	for _, f := range pass.Files {
		if !lint.IsTestFile(pass, f.Pos()) {
			out = append(out, f)
		}
	}
	return out
}

// exportResourceSchema records the schema URL of resource.Default(): the
// SchemaURL constant of the one semconv package sdk/resource imports.
func exportResourceSchema(pass *analysis.Pass) {
	if f, ok := schemaOfImports(pass.Pkg); ok {
		pass.ExportPackageFact(&f)
	}
}

// schemaOfImports finds the semconv package among pkg's imports and its
// SchemaURL constant.
func schemaOfImports(pkg *types.Package) (resourceSchema, bool) {
	var found []resourceSchema
	for _, imp := range pkg.Imports() {
		if _, ok := otelapi.IsSemconvPath(otelapi.TrimVendor(imp.Path())); !ok {
			continue
		}
		if c, ok := imp.Scope().Lookup("SchemaURL").(*types.Const); ok {
			if url, ok := constString(c.Val()); ok {
				found = append(found, resourceSchema{URL: url, Semconv: otelapi.TrimVendor(imp.Path())})
			}
		}
	}
	if len(found) != 1 {
		return resourceSchema{}, false // none, or ambiguous
	}
	return found[0], true
}
