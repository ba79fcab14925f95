package semconv

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Load reads and resolves a registry from path, which is either a directory
// tree of YAML files or a .tar.gz, .tgz or .zip archive. Weaver's sub-folder
// notation selects part of an archive (or directory): "v1.44.0.tar.gz[model]".
// A manifest.yaml or registry_manifest.yaml in the source gives the version.
func Load(path string) (*Registry, error) { return LoadAll(path) }

// LoadFS reads and resolves a registry from the YAML files of fsys.
func LoadFS(fsys fs.FS) (*Registry, error) { return LoadFSAll(fsys) }

// LoadAll reads several registry sources and resolves them as one registry,
// which is how a company registry is used together with the official one it
// references: LoadAll("company/model", "semconv-v1.44.0.tar.gz[model]").
//
// All sources are parsed first and resolved together, so the order does not
// matter for references: any group may ref attributes or extend groups of any
// source. Attribute keys and group ids must be unique across all sources; a
// redefinition is an error, not an override, because silently shadowing an
// official definition is exactly what the linter exists to catch. Version()
// reports the version of the first source whose manifest has one, so list
// the registry you own first.
func LoadAll(paths ...string) (*Registry, error) {
	if len(paths) == 0 {
		return nil, errors.New("semconv: no registry source given")
	}
	var srcs [][]file
	for _, p := range paths {
		files, err := readSource(p)
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			// Almost always a wrong path; an empty registry would only
			// make every attribute look unknown.
			return nil, fmt.Errorf("semconv: %s: no YAML files", p)
		}
		srcs = append(srcs, files)
	}
	return resolveSources(srcs)
}

// LoadFSAll is LoadAll for file systems. Error messages name files by their
// path inside each fs.FS.
func LoadFSAll(fsyss ...fs.FS) (*Registry, error) {
	if len(fsyss) == 0 {
		return nil, errors.New("semconv: no registry source given")
	}
	var srcs [][]file
	for _, fsys := range fsyss {
		files, err := readFS(fsys, func(p string) string { return p })
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, errors.New("semconv: file system has no YAML files")
		}
		srcs = append(srcs, files)
	}
	return resolveSources(srcs)
}

func resolveSources(srcs [][]file) (*Registry, error) {
	p := newParser()
	version := ""
	for _, files := range srcs {
		manifest, rest := splitManifest(files)
		if manifest != nil {
			v, err := parseManifest(manifest)
			if err != nil {
				return nil, err
			}
			if version == "" {
				version = v
			}
		}
		for i := range rest {
			if err := p.parseFile(&rest[i]); err != nil {
				return nil, err
			}
		}
	}
	attrs, groups, err := p.resolve()
	if err != nil {
		return nil, err
	}
	return newRegistry(version, attrs, groups), nil
}

// pos is a position in a source file for error messages.
type pos struct {
	file string
	line int
}

func (p pos) String() string { return p.file + ":" + strconv.Itoa(p.line) }

