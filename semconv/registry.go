package semconv

import (
	"sort"
	"strings"
)

// Registry is a resolved semantic-conventions registry with indexes for the
// lookups analyzers do on every attribute key they see.
//
// A Registry is immutable after construction and safe for concurrent use. The
// *Attribute and *Group values it returns point into the registry and must not
// be modified.
type Registry struct {
	version string

	attrs     []Attribute // sorted by key
	attrPtrs  []*Attribute
	attrIndex map[string]*Attribute
	// namespaces holds every proper dotted prefix of every attribute key
	// ("http" and "http.request" for "http.request.method"), each with the
	// non-deprecated attributes below it, used by OwnsNamespace and Suggest.
	namespaces map[string][]*Attribute

	groups     []Group // sorted by id
	groupPtrs  []*Group
	groupIndex map[string]*Group
	metrics    map[string]*Group
	usedBy     map[string][]GroupUse
	spans      map[string][]*Group // by span kind; "" holds all span groups
}

// newRegistry indexes resolved attributes and groups. It copies the slices it
// is given (but not the nested enum/attribute slices, which are never
// modified) so that generated static data can never be changed through a
// Registry.
func newRegistry(version string, attrs []Attribute, groups []Group) *Registry {
	r := &Registry{
		version:    version,
		attrs:      append([]Attribute(nil), attrs...),
		groups:     append([]Group(nil), groups...),
		attrIndex:  make(map[string]*Attribute, len(attrs)),
		namespaces: make(map[string][]*Attribute),
		groupIndex: make(map[string]*Group, len(groups)),
		metrics:    make(map[string]*Group),
		usedBy:     make(map[string][]GroupUse),
		spans:      make(map[string][]*Group),
	}
	sort.Slice(r.attrs, func(i, j int) bool { return r.attrs[i].Key < r.attrs[j].Key })
	sort.Slice(r.groups, func(i, j int) bool { return r.groups[i].ID < r.groups[j].ID })

	r.attrPtrs = make([]*Attribute, len(r.attrs))
	for i := range r.attrs {
		a := &r.attrs[i]
		r.attrPtrs[i] = a
		r.attrIndex[a.Key] = a
		for j := 0; j < len(a.Key); j++ {
			if a.Key[j] != '.' {
				continue
			}
			ns := a.Key[:j]
			list := r.namespaces[ns]
			if a.Deprecated == nil {
				list = append(list, a)
			}
			r.namespaces[ns] = list
		}
	}

	r.groupPtrs = make([]*Group, len(r.groups))
	for i := range r.groups {
		g := &r.groups[i]
		r.groupPtrs[i] = g
		r.groupIndex[g.ID] = g
		if g.Type == GroupSpan {
			r.spans[""] = append(r.spans[""], g)
			r.spans[g.SpanKind] = append(r.spans[g.SpanKind], g)
		}
		if g.Type != GroupAttributeGroup {
			for _, ga := range g.Attributes {
				r.usedBy[ga.Key] = append(r.usedBy[ga.Key], GroupUse{Group: g, Requirement: ga.Requirement})
			}
		}
	}
	for _, g := range r.groupPtrs {
		if g.Type != GroupMetric || g.MetricName == "" {
			continue
		}
		// Refinements share the metric name of the metric they refine;
		// Metric returns the base definition: the first group (in id order)
		// that does not extend a metric group of the same name.
		if _, ok := r.metrics[g.MetricName]; !ok && !r.refinesMetric(g) {
			r.metrics[g.MetricName] = g
		}
	}
	for _, g := range r.groupPtrs {
		if _, ok := r.metrics[g.MetricName]; !ok && g.Type == GroupMetric && g.MetricName != "" {
			r.metrics[g.MetricName] = g // only refinements (cyclic or broken data)
		}
	}
	return r
}

func (r *Registry) refinesMetric(g *Group) bool {
	p, ok := r.groupIndex[g.Extends]
	return ok && p.Type == GroupMetric && p.MetricName == g.MetricName
}

// Version is the semantic-conventions version of the registry, e.g. "1.44.0",
// taken from the registry manifest. It is empty when no manifest gave one.
func (r *Registry) Version() string { return r.version }

// Attribute returns the attribute defined with exactly this key. A template
// attribute is only returned for its bare prefix; use Lookup to match keys
// that instantiate a template.
func (r *Registry) Attribute(key string) (*Attribute, bool) {
	a, ok := r.attrIndex[key]
	return a, ok
}

// Lookup resolves a key the way a telemetry producer would use it: first as an
// exact attribute key, then as an instance of a template attribute. A template
// "http.request.header" matches "http.request.header.x-id" but neither
// "http.request.headers.host" (the separating dot is required) nor the bare
// prefix. When several templates match, the longest wins. template reports
// whether the match was through a template. Lookup does not allocate.
func (r *Registry) Lookup(key string) (a *Attribute, template bool, ok bool) {
	if a, ok := r.attrIndex[key]; ok {
		return a, false, true
	}
	for i := len(key) - 1; i > 0; i-- {
		if key[i] != '.' || i == len(key)-1 {
			continue
		}
		if a, ok := r.attrIndex[key[:i]]; ok && a.Template {
			return a, true, true
		}
	}
	return nil, false, false
}

// namespaceOf returns the longest proper dotted prefix of key under which the
// registry defines attributes.
func (r *Registry) namespaceOf(key string) (string, bool) {
	for i := len(key) - 1; i > 0; i-- {
		if key[i] != '.' {
			continue
		}
		if _, ok := r.namespaces[key[:i]]; ok {
			return key[:i], true
		}
	}
	return "", false
}

