package runtimecheck

import (
	"encoding/binary"
	"slices"
	"time"

	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
	"github.com/otellint/otellint/semconv"
)

// Bounds of the per-request caches; they are cleared when full.
const (
	maxKeyCache    = 8192
	maxGroupCache  = 4096
	maxMetricCache = 4096
)

// occ is one finding occurrence (deduplicated within a request). Its byte
// slices alias the request or the request arena and are only valid until
// the request is merged.
type occ struct {
	hash                       uint64
	id                         string
	signal                     string
	service, scope, name, attr []byte
	ident                      serviceIdent
	attrS                      string // attribute key given as a string (group attributes)
	count                      int64
	d                          Detail
	kind                       EntityKind
	spanKind                   int32
	traceID, spanID            []byte
	group                      string
	// codeFile and codeLine are where the span was made, when it says.
	codeFile []byte
	codeLine int64
}

// ruleFail is one failure of a bounded score rule by a service.
type ruleFail struct {
	service string
	rule    int
}

func (o *occ) attribute() string {
	if o.attrS != "" {
		return o.attrS
	}
	return clip(o.attr)
}

// serviceIdent is the rest of a resource's service identity: its
// service.namespace and service.version (string values only).
type serviceIdent struct{ namespace, version []byte }

// nameRec is a templated span name seen in a request.
type nameRec struct {
	key            uint64 // hash of service, scope, pattern
	nameHash       uint64 // hash of the raw name
	service, scope []byte
	ident          serviceIdent
	pattern        []byte
}

// cardRec is one (metric, attribute, value) seen on a data point.
type cardRec struct {
	key            uint64 // hash of metric name and attribute key
	value          uint64
	n              int64 // data points with this value in the request
	service, scope []byte
	ident          serviceIdent
	metric         []byte
	attr           string
}

// spanRec is a server or client span for duplicate_instrumentation.
type spanRec struct {
	id, parent      spanKey
	hasParent       bool
	info            spanInfo
	service, scope  []byte
	ident           serviceIdent
	name            []byte
	traceID, spanID []byte
}

// resRec is a resource's service.instance.id and the fingerprint of the
// attributes that tell workloads apart, for duplicate_service_instance_id.
type resRec struct {
	key     uint64 // hash of service.name and service.instance.id
	vals    [len(workloadKeys)]uint64
	keys    uint8 // which workload attributes are present (bits of workloadKeys)
	service []byte
	ident   serviceIdent
}

// svcSeen is a service of a request, for the score.
type svcSeen struct {
	hash    uint64
	service []byte
}

// workloadKeys are the resource attributes that tell two workloads apart
// (RES-002: "e.g. different Kubernetes pods").
var workloadKeys = [...]string{"k8s.pod.uid", "k8s.pod.name", "container.id", "host.id", "host.name", "process.pid"}

// counts are the per-request statistics.
type counts struct {
	resources, scopes, spans, events, links, metrics, dataPoints, logs, attributes int64
}

// requestState is the per-request (per goroutine) state: decode buffers, key
// caches and the findings of the request until they are merged.
type requestState struct {
	c      *Checker
	w      otlpwire.Walker
	rep    Reporter
	signal string
	now    time.Time

	keys        map[string]*keyInfo
	keyCache    [keyCacheSize]*keyInfo
	roleVals    [numRoles]Value
	roleMask    uint32 // which roleVals are set for the current span
	groupCache  map[uint64]*groupEntry
	groupSlots  [groupSlots]groupSlot
	metricNames map[string]nameInfo
	eventNames  map[string]nameInfo
	seen        []uint32 // generation stamp per registry attribute
	gen         uint32
	seenReg     []uint64 // registry attributes seen in this request (bitset)
	presentKeys []*keyInfo

	occs       []occ
	occSet     dedupSet
	names      []nameRec
	cards      []cardRec
	cardSet    dedupSet
	spans      []spanRec
	tspans     []traceSpan // spans for trace assembly
	tsvc       []tsvcRef   // their (service, scope) pairs
	curSvc     int32       // index of the current pair in tsvc, -1 when not yet added
	tocc       []occ       // whole-trace findings, made under the trace lock
	nameHash   uint64      // the current span's name hash (templated), |1
	tfail      []ruleFail  // bounded score rules failed by completed traces
	vagueCache [vagueSlots]vagueSlot
	resRecs    []resRec  // resources with a service.instance.id
	svcSeen    []svcSeen // services of the request's resources
	arena      []byte
	numBuf     [24]byte
	lastID     string
	lastIDHash uint64
	st         counts

	service, scope []byte
	ident          serviceIdent
	serviceHash    uint64
	scopeHash      uint64
	signalHash     uint64
	sample         Sample
	metric         Sample
	attr           Attr
	metricHash     uint64
}