// posError is an error at a position. All load errors have the form
// "file:line: message" so editors and CI logs can link them.
func posError(at pos, format string, args ...any) error {
	return fmt.Errorf("%s: %s", at, fmt.Sprintf(format, args...))
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlError rewrites a yaml.v3 error ("yaml: line 3: ...", or a TypeError
// with one "line N: ..." entry per problem) into file:line form.
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	var msgs []string
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make([]string, len(msgs))
	for i, m := range msgs {
		if sm := yamlLineRE.FindStringSubmatch(m); sm != nil {
			out[i] = name + ":" + sm[1] + ": " + sm[2]
		} else {
			out[i] = name + ":1: " + strings.TrimPrefix(m, "yaml: ")
		}
	}
	return errors.New(strings.Join(out, "\n"))
}

// Raw syntax. Only the fields that carry facts are decoded; prose (brief,
// note, examples) and annotations are ignored.

type rawFile struct {
	// Version 2 files are marked with "file_format: definition/2" (the
	// semantic-conventions repository) or `version: "2"` (newer Weaver).
	FileFormat string     `yaml:"file_format"`
	Version    string     `yaml:"version"`
	Groups     []rawGroup `yaml:"groups"`
	// Version 2 syntax ("file_format: definition/2").
	Attributes        []rawAttr  `yaml:"attributes"`
	AttributeGroups   []rawGroup `yaml:"attribute_groups"`
	Spans             []rawGroup `yaml:"spans"`
	SpanRefinements   []rawGroup `yaml:"span_refinements"`
	Metrics           []rawGroup `yaml:"metrics"`
	MetricRefinements []rawGroup `yaml:"metric_refinements"`
	Events            []rawGroup `yaml:"events"`
	EventRefinements  []rawGroup `yaml:"event_refinements"`
	Entities          []rawGroup `yaml:"entities"`
}

type rawGroup struct {
	line       int
	ID         string    `yaml:"id"`
	Type       string    `yaml:"type"`
	Extends    string    `yaml:"extends"`
	Ref        string    `yaml:"ref"`
	SpanKind   string    `yaml:"span_kind"`
	Kind       string    `yaml:"kind"`
	MetricName string    `yaml:"metric_name"`
	Instrument string    `yaml:"instrument"`
	Unit       string    `yaml:"unit"`
	Name       yaml.Node `yaml:"name"`
	Stability  string    `yaml:"stability"`
	Deprecated yaml.Node `yaml:"deprecated"`
	Attributes []rawAttr `yaml:"attributes"`
	// Version 2 entities list identity and descriptive attributes apart.
	Identity    []rawAttr `yaml:"identity"`
	Description []rawAttr `yaml:"description"`
	// extendsLine is the line of the extends/ref key, for cycle errors.
	extendsLine int
}

func (g *rawGroup) UnmarshalYAML(n *yaml.Node) error {
	type plain rawGroup
	if err := n.Decode((*plain)(g)); err != nil {
		return err
	}
	g.line = n.Line
	g.extendsLine = n.Line
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; k == "extends" || k == "ref" {
			g.extendsLine = n.Content[i].Line
		}
	}
	return nil
}

type rawAttr struct {
	line             int
	ID               string      `yaml:"id"`
	Key              string      `yaml:"key"`
	Ref              string      `yaml:"ref"`
	RefGroup         string      `yaml:"ref_group"`
	Type             yaml.Node   `yaml:"type"`
	Members          []rawMember `yaml:"members"`
	Stability        string      `yaml:"stability"`
	Deprecated       yaml.Node   `yaml:"deprecated"`
	RequirementLevel yaml.Node   `yaml:"requirement_level"`
}

func (a *rawAttr) UnmarshalYAML(n *yaml.Node) error {
	type plain rawAttr
	if err := n.Decode((*plain)(a)); err != nil {
		return err
	}
	a.line = n.Line
	return nil
}

type rawMember struct {
	line       int
	ID         string    `yaml:"id"`
	Value      yaml.Node `yaml:"value"`
	Stability  string    `yaml:"stability"`
	Deprecated yaml.Node `yaml:"deprecated"`
}

func (m *rawMember) UnmarshalYAML(n *yaml.Node) error {
	type plain rawMember
	if err := n.Decode((*plain)(m)); err != nil {
		return err
	}
	m.line = n.Line
	return nil
}

// Parsed, not yet resolved definitions.

type attrDef struct {
	at   pos
	attr Attribute
}

type useKind int

const (
	useDefine   useKind = iota // attribute defined in place (version 1 syntax)
	useRef                     // ref: to an attribute
	useRefGroup                // ref_group: include another group's attributes
)

type attrUse struct {
	at          pos
	kind        useKind
	target      string // attribute key or group id
	requirement string // "" when not given
}

type groupDef struct {
	at        pos
	extendsAt pos
	group     Group
	// parent is the extends target; refines is the metric name or span type
	// a version 2 refinement refers to (resolved to a group id later).
	parent     string
	refines    string
	refinesSig string // "metric" or "span" for refinements
	uses       []attrUse
}

type parser struct {
	attrs     map[string]*attrDef
	attrOrder []string
	groups    map[string]*groupDef
	order     []string
}

