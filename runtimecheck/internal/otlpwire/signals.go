package otlpwire

import (
	"encoding/binary"

	"google.golang.org/protobuf/encoding/protowire"
)

// Resource is a decoded Resource (all occurrences merged) of one
// ResourceSpans/ResourceMetrics/ResourceLogs.
type Resource struct {
	Attrs             []KeyValue
	DroppedAttributes uint32
	SchemaURL         []byte
	// Present reports whether the resource field was set at all.
	Present bool
}

// Scope is a decoded InstrumentationScope plus the ScopeX schema URL.
type Scope struct {
	Name, Version     []byte
	Attrs             []KeyValue
	DroppedAttributes uint32
	SchemaURL         []byte
}

// Span is a decoded Span. Events and Links index into EventAttrs/LinkAttrs.
type Span struct {
	TraceID, SpanID, ParentSpanID []byte
	TraceState                    []byte
	Name                          []byte
	Kind                          int32
	Flags                         uint32
	Start, End                    uint64
	Attrs                         []KeyValue
	DroppedAttributes             uint32
	Events                        []Event
	EventAttrs                    []KeyValue
	Links                         []Link
	LinkAttrs                     []KeyValue
	StatusCode                    int32
	StatusMessage                 []byte
}

// Event is a span event; its attributes are Span.EventAttrs[AttrStart:AttrEnd].
type Event struct {
	Name               []byte
	Time               uint64
	AttrStart, AttrEnd int
}

// Link is a span link; its attributes are Span.LinkAttrs[AttrStart:AttrEnd].
type Link struct {
	TraceID, SpanID    []byte
	AttrStart, AttrEnd int
}

// EventAttributes returns the attributes of event i.
func (s *Span) EventAttributes(i int) []KeyValue {
	e := s.Events[i]
	return s.EventAttrs[e.AttrStart:e.AttrEnd]
}

// LinkAttributes returns the attributes of link i.
func (s *Span) LinkAttributes(i int) []KeyValue {
	l := s.Links[i]
	return s.LinkAttrs[l.AttrStart:l.AttrEnd]
}

// MetricType is the data case of a Metric.
type MetricType uint8

// Metric data cases.
const (
	MetricNone MetricType = iota
	MetricGauge
	MetricSum
	MetricHistogram
	MetricExponentialHistogram
	MetricSummary
)

var metricTypeNames = [...]string{"none", "gauge", "sum", "histogram", "exponential_histogram", "summary"}

func (t MetricType) String() string {
	if int(t) < len(metricTypeNames) {
		return metricTypeNames[t]
	}
	return "unknown"
}

// Metric is a decoded Metric header (its data points are visited separately).
type Metric struct {
	Name, Description, Unit []byte
	Type                    MetricType
	Monotonic               bool
	Temporality             int32
	Metadata                []KeyValue
}

// DataPoint is a decoded data point of any metric type.
type DataPoint struct {
	Attrs     []KeyValue
	StartTime uint64
	Time      uint64
	Flags     uint32
}

// LogRecord is a decoded LogRecord.
type LogRecord struct {
	Time, ObservedTime uint64
	SeverityNumber     int32
	SeverityText       []byte
	Body               Value
	Attrs              []KeyValue
	DroppedAttributes  uint32
	Flags              uint32
	TraceID, SpanID    []byte
	EventName          []byte
}

// TracesHandler receives the parts of an ExportTraceServiceRequest in order:
// for every ResourceSpans one Resource call, then for every ScopeSpans one
// Scope call followed by its spans. The pointers are reused between calls.
type TracesHandler interface {
	Resource(*Resource)
	Scope(*Scope)
	Span(*Span)
}

// MetricsHandler is the metrics counterpart of [TracesHandler].
type MetricsHandler interface {
	Resource(*Resource)
	Scope(*Scope)
	Metric(*Metric)
	DataPoint(*Metric, *DataPoint)
}

// LogsHandler is the logs counterpart of [TracesHandler].
type LogsHandler interface {
	Resource(*Resource)
	Scope(*Scope)
	Log(*LogRecord)
}

// Walker holds the reusable decode buffers. A Walker is not safe for
// concurrent use; pool them.
type Walker struct {
	res   Resource
	scope Scope
	span  Span
	m     Metric
	dp    DataPoint
	log   LogRecord
}