func newRequestState(c *Checker) *requestState {
	x := &requestState{
		c:           c,
		keys:        make(map[string]*keyInfo),
		groupCache:  make(map[uint64]*groupEntry),
		metricNames: make(map[string]nameInfo),
		eventNames:  make(map[string]nameInfo),
		seen:        make([]uint32, c.ri.nAttrs),
		seenReg:     make([]uint64, (c.ri.nAttrs+63)/64),
	}
	x.rep.x = x
	return x
}

// reset prepares the request state for a new request.
func (x *requestState) reset(signal string, now time.Time) {
	x.signal, x.now = signal, now
	x.signalHash = x.c.ri.hashString(signal)
	x.occs = x.occs[:0]
	x.occSet.reset()
	x.names, x.cards, x.spans = x.names[:0], x.cards[:0], x.spans[:0]
	x.tspans, x.tsvc, x.tocc, x.resRecs, x.svcSeen = x.tspans[:0], x.tsvc[:0], x.tocc[:0], x.resRecs[:0], x.svcSeen[:0]
	x.tfail = x.tfail[:0]
	x.curSvc = -1
	x.cardSet.reset()
	x.arena = x.arena[:0]
	x.st = counts{}
	clear(x.seenReg)
	x.service, x.scope, x.ident = nil, nil, serviceIdent{}
}

// maxRetained bounds the buffers a pooled request state keeps after a request.
const maxRetained = 1 << 16

// release drops references into the request so pooled request states do not pin
// request buffers.
func (x *requestState) release() {
	if cap(x.arena) > 1<<20 {
		x.arena = nil
	}
	if cap(x.occs) > maxRetained {
		x.occs = nil
	}
	if cap(x.names) > maxRetained || cap(x.cards) > maxRetained || cap(x.spans) > maxRetained || cap(x.tspans) > maxRetained {
		x.names, x.cards, x.spans, x.tspans = nil, nil, nil, nil
	}
	x.w.Trim(maxRetained)
	clear(x.occs)
	x.occs = x.occs[:0]
	clear(x.names)
	clear(x.cards)
	clear(x.spans)
	clear(x.tspans)
	clear(x.tsvc)
	clear(x.tocc)
	clear(x.tfail)
	clear(x.resRecs)
	clear(x.svcSeen)
	x.names, x.cards, x.spans = x.names[:0], x.cards[:0], x.spans[:0]
	x.tspans, x.tsvc, x.tocc, x.resRecs, x.svcSeen = x.tspans[:0], x.tsvc[:0], x.tocc[:0], x.resRecs[:0], x.svcSeen[:0]
	x.tfail = x.tfail[:0]
	x.service, x.scope, x.ident = nil, nil, serviceIdent{}
	x.sample, x.metric, x.attr = Sample{}, Sample{}, Attr{}
}

func (x *requestState) present(idx int32) bool {
	return idx >= 0 && int(idx) < len(x.seen) && x.seen[idx] == x.gen
}

func (x *requestState) nextGen() {
	x.gen++
	if x.gen == 0 { // wrapped: old stamps could collide
		clear(x.seen)
		x.gen = 1
	}
}

// cheapHash is a fast hash of a key for the direct-mapped key cache: its
// length and first and last 8 bytes.
func cheapHash(b []byte) uint64 {
	n := len(b)
	h := uint64(n) * 0x9e3779b97f4a7c15
	if n >= 8 {
		h ^= binary.LittleEndian.Uint64(b)
		h *= 0xbf58476d1ce4e5b9
		h ^= binary.LittleEndian.Uint64(b[n-8:])
	} else {
		for _, c := range b {
			h = (h ^ uint64(c)) * 0x100000001b3
		}
	}
	h *= 0x94d049bb133111eb
	return h ^ h>>29
}

const keyCacheSize = 4096

func (x *requestState) keyInfo(key []byte) *keyInfo {
	slot := &x.keyCache[cheapHash(key)&(keyCacheSize-1)]
	if ki := *slot; ki != nil && ki.key == string(key) {
		return ki
	}
	ki := x.keyInfoSlow(key)
	*slot = ki
	return ki
}

// maxCachedKeyLen bounds the keys and names the per-request caches hold,
// so hostile multi-megabyte keys cannot inflate memory.
const maxCachedKeyLen = 256

