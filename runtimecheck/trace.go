package runtimecheck

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"sort"
	"strings"
	"time"
)

// Whole-trace checks. Spans are grouped by trace id in a bounded table of
// compact records (ids, parent, kind, times, a service/scope index and a
// name hash: never attribute values). A trace is complete once it has had
// no new span for Config.TraceWindow (receive time), or when the run ends
// (FlushTraces); then orphan_span, internal_span_fanout and
// short_span_flood are evaluated. broken_propagation needs no assembly:
// CLIENT and root SERVER spans are matched as they arrive, by peer key and
// time, in a fixed table.

// Span flags of a traceSpan.
const (
	tfHasParent   = 1 << iota
	tfLocalParent // the span flags say the parent is in the same process
)

// traceSpan is a span as the request state hands it to the trace table.
type traceSpan struct {
	trace        [16]byte
	span, parent uint64
	start, end   uint64
	nameHash     uint64
	peer         uint64 // peer key hash (0: none), CLIENT/PRODUCER and SERVER/CONSUMER
	name         []byte // templated name, aliases the request
	svc          int32  // index into requestState.tsvc
	kind, flags  uint8
}

// tsvcRef is a (service, scope) pair of a request.
type tsvcRef struct {
	service, scope []byte
	ident          serviceIdent
	hash           uint64
	global         int32 // index in the trace table, -1 until known
}

// poolSpan is a span held by an open trace (56 bytes).
type poolSpan struct {
	span, parent, start, end, nameHash uint64
	next                               int32
	svc                                int32
	kind, flags                        uint8
}

// openTrace is a trace being assembled.
type openTrace struct {
	id        [16]byte
	head      int32
	n         int32
	last      int64  // receive time of its last span, unix ns
	gen       uint32 // tells a reused slot from the trace the eviction ring remembers
	used      bool
	truncated bool
}

// svcEntry is an interned (service, scope) pair.
type svcEntry struct {
	service, scope []byte
	ident          serviceIdent
	serviceIdx     int32 // index of the service alone
}

// nameSlot remembers a span name by hash for the reports, in buckets of
// nameWays slots, newest first: a bucket forgets its oldest name when a
// new one arrives, and a name no longer held is reported as its hash. A
// name that is seen again is remembered again, so only names unseen for
// thousands of other names are lost.
type nameSlot struct {
	hash uint64
	n    uint8
	b    [55]byte
}

const (
	nameSlots = 4096
	nameWays  = 4
)

// maxTraceServices bounds the interned (service, scope) pairs; spans of
// further pairs are assembled under one overflow entry.
const maxTraceServices = 4096

// peerEnt is a recent CLIENT or root SERVER span of one peer key.
type peerEnt struct {
	start, end uint64
	svc        int32 // svcEntry index
	matched    bool
	used       bool
}

const peerRing = 8

type peerSlot struct {
	key     uint64
	clients [peerRing]peerEnt
	servers [peerRing]peerEnt
	nc, ns  uint8
}

const peerSlots = 4096

// propagationSlack is how far a SERVER span may start before, or end
// after, the CLIENT span it is matched to (clock skew between hosts).
const propagationSlack = 1_000_000 // 1 ms

// traceTable is the state of trace assembly; the checker's tmu guards it.
type traceTable struct {
	cfg    *Config
	index  traceIndex
	traces []openTrace
	free   []int32
	// spans is the span pool in chunks of spanChunk (never copied as it
	// grows); a span's index is chunk<<spanChunkBits | offset.
	spans  [][]poolSpan
	nSpans int
	// freeSpan heads the list of free spans (linked through next), -1 when
	// empty.
	freeSpan  int32
	usedSpans int

	svcs      []svcEntry
	svcIndex  map[uint64]int32
	services  []string
	servIndex map[string]int32

	names []nameSlot
	peers []peerSlot

	lastSweep int64

	// ring remembers open traces in the order they were opened (index<<32
	// | gen), for evicting the oldest when the table is full; a slot
	// completed by the window stays until popped, recognised by its gen.
	ring         []uint64
	rhead, rlen  int
	gen          uint32
	completed    int64
	droppedSpans int64
	truncated    int64
	evicted      int64
	// pairs are (client service and scope, server service) pairs with
	// broken_propagation matches waiting for the evidence of their traces.
	pairs map[uint64]*pairState
	// evictedIDs remembers hashes of recently evicted trace ids in
	// evictedWays-entry buckets, newest first: a trace reopened after its
	// eviction lacks the spans it had, so it is not checked for orphans
	// either. A bucket forgets its oldest entry only after evictedWays
	// later evictions hash to it, so the last evictedSlots/4 or so
	// evictions are all remembered.
	evictedIDs []uint64

	// evaluation buffers
	buf    []poolSpan
	set    []uint64
	setIdx []int32
	counts []int
	hashes []uint64
}

