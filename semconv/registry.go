package semconv

import (
	"slices"
	"strings"
	"sync"
)

// Registry is a resolved semantic-conventions registry with indexes for the
// lookups analyzers do on every attribute key they see.
//
// Attributes and groups are kept sorted, and the hot lookups (Attribute,
// Lookup, OwnsNamespace, Group) are binary searches over them: building a
// Registry from the embedded data then costs two small pointer slices, which matters
// because every go vet process needs one. The indexes that only some callers
// need (Metric, MetricGroups, Event, Entity, UsedBy, SpanGroups) are built on
// their first use.
//
// A Registry is immutable after construction and safe for concurrent use. The
// *Attribute and *Group values it returns point into the registry and must not
// be modified.
type Registry struct {
	version string

	attrs     []Attribute // sorted by key
	attrPtrs  []*Attribute
	groups    []Group // sorted by id
	groupPtrs []*Group

	lazy         sync.Once
	metrics      map[string]*Group
	metricGroups map[string][]*Group
	events       map[string]*Group
	entities     map[string]*Group
	usedBy       map[string][]GroupUse
	spans        map[string][]*Group // by span kind; "" holds all span groups
}

// newRegistry indexes resolved attributes and groups. It takes ownership of
// the slices: for Default they are the generated static arrays, used in place
// so that first use does not copy half a megabyte (Default is shared anyway,
// which is why returned values are read-only). Already sorted input (the
// generated data) is not sorted again.
func newRegistry(version string, attrs []Attribute, groups []Group) *Registry {
	r := &Registry{version: version, attrs: attrs, groups: groups}
	if !slices.IsSortedFunc(r.attrs, func(a, b Attribute) int { return strings.Compare(a.Key, b.Key) }) {
		slices.SortFunc(r.attrs, func(a, b Attribute) int { return strings.Compare(a.Key, b.Key) })
	}
	if !slices.IsSortedFunc(r.groups, func(a, b Group) int { return strings.Compare(a.ID, b.ID) }) {
		slices.SortFunc(r.groups, func(a, b Group) int { return strings.Compare(a.ID, b.ID) })
	}
	r.attrPtrs = make([]*Attribute, len(r.attrs))
	for i := range r.attrs {
		r.attrPtrs[i] = &r.attrs[i]
	}
	r.groupPtrs = make([]*Group, len(r.groups))
	for i := range r.groups {
		r.groupPtrs[i] = &r.groups[i]
	}
	return r
}