func (x *requestState) keyInfoSlow(key []byte) *keyInfo {
	if ki, ok := x.keys[string(key)]; ok {
		return ki
	}
	ki := x.c.ri.newKeyInfo(string(key))
	if len(key) > maxCachedKeyLen {
		return ki
	}
	if len(x.keys) >= maxKeyCache {
		clear(x.keys)
	}
	x.keys[ki.key] = ki
	return ki
}

// nameInfo is the registry lookup of a metric or event name.
type nameInfo struct {
	gi    *groupInfo
	owned bool
}

// lookupName resolves a metric (event=false) or event name, cached.
func (x *requestState) lookupName(name []byte, event bool) nameInfo {
	cache := x.metricNames
	if event {
		cache = x.eventNames
	}
	if ni, ok := cache[string(name)]; ok {
		return ni
	}
	var ni nameInfo
	var g *semconv.Group
	var found bool
	if event {
		g, found = x.c.ri.reg.Event(string(name))
	} else {
		g, found = x.c.ri.reg.Metric(string(name))
	}
	if found {
		ni.gi = x.c.ri.groups[g]
		if ni.gi == nil {
			ni.gi = &groupInfo{g: g}
		}
	}
	ni.owned = found || x.c.ri.reg.OwnsNamespace(string(name))
	if len(name) <= maxCachedKeyLen {
		if len(cache) >= maxMetricCache {
			clear(cache)
		}
		cache[string(name)] = ni
	}
	return ni
}

// newSample resets the reusable sample for a new item.
func (x *requestState) newSample(s *Sample, kind EntityKind) *Sample {
	*s = Sample{Signal: x.signal, Kind: kind, Service: x.service, Scope: x.scope, x: x}
	return s
}

// checkAttrs runs the attribute advisors over kvs for sample s and stamps
// the registry attributes present.
func (x *requestState) checkAttrs(s *Sample, kvs []otlpwire.KeyValue, track bool) {
	x.st.attributes += int64(len(kvs))
	advisors := x.c.attrAdv
	fast := len(advisors) == 1 // only the built-in attribute advisor
	a := &x.attr
	for i := range kvs {
		kv := &kvs[i]
		ki := x.keyInfo(kv.Key)
		if ki.role != roleNone && track {
			x.roleVals[ki.role] = kv.Value
			x.roleMask |= 1 << ki.role
		}
		if ki.idx >= 0 {
			if track && x.seen[ki.idx] != x.gen { // once per key, even if repeated
				x.presentKeys = append(x.presentKeys, ki)
			}
			x.seen[ki.idx] = x.gen
			x.seenReg[ki.idx>>6] |= 1 << (ki.idx & 63)
		}
		if fast && ki.plain && kv.Value.Kind == ki.wantKind {
			continue // nothing for the built-in attribute advisor to report
		}
		*a = Attr{Key: kv.Key, Value: kv.Value, Attribute: ki.attr, Template: ki.template, Owned: ki.owned, info: ki}
		for _, ad := range advisors {
			ad.Attribute(s, a, &x.rep)
		}
	}
}

func (x *requestState) runSample(s *Sample) {
	for _, ad := range x.c.sampAdv {
		ad.Sample(s, &x.rep)
	}
}

// Resource implements the otlpwire handlers.
func (x *requestState) Resource(r *otlpwire.Resource) {
	x.st.resources++
	x.service, x.scope, x.ident = nil, nil, serviceIdent{}
	x.curSvc = -1
	state := serviceNameAbsent
	var instance []byte
	hasInstance := false
	var vals [len(workloadKeys)]uint64
	var fpKeys uint8
	for i := range r.Attrs {
		kv := &r.Attrs[i]
		switch string(kv.Key) {
		case "service.instance.id":
			hasInstance = true
			if kv.Value.Kind == otlpwire.KindString {
				instance = kv.Value.Str
			}
			continue
		case "service.name":
		case "service.namespace":
			if kv.Value.Kind == otlpwire.KindString {
				x.ident.namespace = kv.Value.Str
			}
			continue
		case "service.version":
			if kv.Value.Kind == otlpwire.KindString {
				x.ident.version = kv.Value.Str
			}
			continue
		default:
			if j := slices.Index(workloadKeys[:], string(kv.Key)); j >= 0 {
				v := kv.Value.Str
				if kv.Value.Kind != otlpwire.KindString {
					v = kv.Value.Raw
				}
				vals[j] = hashValue(v)
				fpKeys |= 1 << j
			}
			continue
		}
		switch {
		case kv.Value.Kind != otlpwire.KindString:
			state = serviceNameNotString
		case len(kv.Value.Str) == 0:
			state = serviceNameEmpty
		case len(kv.Value.Str) >= len("unknown_service") && string(kv.Value.Str[:len("unknown_service")]) == "unknown_service":
			state, x.service = serviceNameUnknown, kv.Value.Str
		default:
			state, x.service = serviceNameOK, kv.Value.Str
		}
	}
	x.serviceHash = x.c.ri.hashBytes(x.service)
	x.scopeHash = x.c.ri.hashBytes(nil)
	if n := len(x.svcSeen); n == 0 || x.svcSeen[n-1].hash != x.serviceHash {
		x.svcSeen = append(x.svcSeen, svcSeen{hash: x.serviceHash, service: x.service})
	}
	if len(instance) > 0 && fpKeys != 0 {
		x.resRecs = append(x.resRecs, resRec{key: mix64(x.serviceHash ^ hashValue(instance)*0x9e3779b97f4a7c15),
			vals: vals, keys: fpKeys, service: x.service, ident: x.ident})
	}
	s := x.newSample(&x.sample, EntityResource)
	s.serviceName = state
	s.noInstance = !hasInstance || len(instance) == 0
	x.nextGen()
	x.checkAttrs(s, r.Attrs, false)
	x.runSample(s)
}