// traceIndex maps trace ids to open traces: linear probing over slots
// holding the trace's index+1 and 32 bits of its hash (0: free), sized for
// MaxOpenTraces at a load of at most 1/2, with backward-shift deletion. The
// hash is seeded per checker (ids may be chosen to collide). Probing and
// deleting compare and relocate by the stored hash, touching a trace only
// to confirm a match; unlike a Go map of [16]byte keys it calls no hash
// function and holds no pointers.
type traceIndex struct {
	slots  []uint64
	mask   uint64
	k1, k2 uint64
	n      int
}

func newTraceIndex(max int) traceIndex {
	size := 16
	for size < 2*max {
		size <<= 1
	}
	s := maphash.MakeSeed()
	return traceIndex{slots: make([]uint64, size), mask: uint64(size - 1),
		k1: maphash.Comparable(s, uint64(1)) | 1, k2: maphash.Comparable(s, uint64(2))}
}

func (ix *traceIndex) hash(id *[16]byte) uint64 {
	lo, hi := binary.LittleEndian.Uint64(id[:8]), binary.LittleEndian.Uint64(id[8:])
	return mix64(lo*ix.k1^hi+ix.k2) & 0xffffffff
}

func (ix *traceIndex) get(id *[16]byte, traces []openTrace) (int32, bool) {
	h := ix.hash(id)
	for i := h & ix.mask; ; i = (i + 1) & ix.mask {
		v := ix.slots[i]
		if v == 0 {
			return -1, false
		}
		if v>>32 == h {
			if ti := int32(v&0xffffffff) - 1; traces[ti].id == *id {
				return ti, true
			}
		}
	}
}

func (ix *traceIndex) put(id *[16]byte, ti int32) {
	h := ix.hash(id)
	i := h & ix.mask
	for ix.slots[i] != 0 {
		i = (i + 1) & ix.mask
	}
	ix.slots[i] = h<<32 | uint64(ti+1)
	ix.n++
}

func (ix *traceIndex) del(id *[16]byte, ti int32) {
	h := ix.hash(id)
	want := h<<32 | uint64(ti+1)
	i := h & ix.mask
	for ix.slots[i] != want {
		if ix.slots[i] == 0 {
			return
		}
		i = (i + 1) & ix.mask
	}
	// Backward shift: move later entries of the cluster into the hole
	// when their home is not between the hole and them.
	for j := (i + 1) & ix.mask; ; j = (j + 1) & ix.mask {
		v := ix.slots[j]
		if v == 0 {
			break
		}
		home := (v >> 32) & ix.mask
		if (j-home)&ix.mask >= (j-i)&ix.mask {
			ix.slots[i] = v
			i = j
		}
	}
	ix.slots[i] = 0
	ix.n--
}

func newTraceTable(cfg *Config) *traceTable {
	return &traceTable{
		cfg:       cfg,
		index:     newTraceIndex(cfg.MaxOpenTraces),
		freeSpan:  -1,
		svcIndex:  make(map[uint64]int32),
		servIndex: make(map[string]int32),
	}
}