func appendKV(dst []KeyValue, b []byte) ([]KeyValue, bool) {
	dst = append(dst, KeyValue{})
	if !decodeKeyValue(b, &dst[len(dst)-1]) {
		return dst[:len(dst)-1], false
	}
	return dst, true
}

// decodeResource merges one Resource message into r.
func decodeResource(b []byte, r *Resource) bool {
	r.Present = true
	for len(b) > 0 {
		f, n := next(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch {
		case f.num == 1 && f.typ == protowire.BytesType:
			var ok bool
			if r.Attrs, ok = appendKV(r.Attrs, f.b); !ok {
				return false
			}
		case f.num == 2 && f.typ == protowire.VarintType:
			r.DroppedAttributes = uint32(f.x)
		}
	}
	return true
}

// decodeScope merges one InstrumentationScope message into s.
func decodeScope(b []byte, s *Scope) bool {
	for len(b) > 0 {
		f, n := next(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch f.num {
		case 1:
			if f.typ == protowire.BytesType {
				s.Name = f.b
			}
		case 2:
			if f.typ == protowire.BytesType {
				s.Version = f.b
			}
		case 3:
			if f.typ == protowire.BytesType {
				var ok bool
				if s.Attrs, ok = appendKV(s.Attrs, f.b); !ok {
					return false
				}
			}
		case 4:
			if f.typ == protowire.VarintType {
				s.DroppedAttributes = uint32(f.x)
			}
		}
	}
	return true
}

// walkTop iterates the repeated field 1 of an export request.
func walkTop(b []byte, fn func([]byte) bool) error {
	for len(b) > 0 {
		f, n := next(b)
		if n < 0 {
			return ErrMalformed
		}
		b = b[n:]
		if f.num == 1 && f.typ == protowire.BytesType {
			if !fn(f.b) {
				return ErrMalformed
			}
		}
	}
	return nil
}

// resourceLevel decodes a ResourceX message: first the resource and schema
// URL (whatever their position), then each ScopeX (field 2) via fn.
func (w *Walker) resourceLevel(b []byte, onRes func(*Resource), fn func([]byte) bool) bool {
	r := &w.res
	r.Attrs = r.Attrs[:0]
	r.DroppedAttributes, r.SchemaURL, r.Present = 0, nil, false
	for p := b; len(p) > 0; {
		f, n := next(p)
		if n < 0 {
			return false
		}
		p = p[n:]
		if f.typ != protowire.BytesType {
			continue
		}
		switch f.num {
		case 1:
			if !decodeResource(f.b, r) {
				return false
			}
		case 3:
			r.SchemaURL = f.b
		}
	}
	onRes(r)
	for len(b) > 0 {
		f, n := next(b)
		b = b[n:]
		if f.num == 2 && f.typ == protowire.BytesType {
			if !fn(f.b) {
				return false
			}
		}
	}
	return true
}

// scopeLevel decodes a ScopeX message: first the scope and schema URL, then
// each item (field 2) via fn.
func (w *Walker) scopeLevel(b []byte, onScope func(*Scope), fn func([]byte) bool) bool {
	s := &w.scope
	s.Attrs = s.Attrs[:0]
	s.Name, s.Version, s.SchemaURL, s.DroppedAttributes = nil, nil, nil, 0
	for p := b; len(p) > 0; {
		f, n := next(p)
		if n < 0 {
			return false
		}
		p = p[n:]
		if f.typ != protowire.BytesType {
			continue
		}
		switch f.num {
		case 1:
			if !decodeScope(f.b, s) {
				return false
			}
		case 3:
			s.SchemaURL = f.b
		}
	}
	onScope(s)
	for len(b) > 0 {
		f, n := next(b)
		b = b[n:]
		if f.num == 2 && f.typ == protowire.BytesType {
			if !fn(f.b) {
				return false
			}
		}
	}
	return true
}

// Traces walks an encoded ExportTraceServiceRequest.
func (w *Walker) Traces(b []byte, h TracesHandler) error {
	return walkTop(b, func(rs []byte) bool {
		return w.resourceLevel(rs, h.Resource, func(ss []byte) bool {
			return w.scopeLevel(ss, h.Scope, func(sp []byte) bool {
				if !w.decodeSpan(sp) {
					return false
				}
				h.Span(&w.span)
				return true
			})
		})
	})
}

func (w *Walker) decodeSpan(b []byte) bool {
	s := &w.span
	attrs, evs, evAttrs, links, linkAttrs := s.Attrs[:0], s.Events[:0], s.EventAttrs[:0], s.Links[:0], s.LinkAttrs[:0]
	*s = Span{}
	var ok bool
	for len(b) > 0 {
		// Fast paths for the common encodings: one-byte tag, and for
		// length-delimited fields a one-byte length.
		if tag := b[0]; tag&7 == 2 && tag < 0x80 && len(b) > 1 && b[1] < 0x80 && int(b[1])+2 <= len(b) {
			l := int(b[1]) + 2
			v := b[2:l]
			switch tag >> 3 {
			case 9:
				if attrs, ok = appendKV(attrs, v); !ok {
					return false
				}
				b = b[l:]
				continue
			case 1:
				s.TraceID, b = v, b[l:]
				continue
			case 2:
				s.SpanID, b = v, b[l:]
				continue
			case 4:
				s.ParentSpanID, b = v, b[l:]
				continue
			case 5:
				s.Name, b = v, b[l:]
				continue
			}
		} else if (tag == 0x39 || tag == 0x41) && len(b) >= 9 { // start/end time, fixed64
			if tag == 0x39 {
				s.Start = binary.LittleEndian.Uint64(b[1:])
			} else {
				s.End = binary.LittleEndian.Uint64(b[1:])
			}
			b = b[9:]
			continue
		} else if tag == 0x30 && len(b) >= 2 && b[1] < 0x80 { // kind
			s.Kind = int32(b[1])
			b = b[2:]
			continue
		}
		f, n := next(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch f.typ {
		case protowire.BytesType:
			switch f.num {
			case 1:
				s.TraceID = f.b
			case 2:
				s.SpanID = f.b
			case 3:
				s.TraceState = f.b
			case 4:
				s.ParentSpanID = f.b
			case 5:
				s.Name = f.b
			case 9:
				if attrs, ok = appendKV(attrs, f.b); !ok {
					return false
				}
			case 11:
				e := Event{AttrStart: len(evAttrs)}
				if evAttrs, ok = decodeEvent(f.b, &e, evAttrs); !ok {
					return false
				}
				e.AttrEnd = len(evAttrs)
				evs = append(evs, e)
			case 13:
				l := Link{AttrStart: len(linkAttrs)}
				if linkAttrs, ok = decodeLink(f.b, &l, linkAttrs); !ok {
					return false
				}
				l.AttrEnd = len(linkAttrs)
				links = append(links, l)
			case 15:
				if !decodeStatus(f.b, s) {
					return false
				}
			}
		case protowire.VarintType:
			switch f.num {
			case 6:
				s.Kind = int32(f.x)
			case 10:
				s.DroppedAttributes = uint32(f.x)
			}
		case protowire.Fixed64Type:
			switch f.num {
			case 7:
				s.Start = f.x
			case 8:
				s.End = f.x
			}
		case protowire.Fixed32Type:
			if f.num == 16 {
				s.Flags = uint32(f.x)
			}
		}
	}
	s.Attrs, s.Events, s.EventAttrs, s.Links, s.LinkAttrs = attrs, evs, evAttrs, links, linkAttrs
	return true
}

func decodeEvent(b []byte, e *Event, attrs []KeyValue) ([]KeyValue, bool) {
	var ok bool
	for len(b) > 0 {
		f, n := next(b)
		if n < 0 {
			return attrs, false
		}
		b = b[n:]
		switch {
		case f.num == 1 && f.typ == protowire.Fixed64Type:
			e.Time = f.x
		case f.num == 2 && f.typ == protowire.BytesType:
			e.Name = f.b
		case f.num == 3 && f.typ == protowire.BytesType:
			if attrs, ok = appendKV(attrs, f.b); !ok {
				return attrs, false
			}
		}
	}
	return attrs, true
}

func decodeLink(b []byte, l *Link, attrs []KeyValue) ([]KeyValue, bool) {
	var ok bool
	for len(b) > 0 {
		f, n := next(b)
		if n < 0 {
			return attrs, false
		}
		b = b[n:]
		if f.typ != protowire.BytesType {
			continue
		}
		switch f.num {
		case 1:
			l.TraceID = f.b
		case 2:
			l.SpanID = f.b
		case 4:
			if attrs, ok = appendKV(attrs, f.b); !ok {
				return attrs, false
			}
		}
	}
	return attrs, true
}

func decodeStatus(b []byte, s *Span) bool {
	for len(b) > 0 {
		f, n := next(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch {
		case f.num == 2 && f.typ == protowire.BytesType:
			s.StatusMessage = f.b
		case f.num == 3 && f.typ == protowire.VarintType:
			s.StatusCode = int32(f.x)
		}
	}
	return true
}

// Metrics walks an encoded ExportMetricsServiceRequest.
func (w *Walker) Metrics(b []byte, h MetricsHandler) error {
	return walkTop(b, func(rm []byte) bool {
		return w.resourceLevel(rm, h.Resource, func(sm []byte) bool {
			return w.scopeLevel(sm, h.Scope, func(mb []byte) bool {
				return w.metric(mb, h)
			})
		})
	})
}

func metricCase(num protowire.Number) MetricType {
	switch num {
	case 5:
		return MetricGauge
	case 7:
		return MetricSum
	case 9:
		return MetricHistogram
	case 10:
		return MetricExponentialHistogram
	case 11:
		return MetricSummary
	}
	return MetricNone
}

func (w *Walker) metric(b []byte, h MetricsHandler) bool {
	m := &w.m
	md := m.Metadata[:0]
	*m = Metric{}
	var ok bool
	// Pass 1: header fields and the final oneof case. Occurrences of the
	// final case after the last occurrence of another case are merged.
	from := 0
	for p := b; len(p) > 0; {
		f, n := next(p)
		if n < 0 {
			return false
		}
		off := len(b) - len(p)
		p = p[n:]
		if f.typ != protowire.BytesType {
			continue
		}
		switch f.num {
		case 1:
			m.Name = f.b
		case 2:
			m.Description = f.b
		case 3:
			m.Unit = f.b
		case 12:
			if md, ok = appendKV(md, f.b); !ok {
				return false
			}
		default:
			if c := metricCase(f.num); c != MetricNone {
				if c != m.Type {
					from = off
				}
				m.Type = c
			}
		}
	}
	m.Metadata = md
	data := b[from:]
	// Pass 2: temporality / monotonicity.
	if m.Type != MetricNone {
		for p := data; len(p) > 0; {
			f, n := next(p)
			p = p[n:]
			if f.typ != protowire.BytesType || metricCase(f.num) != m.Type {
				continue
			}
			for q := f.b; len(q) > 0; {
				g, k := next(q)
				if k < 0 {
					return false
				}
				q = q[k:]
				if g.typ != protowire.VarintType {
					continue
				}
				switch {
				case g.num == 2 && m.Type != MetricGauge && m.Type != MetricSummary:
					m.Temporality = int32(g.x)
				case g.num == 3 && m.Type == MetricSum:
					m.Monotonic = g.x != 0
				}
			}
		}
	}
	h.Metric(m)
	if m.Type == MetricNone {
		return true
	}
	// Field numbers of the attributes and flags of each data point type
	// (start and time are 2 and 3 in all of them).
	attrField, flagsField := protowire.Number(7), protowire.Number(8)
	switch m.Type {
	case MetricHistogram:
		attrField, flagsField = 9, 10
	case MetricExponentialHistogram:
		attrField, flagsField = 1, 10
	}
	// Pass 3: data points.
	for p := data; len(p) > 0; {
		f, n := next(p)
		p = p[n:]
		if f.typ != protowire.BytesType || metricCase(f.num) != m.Type {
			continue
		}
		for q := f.b; len(q) > 0; {
			g, k := next(q)
			q = q[k:]
			if g.num != 1 || g.typ != protowire.BytesType {
				continue
			}
			if !w.decodeDataPoint(g.b, attrField, flagsField) {
				return false
			}
			h.DataPoint(m, &w.dp)
		}
	}
	return true
}

func (w *Walker) decodeDataPoint(b []byte, attrField, flagsField protowire.Number) bool {
	d := &w.dp
	attrs := d.Attrs[:0]
	*d = DataPoint{}
	var ok bool
	attrTag := byte(attrField<<3 | 2)
	for len(b) > 0 {
		// Fast path: attributes with a one-byte length.
		if b[0] == attrTag && len(b) > 1 && b[1] < 0x80 && int(b[1])+2 <= len(b) {
			l := int(b[1]) + 2
			if attrs, ok = appendKV(attrs, b[2:l]); !ok {
				return false
			}
			b = b[l:]
			continue
		}
		f, n := next(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch {
		case f.num == attrField && f.typ == protowire.BytesType:
			if attrs, ok = appendKV(attrs, f.b); !ok {
				return false
			}
		case f.num == 2 && f.typ == protowire.Fixed64Type:
			d.StartTime = f.x
		case f.num == 3 && f.typ == protowire.Fixed64Type:
			d.Time = f.x
		case f.num == flagsField && f.typ == protowire.VarintType:
			d.Flags = uint32(f.x)
		}
	}
	d.Attrs = attrs
	return true
}

// Logs walks an encoded ExportLogsServiceRequest.
func (w *Walker) Logs(b []byte, h LogsHandler) error {
	return walkTop(b, func(rl []byte) bool {
		return w.resourceLevel(rl, h.Resource, func(sl []byte) bool {
			return w.scopeLevel(sl, h.Scope, func(lb []byte) bool {
				if !w.decodeLog(lb) {
					return false
				}
				h.Log(&w.log)
				return true
			})
		})
	})
}

func (w *Walker) decodeLog(b []byte) bool {
	l := &w.log
	attrs := l.Attrs[:0]
	*l = LogRecord{}
	var ok bool
	for len(b) > 0 {
		// Fast path: attributes (field 6) with a one-byte length.
		if b[0] == 0x32 && len(b) > 1 && b[1] < 0x80 && int(b[1])+2 <= len(b) {
			n := int(b[1]) + 2
			if attrs, ok = appendKV(attrs, b[2:n]); !ok {
				return false
			}
			b = b[n:]
			continue
		}
		f, n := next(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch f.typ {
		case protowire.BytesType:
			switch f.num {
			case 3:
				l.SeverityText = f.b
			case 5:
				if !decodeAnyValue(f.b, &l.Body) {
					return false
				}
			case 6:
				if attrs, ok = appendKV(attrs, f.b); !ok {
					return false
				}
			case 9:
				l.TraceID = f.b
			case 10:
				l.SpanID = f.b
			case 12:
				l.EventName = f.b
			}
		case protowire.VarintType:
			switch f.num {
			case 2:
				l.SeverityNumber = int32(f.x)
			case 7:
				l.DroppedAttributes = uint32(f.x)
			}
		case protowire.Fixed64Type:
			switch f.num {
			case 1:
				l.Time = f.x
			case 11:
				l.ObservedTime = f.x
			}
		case protowire.Fixed32Type:
			if f.num == 8 {
				l.Flags = uint32(f.x)
			}
		}
	}
	l.Attrs = attrs
	return true
}

// Trim drops reusable buffers that grew beyond max elements (after an
// unusually large request) so a pooled Walker does not pin them.
func (w *Walker) Trim(max int) {
	trim := func(kvs *[]KeyValue) {
		if cap(*kvs) > max {
			*kvs = nil
		}
		clear((*kvs)[:cap(*kvs)]) // drop references into the last request
	}
	trim(&w.res.Attrs)
	trim(&w.scope.Attrs)
	trim(&w.span.Attrs)
	trim(&w.span.EventAttrs)
	trim(&w.span.LinkAttrs)
	trim(&w.m.Metadata)
	trim(&w.dp.Attrs)
	trim(&w.log.Attrs)
	if cap(w.span.Events) > max {
		w.span.Events = nil
	}
	if cap(w.span.Links) > max {
		w.span.Links = nil
	}
	clear(w.span.Events[:cap(w.span.Events)])
	clear(w.span.Links[:cap(w.span.Links)])
	// Drop references into the last request.
	w.res = Resource{Attrs: w.res.Attrs[:0]}
	w.scope = Scope{Attrs: w.scope.Attrs[:0]}
	w.span = Span{Attrs: w.span.Attrs[:0], Events: w.span.Events[:0], EventAttrs: w.span.EventAttrs[:0], Links: w.span.Links[:0], LinkAttrs: w.span.LinkAttrs[:0]}
	w.m = Metric{Metadata: w.m.Metadata[:0]}
	w.dp = DataPoint{Attrs: w.dp.Attrs[:0]}
	w.log = LogRecord{Attrs: w.log.Attrs[:0]}
}