// Scope implements the otlpwire handlers.
func (x *requestState) Scope(sc *otlpwire.Scope) {
	x.st.scopes++
	x.scope = sc.Name
	x.curSvc = -1
	x.scopeHash = x.c.ri.hashBytes(sc.Name)
	if len(sc.Attrs) > 0 {
		s := x.newSample(&x.sample, EntityScope)
		x.nextGen()
		x.checkAttrs(s, sc.Attrs, false)
	}
}

// Span implements otlpwire.TracesHandler.
func (x *requestState) Span(sp *otlpwire.Span) {
	x.st.spans++
	s := x.newSample(&x.sample, EntitySpan)
	s.RawName, s.Name = sp.Name, sp.Name
	s.SpanKind, s.TraceID, s.SpanID = sp.Kind, sp.TraceID, sp.SpanID
	s.rawHash = x.c.ri.hashBytes(sp.Name) | 1
	x.nameHash = s.rawHash
	if hasDigit(sp.Name) {
		start := len(x.arena)
		var changed bool
		x.arena, changed = templateName(x.arena, sp.Name)
		if changed {
			pat := x.arena[start:len(x.arena):len(x.arena)]
			s.Name = pat
			ph := x.c.ri.hashBytes(pat)
			x.nameHash = ph | 1
			x.names = append(x.names, nameRec{
				key:      mix64(x.serviceHash ^ mix64(x.scopeHash) ^ ph*3),
				nameHash: s.rawHash,
				service:  x.service, scope: x.scope, ident: x.ident, pattern: pat,
			})
		} else {
			x.arena = x.arena[:start]
		}
	}
	x.nextGen()
	x.presentKeys = x.presentKeys[:0]
	x.roleMask = 0
	firstOcc := len(x.occs)
	x.checkAttrs(s, sp.Attrs, true)
	// Match the span group by kind and the registry attributes present.
	ge := x.spanGroup(sp.Kind, x.attrSetHash(sp.Kind))
	if gi := ge.gi; gi != nil {
		s.gi, s.Group = gi, gi.g
		if !ge.missingDone {
			ge.missing, ge.missingDone = missingAttrs(gi, x, nil), true
		}
		s.missing, s.missingKnown = ge.missing, true
	}
	x.runSample(s)
	x.locateOccs(firstOcc)
	if sp.Kind == spanKindServer || sp.Kind == spanKindClient {
		x.recordSpan(s, sp)
	}
	x.traceSpan(s, sp)
	// Events and links: attribute checks only.
	if len(sp.Events) > 0 || len(sp.Links) > 0 {
		name := s.Name
		for i := range sp.Events {
			x.st.events++
			e := x.newSample(&x.sample, EntitySpanEvent)
			e.Name, e.RawName, e.TraceID, e.SpanID = sp.Events[i].Name, sp.Events[i].Name, sp.TraceID, sp.SpanID
			if len(e.Name) > 0 {
				if ni := x.lookupName(e.Name, true); ni.gi != nil {
					e.gi, e.Group = ni.gi, ni.gi.g // e.g. "exception" events
				}
			}
			x.nextGen()
			x.checkAttrs(e, sp.EventAttributes(i), false)
			if e.gi != nil {
				x.runSample(e)
			}
		}
		for i := range sp.Links {
			x.st.links++
			l := x.newSample(&x.sample, EntitySpanLink)
			l.Name, l.RawName, l.TraceID, l.SpanID = name, sp.Name, sp.TraceID, sp.SpanID
			x.nextGen()
			x.checkAttrs(l, sp.LinkAttributes(i), false)
		}
	}
}