// svcOf interns the request's (service, scope) pair r.
func (t *traceTable) svcOf(r *tsvcRef) int32 {
	if r.global >= 0 {
		return r.global
	}
	if i, ok := t.svcIndex[r.hash]; ok {
		r.global = i
		return i
	}
	e := svcEntry{service: []byte(clip(r.service)), scope: []byte(clip(r.scope)),
		ident: serviceIdent{namespace: cloneBytes(r.ident.namespace), version: cloneBytes(r.ident.version)}}
	if len(t.svcs) >= maxTraceServices {
		e = svcEntry{service: []byte("(other services)"), scope: nil}
	}
	name := string(e.service)
	si, ok := t.servIndex[name]
	if !ok {
		si = int32(len(t.services))
		t.services = append(t.services, name)
		t.servIndex[name] = si
	}
	e.serviceIdx = si
	if len(t.svcs) >= maxTraceServices {
		// One overflow entry, found again without growing svcIndex.
		i := int32(len(t.svcs) - 1)
		if t.svcs[i].scope != nil || string(t.svcs[i].service) != name {
			t.svcs = append(t.svcs, e)
			i++
		}
		r.global = i
		return i
	}
	i := int32(len(t.svcs))
	t.svcs = append(t.svcs, e)
	t.svcIndex[r.hash] = i
	r.global = i
	return i
}

func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return []byte(clip(b))
}

const (
	spanChunkBits = 12
	spanChunk     = 1 << spanChunkBits
)

// span returns the pooled span i.
func (t *traceTable) span(i int32) *poolSpan {
	return &t.spans[i>>spanChunkBits][i&(spanChunk-1)]
}

func (t *traceTable) allocSpan() int32 {
	if t.freeSpan >= 0 {
		i := t.freeSpan
		t.freeSpan = t.span(i).next
		t.usedSpans++
		return i
	}
	if t.nSpans >= t.cfg.MaxTraceSpans {
		return -1
	}
	if t.nSpans&(spanChunk-1) == 0 {
		t.spans = append(t.spans, make([]poolSpan, spanChunk))
	}
	t.nSpans++
	t.usedSpans++
	return int32(t.nSpans - 1)
}

func (t *traceTable) rememberName(h uint64, name []byte) {
	if t.names == nil {
		t.names = make([]nameSlot, nameSlots)
	}
	b := t.nameBucket(h)
	for i := range b {
		if b[i].hash == h {
			return
		}
	}
	copy(b[1:], b[:len(b)-1])
	s := &b[0]
	s.hash = h
	n := copy(s.b[:], name)
	for n > 0 && n < len(name) && name[n]&0xc0 == 0x80 { // keep UTF-8 whole
		n--
	}
	s.n = uint8(n)
}

func (t *traceTable) nameBucket(h uint64) []nameSlot {
	i := int(h&(nameSlots/nameWays-1)) * nameWays
	return t.names[i : i+nameWays : i+nameWays]
}

func (t *traceTable) nameOf(h uint64) string {
	if t.names != nil {
		for _, s := range t.nameBucket(h) {
			if s.hash == h {
				return string(s.b[:s.n])
			}
		}
	}
	return fmt.Sprintf("(name %016x)", h)
}

// add assembles the spans of a request received at now and appends the
// findings of the traces it completes to x.tocc. Caller holds c.tmu.
func (c *Checker) assemble(x *requestState) {
	t := c.traces
	now := x.now.UnixNano()
	short := uint64(c.cfg.ShortSpanDuration)
	lastIdx := int32(-1)
	var lastID [16]byte
	for i := range x.tspans {
		r := &x.tspans[i]
		g := t.svcOf(&x.tsvc[r.svc])
		if r.peer != 0 {
			c.matchPeer(x, r, g)
		}
		ti := lastIdx
		if ti < 0 || r.trace != lastID {
			var ok bool
			ti, ok = t.index.get(&r.trace, t.traces)
			if !ok {
				if t.index.n >= c.cfg.MaxOpenTraces {
					c.sweep(x, now, false, true)
				}
				if t.index.n >= c.cfg.MaxOpenTraces && !c.evictOldest(x) {
					t.droppedSpans++
					lastIdx = -1
					continue
				}
				if n := len(t.free); n > 0 {
					ti = t.free[n-1]
					t.free = t.free[:n-1]
				} else {
					t.traces = append(t.traces, openTrace{})
					ti = int32(len(t.traces) - 1)
				}
				t.gen++
				t.traces[ti] = openTrace{id: r.trace, head: -1, used: true, gen: t.gen, truncated: t.wasEvicted(&r.trace)}
				t.index.put(&r.trace, ti)
				t.remember(ti, t.gen)
			}
			lastIdx, lastID = ti, r.trace
		}
		tr := &t.traces[ti]
		tr.last = now
		if int(tr.n) >= c.cfg.MaxSpansPerTrace {
			tr.truncated = true
			t.droppedSpans++
			continue
		}
		si := t.allocSpan()
		if si < 0 {
			tr.truncated = true
			t.droppedSpans++
			continue
		}
		*t.span(si) = poolSpan{span: r.span, parent: r.parent, start: r.start, end: r.end, nameHash: r.nameHash,
			next: tr.head, svc: g, kind: r.kind, flags: r.flags}
		tr.head = si
		tr.n++
		if r.kind == spanKindInternal || (r.end >= r.start && r.end-r.start < short) {
			t.rememberName(r.nameHash, r.name)
		}
	}
	if w := int64(c.cfg.TraceWindow); now-t.lastSweep >= w/4 {
		c.sweep(x, now, false, false)
	}
}

