package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/analyzers/driver"
)

var schemaFile = filepath.Join("..", "..", "..", "..", "analyzers", "otellint.schema.json")

// The published schema is generated from the analyzers; this test fails
// when it drifts (rerun with -update to rewrite it).
func TestConfigSchemaIsGenerated(t *testing.T) {
	var buf bytes.Buffer
	if err := writeConfigSchema(&buf, analyzers.All); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(schemaFile, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	committed, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(committed), buf.String()); diff != "" {
		t.Errorf("%s is stale; run go test ./cmd/otellint/internal/cli -run ConfigSchema -update (-committed +generated):\n%s", schemaFile, diff)
	}
	out, _, code := execute("schema")
	if code != 0 || out != buf.String() {
		t.Errorf("otellint schema: exit %d, output differs from the generated schema", code)
	}
}

// The schema accepts what otellint accepts and rejects what it rejects.
func TestConfigSchemaAgreesWithTheParser(t *testing.T) {
	var buf bytes.Buffer
	if err := writeConfigSchema(&buf, analyzers.All); err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaURL, doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(SchemaURL)
	if err != nil {
		t.Fatal(err)
	}
	configs := map[string]bool{ // YAML → valid
		"":                          true,
		"enable: [spanend]\n":       true,
		"disable: null\n":           true,
		"exclude: ['gen/**']\n":     true,
		"enable: spanend\n":         false,
		"enable: [spanends]\n":      false,
		"enabel: [spanend]\n":       false,
		"settings:\n  nosuch: {}\n": false,
		"settings:\n  simpleprocessor:\n    alow: ['x']\n":          false,
		"settings:\n  simpleprocessor:\n    allow: 3\n":             false,
		"settings:\n  simpleprocessor:\n    allow: ['**/cmd/**']\n": true,
		"settings:\n  spanend:\n    tests: true\n":                  true,
		"settings:\n  spanend:\n    tests: yes\n":                   false, // YAML 1.2: a string
		"settings:\n  spanend:\n    tests: 'yes'\n":                 false,
		"settings:\n  spanname:\n":                                  true,
	}
	configs[readmeConfig(t)] = true
	// Every option of every analyzer, at its default.
	var all strings.Builder
	all.WriteString("settings:\n")
	for _, a := range analyzers.All {
		fmt.Fprintf(&all, "  %s:\n", a.Name)
		for _, o := range driver.Options(a) {
			v, _ := json.Marshal(o.Default)
			fmt.Fprintf(&all, "    %s: %s\n", o.Name, v)
		}
	}
	configs[all.String()] = true
	for src, valid := range configs {
		_, perr := driver.ParseConfig("t.yml", []byte(src))
		var v any
		if err := yaml.Unmarshal([]byte(src), &v); err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		serr := schema.Validate(jsonValue(v))
		if (perr == nil) != valid || (serr == nil) != valid {
			t.Errorf("config %q: parser error %v, schema error %v; want valid=%v from both", src, perr, serr, valid)
		}
	}
}

// jsonValue turns a decoded YAML value into what JSON decoding gives.
func jsonValue(v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		panic(err)
	}
	return out
}

// readmeConfig is the example .otellint.yml of the README.
func readmeConfig(t *testing.T) string {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, "## Configuration: `.otellint.yml`")
	j := strings.Index(s[i:], "```yaml\n")
	if i < 0 || j < 0 {
		t.Fatal("README.md has no example configuration")
	}
	block := s[i+j+len("```yaml\n"):]
	return block[:strings.Index(block, "```")]
}