func newParser() *parser {
	return &parser{attrs: map[string]*attrDef{}, groups: map[string]*groupDef{}}
}

func parseManifest(f *file) (string, error) {
	var m struct {
		SemconvVersion string `yaml:"semconv_version"`
		Version        string `yaml:"version"`
		SchemaURL      string `yaml:"schema_url"`
	}
	if err := yaml.Unmarshal(trimBOM(f.data), &m); err != nil {
		return "", yamlError(f.name, err)
	}
	switch {
	case m.SemconvVersion != "":
		return m.SemconvVersion, nil
	case m.Version != "":
		return m.Version, nil
	case m.SchemaURL != "":
		return path.Base(strings.TrimRight(m.SchemaURL, "/")), nil
	}
	return "", nil
}

func (p *parser) parseFile(f *file) error {
	var rf rawFile
	if err := yaml.Unmarshal(trimBOM(f.data), &rf); err != nil {
		return yamlError(f.name, err)
	}
	at := func(line int) pos { return pos{f.name, line} }
	v2 := rf.FileFormat != "" || rf.Version != ""
	if rf.FileFormat != "" && !strings.HasPrefix(rf.FileFormat, "definition/2") {
		return posError(at(1), "unsupported file_format %q", rf.FileFormat)
	}
	if rf.Version != "" && rf.Version != "2" {
		return posError(at(1), "unsupported version %q", rf.Version)
	}
	if !v2 && (len(rf.Attributes)+len(rf.AttributeGroups)+len(rf.Spans)+len(rf.Metrics)+len(rf.Events)+len(rf.Entities) > 0) {
		return posError(at(1), "version 2 sections (attributes, spans, metrics, ...) require file_format: definition/2 or version: \"2\"")
	}
	for i := range rf.Attributes {
		ra := &rf.Attributes[i]
		if ra.Key == "" {
			return posError(at(ra.line), "attribute without key")
		}
		if err := p.defineAttr(at, ra, ra.Key); err != nil {
			return err
		}
	}
	type section struct {
		groups []rawGroup
		kind   string
	}
	sections := []section{
		{rf.Groups, ""},
		{rf.AttributeGroups, GroupAttributeGroup},
		{rf.Spans, GroupSpan},
		{rf.SpanRefinements, "span_refinement"},
		{rf.Metrics, GroupMetric},
		{rf.MetricRefinements, "metric_refinement"},
		{rf.Events, GroupEvent},
		{rf.EventRefinements, "event_refinement"},
		{rf.Entities, GroupEntity},
	}
	for _, s := range sections {
		for i := range s.groups {
			if err := p.parseGroup(at, &s.groups[i], s.kind); err != nil {
				return err
			}
		}
	}
	return nil
}