// sweep completes the traces idle for the window (all of them with all
// set). With full set (the open-trace table is full) it runs at most once
// per 1/16 of the window, so a flood of new trace ids does not make every
// span scan the table.
func (c *Checker) sweep(x *requestState, now int64, all, full bool) {
	t := c.traces
	w := int64(c.cfg.TraceWindow)
	if full && now-t.lastSweep < w/16 {
		return
	}
	t.lastSweep = now
	for i := range t.traces {
		tr := &t.traces[i]
		if !tr.used || (!all && now-tr.last < w) {
			continue
		}
		c.complete(x, tr, false)
		t.index.del(&tr.id, int32(i))
		*tr = openTrace{}
		t.free = append(t.free, int32(i))
	}
	if len(t.pairs) > 0 {
		c.reportPairs(x, now, all)
	}
}

const (
	evictedSlots = 1 << 15
	evictedWays  = 8
)

// evictedBucket is the bucket of evictedIDs that hash h belongs to.
func (t *traceTable) evictedBucket(h uint64) []uint64 {
	b := int(h&(evictedSlots/evictedWays-1)) * evictedWays
	return t.evictedIDs[b : b+evictedWays : b+evictedWays]
}

// rememberEvicted records h in its bucket, dropping the bucket's oldest.
func (t *traceTable) rememberEvicted(h uint64) {
	if t.evictedIDs == nil {
		t.evictedIDs = make([]uint64, evictedSlots)
	}
	b := t.evictedBucket(h)
	i := 0
	for i < len(b)-1 && b[i] != h && b[i] != 0 {
		i++
	}
	copy(b[1:i+1], b[:i])
	b[0] = h
}

// idHash is a full 64-bit seeded hash of a trace id (never 0).
func (t *traceTable) idHash(id *[16]byte) uint64 {
	lo, hi := binary.LittleEndian.Uint64(id[:8]), binary.LittleEndian.Uint64(id[8:])
	return mix64(mix64(lo^t.index.k2)+hi*t.index.k1) | 1
}

// wasEvicted reports whether trace id was (probably) evicted recently.
func (t *traceTable) wasEvicted(id *[16]byte) bool {
	if t.evictedIDs == nil {
		return false
	}
	h := t.idHash(id)
	for _, v := range t.evictedBucket(h) {
		if v == h {
			return true
		}
	}
	return false
}

// remember appends an opened trace to the eviction ring; a full ring
// forgets its oldest entry (that trace is then completed by its window).
func (t *traceTable) remember(ti int32, gen uint32) {
	if t.ring == nil {
		t.ring = make([]uint64, 2*t.cfg.MaxOpenTraces)
	}
	if t.rlen == len(t.ring) {
		t.rhead = (t.rhead + 1) % len(t.ring)
		t.rlen--
	}
	t.ring[(t.rhead+t.rlen)%len(t.ring)] = uint64(ti)<<32 | uint64(gen)
	t.rlen++
}

