package check

import (
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.uber.org/zap"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
)

// The conversion question: the connector gets pdata, the checker reads
// OTLP protobuf. Either marshal pdata (pdata's generated marshaler) and
// let the checker walk the bytes, or feed the checker from pdata directly.
// A direct feed would replace "marshal + wire walk" by "pdata walk"; the
// advisors' work is the same either way. These benchmarks measure each
// part on the runtimecheck benchmark payload (500 mixed HTTP server and
// client, DB client and internal spans):
//
//	go test -run - -bench . -benchmem ./internal/check
//
// BenchmarkPdataWalk is a lower bound of any direct feed: it only visits
// what the checker reads (every span, attribute key and value, event and
// link), building nothing. It was measured first, and decided the
// question; BenchmarkViaBytes against BenchmarkEngineTraces is the end
// result.

const benchSpans = 500

func benchTraces(b *testing.B) (ptrace.Traces, []byte) {
	raw := otlptest.Marshal(otlptest.MixedTraces(benchSpans))
	var u ptrace.ProtoUnmarshaler
	td, err := u.UnmarshalTraces(raw)
	if err != nil {
		b.Fatal(err)
	}
	return td, raw
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var cpuStart time.Duration

// start resets the timer and the process CPU clock: CPU time per span is
// the steadier figure on a machine shared with other work.
func start(b *testing.B) {
	b.ReportAllocs()
	b.ResetTimer()
	cpuStart = cpuTime()
}

func reportSpans(b *testing.B) {
	n := float64(benchSpans) * float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "spans/s")
	if cpu := cpuTime() - cpuStart; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/span")
	}
}

// BenchmarkMarshal is pdata -> OTLP protobuf bytes.
func BenchmarkMarshal(b *testing.B) {
	td, _ := benchTraces(b)
	var m ptrace.ProtoMarshaler
	start(b)
	for i := 0; i < b.N; i++ {
		if _, err := m.MarshalTraces(td); err != nil {
			b.Fatal(err)
		}
	}
	reportSpans(b)
}

type nopTraces struct{ n int }

func (h *nopTraces) Resource(*otlpwire.Resource) {}
func (h *nopTraces) Scope(*otlpwire.Scope)       {}
func (h *nopTraces) Span(s *otlpwire.Span)       { h.n += len(s.Attrs) }

// BenchmarkWireWalk is the checker's decode of those bytes without the
// advisors.
func BenchmarkWireWalk(b *testing.B) {
	_, raw := benchTraces(b)
	var w otlpwire.Walker
	var h nopTraces
	start(b)
	for i := 0; i < b.N; i++ {
		if err := w.Traces(raw, &h); err != nil {
			b.Fatal(err)
		}
	}
	reportSpans(b)
}

var sinkLen int

func visitAttrs(m pcommon.Map) {
	for k, v := range m.All() {
		sinkLen += len(k)
		switch v.Type() {
		case pcommon.ValueTypeStr:
			sinkLen += len(v.Str())
		case pcommon.ValueTypeInt:
			sinkLen += int(v.Int() & 1)
		case pcommon.ValueTypeDouble:
			sinkLen += int(v.Double())
		case pcommon.ValueTypeBool:
			if v.Bool() {
				sinkLen++
			}
		default:
			sinkLen += int(v.Type())
		}
	}
}

// BenchmarkPdataWalk visits the pdata as a direct feed would have to.
func BenchmarkPdataWalk(b *testing.B) {
	td, _ := benchTraces(b)
	start(b)
	for i := 0; i < b.N; i++ {
		rss := td.ResourceSpans()
		for r := 0; r < rss.Len(); r++ {
			rs := rss.At(r)
			visitAttrs(rs.Resource().Attributes())
			sss := rs.ScopeSpans()
			for s := 0; s < sss.Len(); s++ {
				ss := sss.At(s)
				sinkLen += len(ss.Scope().Name())
				spans := ss.Spans()
				for k := 0; k < spans.Len(); k++ {
					sp := spans.At(k)
					tid, sid, pid := sp.TraceID(), sp.SpanID(), sp.ParentSpanID()
					sinkLen += len(sp.Name()) + int(sp.Kind()) + int(tid[0]+sid[0]+pid[0])
					visitAttrs(sp.Attributes())
					for e := 0; e < sp.Events().Len(); e++ {
						sinkLen += len(sp.Events().At(e).Name())
						visitAttrs(sp.Events().At(e).Attributes())
					}
					for l := 0; l < sp.Links().Len(); l++ {
						visitAttrs(sp.Links().At(l).Attributes())
					}
				}
			}
		}
	}
	reportSpans(b)
}

func benchChecker(b *testing.B) *runtimecheck.Checker {
	c, err := runtimecheck.NewChecker(runtimecheck.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkCheckBytes is the checker alone on the bytes (decode and all
// advisors), the part every path pays.
func BenchmarkCheckBytes(b *testing.B) {
	_, raw := benchTraces(b)
	c := benchChecker(b)
	start(b)
	for i := 0; i < b.N; i++ {
		if err := c.ConsumeTraces(raw); err != nil {
			b.Fatal(err)
		}
	}
	reportSpans(b)
}

// BenchmarkViaBytes is the path not taken: marshal pdata, check the bytes.
func BenchmarkViaBytes(b *testing.B) {
	td, _ := benchTraces(b)
	c := benchChecker(b)
	var m ptrace.ProtoMarshaler
	start(b)
	for i := 0; i < b.N; i++ {
		raw, err := m.MarshalTraces(td)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.ConsumeTraces(raw); err != nil {
			b.Fatal(err)
		}
	}
	reportSpans(b)
}

// BenchmarkEngineTraces is what the connector does per batch
// (Engine.ConsumeTraces: the checker fed from pdata).
func BenchmarkEngineTraces(b *testing.B) {
	td, _ := benchTraces(b)
	cfg := DefaultConfig()
	e, err := NewEngine(cfg, zap.NewNop(), Telemetry{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	start(b)
	for i := 0; i < b.N; i++ {
		e.ConsumeTraces(ctx, td)
	}
	reportSpans(b)
}
