package runtimecheck

import (
	"encoding/hex"
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Checker checks OTLP export requests. It is safe for concurrent use.
type Checker struct {
	cfg     Config
	ri      *regIndex
	attrAdv []Advisor // advisors with attribute checks
	sampAdv []Advisor // advisors with sample checks
	pool    sync.Pool

	cbMu sync.Mutex // serializes OnNewFinding callbacks
	cb   func(Finding)

	mu       sync.Mutex
	st       Statistics
	findings map[uint64]*Finding
	names    map[uint64]*namePattern
	// nameBytes is the memory of names, against Config.MaxNameTrackerBytes.
	nameBytes int64
	sketches  map[uint64]*cardSketch
	spans     *spanCache
	seenReg   []uint64
	// scores are the Instrumentation Score state per service, instances
	// the workload attributes first seen per service.instance.id.
	scores    map[uint64]*serviceScore
	instances map[uint64]*instanceEntry

	// tmu guards traces (taken before mu, never while holding it).
	tmu    sync.Mutex
	traces *traceTable
}

// instanceEntry is the workload identity first seen for one
// service.name and service.instance.id.
type instanceEntry struct {
	vals [len(workloadKeys)]uint64
	keys uint8
}

// maxInstances bounds the service.instance.id values tracked for
// duplicate_service_instance_id.
const maxInstances = 16384

// namePattern tracks the distinct raw span names of one templated pattern
// as a set of name hashes (open addressing, 0 marks a free slot). Its
// slots are charged to Config.MaxNameTrackerBytes; once the set cannot
// grow (that budget, or maxNamesPerPattern) it keeps its count as a lower
// bound and says "at least".
type namePattern struct {
	slots []uint64
	n     int
	full  bool
}

// maxNamesPerPattern bounds the names counted exactly per pattern.
const maxNamesPerPattern = 1024

// Memory charged per pattern: the map entry and struct, and the first set.
const (
	namePatternOverhead = 96
	namePatternSlots    = 16
)

// add records name hash h and reports whether it was new. grow is asked
// for the bytes of a larger set before the set doubles.
func (p *namePattern) add(h uint64, grow func(bytes int) bool) bool {
	if h == 0 {
		h = 1
	}
	mask := uint64(len(p.slots) - 1)
	for i := mix64(h) & mask; ; i = (i + 1) & mask {
		switch p.slots[i] {
		case h:
			return false
		case 0:
			if (p.n+1)*4 > len(p.slots)*3 { // keep the load under 3/4
				if p.n >= maxNamesPerPattern || !grow(8*len(p.slots)) {
					p.full = true
					return false
				}
				p.rehash()
				return p.add(h, grow)
			}
			p.slots[i] = h
			p.n++
			return true
		}
	}
}

func (p *namePattern) rehash() {
	old := p.slots
	p.slots = make([]uint64, 2*len(old))
	mask := uint64(len(p.slots) - 1)
	for _, h := range old {
		if h == 0 {
			continue
		}
		i := mix64(h) & mask
		for p.slots[i] != 0 {
			i = (i + 1) & mask
		}
		p.slots[i] = h
	}
}

// cardSketch counts the distinct values of one metric attribute.
type cardSketch struct {
	h       hll
	changes int
	over    bool
	est     int64
}

// NewChecker returns a checker for cfg.
func NewChecker(cfg Config) (*Checker, error) {
	if err := cfg.fill(); err != nil {
		return nil, err
	}
	c := &Checker{
		cfg:       cfg,
		ri:        newRegIndex(cfg.Registry),
		findings:  make(map[uint64]*Finding),
		names:     make(map[uint64]*namePattern),
		sketches:  make(map[uint64]*cardSketch),
		spans:     newSpanCache(cfg.SpanCacheSize),
		scores:    make(map[uint64]*serviceScore),
		instances: make(map[uint64]*instanceEntry),
	}
	c.traces = newTraceTable(&c.cfg)
	c.attrAdv, c.sampAdv = builtinAdvisors(&c.cfg)
	c.attrAdv = append(c.attrAdv, cfg.Advisors...)
	c.sampAdv = append(c.sampAdv, cfg.Advisors...)
	c.seenReg = make([]uint64, (c.ri.nAttrs+63)/64)
	c.pool.New = func() any { return newRequestState(c) }
	c.st.RegistryVersion = c.ri.version
	c.st.RegistryAttributes = c.ri.nAttrs
	return c, nil
}

// OnNewFinding registers fn to be called once for every new aggregated
// finding (not for further occurrences), replacing any earlier fn. Calls
// are serialized and made after the finding is in the checker, so fn may
// call Snapshot; fn must not block for long nor call OnNewFinding.
func (c *Checker) OnNewFinding(fn func(Finding)) {
	c.cbMu.Lock()
	c.cb = fn
	c.cbMu.Unlock()
}

// ConsumeTraces checks an encoded ExportTraceServiceRequest. It returns an
// error only for malformed protobuf; nothing of a malformed request is
// counted.
func (c *Checker) ConsumeTraces(b []byte) error {
	return c.consume(SignalTraces, b, func(x *requestState) error { return x.w.Traces(b, x) })
}

// ConsumeMetrics checks an encoded ExportMetricsServiceRequest.
func (c *Checker) ConsumeMetrics(b []byte) error {
	return c.consume(SignalMetrics, b, func(x *requestState) error { return x.w.Metrics(b, x) })
}

// ConsumeLogs checks an encoded ExportLogsServiceRequest.
func (c *Checker) ConsumeLogs(b []byte) error {
	return c.consume(SignalLogs, b, func(x *requestState) error { return x.w.Logs(b, x) })
}

func (c *Checker) consume(signal string, b []byte, walk func(*requestState) error) (err error) {
	x := c.pool.Get().(*requestState)
	defer func() {
		// Defense in depth: no input may take the process down. A panic
		// (a bug, or a custom advisor's) rejects the request instead; the
		// request state is dropped, not pooled.
		if r := recover(); r != nil {
			err = fmt.Errorf("runtimecheck: internal error checking %s: %v", signal, r)
			c.mu.Lock()
			c.st.Requests++
			c.st.RejectedRequests++
			c.mu.Unlock()
		}
	}()
	x.reset(signal, c.cfg.Now())
	err = walk(x)
	if err != nil {
		err = fmt.Errorf("runtimecheck: %s request: %w", signal, err)
		c.mu.Lock()
		c.st.Requests++
		c.st.RejectedRequests++
		c.mu.Unlock()
	} else {
		c.merge(x)
	}
	x.release()
	c.pool.Put(x)
	return err
}

// merge folds a request's state into the checker state.
func (c *Checker) merge(x *requestState) {
	if len(x.tspans) > 0 {
		c.tmu.Lock()
		c.assemble(x)
		c.tmu.Unlock()
	}
	var fresh []*Finding
	c.mu.Lock()
	st := &c.st
	st.Requests++
	st.Resources += x.st.resources
	st.Scopes += x.st.scopes
	st.Spans += x.st.spans
	st.SpanEvents += x.st.events
	st.SpanLinks += x.st.links
	st.Metrics += x.st.metrics
	st.DataPoints += x.st.dataPoints
	st.Logs += x.st.logs
	st.Attributes += x.st.attributes
	for i, w := range x.seenReg {
		c.seenReg[i] |= w
	}
	for i := range x.occs {
		if f := c.record(&x.occs[i], x.now); f != nil {
			fresh = append(fresh, f)
		}
	}
	fresh = c.mergeNames(x, fresh)
	fresh = c.mergeCards(x, fresh)
	for i := range x.svcSeen {
		c.scoreFor(x.svcSeen[i].hash, x.svcSeen[i].service)
	}
	fresh = c.mergeInstances(x, fresh)
	fresh = c.recordTraceOccs(x, fresh)
	for i := range x.spans {
		r := &x.spans[i]
		if why, asParent := c.spans.observe(&r.id, &r.parent, r.hasParent, r.info); why != notDuplicate {
			what := "request (method and route)"
			kind := "SERVER"
			switch {
			case why == localServer:
				what = "request: a local SERVER parent of the same service (in-process)"
			case r.info.kind == spanKindClient:
				what, kind = "target (server address and port)", "CLIENT"
			}
			o := occ{
				id: IDDuplicateInstrumentation, signal: SignalTraces, service: r.service, ident: r.ident, scope: r.scope,
				name: r.name, count: 1, kind: EntitySpan, spanKind: r.info.kind,
				traceID: r.traceID, spanID: r.spanID, d: Detail{Expected: what, Actual: kind},
			}
			if asParent {
				o.d.Number = 1 // the span is the parent of the duplicate
			}
			o.hash = c.occHash(&o)
			if f := c.record(&o, x.now); f != nil {
				fresh = append(fresh, f)
			}
		}
	}
	copies := cloneAll(fresh)
	c.mu.Unlock()
	c.announce(copies)
}

// cloneAll copies fresh findings for the callback. Caller holds c.mu.
func cloneAll(fresh []*Finding) []Finding {
	if len(fresh) == 0 {
		return nil
	}
	copies := make([]Finding, len(fresh))
	for i, f := range fresh {
		copies[i] = cloneFinding(f)
	}
	return copies
}

// announce calls the OnNewFinding callback with copies of new findings.
func (c *Checker) announce(copies []Finding) {
	if len(copies) > 0 {
		c.cbMu.Lock()
		if c.cb != nil {
			for _, f := range copies {
				c.cb(f)
			}
		}
		c.cbMu.Unlock()
	}
}

// recordTraceOccs records the whole-trace findings of x, and the failures
// of bounded score rules its traces showed. Caller holds c.mu.
func (c *Checker) recordTraceOccs(x *requestState, fresh []*Finding) []*Finding {
	for _, m := range x.tfail {
		c.failRule([]byte(m.service), m.rule, 1)
	}
	for i := range x.tocc {
		o := &x.tocc[i]
		o.hash = c.occHash(o)
		if f := c.record(o, x.now); f != nil {
			fresh = append(fresh, f)
		}
	}
	return fresh
}

// mergeTraceOccs records the whole-trace findings of x and announces the
// new ones.
func (c *Checker) mergeTraceOccs(x *requestState) {
	if len(x.tocc) == 0 && len(x.tfail) == 0 {
		return
	}
	c.mu.Lock()
	copies := cloneAll(c.recordTraceOccs(x, nil))
	c.mu.Unlock()
	c.announce(copies)
}

// mergeInstances reports duplicate_service_instance_id: a
// service.instance.id of a service seen on resources whose workload
// attributes (k8s.pod.uid, container.id, host.name, ...) differ. Caller
// holds c.mu.
func (c *Checker) mergeInstances(x *requestState, fresh []*Finding) []*Finding {
	for i := range x.resRecs {
		r := &x.resRecs[i]
		e := c.instances[r.key]
		if e == nil {
			if len(c.instances) >= maxInstances {
				c.st.DroppedInstanceIDs++
				continue
			}
			c.instances[r.key] = &instanceEntry{vals: r.vals, keys: r.keys}
			continue
		}
		var differ []string
		for j, k := range workloadKeys {
			if e.keys&r.keys&(1<<j) != 0 && e.vals[j] != r.vals[j] {
				differ = append(differ, k)
			}
		}
		if len(differ) == 0 {
			continue
		}
		o := occ{id: IDDuplicateServiceInst, signal: x.signal, service: r.service, ident: r.ident,
			attrS: "service.instance.id", count: 1, kind: EntityResource, spanKind: -1,
			d: Detail{Expected: strings.Join(differ, ", ")}}
		o.hash = c.occHash(&o)
		if f := c.record(&o, x.now); f != nil {
			fresh = append(fresh, f)
		}
	}
	return fresh
}

func (c *Checker) occHash(o *occ) uint64 {
	ri := c.ri
	h := mix64(ri.hashString(o.signal) ^ ri.hashBytes(o.service))
	h = mix64(h ^ ri.hashBytes(o.scope))
	h = mix64(h ^ ri.hashBytes(o.name))
	if h == 0 {
		h = 1
	}
	return mix64(h ^ ri.hashString(o.id)*0x9e3779b97f4a7c15 ^ mix64(ri.hashString(o.attribute())))
}

func (c *Checker) mergeNames(x *requestState, fresh []*Finding) []*Finding {
	thr := c.cfg.SpanNameCardinalityThreshold
	for i := range x.names {
		r := &x.names[i]
		p := c.names[r.key]
		if p == nil {
			cost := int64(namePatternOverhead + 8*namePatternSlots)
			if len(c.names) >= c.cfg.MaxNamePatterns || c.nameBytes+cost > c.cfg.MaxNameTrackerBytes {
				c.st.DroppedNamePatterns++
				continue
			}
			c.nameBytes += cost
			p = &namePattern{slots: make([]uint64, namePatternSlots)}
			c.names[r.key] = p
		}
		added := p.add(r.nameHash, func(n int) bool {
			if c.nameBytes+int64(n) > c.cfg.MaxNameTrackerBytes {
				return false
			}
			c.nameBytes += int64(n)
			return true
		})
		if p.n >= thr {
			d := Detail{Number: int64(p.n), LowerBound: p.full}
			o := occ{
				id: IDHighCardinalitySpanName, signal: SignalTraces, service: r.service, ident: r.ident, scope: r.scope,
				name: r.pattern, count: 1, kind: EntitySpan, d: d,
			}
			o.hash = c.occHash(&o)
			f := c.record(&o, x.now)
			if f != nil {
				fresh = append(fresh, f)
			} else if e := c.lookup(&o); e != nil {
				// The message says what was seen, not what was seen when
				// the finding was first made.
				if lb, _ := e.Context["distinct_names_lower_bound"].(bool); added || p.full != lb {
					e.Context["distinct_names"] = p.n
					if p.full {
						e.Context["distinct_names_lower_bound"] = true
					}
					e.Message = message(e, &d, c.cfg.ShowValues)
				}
			}
		}
	}
	return fresh
}

func (c *Checker) mergeCards(x *requestState, fresh []*Finding) []*Finding {
	thr := c.cfg.HighCardinalityThreshold
	for i := range x.cards {
		r := &x.cards[i]
		sk := c.sketches[r.key]
		if sk == nil {
			if len(c.sketches) >= c.cfg.MaxCardinalitySketches {
				c.st.DroppedCardinalityKeys++
				continue
			}
			sk = &cardSketch{}
			c.sketches[r.key] = sk
		}
		before := sk.h.reg[mix64(r.value)>>(64-hllP)]
		sk.h.add(r.value)
		if sk.h.reg[mix64(r.value)>>(64-hllP)] != before {
			sk.changes++
			// Re-estimate on a register change, sparsely once large.
			if !sk.over && (sk.changes < 64 || sk.changes%16 == 0) {
				sk.est = int64(sk.h.estimate() + 0.5)
				sk.over = sk.est > int64(thr)
			} else if sk.over && sk.changes%64 == 0 {
				sk.est = int64(sk.h.estimate() + 0.5)
			}
		}
		if sk.est >= met001Threshold {
			c.failRule(r.service, met001, r.n)
		}
		if !sk.over {
			continue
		}
		o := occ{
			id: IDHighCardinalityAttribute, signal: SignalMetrics, service: r.service, ident: r.ident, scope: r.scope,
			name: r.metric, attrS: r.attr, count: r.n, kind: EntityDataPoint,
			d: Detail{Number: sk.est, Expected: strconv.Itoa(thr)},
		}
		o.hash = c.occHash(&o)
		if f := c.record(&o, x.now); f != nil {
			fresh = append(fresh, f)
		} else if e := c.lookup(&o); e != nil {
			e.Context["estimated_distinct_values"] = sk.est
		}
	}
	return fresh
}

// maxFieldLen bounds the service, scope, name and attribute strings kept
// in a finding; longer ones are clipped (memory stays bounded however long
// the names sent are).
const maxFieldLen = 256

// clip returns b as a string of at most maxFieldLen bytes (cut at a UTF-8
// boundary, marked with an ellipsis).
func clip(b []byte) string {
	if len(b) <= maxFieldLen {
		return string(b)
	}
	n := maxFieldLen
	for n > 0 && b[n]&0xc0 == 0x80 {
		n--
	}
	return string(b[:n]) + "…"
}

// same reports whether the finding field f holds b (clipped).
func same(f string, b []byte) bool {
	if len(b) <= maxFieldLen {
		return f == string(b)
	}
	return f == clip(b)
}

// matches reports whether f is the aggregate of o.
func matches(f *Finding, o *occ) bool {
	if f.ID != o.id || f.Signal != o.signal || !same(f.Service, o.service) || !same(f.Scope, o.scope) || !same(f.Name, o.name) {
		return false
	}
	if o.attrS != "" {
		return f.Attribute == o.attrS
	}
	return same(f.Attribute, o.attr)
}

// lookup finds the aggregate of o, probing past hash collisions.
func (c *Checker) lookup(o *occ) *Finding {
	h := o.hash
	for i := 0; i < 8; i++ {
		f, ok := c.findings[h]
		if !ok {
			return nil
		}
		if matches(f, o) {
			return f
		}
		h = mix64(h + 1)
	}
	return nil
}

// record adds o to its aggregate, creating it if needed; it returns the
// aggregate when it is new. Caller holds c.mu.
func (c *Checker) record(o *occ, now time.Time) *Finding {
	c.noteRule(o)
	h := o.hash
	for i := 0; i < 8; i++ {
		f, ok := c.findings[h]
		if !ok {
			break
		}
		if matches(f, o) {
			f.Count += o.count
			if now.After(f.LastSeen) {
				f.LastSeen = now
			}
			return nil
		}
		h = mix64(h + 1)
	}
	if _, taken := c.findings[h]; taken || len(c.findings) >= c.cfg.MaxFindings {
		c.st.DroppedFindings += o.count
		return nil
	}
	f := &Finding{
		ID: o.id, Level: LevelOf(o.id), Signal: o.signal,
		Service: clip(o.service), Scope: clip(o.scope), Name: clip(o.name), Attribute: o.attribute(),
		Count: o.count, FirstSeen: now, LastSeen: now,
	}
	if o.ident.namespace != nil {
		f.ServiceNamespace = clip(o.ident.namespace)
	}
	if o.ident.version != nil {
		f.ServiceVersion = clip(o.ident.version)
	}
	f.Message = message(f, &o.d, c.cfg.ShowValues)
	f.Context = c.context(o)
	c.findings[h] = f
	return f
}

// The OTLP span kinds (opentelemetry.proto.trace.v1.Span.SpanKind).
const (
	spanKindUnspecified = iota
	spanKindInternal
	spanKindServer
	spanKindClient
	spanKindProducer
	spanKindConsumer
)

var spanKindNames = [...]string{
	spanKindUnspecified: "UNSPECIFIED",
	spanKindInternal:    "INTERNAL",
	spanKindServer:      "SERVER",
	spanKindClient:      "CLIENT",
	spanKindProducer:    "PRODUCER",
	spanKindConsumer:    "CONSUMER",
}

// context builds the redacted sample context of a new finding.
func (c *Checker) context(o *occ) map[string]any {
	ctx := map[string]any{"entity": string(o.kind)}
	if o.kind == EntitySpan || o.kind == EntitySpanEvent || o.kind == EntitySpanLink {
		if o.spanKind >= 0 && int(o.spanKind) < len(spanKindNames) {
			ctx["span_kind"] = spanKindNames[o.spanKind]
		}
	}
	if len(o.traceID) > 0 {
		ctx["trace_id"] = hex.EncodeToString(o.traceID)
	}
	if len(o.spanID) > 0 {
		ctx["span_id"] = hex.EncodeToString(o.spanID)
	}
	if o.group != "" {
		ctx["group"] = o.group
	}
	if len(o.codeFile) > 0 {
		ctx["code.file.path"] = clip(o.codeFile)
		if o.codeLine > 0 {
			ctx["code.line.number"] = o.codeLine
		}
	}
	d := &o.d
	switch o.id {
	case IDHighCardinalitySpanName:
		ctx["distinct_names"] = int(d.Number)
		if d.LowerBound {
			ctx["distinct_names_lower_bound"] = true
		}
	case IDHighCardinalityAttribute:
		ctx["estimated_distinct_values"] = d.Number
		ctx["threshold"] = d.Expected
	case IDMissingServiceName:
		ctx["problem"] = d.Actual
	case IDDeprecated:
		if d.Expected != "" {
			ctx["reason"] = d.Expected
		}
	case IDRequiredAttributeMissing, IDRecommendedAttributeNotPresent:
		// the group is already in the context
	case IDDuplicateInstrumentation:
		ctx["same"] = d.Expected
	case IDOrphanSpan:
		ctx["trace_window"] = d.Expected
	case IDInternalSpanFanout:
		ctx["internal_spans"] = d.Number
		ctx["threshold"] = d.Expected
		ctx["top_names"] = d.Actual
	case IDShortSpanFlood:
		ctx["short_spans"] = d.Number
		ctx["threshold"] = d.Expected
		ctx["top_names"] = d.Actual
	case IDDuplicateServiceInst:
		ctx["differing"] = d.Expected
	case IDMetricUnitUnset:
		ctx["unit"] = d.Actual
	case IDMetricNameContainsUnit:
		ctx["unit_in_name"] = d.Actual
	default:
		if d.Expected != "" {
			ctx["expected"] = d.Expected
		}
		if d.Actual != "" {
			ctx["actual"] = d.Actual
		}
	}
	if d.Suggestion != "" {
		ctx["suggestion"] = d.Suggestion
	}
	if c.cfg.ShowValues && d.HasValue {
		ctx["value"] = string(d.Value)
	}
	return ctx
}

func cloneFinding(f *Finding) Finding {
	g := *f
	g.Context = make(map[string]any, len(f.Context))
	for k, v := range f.Context {
		g.Context[k] = v
	}
	return g
}

// Snapshot returns the current findings, most severe first, and statistics.
func (c *Checker) Snapshot() *Report {
	c.mu.Lock()
	r := &Report{Findings: make([]Finding, 0, len(c.findings)), Statistics: c.st}
	for _, f := range c.findings {
		r.Findings = append(r.Findings, cloneFinding(f))
	}
	seen := 0
	for _, w := range c.seenReg {
		seen += bits.OnesCount64(w)
	}
	r.Score = c.score()
	c.mu.Unlock()
	c.tmu.Lock()
	c.traces.stats(&r.Statistics)
	c.tmu.Unlock()
	sortFindings(r.Findings)
	st := &r.Statistics
	st.RegistryAttributesSeen = seen
	if st.RegistryAttributes > 0 {
		st.RegistryCoverage = float64(seen) / float64(st.RegistryAttributes)
	}
	st.Findings = len(r.Findings)
	st.FindingsByLevel = map[Level]int64{Violation: 0, Improvement: 0, Information: 0}
	st.OccurrencesByLevel = map[Level]int64{Violation: 0, Improvement: 0, Information: 0}
	for i := range r.Findings {
		st.FindingsByLevel[r.Findings[i].Level]++
		st.OccurrencesByLevel[r.Findings[i].Level] += r.Findings[i].Count
	}
	return r
}

func sortFindings(fs []Finding) {
	sort.Slice(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if a.Level.rank() != b.Level.rank() {
			return a.Level.rank() > b.Level.rank()
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		if a.Signal != b.Signal {
			return a.Signal < b.Signal
		}
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		if a.Scope != b.Scope {
			return a.Scope < b.Scope
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Attribute < b.Attribute
	})
}