// evictOldest completes the oldest open trace early, to make room for a
// new one when the table is full. It is not checked for orphans (its
// parents may still have been on their way); the other checks only count
// what it holds. It reports whether a trace was evicted.
func (c *Checker) evictOldest(x *requestState) bool {
	t := c.traces
	for t.rlen > 0 {
		v := t.ring[t.rhead]
		t.rhead = (t.rhead + 1) % len(t.ring)
		t.rlen--
		ti, gen := int32(v>>32), uint32(v)
		tr := &t.traces[ti]
		if !tr.used || tr.gen != gen {
			continue // completed by its window since
		}
		t.evicted++
		t.rememberEvicted(t.idHash(&tr.id))
		c.complete(x, tr, true)
		t.index.del(&tr.id, ti)
		*tr = openTrace{}
		t.free = append(t.free, ti)
		return true
	}
	return false
}

// complete evaluates a finished trace and frees its spans; early says it
// was evicted before its window passed.
func (c *Checker) complete(x *requestState, tr *openTrace, early bool) {
	t := c.traces
	t.completed++
	if tr.truncated {
		t.truncated++
	}
	buf := t.buf[:0]
	for si := tr.head; si >= 0; {
		s := t.span(si)
		buf = append(buf, *s)
		next := s.next
		s.next = t.freeSpan
		t.freeSpan = si
		t.usedSpans--
		si = next
	}
	t.buf = buf
	if len(buf) == 0 {
		return
	}
	c.orphans(x, tr, buf, !tr.truncated && !early)
	// A trace too small to exceed a finding's bound or its rule's is not
	// counted.
	if len(buf) > min(c.cfg.InternalSpanFanout, spa001Limit) {
		c.fanout(x, tr, buf)
	}
	if len(buf) > min(c.cfg.ShortSpanFlood, spa005Limit) {
		c.shortSpans(x, tr, buf)
	}
}

// orphanExempt reports whether a span without its parent in the trace is
// an entry point: a SERVER or CONSUMER span whose parent is remote (or
// not known to be local), i.e. a request from outside the run.
func orphanExempt(s *poolSpan) bool {
	return (s.kind == spanKindServer || s.kind == spanKindConsumer) && s.flags&tfLocalParent == 0
}

func (c *Checker) orphans(x *requestState, tr *openTrace, buf []poolSpan, check bool) {
	t := c.traces
	if !check && t.pairs == nil {
		return // an evicted or truncated trace, and no pair waiting for evidence
	}
	find := func(id uint64) int { return -1 }
	if len(buf) > 1 {
		n := 8
		for n < 2*len(buf) {
			n <<= 1
		}
		if cap(t.set) < n {
			t.set, t.setIdx = make([]uint64, n), make([]int32, n)
		}
		set, idx := t.set[:n], t.setIdx[:n]
		clear(set)
		mask := uint64(n - 1)
		for i := range buf {
			id := buf[i].span // 0 (an invalid id) marks a free slot
			if id == 0 {
				continue
			}
			for j := mix64(id) & mask; ; j = (j + 1) & mask {
				if set[j] == 0 {
					set[j], idx[j] = id, int32(i)
					break
				}
				if set[j] == id {
					break
				}
			}
		}
		find = func(id uint64) int {
			for j := mix64(id) & mask; ; j = (j + 1) & mask {
				switch set[j] {
				case 0:
					return -1
				case id:
					return int(idx[j])
				}
			}
		}
		// Evidence for broken_propagation: a SERVER or CONSUMER span
		// whose parent is a CLIENT or PRODUCER span of another service
		// shows that pair propagating.
		if t.pairs != nil {
			for i := range buf {
				s := &buf[i]
				if (s.kind != spanKindServer && s.kind != spanKindConsumer) || s.flags&tfHasParent == 0 {
					continue
				}
				if pi := find(s.parent); pi >= 0 && (buf[pi].kind == spanKindClient || buf[pi].kind == spanKindProducer) &&
					t.svcs[buf[pi].svc].serviceIdx != t.svcs[s.svc].serviceIdx {
					if p := t.pairs[pairKey(buf[pi].svc, t.svcs[s.svc].serviceIdx)]; p != nil {
						p.ok, p.pending = true, 0
					}
				}
			}
		}
	}
	if !check {
		return
	}
	// Orphans are aggregated per service and scope: at most a few per trace.
	first := len(x.tocc)
	for i := range buf {
		s := &buf[i]
		if s.flags&tfHasParent == 0 || orphanExempt(s) {
			continue
		}
		if find(s.parent) >= 0 {
			continue
		}
		e := &t.svcs[s.svc]
		found := false
		for k := first; k < len(x.tocc); k++ {
			if o := &x.tocc[k]; o.id == IDOrphanSpan && string(o.service) == string(e.service) && string(o.scope) == string(e.scope) {
				o.count++
				found = true
				break
			}
		}
		if found {
			continue
		}
		var sid [8]byte
		binary.BigEndian.PutUint64(sid[:], s.span)
		o := occ{id: IDOrphanSpan, signal: SignalTraces, service: e.service, scope: e.scope, ident: e.ident,
			count: 1, kind: EntitySpan, spanKind: int32(s.kind),
			traceID: append([]byte(nil), tr.id[:]...), spanID: sid[:], d: Detail{Expected: c.cfg.TraceWindow.String()}}
		x.tocc = append(x.tocc, o)
	}
}

