package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/otellint/otellint/semconv"
)

type semconvOptions struct {
	Registries []string
	Format     string
	Namespace  string // list
	Args       []string
}

func newSemconvCmd(s *streams) *cobra.Command { return newSemconvCmdRun(s, nil) }

// newSemconvCmdRun builds the command; runF, when set, replaces the
// subcommands' actions (tests of flag parsing).
func newSemconvCmdRun(s *streams, runF func(sub string, o *semconvOptions) error) *cobra.Command {
	opts := &semconvOptions{}
	cmd := &cobra.Command{
		Use:   "semconv",
		Short: "Look up attributes and metrics of the semantic conventions",
		Long: `Look up the semantic conventions otellint checks against: attribute types,
stability, deprecations and their replacements, enum values, and which spans
and metrics use an attribute at which requirement level.

The embedded registry is semantic conventions ` + semconv.DefaultVersion + `. --registry adds
registries (directories of model YAML, or .tar.gz/.zip archives with an
optional [subdir]), loaded together and consulted before the embedded one,
e.g. company conventions.

Exit codes:
  0  found
  1  nothing found (get: unknown key or metric; search, list: no match)
  2  usage error, or a registry failed to load`,
		Example: `  otellint semconv get http.response.status_code
  otellint semconv get http.server.request.duration --format json
  otellint semconv search status_code
  otellint semconv list --namespace http
  otellint semconv get acme.tenant.id --registry ./model`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	pf := cmd.PersistentFlags()
	pf.StringArrayVar(&opts.Registries, "registry", nil, "additional registry (directory or archive[subdir]); repeatable")
	pf.StringVar(&opts.Format, "format", "text", "output format: text or json")

	get := &cobra.Command{
		Use:   "get KEY|METRIC|GROUP",
		Short: "Print the facts about an attribute key, a metric name or a group id",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			if runF != nil {
				return runF("get", opts)
			}
			return semconvGetRun(s, opts)
		},
	}
	search := &cobra.Command{
		Use:   "search TEXT",
		Short: "Find attribute keys, metric names and group ids containing TEXT",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			if runF != nil {
				return runF("search", opts)
			}
			return semconvSearchRun(s, opts)
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the attributes and metrics of the registry, or of one namespace",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF("list", opts)
			}
			return semconvListRun(s, opts)
		},
	}
	list.Flags().StringVar(&opts.Namespace, "namespace", "", "only this namespace, e.g. http")
	cmd.AddCommand(get, search, list)
	return cmd
}

// scRegistry is the registries of --registry layered over the embedded one.
type scRegistry struct {
	regs semconv.Layers // most specific first
}

func loadSemconvRegistry(o *semconvOptions) (*scRegistry, error) {
	if o.Format != "text" && o.Format != "json" {
		return nil, usageErrorf("unknown --format %q (want text or json)", o.Format)
	}
	r := &scRegistry{}
	if len(o.Registries) > 0 {
		extra, err := semconv.LoadAll(o.Registries...)
		if err != nil {
			return nil, usageErrorf("--registry: %v", err)
		}
		r.regs = append(r.regs, extra)
	}
	r.regs = append(r.regs, semconv.Default())
	return r, nil
}

func (r *scRegistry) lookup(key string) (*semconv.Registry, *semconv.Attribute, bool) {
	a, _, from, ok := r.regs.Lookup(key)
	return from, a, ok
}

func (r *scRegistry) metricGroups(name string) []*semconv.Group { return r.regs.MetricGroups(name) }

// attributes returns every attribute, the first registry's winning, sorted by key.
func (r *scRegistry) attributes() []*semconv.Attribute { return r.regs.Attributes() }

func (r *scRegistry) groups() []*semconv.Group { return r.regs.Groups() }

// versionOf names the registry an answer comes from.
func versionOf(reg *semconv.Registry) string {
	v := reg.Version()
	if v == "" {
		v = "unversioned"
	}
	if reg == semconv.Default() {
		return "semantic conventions " + v + " (embedded)"
	}
	return "--registry " + v
}