// parseGroup records a group. kind is "" for version 1 groups and the section
// for version 2 definitions.
func (p *parser) parseGroup(at func(int) pos, rg *rawGroup, kind string) error {
	gd := &groupDef{at: at(rg.line), extendsAt: at(rg.extendsLine)}
	g := &gd.group
	g.Stability = rg.Stability
	g.Instrument = rg.Instrument
	g.Unit = rg.Unit
	dep, err := parseDeprecated(at, &rg.Deprecated)
	if err != nil {
		return err
	}
	g.Deprecated = dep
	name := ""
	if rg.Name.Kind == yaml.ScalarNode {
		name = rg.Name.Value
	}
	switch kind {
	case "":
		g.ID, g.Type, gd.parent = rg.ID, rg.Type, rg.Extends
		g.SpanKind, g.MetricName, g.Name = rg.SpanKind, rg.MetricName, name
		if g.ID == "" {
			return posError(gd.at, "group without id")
		}
		if g.Type == "" {
			return posError(gd.at, "group %q without type", g.ID)
		}
	case GroupAttributeGroup:
		g.ID, g.Type = rg.ID, GroupAttributeGroup
	case GroupSpan:
		// In version 2 "type" is the span type and "name" describes the span
		// name (prose); Weaver derives the group id from the type.
		g.ID, g.Type, g.SpanKind = "span."+rg.Type, GroupSpan, rg.Kind
		if rg.Type == "" {
			return posError(gd.at, "span without type")
		}
	case GroupMetric:
		g.ID, g.Type, g.MetricName = "metric."+name, GroupMetric, name
		if name == "" {
			return posError(gd.at, "metric without name")
		}
	case GroupEvent:
		g.ID, g.Type, g.Name = "event."+name, GroupEvent, name
		if name == "" {
			return posError(gd.at, "event without name")
		}
	case GroupEntity:
		g.ID, g.Type, g.Name = "entity."+rg.Type, GroupEntity, rg.Type
		if rg.Type == "" {
			return posError(gd.at, "entity without type")
		}
	default: // refinements
		sig := strings.TrimSuffix(kind, "_refinement")
		g.ID, g.Type, gd.refines, gd.refinesSig = rg.ID, sig, rg.Ref, sig
		if g.ID == "" {
			return posError(gd.at, "%s refinement without id", sig)
		}
		if rg.Ref == "" {
			return posError(gd.at, "%s refinement %q without ref", sig, g.ID)
		}
	}
	if g.ID == "" {
		return posError(gd.at, "group without id")
	}
	// Version 2 entities: identity attributes identify the entity, so they
	// are required unless stated otherwise; descriptive ones are
	// recommended, like any attribute.
	entries := rg.Attributes
	identity := len(rg.Identity)
	if kind == GroupEntity {
		entries = append(append(append([]rawAttr(nil), rg.Identity...), rg.Description...), rg.Attributes...)
	}
	for i := range entries {
		ra := &entries[i]
		u := attrUse{at: at(ra.line)}
		u.requirement, err = parseRequirement(at, ra)
		if err != nil {
			return err
		}
		if kind == GroupEntity && i < identity && u.requirement == "" {
			u.requirement = RequirementRequired
		}
		switch {
		case ra.Ref != "":
			u.kind, u.target = useRef, ra.Ref
		case ra.RefGroup != "":
			u.kind, u.target = useRefGroup, ra.RefGroup
		case ra.ID != "" && kind == "":
			u.kind, u.target = useDefine, ra.ID
			if err := p.defineAttr(at, ra, ra.ID); err != nil {
				return err
			}
		default:
			return posError(u.at, "group %q: attribute entry needs ref, ref_group or (version 1) id", g.ID)
		}
		gd.uses = append(gd.uses, u)
	}
	if prev, ok := p.groups[g.ID]; ok {
		return posError(gd.at, "duplicate group id %q (first defined at %s)", g.ID, prev.at)
	}
	p.groups[g.ID] = gd
	p.order = append(p.order, g.ID)
	return nil
}

func parseRequirement(at func(int) pos, ra *rawAttr) (string, error) {
	n := &ra.RequirementLevel
	switch n.Kind {
	case 0:
		return "", nil
	case yaml.ScalarNode:
		return n.Value, nil
	case yaml.MappingNode:
		if len(n.Content) == 2 {
			return n.Content[0].Value, nil
		}
	}
	return "", posError(at(n.Line), "requirement_level must be a level or a single-key mapping")
}

func parseDeprecated(at func(int) pos, n *yaml.Node) (*Deprecation, error) {
	switch n.Kind {
	case 0:
		return nil, nil
	case yaml.ScalarNode:
		// Old syntax: free text. The text is prose; keep only the fact.
		return &Deprecation{Reason: DeprecationUncategorized}, nil
	case yaml.MappingNode:
		var d struct {
			Reason    string `yaml:"reason"`
			RenamedTo string `yaml:"renamed_to"`
		}
		if err := n.Decode(&d); err != nil {
			return nil, yamlError(at(n.Line).file, err)
		}
		if d.Reason == "" {
			d.Reason = DeprecationUncategorized
		}
		return &Deprecation{Reason: d.Reason, RenamedTo: d.RenamedTo}, nil
	}
	return nil, posError(at(n.Line), "deprecated must be a mapping")
}

