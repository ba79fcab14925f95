package runtimecheck

import "encoding/binary"

// spanKey identifies a span.
type spanKey struct {
	trace [16]byte
	span  [8]byte
}

// hash mixes the (random, but possibly attacker-chosen) id bytes; a
// collision only evicts an entry early.
func (k *spanKey) hash() uint64 {
	return mix64(binary.LittleEndian.Uint64(k.span[:]) ^ binary.LittleEndian.Uint64(k.trace[8:])*0x9e3779b97f4a7c15 ^ binary.LittleEndian.Uint64(k.trace[:8]))
}

// spanInfo is what duplicate_instrumentation compares between a span and
// its parent.
type spanInfo struct {
	kind    int32
	service uint64
	request uint64 // hash of method+route (server) or target (client); 0 when unknown
	// localParent is set when the span's flags say its parent is in the
	// same process (not remote).
	localParent bool
}

// Why a span duplicates its parent.
const (
	notDuplicate = iota
	sameRequest  // same kind, service and request (method and route, or target)
	localServer  // a SERVER span whose parent is a local SERVER span of the same service
)

// duplicate says whether child duplicates parent, and why.
func duplicate(parent, child spanInfo) int {
	if parent.kind != child.kind || parent.service != child.service {
		return notDuplicate
	}
	if child.kind == spanKindServer && child.localParent {
		// Nothing but instrumentation creates a second SERVER span for a
		// request in the same process, whatever it is called.
		return localServer
	}
	if child.request != 0 && parent.request == child.request {
		return sameRequest
	}
	return notDuplicate
}

type spanSlot struct {
	key  spanKey
	info spanInfo
	used bool
}

// spanTable is a fixed-size, direct-mapped table of recent spans: a new
// entry overwrites whatever was in its slot, so memory is bounded and no
// operation allocates.
type spanTable struct {
	slots []spanSlot
	mask  uint64
}

func newSpanTable(capacity int) spanTable {
	n := 1
	for n < capacity {
		n <<= 1
	}
	return spanTable{slots: make([]spanSlot, n), mask: uint64(n - 1)}
}

func (t *spanTable) get(k *spanKey) (spanInfo, bool) {
	s := &t.slots[k.hash()&t.mask]
	if s.used && s.key == *k {
		return s.info, true
	}
	return spanInfo{}, false
}

func (t *spanTable) put(k *spanKey, info spanInfo) {
	s := &t.slots[k.hash()&t.mask]
	s.key, s.info, s.used = *k, info, true
}

// spanCache remembers recent server and client spans by id, and by parent
// id, so a duplicate is found whichever of parent and child arrives first
// (children usually end, and are exported, before their parents).
type spanCache struct {
	capacity int
	byID     spanTable
	byParent spanTable
}

func newSpanCache(capacity int) *spanCache {
	return &spanCache{capacity: capacity}
}

// observe records a span and reports whether it duplicates its cached
// parent or a cached child, and why (notDuplicate when it does not);
// asParent is set when the span is the parent of the duplicate (the child
// arrived first, as children usually do).
func (c *spanCache) observe(id, parent *spanKey, hasParent bool, info spanInfo) (why int, asParent bool) {
	if c.byID.slots == nil { // allocated on first use
		c.byID, c.byParent = newSpanTable(c.capacity/2), newSpanTable(c.capacity/2)
	}
	dup := notDuplicate
	if hasParent {
		if p, ok := c.byID.get(parent); ok {
			dup = duplicate(p, info)
		}
		c.byParent.put(parent, info)
	}
	if dup == notDuplicate {
		if ch, ok := c.byParent.get(id); ok {
			dup = duplicate(info, ch)
			asParent = dup != notDuplicate
		}
	}
	c.byID.put(id, info)
	return dup, asParent
}
