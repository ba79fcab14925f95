package runtimecheck

import (
	"errors"
	"time"

	"github.com/otellint/otellint/semconv"
)

// Config configures a [Checker]. Zero numeric fields take the defaults of
// [DefaultConfig].
type Config struct {
	// Registry is the semantic-conventions registry to check against;
	// nil means semconv.Default(), the registry embedded in otellint.
	Registry *semconv.Registry
	// ShowValues allows attribute values (which may hold personal data) in
	// finding messages and contexts. Off by default.
	ShowValues bool
	// HighCardinalityThreshold is the number of distinct values of one
	// attribute of one metric above which high_cardinality_attribute is
	// reported. Distinct values are estimated with a HyperLogLog sketch.
	HighCardinalityThreshold int
	// SpanNameCardinalityThreshold is the number of distinct span names of
	// one scope sharing one pattern (names with ids/numbers replaced) at which
	// high_cardinality_span_name is reported.
	SpanNameCardinalityThreshold int
	// MaxFindings caps the number of aggregated findings kept; further new
	// findings are counted in Statistics.DroppedFindings.
	MaxFindings int
	// MaxNamePatterns caps the span-name patterns tracked for
	// high_cardinality_span_name.
	MaxNamePatterns int
	// MaxNameTrackerBytes caps the memory of the span-name tracker: the
	// patterns and the name hashes counted for each (8 bytes a name, up to
	// 1,024 a pattern). When it is reached, new patterns are dropped and
	// counted in Statistics.DroppedNamePatterns, and counts stop growing
	// and are reported as "at least".
	MaxNameTrackerBytes int64
	// MaxCardinalitySketches caps the (metric, attribute) pairs tracked for
	// high_cardinality_attribute (1 KiB each).
	MaxCardinalitySketches int
	// SpanCacheSize caps the recent server/client spans remembered for
	// duplicate_instrumentation.
	SpanCacheSize int
	// TraceWindow is how long a trace may go without a new span before it
	// is complete and its whole-trace checks run (orphan_span,
	// internal_span_fanout, short_span_flood); every open trace is also
	// completed by [Checker.FlushTraces] at the end of a run.
	TraceWindow time.Duration
	// MaxOpenTraces caps the traces being assembled at once; beyond it the
	// oldest open trace is completed early (Statistics.EvictedTraces).
	MaxOpenTraces int
	// MaxTraceSpans caps the spans held by all open traces (about 56 bytes
	// each: ids, kind, times and hashes, never attribute values).
	MaxTraceSpans int
	// MaxSpansPerTrace caps the spans held for one trace; a trace that
	// hits it, or MaxTraceSpans, is truncated (Statistics.TruncatedTraces)
	// and not checked for orphans.
	MaxSpansPerTrace int
	// InternalSpanFanout is the number of INTERNAL spans of one service in
	// one trace above which internal_span_fanout is reported (default 10,
	// SPA-001's bound).
	InternalSpanFanout int
	// ShortSpanFlood is the number of spans shorter than ShortSpanDuration
	// in one trace above which short_span_flood is reported (default 20
	// spans under 5 ms, SPA-005's bounds). These bounds, and
	// HighCardinalityThreshold, are the findings'; the Instrumentation
	// Score counts SPA-001, SPA-005 and MET-001 at the specification's
	// bounds whatever they are.
	ShortSpanFlood    int
	ShortSpanDuration time.Duration
	// Advisors are extra advisors run after the built-in ones.
	Advisors []Advisor
	// Now returns the receive time of a request; time.Now by default.
	Now func() time.Time
}

// DefaultConfig returns the default configuration, checking against the
// embedded registry.
func DefaultConfig() Config {
	return Config{
		Registry:                     semconv.Default(),
		HighCardinalityThreshold:     200,
		SpanNameCardinalityThreshold: 10,
		MaxFindings:                  10000,
		MaxNamePatterns:              10000,
		MaxNameTrackerBytes:          32 << 20,
		MaxCardinalitySketches:       4096,
		SpanCacheSize:                65536,
		TraceWindow:                  10 * time.Second,
		MaxOpenTraces:                65536,
		MaxTraceSpans:                1 << 19,
		MaxSpansPerTrace:             4096,
		InternalSpanFanout:           10,
		ShortSpanFlood:               20,
		ShortSpanDuration:            5 * time.Millisecond,
		Now:                          time.Now,
	}
}

func (c *Config) fill() error {
	if c.Registry == nil {
		c.Registry = semconv.Default()
		if c.Registry == nil {
			return errors.New("runtimecheck: no registry")
		}
	}
	d := DefaultConfig()
	orDefault(&c.HighCardinalityThreshold, d.HighCardinalityThreshold)
	orDefault(&c.SpanNameCardinalityThreshold, d.SpanNameCardinalityThreshold)
	orDefault(&c.MaxFindings, d.MaxFindings)
	orDefault(&c.MaxNamePatterns, d.MaxNamePatterns)
	orDefault(&c.MaxNameTrackerBytes, d.MaxNameTrackerBytes)
	orDefault(&c.MaxCardinalitySketches, d.MaxCardinalitySketches)
	orDefault(&c.SpanCacheSize, d.SpanCacheSize)
	orDefault(&c.MaxOpenTraces, d.MaxOpenTraces)
	orDefault(&c.MaxTraceSpans, d.MaxTraceSpans)
	orDefault(&c.MaxSpansPerTrace, d.MaxSpansPerTrace)
	orDefault(&c.InternalSpanFanout, d.InternalSpanFanout)
	orDefault(&c.ShortSpanFlood, d.ShortSpanFlood)
	orDefault(&c.TraceWindow, d.TraceWindow)
	orDefault(&c.ShortSpanDuration, d.ShortSpanDuration)
	if c.MaxTraceSpans >= 1<<31 {
		c.MaxTraceSpans = 1<<31 - 1
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}

// orDefault gives a limit that is zero or negative (unset) its default.
func orDefault[T int | int64 | time.Duration](p *T, def T) {
	if *p <= 0 {
		*p = def
	}
}