// traceSpan records the span for trace assembly and reports
// client_root_span.
func (x *requestState) traceSpan(s *Sample, sp *otlpwire.Span) {
	hasParent := len(sp.ParentSpanID) == 8 && binary.BigEndian.Uint64(sp.ParentSpanID) != 0
	if sp.Kind == spanKindClient && !hasParent {
		x.report(s, IDClientRootSpan, nil, Detail{})
	}
	if len(sp.TraceID) != 16 || len(sp.SpanID) != 8 {
		return
	}
	if x.curSvc < 0 {
		x.curSvc = int32(len(x.tsvc))
		x.tsvc = append(x.tsvc, tsvcRef{service: x.service, scope: x.scope, ident: x.ident,
			hash: mix64(x.serviceHash ^ x.scopeHash*0x9e3779b97f4a7c15), global: -1})
	}
	r := traceSpan{span: binary.BigEndian.Uint64(sp.SpanID), start: sp.Start, end: sp.End,
		nameHash: x.nameHash, name: s.Name, svc: x.curSvc}
	if sp.Kind >= 0 && sp.Kind <= 5 {
		r.kind = uint8(sp.Kind)
	}
	copy(r.trace[:], sp.TraceID)
	if hasParent {
		r.flags |= tfHasParent
		r.parent = binary.BigEndian.Uint64(sp.ParentSpanID)
		if sp.Flags&0x100 != 0 && sp.Flags&0x200 == 0 {
			r.flags |= tfLocalParent
		}
	}
	if sp.Kind >= 2 && x.roleMask != 0 {
		r.peer = x.peer()
	}
	x.tspans = append(x.tspans, r)
}

// vagueSlot caches isVagueName by name hash.
type vagueSlot struct {
	hash  uint64
	vague bool
}

const vagueSlots = 256

// vague reports whether the span's raw name is vague, cached by its hash
// (a span name repeats across requests; a hash collision between two
// names, 2^-64, would only reuse the other's answer).
func (x *requestState) vague(s *Sample) bool {
	if s.rawHash == 0 {
		return isVagueName(s.RawName)
	}
	slot := &x.vagueCache[s.rawHash&(vagueSlots-1)]
	if slot.hash != s.rawHash {
		*slot = vagueSlot{hash: s.rawHash, vague: isVagueName(s.RawName)}
	}
	return slot.vague
}

// peer returns the peer key of the current span (see peerKey).
func (x *requestState) peer() uint64 {
	str := func(r role) []byte {
		if x.roleMask&(1<<r) != 0 && x.roleVals[r].Kind == otlpwire.KindString {
			return x.roleVals[r].Str
		}
		return nil
	}
	addr := str(roleServerAddress)
	var port uint64
	if x.roleMask&(1<<roleServerPort) != 0 {
		switch pv := x.roleVals[roleServerPort]; pv.Kind {
		case otlpwire.KindInt:
			port = pv.Num
		case otlpwire.KindString:
			port = parsePort(pv.Str)
		}
	}
	if addr == nil {
		if h := hostOf(str(roleURLFull)); h != nil {
			addr = h
			if i := lastColon(h); i >= 0 {
				addr, port = h[:i], parsePort(h[i+1:])
			}
		}
	}
	return peerKey(str(roleRPCService), str(roleMessagingDest), addr, port)
}

// lastColon returns the index of the port separator of host:port, or -1
// (IPv6 literals are bracketed).
func lastColon(h []byte) int {
	for i := len(h) - 1; i >= 0; i-- {
		switch h[i] {
		case ':':
			return i
		case ']':
			return -1
		}
	}
	return -1
}

// locateOccs gives the span's new findings (from occs[first:]) the source
// location the span carries in code.file.path and code.line.number.
func (x *requestState) locateOccs(first int) {
	if x.roleMask&(1<<roleCodeFile) == 0 || first == len(x.occs) {
		return
	}
	fv := x.roleVals[roleCodeFile]
	if fv.Kind != otlpwire.KindString || len(fv.Str) == 0 {
		return
	}
	start := len(x.arena)
	x.arena = append(x.arena, fv.Str...)
	file := x.arena[start:len(x.arena):len(x.arena)]
	var line int64
	if x.roleMask&(1<<roleCodeLine) != 0 && x.roleVals[roleCodeLine].Kind == otlpwire.KindInt {
		line = x.roleVals[roleCodeLine].Int()
	}
	for i := first; i < len(x.occs); i++ {
		x.occs[i].codeFile, x.occs[i].codeLine = file, line
	}
}