// topNames returns the names of hashes (sorted in place) by how often
// they repeat, most first, as "name ×n" for the three most frequent, and
// the most frequent hash.
func (t *traceTable) topNames(hashes []uint64) (string, uint64) {
	sort.Slice(hashes, func(i, j int) bool { return hashes[i] < hashes[j] })
	type run struct {
		h uint64
		n int
	}
	var runs []run
	for i := 0; i < len(hashes); {
		j := i
		for j < len(hashes) && hashes[j] == hashes[i] {
			j++
		}
		runs = append(runs, run{hashes[i], j - i})
		i = j
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].n > runs[j].n })
	var parts []string
	for i := 0; i < len(runs) && i < 3; i++ {
		parts = append(parts, fmt.Sprintf("%q ×%d", t.nameOf(runs[i].h), runs[i].n))
	}
	if len(runs) == 0 {
		return "", 0
	}
	return strings.Join(parts, ", "), runs[0].h
}

// perService returns the service with the most spans of buf that keep(s)
// selects (counted in t.counts, indexed by service index).
func (t *traceTable) perService(buf []poolSpan, keep func(*poolSpan) bool) (best int32) {
	if cap(t.counts) < len(t.services) {
		t.counts = make([]int, len(t.services))
	}
	counts := t.counts[:len(t.services)]
	clear(counts)
	best, most := int32(-1), 0
	for i := range buf {
		s := &buf[i]
		if !keep(s) {
			continue
		}
		si := t.svcs[s.svc].serviceIdx
		counts[si]++
		if counts[si] > most {
			best, most = si, counts[si]
		}
	}
	return best
}

// traceOcc builds a whole-trace finding about the spans of service si in
// buf that keep selects: named after the name they repeat most, in the
// scope of its first span; n of them were counted against threshold.
func (c *Checker) traceOcc(x *requestState, tr *openTrace, buf []poolSpan, si int32, n, threshold int, id string, keep func(*poolSpan) bool) {
	t := c.traces
	hashes := t.hashes[:0]
	for i := range buf {
		if keep(&buf[i]) && t.svcs[buf[i].svc].serviceIdx == si {
			hashes = append(hashes, buf[i].nameHash)
		}
	}
	t.hashes = hashes
	top, h := t.topNames(hashes)
	var e *svcEntry
	for i := range buf {
		if keep(&buf[i]) && buf[i].nameHash == h && t.svcs[buf[i].svc].serviceIdx == si {
			e = &t.svcs[buf[i].svc]
			break
		}
	}
	o := occ{id: id, signal: SignalTraces, service: e.service, scope: e.scope, ident: e.ident,
		name: []byte(t.nameOf(h)), count: 1, kind: EntitySpan, spanKind: -1,
		traceID: append([]byte(nil), tr.id[:]...),
		d:       Detail{Number: int64(n), Expected: fmt.Sprint(threshold), Actual: top}}
	x.tocc = append(x.tocc, o)
}