// JSON shapes.

type scDeprecation struct {
	Reason    string `json:"reason"`
	RenamedTo string `json:"renamed_to,omitempty"`
}

type scEnumValue struct {
	Value      string         `json:"value"`
	ID         string         `json:"id"`
	Stability  string         `json:"stability,omitempty"`
	Deprecated *scDeprecation `json:"deprecated,omitempty"`
}

type scUse struct {
	Group       string `json:"group"`
	Type        string `json:"type"`
	SpanKind    string `json:"span_kind,omitempty"`
	MetricName  string `json:"metric_name,omitempty"`
	Requirement string `json:"requirement"`
}

type scAttribute struct {
	Kind       string         `json:"kind"` // "attribute"
	Key        string         `json:"key"`
	Type       string         `json:"type"`
	Template   bool           `json:"template,omitempty"`
	Stability  string         `json:"stability,omitempty"`
	Deprecated *scDeprecation `json:"deprecated,omitempty"`
	Current    string         `json:"current,omitempty"` // the key to use today, when renamed
	Enum       []scEnumValue  `json:"enum,omitempty"`
	UsedBy     []scUse        `json:"used_by,omitempty"`
	Registry   string         `json:"registry"`
}

type scMetricAttr struct {
	Key         string `json:"key"`
	Requirement string `json:"requirement"`
}

type scMetric struct {
	Kind       string         `json:"kind"` // "metric"
	Name       string         `json:"name"`
	Group      string         `json:"group"`
	Instrument string         `json:"instrument,omitempty"`
	Unit       string         `json:"unit,omitempty"`
	Stability  string         `json:"stability,omitempty"`
	Deprecated *scDeprecation `json:"deprecated,omitempty"`
	Attributes []scMetricAttr `json:"attributes,omitempty"`
}

func toDeprecation(d *semconv.Deprecation) *scDeprecation {
	if d == nil {
		return nil
	}
	return &scDeprecation{Reason: d.Reason, RenamedTo: d.RenamedTo}
}

func (r *scRegistry) describeAttribute(reg *semconv.Registry, key string, a *semconv.Attribute) scAttribute {
	out := scAttribute{
		Kind:       "attribute",
		Key:        a.Key,
		Type:       string(a.Type),
		Template:   a.Template,
		Stability:  a.Stability,
		Deprecated: toDeprecation(a.Deprecated),
		Registry:   versionOf(reg),
	}
	if a.Deprecated != nil && a.Deprecated.RenamedTo != "" {
		if cur, _ := reg.Current(a.Key); cur != a.Key {
			out.Current = cur
		}
	}
	for _, m := range a.Enum {
		out.Enum = append(out.Enum, scEnumValue{Value: m.Value, ID: m.ID, Stability: m.Stability, Deprecated: toDeprecation(m.Deprecated)})
	}
	for _, u := range reg.UsedBy(a.Key) {
		out.UsedBy = append(out.UsedBy, scUse{Group: u.Group.ID, Type: u.Group.Type, SpanKind: u.Group.SpanKind, MetricName: u.Group.MetricName, Requirement: u.Requirement})
	}
	return out
}

func describeMetric(g *semconv.Group) scMetric {
	m := scMetric{
		Kind:       "metric",
		Name:       g.MetricName,
		Group:      g.ID,
		Instrument: g.Instrument,
		Unit:       g.Unit,
		Stability:  g.Stability,
		Deprecated: toDeprecation(g.Deprecated),
	}
	for _, ga := range g.Attributes {
		m.Attributes = append(m.Attributes, scMetricAttr{Key: ga.Key, Requirement: ga.Requirement})
	}
	return m
}