// OwnsNamespace reports whether key falls inside a namespace the registry
// defines attributes in, so that a producer inventing the key is squatting on
// the registry's names. The rule: some proper dotted prefix of key ("http",
// "http.request" for "http.request.methd") is a namespace of the registry,
// that is, a proper dotted prefix of one of its attribute keys. A key that is
// itself a registry attribute is owned too. Keys without a dot are owned only
// when they are attributes.
func (r *Registry) OwnsNamespace(key string) bool {
	if _, ok := r.attrIndex[key]; ok {
		return true
	}
	_, ok := r.namespaceOf(key)
	return ok
}

// maxSuggestDistance is the largest edit distance Suggest accepts. Larger
// distances produce more wrong suggestions than useful ones.
const maxSuggestDistance = 2

// Suggest proposes the registry attribute that key was most likely meant to
// be. Candidates are the non-deprecated attributes of the longest registry
// namespace enclosing key (see OwnsNamespace); the distance is the optimal
// string alignment distance (Levenshtein plus adjacent transpositions). A
// suggestion is made only when it is clearly best: the best distance is at
// most 2 (1 for keys shorter than 8 bytes) and strictly smaller than the
// second best. Suggest reports false for keys that resolve through Lookup.
func (r *Registry) Suggest(key string) (string, bool) {
	if _, _, ok := r.Lookup(key); ok {
		return "", false
	}
	ns, ok := r.namespaceOf(key)
	if !ok {
		return "", false
	}
	limit := maxSuggestDistance
	if len(key) < 8 {
		limit = 1
	}
	best, second := limit+1, limit+1
	var bestKey string
	var buf [3][64]int
	for _, a := range r.namespaces[ns] {
		d := osaDistance(key, a.Key, limit+1, &buf)
		switch {
		case d < best:
			second, best, bestKey = best, d, a.Key
		case d < second:
			second = d
		}
	}
	if best <= limit && best < second {
		return bestKey, true
	}
	return "", false
}

// osaDistance computes the optimal string alignment distance of a and b,
// returning limit as soon as the distance is known to be at least limit.
func osaDistance(a, b string, limit int, buf *[3][64]int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	n := len(b) + 1
	var prev2, prev, cur []int
	if n <= len(buf[0]) {
		prev2, prev, cur = buf[0][:n], buf[1][:n], buf[2][:n]
	} else {
		prev2, prev, cur = make([]int, n), make([]int, n), make([]int, n)
	}
	for j := range prev {
		prev[j] = j
	}
	prevMin := 0
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j < n; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		// Every later cell is at least min(rowMin, prevMin+1): stop once
		// that reaches the limit.
		if rowMin >= limit && prevMin+1 >= limit {
			return limit
		}
		prevMin = rowMin
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[n-1], limit)
}

// maxRenames bounds renamed_to chains; real chains are one or two long.
const maxRenames = 32

// Current follows renamed_to deprecations from key to the key that should be
// used today. It returns key itself and a nil chain when key is not renamed.
// Otherwise chain lists the keys visited after key, ending with the returned
// key (e.g. "a" -> "b" -> "c" gives "c", ["b", "c"]). The walk stops at a
// key that is not a renamed attribute of the registry, and before revisiting
// a key, so a rename cycle returns the last key before the cycle closes.
func (r *Registry) Current(key string) (string, []string) {
	cur := key
	var chain []string
	for range maxRenames {
		a, ok := r.attrIndex[cur]
		if !ok || a.Deprecated == nil || a.Deprecated.RenamedTo == "" {
			break
		}
		next := a.Deprecated.RenamedTo
		if next == key || contains(chain, next) {
			break
		}
		chain = append(chain, next)
		cur = next
	}
	return cur, chain
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TypeCompatible reports whether a value of type got may be recorded for an
// attribute declared with type want. Identical types are compatible; an int
// is accepted where a double is expected because OpenTelemetry APIs widen it
// losslessly enough for all conventions; "any" on either side is compatible
// because one side could not be determined. Arrays must have exactly the same
// element type: an []int64 is not encoded as a double array.
func TypeCompatible(want Type, got Type) bool {
	switch {
	case want == got, want == TypeAny, got == TypeAny:
		return true
	case want == TypeDouble && got == TypeInt:
		return true
	}
	return false
}

// Metric returns the metric group that defines the metric name. When
// refinements of a metric share its name, the base definition is returned.
func (r *Registry) Metric(name string) (*Group, bool) {
	g, ok := r.metrics[name]
	return g, ok
}

// Group returns the group with this id.
func (r *Registry) Group(id string) (*Group, bool) {
	g, ok := r.groupIndex[id]
	return g, ok
}

// Attributes returns all attributes sorted by key. The slice is shared.
func (r *Registry) Attributes() []*Attribute { return r.attrPtrs }

// Groups returns all groups sorted by id. The slice is shared.
func (r *Registry) Groups() []*Group { return r.groupPtrs }

// UsedBy returns the span, metric, event and entity groups that use the
// attribute key (exactly this key; attribute groups are not listed because
// they only exist to be included), in group id order. The slice is shared.
func (r *Registry) UsedBy(key string) []GroupUse { return r.usedBy[key] }

// SpanGroups returns the span groups with the given span kind ("client",
// "server", "internal", "producer", "consumer"; case-insensitive, with or
// without a "SPAN_KIND_" prefix as in OTLP), in id order, or all span groups
// when kind is empty. A runtime checker uses it to find the conventions a
// received span may follow. The slice is shared.
func (r *Registry) SpanGroups(kind string) []*Group {
	if g, ok := r.spans[kind]; ok {
		return g
	}
	k := strings.ToLower(strings.TrimPrefix(strings.ToUpper(kind), "SPAN_KIND_"))
	return r.spans[k]
}