func (c *Checker) fanout(x *requestState, tr *openTrace, buf []poolSpan) {
	internal := func(s *poolSpan) bool { return s.kind == spanKindInternal }
	t := c.traces
	if cap(t.counts) < len(t.services) {
		t.counts = make([]int, len(t.services))
	}
	counts := t.counts[:len(t.services)]
	clear(counts)
	for i := range buf {
		if buf[i].kind == spanKindInternal {
			counts[t.svcs[buf[i].svc].serviceIdx]++
		}
	}
	for si, n := range counts {
		if n > spa001Limit {
			x.tfail = append(x.tfail, ruleFail{service: t.services[si], rule: spa001})
		}
		if n > c.cfg.InternalSpanFanout {
			c.traceOcc(x, tr, buf, int32(si), n, c.cfg.InternalSpanFanout, IDInternalSpanFanout, internal)
		}
	}
}

func (c *Checker) shortSpans(x *requestState, tr *openTrace, buf []poolSpan) {
	under := func(d time.Duration) func(*poolSpan) bool {
		return func(s *poolSpan) bool { return s.end >= s.start && s.end != 0 && s.end-s.start < uint64(d) }
	}
	count := func(keep func(*poolSpan) bool) int {
		n := 0
		for i := range buf {
			if keep(&buf[i]) {
				n++
			}
		}
		return n
	}
	// The finding and SPA-005 each go to the service with the most short
	// spans in the trace; they differ only when the user's bounds do.
	isShort := under(c.cfg.ShortSpanDuration)
	n := count(isShort)
	if n > c.cfg.ShortSpanFlood {
		si := c.traces.perService(buf, isShort)
		c.traceOcc(x, tr, buf, si, n, c.cfg.ShortSpanFlood, IDShortSpanFlood, isShort)
	}
	spec, nSpec := isShort, n
	if c.cfg.ShortSpanDuration != spa005Duration {
		spec = under(spa005Duration)
		nSpec = count(spec)
	}
	if nSpec > spa005Limit {
		si := c.traces.perService(buf, spec)
		x.tfail = append(x.tfail, ruleFail{service: c.traces.services[si], rule: spa005})
	}
}

// matchPeer matches a CLIENT/PRODUCER span against recent root
// SERVER/CONSUMER spans of the same peer key, or a root SERVER/CONSUMER
// span against recent CLIENT/PRODUCER spans: a server span that is a
// root while a client of another service in the run is calling that peer
// is a new trace where the client's trace should have continued.
func (c *Checker) matchPeer(x *requestState, r *traceSpan, g int32) {
	t := c.traces
	client := r.kind == spanKindClient || r.kind == spanKindProducer
	if !client && r.flags&tfHasParent != 0 {
		return // a server span with a parent continues a trace
	}
	if t.peers == nil {
		t.peers = make([]peerSlot, peerSlots)
	}
	p := &t.peers[r.peer&(peerSlots-1)]
	if p.key != r.peer {
		*p = peerSlot{key: r.peer}
	}
	me := t.svcs[g].serviceIdx
	within := func(cl, sv *peerEnt) bool {
		return sv.start+propagationSlack >= cl.start && sv.end <= cl.end+propagationSlack
	}
	ent := peerEnt{start: r.start, end: r.end, svc: g, used: true}
	if client {
		for i := range p.servers {
			sv := &p.servers[i]
			if sv.used && !sv.matched && t.svcs[sv.svc].serviceIdx != me && within(&ent, sv) {
				sv.matched = true
				c.brokenPair(x, g, sv.svc)
			}
		}
		p.clients[p.nc%peerRing] = ent
		p.nc++
		return
	}
	for i := range p.clients {
		cl := &p.clients[i]
		if cl.used && t.svcs[cl.svc].serviceIdx != me && within(cl, &ent) {
			ent.matched = true
			c.brokenPair(x, cl.svc, g)
			break
		}
	}
	p.servers[p.ns%peerRing] = ent
	p.ns++
}