type scGroup struct {
	Kind       string         `json:"kind"` // "group"
	ID         string         `json:"id"`
	Type       string         `json:"type"`
	Extends    string         `json:"extends,omitempty"`
	SpanKind   string         `json:"span_kind,omitempty"`
	MetricName string         `json:"metric_name,omitempty"`
	Name       string         `json:"name,omitempty"`
	Stability  string         `json:"stability,omitempty"`
	Deprecated *scDeprecation `json:"deprecated,omitempty"`
	Attributes []scMetricAttr `json:"attributes,omitempty"`
}

func (r *scRegistry) group(id string) (*semconv.Group, bool) {
	g, _, ok := r.regs.Group(id)
	return g, ok
}

func describeGroup(g *semconv.Group) scGroup {
	out := scGroup{Kind: "group", ID: g.ID, Type: g.Type, Extends: g.Extends, SpanKind: g.SpanKind, MetricName: g.MetricName,
		Name: g.Name, Stability: g.Stability, Deprecated: toDeprecation(g.Deprecated)}
	for _, ga := range g.Attributes {
		out.Attributes = append(out.Attributes, scMetricAttr{Key: ga.Key, Requirement: ga.Requirement})
	}
	return out
}

func printGroup(w io.Writer, g scGroup) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "group\t%s\n", g.ID)
	fmt.Fprintf(tw, "type\t%s\n", g.Type)
	for _, f := range [][2]string{{"extends", g.Extends}, {"span kind", g.SpanKind}, {"metric", g.MetricName}, {"name", g.Name}, {"stability", g.Stability}} {
		if f[1] != "" {
			fmt.Fprintf(tw, "%s\t%s\n", f[0], f[1])
		}
	}
	if g.Deprecated != nil {
		fmt.Fprintf(tw, "deprecated\t%s\n", deprecationText(g.Deprecated, ""))
	}
	tw.Flush()
	if len(g.Attributes) > 0 {
		fmt.Fprintln(w, "attributes:")
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, a := range g.Attributes {
			fmt.Fprintf(tw, "  %s\t%s\n", a.Key, a.Requirement)
		}
		tw.Flush()
	}
}

func semconvGetRun(s *streams, o *semconvOptions) error {
	reg, err := loadSemconvRegistry(o)
	if err != nil {
		return err
	}
	name := o.Args[0]
	var results []any
	if r, a, ok := reg.lookup(name); ok {
		results = append(results, reg.describeAttribute(r, name, a))
	}
	for _, g := range reg.metricGroups(name) {
		results = append(results, describeMetric(g))
	}
	if len(results) == 0 {
		// A group id: span.http.server, metric.http.server.request.duration, ...
		if g, ok := reg.group(name); ok {
			results = append(results, describeGroup(g))
		}
	}
	if len(results) == 0 {
		sugg := reg.suggestions(name)
		if o.Format == "json" {
			if err := writeJSON(s.Out, map[string]any{"unknown": name, "suggestions": sugg}); err != nil {
				return err
			}
		}
		msg := fmt.Sprintf("otellint: %q is not an attribute, metric or group id of the registry", name)
		if len(sugg) > 0 {
			msg += "; did you mean " + quoteJoin(sugg, " or ") + "?"
		}
		fmt.Fprintln(s.ErrOut, msg)
		return silentExit(ExitFindings)
	}
	if o.Format == "json" {
		if len(results) == 1 {
			return writeJSON(s.Out, results[0])
		}
		return writeJSON(s.Out, results)
	}
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(s.Out)
		}
		switch r := r.(type) {
		case scAttribute:
			printAttribute(s.Out, r)
		case scMetric:
			printMetric(s.Out, r)
		case scGroup:
			printGroup(s.Out, r)
		}
	}
	return nil
}

func quoteJoin(ss []string, sep string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, sep)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func deprecationText(d *scDeprecation, current string) string {
	if d.RenamedTo != "" {
		t := "renamed to " + d.RenamedTo
		if current != "" && current != d.RenamedTo {
			t += " (now " + current + ")"
		}
		return t
	}
	return d.Reason
}

