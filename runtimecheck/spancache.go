package runtimecheck

// spanKey identifies a span.
type spanKey struct {
	trace [16]byte
	span  [8]byte
}

// spanInfo is what duplicate_instrumentation compares between a span and
// its parent.
type spanInfo struct {
	kind    int32
	service uint64
	request uint64 // hash of method+route (server) or target (client)
}

// genMap is a bounded map: entries go to the current generation; when it
// is full the previous generation is dropped. Lookups see both, so an
// entry survives at least cap/2 insertions.
type genMap struct {
	cur, prev map[spanKey]spanInfo
	half      int
}

func newGenMap(capacity int) *genMap {
	half := capacity / 2
	if half < 1 {
		half = 1
	}
	return &genMap{cur: make(map[spanKey]spanInfo), prev: map[spanKey]spanInfo{}, half: half}
}

func (m *genMap) get(k spanKey) (spanInfo, bool) {
	if v, ok := m.cur[k]; ok {
		return v, true
	}
	v, ok := m.prev[k]
	return v, ok
}

func (m *genMap) put(k spanKey, v spanInfo) {
	if len(m.cur) >= m.half {
		m.prev, m.cur = m.cur, make(map[spanKey]spanInfo, m.half)
	}
	m.cur[k] = v
}

func (m *genMap) len() int { return len(m.cur) + len(m.prev) }

// spanCache remembers recent server and client spans by id, and by parent
// id, so a duplicate is found whichever of parent and child arrives first
// (children usually end, and are exported, before their parents).
type spanCache struct {
	byID     *genMap
	byParent *genMap
}

func newSpanCache(capacity int) *spanCache {
	return &spanCache{byID: newGenMap(capacity), byParent: newGenMap(capacity)}
}

// observe records a span and reports whether it duplicates its cached
// parent or a cached child.
func (c *spanCache) observe(id, parent spanKey, hasParent bool, info spanInfo) bool {
	dup := false
	if hasParent {
		if p, ok := c.byID.get(parent); ok && p == info {
			dup = true
		}
		c.byParent.put(parent, info)
	}
	if ch, ok := c.byParent.get(id); ok && ch == info {
		dup = true
	}
	c.byID.put(id, info)
	return dup
}
