package semconv

import "sort"

// Layers consults several registries in order, the first that answers
// winning: a company registry above the official one. Both the semconvattr
// analyzer (its registries option) and `otellint semconv --registry` layer
// registries this way. Unlike LoadAll, which rejects a key defined twice,
// Layers lets an upper registry shadow a lower one, and each answer says
// which registry gave it.
type Layers []*Registry

// Lookup finds key (exactly, then as a template) in the first registry
// that has it.
func (l Layers) Lookup(key string) (a *Attribute, template bool, from *Registry, ok bool) {
	for _, r := range l {
		if a, t, ok := r.Lookup(key); ok {
			return a, t, r, true
		}
	}
	return nil, false, nil, false
}

// OwnsNamespace reports whether any registry owns key's namespace.
func (l Layers) OwnsNamespace(key string) bool {
	for _, r := range l {
		if r.OwnsNamespace(key) {
			return true
		}
	}
	return false
}

// Suggest asks the registries that own key's namespace, in order, for a
// clearly best candidate; a key some registry defines gets none.
func (l Layers) Suggest(key string) (string, bool) {
	if _, _, _, ok := l.Lookup(key); ok {
		return "", false
	}
	for _, r := range l {
		if r.OwnsNamespace(key) {
			if s, ok := r.Suggest(key); ok {
				return s, true
			}
		}
	}
	return "", false
}

// Current follows renamed_to chains across the registries (a company key
// may be renamed to an official one) and stops before a cycle repeats.
func (l Layers) Current(key string) (string, []string) {
	seen := map[string]bool{key: true}
	var chain []string
	cur := key
	for {
		a, _, _, ok := l.Lookup(cur)
		if !ok || a.Deprecated == nil || a.Deprecated.RenamedTo == "" || seen[a.Deprecated.RenamedTo] {
			return cur, chain
		}
		cur = a.Deprecated.RenamedTo
		seen[cur] = true
		chain = append(chain, cur)
	}
}

// Group returns the group with the id from the first registry that has it.
func (l Layers) Group(id string) (*Group, *Registry, bool) {
	for _, r := range l {
		if g, ok := r.Group(id); ok {
			return g, r, true
		}
	}
	return nil, nil, false
}

// MetricGroups returns the metric's groups from the first registry that
// defines it.
func (l Layers) MetricGroups(name string) []*Group {
	for _, r := range l {
		if gs := r.MetricGroups(name); len(gs) > 0 {
			return gs
		}
	}
	return nil
}

// Attributes returns every attribute, an upper registry's shadowing a
// lower one's, sorted by key.
func (l Layers) Attributes() []*Attribute {
	seen := map[string]bool{}
	var out []*Attribute
	for _, r := range l {
		for _, a := range r.Attributes() {
			if !seen[a.Key] {
				seen[a.Key] = true
				out = append(out, a)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Groups returns every group, an upper registry's shadowing a lower one's,
// sorted by id.
func (l Layers) Groups() []*Group {
	seen := map[string]bool{}
	var out []*Group
	for _, r := range l {
		for _, g := range r.Groups() {
			if !seen[g.ID] {
				seen[g.ID] = true
				out = append(out, g)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