func printAttribute(w io.Writer, a scAttribute) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	key := a.Key
	if a.Template {
		key += ".<key>"
	}
	fmt.Fprintf(tw, "attribute\t%s\n", key)
	typ := a.Type
	if a.Enum != nil {
		typ += " (enum)"
	}
	if a.Template {
		typ += " (template)"
	}
	fmt.Fprintf(tw, "type\t%s\n", typ)
	if a.Stability != "" {
		fmt.Fprintf(tw, "stability\t%s\n", a.Stability)
	}
	if a.Deprecated != nil {
		fmt.Fprintf(tw, "deprecated\t%s\n", deprecationText(a.Deprecated, a.Current))
	}
	fmt.Fprintf(tw, "registry\t%s\n", a.Registry)
	tw.Flush()
	if len(a.Enum) > 0 {
		fmt.Fprintln(w, "values:")
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, v := range a.Enum {
			note := v.Stability
			if v.Deprecated != nil {
				note += ", deprecated: " + deprecationText(v.Deprecated, "")
			}
			fmt.Fprintf(tw, "  %s\t%s\n", v.Value, note)
		}
		tw.Flush()
	}
	if len(a.UsedBy) > 0 {
		fmt.Fprintln(w, "used by:")
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, u := range a.UsedBy {
			what := u.Type
			if u.SpanKind != "" {
				what += " (" + u.SpanKind + ")"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", u.Group, what, u.Requirement)
		}
		tw.Flush()
	}
}

func printMetric(w io.Writer, m scMetric) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "metric\t%s\n", m.Name)
	fmt.Fprintf(tw, "group\t%s\n", m.Group)
	if m.Instrument != "" {
		fmt.Fprintf(tw, "instrument\t%s\n", m.Instrument)
	}
	if m.Unit != "" {
		fmt.Fprintf(tw, "unit\t%s\n", m.Unit)
	}
	if m.Stability != "" {
		fmt.Fprintf(tw, "stability\t%s\n", m.Stability)
	}
	if m.Deprecated != nil {
		fmt.Fprintf(tw, "deprecated\t%s\n", deprecationText(m.Deprecated, ""))
	}
	tw.Flush()
	if len(m.Attributes) > 0 {
		fmt.Fprintln(w, "attributes:")
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, a := range m.Attributes {
			fmt.Fprintf(tw, "  %s\t%s\n", a.Key, a.Requirement)
		}
		tw.Flush()
	}
}

// suggestions proposes up to three keys or metric names close to name: the
// registry's own did-you-mean first, then the nearest by edit distance.
func (r *scRegistry) suggestions(name string) []string {
	var out []string
	for _, reg := range r.regs {
		if s, ok := reg.Suggest(name); ok {
			out = append(out, s)
			break
		}
	}
	type cand struct {
		s string
		d int
	}
	var cands []cand
	limit := 2
	if len(name) < 8 {
		limit = 1
	}
	seen := map[string]bool{}
	for _, s := range out {
		seen[s] = true
	}
	consider := func(s string) {
		if seen[s] {
			return
		}
		seen[s] = true
		if d := editDistance(name, s, limit); d <= limit {
			cands = append(cands, cand{s, d})
		}
	}
	for _, a := range r.attributes() {
		if a.Deprecated == nil {
			consider(a.Key)
		}
	}
	for _, g := range r.groups() {
		if g.Type == semconv.GroupMetric && g.Deprecated == nil {
			consider(g.MetricName)
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].d != cands[j].d {
			return cands[i].d < cands[j].d
		}
		return cands[i].s < cands[j].s
	})
	for _, c := range cands {
		if len(out) == 3 {
			break
		}
		out = append(out, c.s)
	}
	return out
}

