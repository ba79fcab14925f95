package lint

import (
	"flag"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"gopkg.in/yaml.v3"

	"github.com/otellint/otellint/analyzers/internal/config"
)

// Options structs are plain structs whose exported fields carry a yaml tag
// (the option's name in .otellint.yml, in golangci-lint settings and, as
// -ANALYZER.NAME, on the go vet command line) and a help tag. Supported
// field types: bool, int, float64, string, []string (a comma-separated list
// on the command line).

type optField struct {
	index int
	name  string
	help  string
	kind  reflect.Type
}

func optionFields(t reflect.Type) []optField {
	if t.Kind() != reflect.Struct {
		panic("otellint: options must be a struct, got " + t.String())
	}
	var out []optField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "" || name == "-" || !sf.IsExported() {
			continue
		}
		switch sf.Type.Kind() {
		case reflect.Bool, reflect.Int, reflect.Float64, reflect.String:
		case reflect.Slice:
			if sf.Type.Elem().Kind() != reflect.String {
				panic("otellint: unsupported option type " + sf.Type.String())
			}
		default:
			panic("otellint: unsupported option type " + sf.Type.String())
		}
		out = append(out, optField{index: i, name: name, help: sf.Tag.Get("help"), kind: sf.Type})
	}
	return out
}

// optFlag is the flag.Value registered for an option. It only holds the
// text given on the command line; the analyzer applies it on top of the
// config file for each package, because flags set explicitly win.
type optFlag struct {
	kind reflect.Type
	def  string
	val  string
	set  bool
}

func (f *optFlag) String() string {
	if f == nil {
		return ""
	}
	if f.set {
		return f.val
	}
	return f.def
}

func (f *optFlag) Set(s string) error {
	if err := setValue(reflect.New(f.kind).Elem(), s); err != nil {
		return err
	}
	f.val, f.set = s, true
	return nil
}

func (f *optFlag) IsBoolFlag() bool { return f.kind.Kind() == reflect.Bool }

func formatValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = v.Index(i).String()
		}
		return strings.Join(parts, ",")
	default:
		return fmt.Sprint(v.Interface())
	}
}

func setValue(v reflect.Value, s string) error {
	switch v.Kind() {
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true or false, got %q", s)
		}
		v.SetBool(b)
	case reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("want an integer, got %q", s)
		}
		v.SetInt(int64(n))
	case reflect.Float64:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("want a number, got %q", s)
		}
		v.SetFloat(x)
	case reflect.String:
		v.SetString(s)
	case reflect.Slice:
		var list []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				list = append(list, p)
			}
		}
		v.Set(reflect.ValueOf(list))
	}
	return nil
}

func bindFlags(fs *flag.FlagSet, defaults reflect.Value) {
	for _, f := range optionFields(defaults.Type()) {
		fs.Var(&optFlag{kind: f.kind, def: formatValue(defaults.Field(f.index))}, f.name, f.help)
	}
}

// validateSettings checks a settings block against the options type with
// file:line errors, then decodes it into dst (when dst is valid).
func validateSettings(file *config.File, n *yaml.Node, dst reflect.Value) error {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("%s: want a mapping of option names to values", file.Position(n))
	}
	fields := optionFields(dst.Type())
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var field *optField
		for j := range fields {
			if fields[j].name == k.Value {
				field = &fields[j]
			}
		}
		if field == nil {
			names := make([]string, len(fields))
			for j, f := range fields {
				names[j] = f.name
			}
			return fmt.Errorf("%s: unknown option %q (options: %s)", file.Position(k), k.Value, strings.Join(names, ", "))
		}
		if err := checkKind(field.kind, v); err != nil {
			return fmt.Errorf("%s: option %q: %v", file.Position(v), k.Value, err)
		}
		if err := v.Decode(dst.Field(field.index).Addr().Interface()); err != nil {
			return fmt.Errorf("%s: option %q: %v", file.Position(v), k.Value, err)
		}
	}
	return nil
}

func checkKind(t reflect.Type, n *yaml.Node) error {
	scalar := func(tags ...string) error {
		if n.Kind == yaml.ScalarNode {
			for _, tag := range tags {
				if n.Tag == tag {
					return nil
				}
			}
		}
		return fmt.Errorf("want %s, got %s", describe(t), describeNode(n))
	}
	switch t.Kind() {
	case reflect.Bool:
		return scalar("!!bool")
	case reflect.Int:
		return scalar("!!int")
	case reflect.Float64:
		return scalar("!!int", "!!float")
	case reflect.String:
		return scalar("!!str")
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return fmt.Errorf("want a list of strings, got %s", describeNode(n))
		}
		for _, e := range n.Content {
			if e.Kind != yaml.ScalarNode || e.Tag != "!!str" {
				return fmt.Errorf("line %d: want a string, got %s", e.Line, describeNode(e))
			}
		}
	}
	return nil
}

func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int:
		return "an integer"
	case reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	}
	return "a list of strings"
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	}
	switch n.Tag {
	case "!!int":
		return "an integer"
	case "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "nothing"
	}
	return fmt.Sprintf("the string %q", n.Value)
}

// Option describes one option of an analyzer, for documentation and the
// JSON Schema of .otellint.yml.
type Option struct {
	Name    string
	Help    string
	Kind    reflect.Kind // Bool, Int, Float64, String, or Slice (of strings)
	Default any          // bool, int, float64, string or []string
}

// Options lists the options of an analyzer built by this package, in the
// order of its flags (by name).
func Options(a *analysis.Analyzer) []Option {
	var out []Option
	a.Flags.VisitAll(func(f *flag.Flag) {
		of, ok := f.Value.(*optFlag)
		if !ok {
			return
		}
		v := reflect.New(of.kind).Elem()
		_ = setValue(v, of.def) // the default was formatted by formatValue
		def := v.Interface()
		if l, ok := def.([]string); ok && l == nil {
			def = []string{}
		}
		out = append(out, Option{Name: f.Name, Help: f.Usage, Kind: of.kind.Kind(), Default: def})
	})
	return out
}