// pairState is what is known of calls from one client (service and
// scope) to one server service: matches of a client span with a new trace
// of the server not yet reported, and whether a trace showed the server
// continuing the client's trace.
type pairState struct {
	pending int64
	since   int64 // receive time of the first pending match
	ok      bool
}

// maxPairs bounds the pairs tracked.
const maxPairs = 4096

func pairKey(client int32, serverService int32) uint64 {
	return uint64(uint32(client))<<32 | uint64(uint32(serverService))
}

func (t *traceTable) pair(client, serverService int32) *pairState {
	if t.pairs == nil {
		t.pairs = map[uint64]*pairState{}
	}
	k := pairKey(client, serverService)
	p := t.pairs[k]
	if p == nil && len(t.pairs) < maxPairs {
		p = &pairState{}
		t.pairs[k] = p
	}
	return p
}

// brokenPair records a client span of client (a svcEntry) matched with a
// root server span of server (a svcEntry). It is reported once the
// window has passed twice, when no trace has shown the pair propagating:
// a server that continues this client's traces and also starts traces of
// its own serves other, uninstrumented callers.
func (c *Checker) brokenPair(x *requestState, client, server int32) {
	t := c.traces
	if p := t.pair(client, t.svcs[server].serviceIdx); p != nil && !p.ok {
		if p.pending == 0 {
			p.since = x.now.UnixNano()
		}
		p.pending++
	}
}

// reportPairs reports the pending broken_propagation matches of pairs
// never seen propagating, once they are two windows old (the traces that
// would show otherwise are complete), or all of them with all set.
func (c *Checker) reportPairs(x *requestState, now int64, all bool) {
	t := c.traces
	w := 2 * int64(c.cfg.TraceWindow)
	for k, p := range t.pairs {
		if p.pending == 0 || p.ok || (!all && now-p.since < w) {
			continue
		}
		cl := &t.svcs[int32(k>>32)]
		x.tocc = append(x.tocc, occ{id: IDBrokenPropagation, signal: SignalTraces, service: cl.service, scope: cl.scope,
			ident: cl.ident, name: []byte(t.services[int32(uint32(k))]), count: p.pending, kind: EntitySpan, spanKind: spanKindClient})
		p.pending, p.since = 0, 0
	}
}

// peerKey hashes what a CLIENT/PRODUCER span says it calls and a
// SERVER/CONSUMER span says it serves: the RPC service, the messaging
// destination, or the server address and port (of url.full when
// server.address is absent). 0 when there is none.
func peerKey(rpc, dest, addr []byte, port uint64) uint64 {
	switch {
	case len(rpc) > 0:
		return mix64(hashValue(rpc)*0x9e3779b97f4a7c15+1) | 1
	case len(dest) > 0:
		return mix64(hashValue(dest)*0x9e3779b97f4a7c15+2) | 1
	case len(addr) > 0:
		return mix64(hashValue(addr)*31+mix64(port)) | 1
	}
	return 0
}

// FlushTraces completes every open trace now, as at the end of a run, so
// the whole-trace findings of spans still within their window are in the
// next Snapshot. `otellint live` and `audit` call it before the final
// report.
func (c *Checker) FlushTraces() { c.expire(true) }

// ExpireTraces completes the traces idle for Config.TraceWindow. The
// checker does so whenever spans arrive; call it periodically when they
// may stop arriving (otellint live does, every second).
func (c *Checker) ExpireTraces() { c.expire(false) }

func (c *Checker) expire(all bool) {
	x := c.pool.Get().(*requestState)
	x.reset(SignalTraces, c.cfg.Now())
	c.tmu.Lock()
	c.sweep(x, x.now.UnixNano(), all, false)
	c.tmu.Unlock()
	c.mergeTraceOccs(x)
	x.release()
	c.pool.Put(x)
}

// traceStats copies the assembly counters into st. Caller holds c.tmu.
func (t *traceTable) stats(st *Statistics) {
	st.Traces = t.completed
	st.OpenTraces = int64(t.index.n)
	st.OpenTraceSpans = int64(t.usedSpans)
	st.DroppedTraceSpans = t.droppedSpans
	st.TruncatedTraces = t.truncated
	st.EvictedTraces = t.evicted
}