// groupEntry is a cached span-group match: the span kind and the
// registry attributes it was matched for, so that a signature collision
// (two key sets whose hashes sum alike) is recognised, never answered with
// another key set's group. missing lists (as positions in gi.attrs) the
// required and recommended attributes of the group that spans with these
// attributes lack: the attributes present decide what is missing too.
type groupEntry struct {
	kind        int32
	keys        []int32 // registry indexes of the distinct attributes present
	gi          *groupInfo
	missingDone bool
	missing     []int32
}

// groupSlot is an entry of the direct-mapped span-group cache.
type groupSlot struct {
	setHash uint64
	e       *groupEntry
}

const groupSlots = 512

// attrSetHash hashes the span kind and the registry attributes present
// (x.presentKeys) in any order.
func (x *requestState) attrSetHash(kind int32) uint64 {
	setHash := uint64(kind) * 0x9e3779b97f4a7c15
	for _, ki := range x.presentKeys {
		setHash += ki.groupTerm
	}
	return setHash
}

// matches reports whether e was matched for the current span: the same
// kind and exactly the registry attributes present now (x.presentKeys holds
// each once).
func (x *requestState) matches(e *groupEntry, kind int32) bool {
	if e.kind != kind || len(e.keys) != len(x.presentKeys) {
		return false
	}
	for _, idx := range e.keys {
		if !x.present(idx) {
			return false
		}
	}
	return true
}

// spanGroup returns the span group for the span whose registry attributes
// (x.presentKeys) hash to setHash, matching and caching it on a miss. On a
// signature collision the span is matched afresh, in an entry of its own
// that is not cached, and the cache keeps the entry it had.
func (x *requestState) spanGroup(kind int32, setHash uint64) *groupEntry {
	slot := &x.groupSlots[mix64(setHash)&(groupSlots-1)]
	if slot.e != nil && slot.setHash == setHash && x.matches(slot.e, kind) {
		return slot.e
	}
	e, ok := x.groupCache[setHash]
	if ok && !x.matches(e, kind) {
		return x.newGroupEntry(kind)
	}
	if !ok {
		if len(x.groupCache) >= maxGroupCache {
			clear(x.groupCache)
		}
		e = x.newGroupEntry(kind)
		x.groupCache[setHash] = e
	}
	*slot = groupSlot{setHash: setHash, e: e}
	return e
}

// newGroupEntry matches the current span's kind and registry attributes
// to a span group.
func (x *requestState) newGroupEntry(kind int32) *groupEntry {
	e := &groupEntry{kind: kind, keys: make([]int32, len(x.presentKeys)), gi: x.c.ri.matchSpanGroup(kind, x.presentKeys)}
	for i, ki := range x.presentKeys {
		e.keys[i] = ki.idx
	}
	return e
}

// missingAttrs appends to dst the positions in gi.attrs of the required
// and recommended attributes the current span lacks.
func missingAttrs(gi *groupInfo, x *requestState, dst []int32) []int32 {
	for i := range gi.attrs {
		ga := &gi.attrs[i]
		if ga.requirement != semconv.RequirementRequired && ga.requirement != semconv.RequirementRecommended {
			continue
		}
		if ga.idx >= 0 && x.present(ga.idx) {
			continue
		}
		dst = append(dst, int32(i))
	}
	return dst
}

// recordSpan remembers a server/client span for duplicate_instrumentation.
func (x *requestState) recordSpan(s *Sample, sp *otlpwire.Span) {
	if len(sp.TraceID) != 16 || len(sp.SpanID) != 8 {
		return
	}
	// OTLP span flags: bit 8 says whether bit 9 (the parent is remote) is known.
	localParent := len(sp.ParentSpanID) == 8 && sp.Flags&0x100 != 0 && sp.Flags&0x200 == 0
	if x.roleMask == 0 && !(sp.Kind == spanKindServer && localParent) {
		return
	}
	str := func(r role) []byte {
		if x.roleMask&(1<<r) != 0 {
			return x.roleVals[r].Str
		}
		return nil
	}
	method, route, path, addr, full := str(roleMethod), str(roleRoute), str(roleURLPath), str(roleServerAddress), str(roleURLFull)
	var port uint64
	if x.roleMask&(1<<roleServerPort) != 0 {
		switch pv := x.roleVals[roleServerPort]; pv.Kind {
		case otlpwire.KindInt:
			port = pv.Num
		case otlpwire.KindString: // "443" and 443 are the same port
			port = parsePort(pv.Str)
		}
	}
	var req uint64
	if sp.Kind == spanKindServer {
		if route == nil {
			route = path
		}
		if method != nil || route != nil {
			req = mix64(hashValue(method)*31 + hashValue(route))
		} else if !localParent {
			return
		}
	} else {
		if addr == nil {
			addr = hostOf(full)
		}
		if addr == nil {
			return
		}
		req = mix64(hashValue(addr)*31 + mix64(port))
	}
	rec := spanRec{
		info:    spanInfo{kind: sp.Kind, service: x.serviceHash, request: req, localParent: localParent},
		service: x.service, scope: x.scope, ident: x.ident, name: s.Name,
		traceID: sp.TraceID, spanID: sp.SpanID,
	}
	copy(rec.id.trace[:], sp.TraceID)
	copy(rec.id.span[:], sp.SpanID)
	if len(sp.ParentSpanID) == 8 {
		rec.hasParent = true
		rec.parent.trace = rec.id.trace
		copy(rec.parent.span[:], sp.ParentSpanID)
	}
	x.spans = append(x.spans, rec)
}