func (p *parser) defineAttr(at func(int) pos, ra *rawAttr, key string) error {
	d := &attrDef{at: at(ra.line)}
	a := &d.attr
	a.Key = key
	a.Stability = ra.Stability
	dep, err := parseDeprecated(at, &ra.Deprecated)
	if err != nil {
		return err
	}
	a.Deprecated = dep
	members := ra.Members
	switch ra.Type.Kind {
	case yaml.ScalarNode:
		t := ra.Type.Value
		if inner, ok := strings.CutPrefix(t, "template["); ok && strings.HasSuffix(inner, "]") {
			a.Template = true
			t = strings.TrimSuffix(inner, "]")
		}
		if t != "enum" {
			a.Type = Type(t)
			break
		}
		if members == nil {
			return posError(at(ra.Type.Line), "attribute %q: enum without members", key)
		}
	case yaml.MappingNode:
		var et struct {
			Members []rawMember `yaml:"members"`
		}
		if err := ra.Type.Decode(&et); err != nil {
			return yamlError(d.at.file, err)
		}
		if et.Members == nil {
			return posError(at(ra.Type.Line), "attribute %q: type mapping without members", key)
		}
		members = et.Members
	case 0:
		return posError(d.at, "attribute %q without type", key)
	default:
		return posError(at(ra.Type.Line), "attribute %q: type must be a name or an enum", key)
	}
	if a.Type == "" {
		enum, kind, err := parseMembers(at, key, members)
		if err != nil {
			return err
		}
		a.Enum, a.Type = enum, kind
	}
	if prev, ok := p.attrs[key]; ok {
		return posError(d.at, "duplicate attribute %q (first defined at %s)", key, prev.at)
	}
	p.attrs[key] = d
	p.attrOrder = append(p.attrOrder, key)
	return nil
}

// parseMembers converts enum members. The enum's kind is "int" when every
// value is a YAML integer, "double" when every value is numeric, "boolean"
// when every value is a YAML boolean, and "string" otherwise.
func parseMembers(at func(int) pos, key string, members []rawMember) ([]EnumMember, Type, error) {
	out := make([]EnumMember, 0, len(members))
	ints, nums, bools := true, true, true
	for i := range members {
		m := &members[i]
		if m.Value.Kind != yaml.ScalarNode {
			return nil, "", posError(at(m.line), "attribute %q: enum member %q without scalar value", key, m.ID)
		}
		v := m.Value.Value
		switch m.Value.Tag {
		case "!!bool":
			ints, nums = false, false
			v = strconv.FormatBool(v == "true" || v == "True" || v == "TRUE")
		case "!!int":
			bools = false
			n, err := strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 0, 64)
			if err != nil {
				return nil, "", posError(at(m.Value.Line), "attribute %q: bad int enum value %q", key, v)
			}
			v = strconv.FormatInt(n, 10)
		case "!!float":
			ints, bools = false, false
		default:
			ints, nums, bools = false, false, false
		}
		dep, err := parseDeprecated(at, &m.Deprecated)
		if err != nil {
			return nil, "", err
		}
		out = append(out, EnumMember{ID: m.ID, Value: v, Stability: m.Stability, Deprecated: dep})
	}
	switch {
	case len(members) > 0 && ints:
		return out, TypeInt, nil
	case len(members) > 0 && nums:
		return out, TypeDouble, nil
	case len(members) > 0 && bools:
		return out, TypeBoolean, nil
	}
	return out, TypeString, nil
}

