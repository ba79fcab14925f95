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
	request uint64 // hash of method+route (server) or target (client)
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
// parent or a cached child.
func (c *spanCache) observe(id, parent *spanKey, hasParent bool, info spanInfo) bool {
	if c.byID.slots == nil { // allocated on first use
		c.byID, c.byParent = newSpanTable(c.capacity/2), newSpanTable(c.capacity/2)
	}
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
