// Package sariftest validates SARIF logs in tests against the official
// SARIF 2.1.0 JSON schema, vendored under testdata/sarif.
package sariftest

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaFile is the vendored schema, found from this source file.
func SchemaFile() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "sarif", "sarif-schema-2.1.0.json")
}

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	f, err := os.Open(SchemaFile())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, err
	}
	const id = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	c := jsonschema.NewCompiler()
	c.AssertFormat() // uri, uri-reference, date-time are checked too
	if err := c.AddResource(id, doc); err != nil {
		return nil, err
	}
	return c.Compile(id)
})

// Validate fails t, naming every violation, when data is not a valid
// SARIF 2.1.0 log.
func Validate(t testing.TB, data []byte) {
	t.Helper()
	schema, err := compiled()
	if err != nil {
		t.Fatalf("compiling the SARIF schema %s: %v", SchemaFile(), err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the SARIF log is not JSON: %v", err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("the SARIF log does not validate against the SARIF 2.1.0 schema:\n%v", err)
	}
}