// resolve checks references and computes each group's full attribute list.
func (p *parser) resolve() ([]Attribute, []Group, error) {
	attrs := make([]Attribute, 0, len(p.attrs))
	for _, k := range p.attrOrder {
		attrs = append(attrs, p.attrs[k].attr)
	}

	// Refinements name the metric or span they refine; map that to a group.
	metricGroup := map[string]string{}
	for _, id := range p.order {
		gd := p.groups[id]
		if gd.group.Type == GroupMetric && gd.refines == "" && gd.group.MetricName != "" {
			if _, ok := metricGroup[gd.group.MetricName]; !ok {
				metricGroup[gd.group.MetricName] = id
			}
		}
	}
	for _, id := range p.order {
		gd := p.groups[id]
		if gd.refines == "" {
			continue
		}
		target := gd.refinesSig + "." + gd.refines
		if gd.refinesSig == GroupMetric {
			if t, ok := metricGroup[gd.refines]; ok {
				target = t
			}
		}
		if _, ok := p.groups[target]; !ok {
			return nil, nil, posError(gd.extendsAt, "%s refinement %q refines unknown %s %q", gd.refinesSig, id, gd.refinesSig, gd.refines)
		}
		gd.parent = target
	}

	r := resolver{p: p, state: map[string]int{}, done: map[string][]GroupAttribute{}}
	groups := make([]Group, 0, len(p.order))
	for _, id := range p.order {
		list, err := r.group(id, nil)
		if err != nil {
			return nil, nil, err
		}
		g := p.groups[id].group
		g.Extends = p.groups[id].parent
		g.Attributes = list
		groups = append(groups, g)
	}
	// Refinements and extending signals describe the same telemetry as their
	// parent: inherit its identity when not restated. Parents may inherit
	// too (a refinement of a refinement), so repeat until nothing changes.
	byID := make(map[string]int, len(groups))
	for i := range groups {
		byID[groups[i].ID] = i
	}
	for changed := true; changed; {
		changed = false
		for i := range groups {
			g := &groups[i]
			if g.Extends == "" {
				continue
			}
			pg := &groups[byID[g.Extends]]
			if g.Type != pg.Type {
				continue
			}
			for _, f := range [][2]*string{{&g.SpanKind, &pg.SpanKind}, {&g.MetricName, &pg.MetricName}, {&g.Instrument, &pg.Instrument}, {&g.Unit, &pg.Unit}, {&g.Name, &pg.Name}, {&g.Stability, &pg.Stability}} {
				if *f[0] == "" && *f[1] != "" {
					*f[0] = *f[1]
					changed = true
				}
			}
		}
	}
	return attrs, groups, nil
}

type resolver struct {
	p     *parser
	state map[string]int // 1 = in progress, 2 = done
	done  map[string][]GroupAttribute
}

// group resolves the attribute list of group id. stack holds the chain of
// groups being resolved, for the cycle error message.
func (r *resolver) group(id string, stack []string) ([]GroupAttribute, error) {
	if list, ok := r.done[id]; ok {
		return list, nil
	}
	gd := r.p.groups[id]
	if r.state[id] == 1 {
		cycle := append(stack[indexOf(stack, id):], id)
		return nil, posError(gd.extendsAt, "cycle in extends/ref_group: %s", strings.Join(cycle, " -> "))
	}
	r.state[id] = 1
	stack = append(stack, id)

	var list []GroupAttribute
	index := map[string]int{}
	set := func(key, req string, override bool) {
		if i, ok := index[key]; ok {
			if override && req != "" {
				list[i].Requirement = req
			}
			return
		}
		if req == "" {
			req = RequirementRecommended
		}
		index[key] = len(list)
		list = append(list, GroupAttribute{Key: key, Requirement: req})
	}
	include := func(other string, at pos) error {
		if _, ok := r.p.groups[other]; !ok {
			return posError(at, "group %q: unknown group %q", id, other)
		}
		inherited, err := r.group(other, stack)
		if err != nil {
			return err
		}
		for _, ga := range inherited {
			set(ga.Key, ga.Requirement, false)
		}
		return nil
	}
	if gd.parent != "" {
		if err := include(gd.parent, gd.extendsAt); err != nil {
			return nil, err
		}
	}
	for _, u := range gd.uses {
		switch u.kind {
		case useRefGroup:
			if err := include(u.target, u.at); err != nil {
				return nil, err
			}
		case useRef:
			if _, ok := r.p.attrs[u.target]; !ok {
				return nil, posError(u.at, "group %q: ref to unknown attribute %q", id, u.target)
			}
			set(u.target, u.requirement, true)
		case useDefine:
			set(u.target, u.requirement, true)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Key < list[j].Key })
	r.state[id] = 2
	r.done[id] = list
	return list, nil
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return 0
}