// parsePort returns a decimal port string as its number, anything else
// as a hash (far above the port range).
func parsePort(b []byte) uint64 {
	if len(b) == 0 || len(b) > 5 {
		return hashValue(b) | 1<<63
	}
	var n uint64
	for _, c := range b {
		if !isDigit(c) {
			return hashValue(b) | 1<<63
		}
		n = n*10 + uint64(c-'0')
	}
	return n
}

// hostOf returns the host[:port] of a URL ("https://h:1/p" -> "h:1").
func hostOf(u []byte) []byte {
	for i := 0; i+2 < len(u); i++ {
		if u[i] == ':' && u[i+1] == '/' && u[i+2] == '/' {
			h := u[i+3:]
			for j, c := range h {
				if c == '/' || c == '?' || c == '#' {
					return h[:j]
				}
			}
			return h
		}
	}
	return nil
}

// instrumentOf maps OTLP metric data to a semconv instrument.
func instrumentOf(m *otlpwire.Metric) string {
	switch m.Type {
	case otlpwire.MetricGauge:
		return "gauge"
	case otlpwire.MetricSum:
		if m.Monotonic {
			return "counter"
		}
		return "updowncounter"
	case otlpwire.MetricHistogram, otlpwire.MetricExponentialHistogram:
		return "histogram"
	case otlpwire.MetricSummary:
		return "summary"
	}
	return ""
}

// Metric implements otlpwire.MetricsHandler.
func (x *requestState) Metric(m *otlpwire.Metric) {
	x.st.metrics++
	s := x.newSample(&x.metric, EntityMetric)
	s.Name, s.RawName, s.Unit, s.Instrument = m.Name, m.Name, m.Unit, instrumentOf(m)
	ni := x.lookupName(m.Name, false)
	if ni.gi != nil {
		s.gi, s.Group = ni.gi, ni.gi.g
	}
	s.owned = ni.owned
	x.metricHash = x.c.ri.hashBytes(m.Name)
	x.runSample(s)
}

// DataPoint implements otlpwire.MetricsHandler.
func (x *requestState) DataPoint(m *otlpwire.Metric, dp *otlpwire.DataPoint) {
	x.st.dataPoints++
	ms := &x.metric
	s := x.newSample(&x.sample, EntityDataPoint)
	s.Name, s.RawName, s.Unit, s.Instrument, s.gi, s.Group = ms.Name, ms.RawName, ms.Unit, ms.Instrument, ms.gi, ms.Group
	x.nextGen()
	x.checkAttrs(s, dp.Attrs, false)
	for i := range dp.Attrs {
		kv := &dp.Attrs[i]
		ki := x.keyInfo(kv.Key)
		var vh uint64
		switch kv.Value.Kind {
		case otlpwire.KindString, otlpwire.KindBytes:
			vh = hashValue(kv.Value.Str)
		case otlpwire.KindArray, otlpwire.KindKVList:
			vh = hashValue(kv.Value.Raw)
		default:
			vh = mix64(kv.Value.Num ^ uint64(kv.Value.Kind)<<56)
		}
		key := mix64(x.metricHash ^ ki.hash*7)
		// The same value of the same attribute repeats across data points:
		// keep one record per request with a count.
		h := mix64(key ^ vh*0x9e3779b97f4a7c15)
		slot := x.cardSet.find(h)
		if slot.gen == x.cardSet.gen && slot.hash == h {
			x.cards[slot.idx].n++
			continue
		}
		*slot = occSlot{hash: h, idx: int32(len(x.cards)), gen: x.cardSet.gen}
		x.cards = append(x.cards, cardRec{
			key: key, value: vh, n: 1,
			service: x.service, scope: x.scope, ident: x.ident, metric: ms.Name, attr: ki.key,
		})
		x.cardSet.added(len(x.cards))
	}
	x.runSample(s)
}