// editDistance is the optimal string alignment distance of a and b, or
// limit+1 as soon as it must exceed limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// scEntry is one line of search and list output.
type scEntry struct {
	Kind      string `json:"kind"` // attribute, metric, group
	Name      string `json:"name"`
	Type      string `json:"type"` // attribute type, instrument, or group type
	Stability string `json:"stability,omitempty"`
	Note      string `json:"note,omitempty"` // deprecation, unit, span kind
}

func attributeEntry(a *semconv.Attribute) scEntry {
	e := scEntry{Kind: "attribute", Name: a.Key, Type: string(a.Type), Stability: a.Stability}
	if a.Template {
		e.Name += ".<key>"
	}
	if a.Enum != nil {
		e.Type += " enum"
	}
	if a.Deprecated != nil {
		e.Note = "deprecated: " + deprecationText(toDeprecation(a.Deprecated), "")
	}
	return e
}

func metricEntry(g *semconv.Group) scEntry {
	e := scEntry{Kind: "metric", Name: g.MetricName, Type: g.Instrument, Stability: g.Stability}
	if g.Unit != "" {
		e.Note = "unit " + g.Unit
	}
	if g.Deprecated != nil {
		e.Note = "deprecated: " + deprecationText(toDeprecation(g.Deprecated), "")
	}
	return e
}

func groupEntry(g *semconv.Group) scEntry {
	e := scEntry{Kind: "group", Name: g.ID, Type: g.Type, Stability: g.Stability}
	if g.SpanKind != "" {
		e.Note = "span kind " + g.SpanKind
	}
	if g.Deprecated != nil {
		e.Note = "deprecated: " + deprecationText(toDeprecation(g.Deprecated), "")
	}
	return e
}

func writeEntries(s *streams, o *semconvOptions, entries []scEntry) error {
	if o.Format == "json" {
		if entries == nil {
			entries = []scEntry{}
		}
		if err := writeJSON(s.Out, entries); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(s.Out, 0, 4, 2, ' ', 0)
		for _, e := range entries {
			line := e.Kind + "\t" + e.Name + "\t" + e.Type + "\t" + e.Stability
			if e.Note != "" {
				line += "\t" + e.Note
			}
			fmt.Fprintln(tw, line)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(entries) == 0 {
		return silentExit(ExitFindings)
	}
	return nil
}

func semconvSearchRun(s *streams, o *semconvOptions) error {
	reg, err := loadSemconvRegistry(o)
	if err != nil {
		return err
	}
	text := strings.ToLower(o.Args[0])
	if text == "" {
		return usageErrorf("search needs some text")
	}
	var entries []scEntry
	for _, a := range reg.attributes() {
		if strings.Contains(strings.ToLower(a.Key), text) {
			entries = append(entries, attributeEntry(a))
		}
	}
	var groups []scEntry
	for _, g := range reg.groups() {
		if g.Type == semconv.GroupMetric && strings.Contains(strings.ToLower(g.MetricName), text) {
			entries = append(entries, metricEntry(g))
		}
		if strings.Contains(strings.ToLower(g.ID), text) {
			groups = append(groups, groupEntry(g))
		}
	}
	return writeEntries(s, o, dedupEntries(append(entries, groups...)))
}

func dedupEntries(es []scEntry) []scEntry {
	seen := map[scEntry]bool{}
	var out []scEntry
	for _, e := range es {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

func semconvListRun(s *streams, o *semconvOptions) error {
	reg, err := loadSemconvRegistry(o)
	if err != nil {
		return err
	}
	ns := strings.TrimSuffix(o.Namespace, ".")
	in := func(name string) bool {
		return ns == "" || name == ns || strings.HasPrefix(name, ns+".")
	}
	var entries []scEntry
	for _, a := range reg.attributes() {
		if in(a.Key) {
			entries = append(entries, attributeEntry(a))
		}
	}
	for _, g := range reg.groups() {
		if g.Type == semconv.GroupMetric && in(g.MetricName) {
			entries = append(entries, metricEntry(g))
		}
	}
	return writeEntries(s, o, dedupEntries(entries))
}