// buildLazy builds the indexes of Metric, MetricGroups, Event, Entity, UsedBy
// and SpanGroups.
func (r *Registry) buildLazy() {
	r.lazy.Do(func() {
		r.metrics = make(map[string]*Group)
		r.metricGroups = make(map[string][]*Group)
		r.events = make(map[string]*Group)
		r.entities = make(map[string]*Group)
		r.usedBy = make(map[string][]GroupUse, len(r.attrs))
		r.spans = make(map[string][]*Group)
		for _, g := range r.groupPtrs {
			if g.Type == GroupSpan {
				r.spans[""] = append(r.spans[""], g)
				r.spans[g.SpanKind] = append(r.spans[g.SpanKind], g)
			}
			if g.Type == GroupMetric && g.MetricName != "" {
				r.metricGroups[g.MetricName] = append(r.metricGroups[g.MetricName], g)
			}
			if g.Type == GroupEvent && g.Name != "" && r.events[g.Name] == nil {
				r.events[g.Name] = g
			}
			if g.Type == GroupEntity && g.Name != "" && r.entities[g.Name] == nil {
				r.entities[g.Name] = g
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
			// Metric returns the base definition: the first group (in id
			// order) that does not extend a metric group of the same name.
			if _, ok := r.metrics[g.MetricName]; !ok && !r.refinesMetric(g) {
				r.metrics[g.MetricName] = g
			}
		}
		for _, g := range r.groupPtrs {
			if _, ok := r.metrics[g.MetricName]; !ok && g.Type == GroupMetric && g.MetricName != "" {
				r.metrics[g.MetricName] = g // only refinements (cyclic or broken data)
			}
		}
	})
}

func (r *Registry) refinesMetric(g *Group) bool {
	p, ok := r.Group(g.Extends)
	return ok && p.Type == GroupMetric && p.MetricName == g.MetricName
}

// search returns the index of the first attribute whose key is >= key.
func (r *Registry) search(key string) int {
	lo, hi := 0, len(r.attrs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r.attrs[m].Key < key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// searchNamespace returns the index of the first attribute whose key is >=
// ns+"." without building that string.
func (r *Registry) searchNamespace(ns string) int {
	lo, hi := 0, len(r.attrs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if lessThanDotted(r.attrs[m].Key, ns) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// lessThanDotted reports whether k < ns+".".
func lessThanDotted(k, ns string) bool {
	n := min(len(k), len(ns))
	if c := strings.Compare(k[:n], ns[:n]); c != 0 {
		return c < 0
	}
	if len(k) <= len(ns) {
		return true // k is a prefix of ns, hence shorter than ns+"."
	}
	return k[len(ns)] < '.'
}

// inNamespace reports whether k starts with ns+".".
func inNamespace(k, ns string) bool {
	return len(k) > len(ns) && k[len(ns)] == '.' && k[:len(ns)] == ns
}

// Version is the semantic-conventions version of the registry, e.g. "1.44.0",
// taken from the registry manifest. It is empty when no manifest gave one.
func (r *Registry) Version() string { return r.version }

// Attribute returns the attribute defined with exactly this key. A template
// attribute is only returned for its bare prefix; use Lookup to match keys
// that instantiate a template.
func (r *Registry) Attribute(key string) (*Attribute, bool) {
	if i := r.search(key); i < len(r.attrs) && r.attrs[i].Key == key {
		return &r.attrs[i], true
	}
	return nil, false
}

// Lookup resolves a key the way a telemetry producer would use it: first as an
// exact attribute key, then as an instance of a template attribute. A template
// "http.request.header" matches "http.request.header.x-id" but neither
// "http.request.headers.host" (the separating dot is required) nor the bare
// prefix. When several templates match, the longest wins. template reports
// whether the match was through a template. Lookup does not allocate.
func (r *Registry) Lookup(key string) (a *Attribute, template bool, ok bool) {
	if a, ok := r.Attribute(key); ok {
		return a, false, true
	}
	for i := len(key) - 1; i > 0; i-- {
		if key[i] != '.' || i == len(key)-1 {
			continue
		}
		if a, ok := r.Attribute(key[:i]); ok && a.Template {
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
		ns := key[:i]
		if j := r.searchNamespace(ns); j < len(r.attrs) && inNamespace(r.attrs[j].Key, ns) {
			return ns, true
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
	if _, ok := r.Attribute(key); ok {
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
	for i := r.searchNamespace(ns); i < len(r.attrs) && inNamespace(r.attrs[i].Key, ns); i++ {
		a := &r.attrs[i]
		if a.Deprecated != nil {
			continue
		}
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
		a, ok := r.Attribute(cur)
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
	r.buildLazy()
	g, ok := r.metrics[name]
	return g, ok
}

// MetricGroups returns every metric group with the metric name: the base
// definition and its refinements (e.g. hw.status and its per-component
// refinements), in id order. A runtime checker can accept a data point that
// satisfies any of them. The slice is shared.
func (r *Registry) MetricGroups(name string) []*Group {
	r.buildLazy()
	return r.metricGroups[name]
}

// Event returns the event group with the event name (the first in id order
// when refinements share it).
func (r *Registry) Event(name string) (*Group, bool) {
	r.buildLazy()
	g, ok := r.events[name]
	return g, ok
}

// Entity returns the entity group with the entity type name, e.g. "service".
func (r *Registry) Entity(name string) (*Group, bool) {
	r.buildLazy()
	g, ok := r.entities[name]
	return g, ok
}

// Group returns the group with this id.
func (r *Registry) Group(id string) (*Group, bool) {
	lo, hi := 0, len(r.groups)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r.groups[m].ID < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(r.groups) && r.groups[lo].ID == id {
		return &r.groups[lo], true
	}
	return nil, false
}

// Attributes returns all attributes sorted by key. The slice is shared.
func (r *Registry) Attributes() []*Attribute { return r.attrPtrs }

// Groups returns all groups sorted by id. The slice is shared.
func (r *Registry) Groups() []*Group { return r.groupPtrs }

// UsedBy returns the span, metric, event and entity groups that use the
// attribute key (exactly this key; attribute groups are not listed because
// they only exist to be included), in group id order. The slice is shared.
func (r *Registry) UsedBy(key string) []GroupUse {
	r.buildLazy()
	return r.usedBy[key]
}

// SpanGroups returns the span groups with the given span kind ("client",
// "server", "internal", "producer", "consumer"; case-insensitive, with or
// without a "SPAN_KIND_" prefix as in OTLP), in id order, or all span groups
// when kind is empty. A runtime checker uses it to find the conventions a
// received span may follow. The slice is shared.
func (r *Registry) SpanGroups(kind string) []*Group {
	r.buildLazy()
	if g, ok := r.spans[kind]; ok {
		return g
	}
	if len(kind) > len("SPAN_KIND_") && strings.EqualFold(kind[:len("SPAN_KIND_")], "SPAN_KIND_") {
		kind = kind[len("SPAN_KIND_"):]
	}
	for _, k := range spanKinds {
		if strings.EqualFold(kind, k) {
			return r.spans[k]
		}
	}
	return nil
}

// spanKinds are the span kinds of the semantic conventions, as spelled in
// the registry.
var spanKinds = [...]string{"client", "server", "internal", "producer", "consumer"}