// Log implements otlpwire.LogsHandler.
func (x *requestState) Log(l *otlpwire.LogRecord) {
	x.st.logs++
	s := x.newSample(&x.sample, EntityLog)
	s.Name, s.RawName, s.TraceID, s.SpanID = l.EventName, l.EventName, l.TraceID, l.SpanID
	s.SeverityNumber = l.SeverityNumber
	if len(l.EventName) > 0 {
		if ni := x.lookupName(l.EventName, true); ni.gi != nil {
			s.gi, s.Group = ni.gi, ni.gi.g
		}
	}
	x.nextGen()
	x.checkAttrs(s, l.Attrs, false)
	x.runSample(s)
}

// sampleHash hashes the aggregation fields shared by all findings of s.
func (x *requestState) sampleHash(s *Sample) uint64 {
	// Same chain as Checker.occHash, with the per-request, per-resource
	// and per-scope parts cached.
	h := mix64(x.signalHash ^ x.serviceHash)
	h = mix64(h ^ x.scopeHash)
	h = mix64(h ^ x.c.ri.hashBytes(s.Name))
	if h == 0 {
		h = 1
	}
	return h
}

func (x *requestState) report(s *Sample, id string, attr []byte, d Detail) {
	x.add(s, id, attr, "", x.c.ri.hashBytes(attr), d)
}

func (x *requestState) reportString(s *Sample, id string, attr string, attrHash uint64, d Detail) {
	x.add(s, id, nil, attr, attrHash, d)
}

// reportKey reports a finding about the attribute described by ki (whose
// key hash is already known).
func (x *requestState) reportKey(s *Sample, id string, key []byte, ki *keyInfo, d Detail) {
	x.add(s, id, key, "", ki.hash, d)
}

// idHash hashes a finding id, remembering the last one (findings come in
// runs of the same id).
func (x *requestState) idHash(id string) uint64 {
	if id != x.lastID {
		x.lastID, x.lastIDHash = id, x.c.ri.hashString(id)
	}
	return x.lastIDHash
}

func (x *requestState) add(s *Sample, id string, attr []byte, attrS string, ah uint64, d Detail) {
	if s.hash == 0 {
		s.hash = x.sampleHash(s)
	}
	h := mix64(s.hash ^ x.idHash(id)*0x9e3779b97f4a7c15 ^ mix64(ah))
	slot := x.occSet.find(h)
	if slot.gen == x.occSet.gen && slot.hash == h {
		x.occs[slot.idx].count++
		return
	}
	if d.HasValue {
		start := len(x.arena)
		x.arena = append(x.arena, d.Value...)
		d.Value = x.arena[start:len(x.arena):len(x.arena)]
	}
	o := occ{
		hash: h, id: id, signal: s.Signal, service: s.Service, ident: x.ident, scope: s.Scope, name: s.Name,
		attr: attr, attrS: attrS, count: 1, d: d, kind: s.Kind, spanKind: s.SpanKind,
		traceID: s.TraceID, spanID: s.SpanID,
	}
	if s.Group != nil {
		o.group = s.Group.ID
	}
	*slot = occSlot{hash: h, idx: int32(len(x.occs)), gen: x.occSet.gen}
	x.occs = append(x.occs, o)
	x.occSet.added(len(x.occs))
}

// occSlot is an entry of the open-addressing table that deduplicates the
// finding occurrences of a request; stale generations count as empty, so
// the table needs no clearing between requests.
type occSlot struct {
	hash uint64
	idx  int32
	gen  uint32
}

// dedupSet is an open-addressing set of hashes with an index each, reset
// in O(1) by bumping its generation.
type dedupSet struct {
	tab []occSlot
	gen uint32
}

func (d *dedupSet) reset() {
	if d.tab == nil || len(d.tab) > 4*maxRetained {
		d.tab = make([]occSlot, 256)
	}
	d.gen++
	if d.gen == 0 {
		clear(d.tab)
		d.gen = 1
	}
}

// find returns the slot holding h, or the empty slot where it belongs.
func (d *dedupSet) find(h uint64) *occSlot {
	mask := uint64(len(d.tab) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &d.tab[i]
		if s.gen != d.gen || s.hash == h {
			return s
		}
	}
}

// added grows the table after the n-th entry went in.
func (d *dedupSet) added(n int) {
	if n*2 <= len(d.tab) {
		return
	}
	old := d.tab
	d.tab = make([]occSlot, 2*len(old))
	for _, s := range old {
		if s.gen == d.gen {
			*d.find(s.hash) = s
		}
	}
}
