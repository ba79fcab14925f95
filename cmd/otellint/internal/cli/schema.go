package cli

import (
	"encoding/json"
	"io"
	"reflect"

	"github.com/spf13/cobra"
	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/analyzers/driver"
)

// SchemaURL is where the JSON Schema of .otellint.yml is published: the
// generated file in the repository (analyzers/otellint.schema.json).
const SchemaURL = "https://raw.githubusercontent.com/otellint/otellint/main/analyzers/otellint.schema.json"

func newSchemaCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of .otellint.yml, for editors' YAML language servers",
		Long: `Print the JSON Schema of .otellint.yml, generated from the analyzers and
their options. YAML language servers (VS Code's YAML extension, yamlls)
complete and validate the file with it; add this first line to the file:

  # yaml-language-server: $schema=` + SchemaURL,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return writeConfigSchema(s.Out, analyzers.All)
		},
	}
}

func writeConfigSchema(w io.Writer, as []*analysis.Analyzer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(configSchema(as))
}

// configSchema is the JSON Schema (draft-07, what YAML language servers
// read) of .otellint.yml and of the golangci-lint settings block, which
// has the same keys: the analyzers' names and every option with its help,
// type and default.
func configSchema(as []*analysis.Analyzer) map[string]any {
	names := make([]string, len(as))
	settings := map[string]any{}
	for i, a := range as {
		names[i] = a.Name
		props := map[string]any{}
		for _, o := range driver.Options(a) {
			props[o.Name] = optionSchema(o)
		}
		settings[a.Name] = map[string]any{
			"description":          driver.Summary(a.Doc) + " (" + a.URL + ")",
			"type":                 []string{"object", "null"},
			"additionalProperties": false,
			"properties":           props,
		}
	}
	list := func(desc string, items map[string]any) map[string]any {
		return map[string]any{"description": desc, "type": []string{"array", "null"}, "items": items}
	}
	analyzer := map[string]any{"$ref": "#/definitions/analyzer"}
	return map[string]any{
		"$schema":              "http://json-schema.org/draft-07/schema#",
		"$id":                  SchemaURL,
		"title":                "otellint configuration (.otellint.yml)",
		"description":          "Configuration of the otellint analyzers, read from the nearest .otellint.yml up to the module root; the same keys go in golangci-lint's settings block for the otellint plugin.",
		"type":                 []string{"object", "null"}, // an empty file is the defaults
		"additionalProperties": false,
		"properties": map[string]any{
			"enable":  list("Run only these analyzers (default: all).", analyzer),
			"disable": list("Never run these analyzers.", analyzer),
			"exclude": list(`No findings in files matching these globs, relative to this file's directory; "**" spans directories.`, map[string]any{"type": "string"}),
			"settings": map[string]any{
				"description":          "Per-analyzer options; otellint explain NAME lists them.",
				"type":                 []string{"object", "null"},
				"additionalProperties": false,
				"properties":           settings,
			},
		},
		"definitions": map[string]any{
			"analyzer": map[string]any{"description": "An otellint analyzer (otellint rules lists them).", "enum": names},
		},
	}
}

func optionSchema(o driver.Option) map[string]any {
	s := map[string]any{"description": o.Help, "default": o.Default}
	switch o.Kind {
	case reflect.Bool:
		s["type"] = "boolean"
	case reflect.Int:
		s["type"] = "integer"
	case reflect.Float64:
		s["type"] = "number"
	case reflect.String:
		s["type"] = "string"
	case reflect.Slice:
		s["type"] = "array"
		s["items"] = map[string]any{"type": "string"}
	}
	return s
}
