package runtimecheck

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

const benchSpans = 500

func benchRequest(b *testing.B) []byte {
	return otlptest.Marshal(otlptest.MixedTraces(benchSpans))
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var cpuStart time.Duration

// startTimer resets the benchmark timer and the process CPU clock.
func startTimer(b *testing.B) {
	b.ResetTimer()
	cpuStart = cpuTime()
}

// reportSpans reports spans per wall-clock second and per CPU second of
// the whole process (the latter is stable on a loaded machine).
func reportSpans(b *testing.B) {
	n := float64(benchSpans) * float64(b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "spans/s")
	if cpu := cpuTime() - cpuStart; cpu > 0 {
		b.ReportMetric(n/cpu.Seconds(), "spans/cpu-s")
	}
}

func benchChecker(b *testing.B) *Checker {
	c, err := NewChecker(DefaultConfig()) // the embedded, full registry
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkCheckTraces measures decode plus all advisors on one 500-span
// export request of mixed HTTP server/client, DB client and internal spans,
// checked against the embedded registry.
func BenchmarkCheckTraces(b *testing.B) {
	req := benchRequest(b)
	c := benchChecker(b)
	b.SetBytes(int64(len(req)))
	b.ReportAllocs()
	startTimer(b)
	for i := 0; i < b.N; i++ {
		if err := c.ConsumeTraces(req); err != nil {
			b.Fatal(err)
		}
	}
	reportSpans(b)
}

// BenchmarkCheckTracesParallel is BenchmarkCheckTraces from GOMAXPROCS goroutines.
func BenchmarkCheckTracesParallel(b *testing.B) {
	req := benchRequest(b)
	c := benchChecker(b)
	b.SetBytes(int64(len(req)))
	b.ReportAllocs()
	startTimer(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := c.ConsumeTraces(req); err != nil {
				b.Error(err)
			}
		}
	})
	reportSpans(b)
}

// freshTraceIDs returns the benchmark request and the offsets of the
// first 8 bytes of its trace ids (otlptest.ID's fixed prefix), so each
// iteration can give the request new traces.
func freshTraceIDs(b *testing.B) ([]byte, []int) {
	req := benchRequest(b)
	var prefix [8]byte
	binary.BigEndian.PutUint64(prefix[:], 0xabcdef)
	var holes []int
	for i := 0; i+8 <= len(req); i++ {
		if bytes.Equal(req[i:i+8], prefix[:]) {
			holes = append(holes, i)
		}
	}
	if len(holes) != benchSpans {
		b.Fatalf("%d trace ids in the request, want %d", len(holes), benchSpans)
	}
	return req, holes
}

// BenchmarkCheckTracesAssembly is BenchmarkCheckTraces with new trace ids
// in every request and a clock advancing 1 ms a request under a 100 ms
// trace window: traces are assembled, completed and checked as a whole in
// a steady state of about 100 requests' worth of open traces.
func BenchmarkCheckTracesAssembly(b *testing.B) {
	req, holes := freshTraceIDs(b)
	var ns atomic.Int64
	base := time.Now()
	cfg := DefaultConfig()
	cfg.TraceWindow = 100 * time.Millisecond
	cfg.Now = func() time.Time { return base.Add(time.Duration(ns.Add(int64(time.Millisecond)))) }
	c, err := NewChecker(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(req)))
	b.ReportAllocs()
	startTimer(b)
	for i := 0; i < b.N; i++ {
		for _, h := range holes {
			binary.BigEndian.PutUint64(req[h:], uint64(i)+1<<40)
		}
		if err := c.ConsumeTraces(req); err != nil {
			b.Fatal(err)
		}
	}
	reportSpans(b)
	b.StopTimer()
	c.FlushTraces()
	if st := c.Snapshot().Statistics; st.Traces != int64(b.N)*benchSpans/4 || st.DroppedTraceSpans != 0 {
		b.Fatalf("traces %d, dropped spans %d; want %d and 0", st.Traces, st.DroppedTraceSpans, int64(b.N)*benchSpans/4)
	}
}

// BenchmarkProtoUnmarshal is the comparison: proto.Unmarshal of the same
// request into the generated types, without any checking.
func BenchmarkProtoUnmarshal(b *testing.B) {
	req := benchRequest(b)
	b.SetBytes(int64(len(req)))
	b.ReportAllocs()
	startTimer(b)
	for i := 0; i < b.N; i++ {
		var m coltracepb.ExportTraceServiceRequest
		if err := proto.Unmarshal(req, &m); err != nil {
			b.Fatal(err)
		}
	}
	reportSpans(b)
}

type nopTraces struct{ spans, attrs int }

func (n *nopTraces) Resource(*otlpwire.Resource) {}
func (n *nopTraces) Scope(*otlpwire.Scope)       {}
func (n *nopTraces) Span(s *otlpwire.Span)       { n.spans++; n.attrs += len(s.Attrs) }

// BenchmarkWalkTraces is the bare wire walk (decode only, no advisors).
func BenchmarkWalkTraces(b *testing.B) {
	req := benchRequest(b)
	var w otlpwire.Walker
	var h nopTraces
	b.SetBytes(int64(len(req)))
	b.ReportAllocs()
	startTimer(b)
	for i := 0; i < b.N; i++ {
		if err := w.Traces(req, &h); err != nil {
			b.Fatal(err)
		}
	}
	reportSpans(b)
}

// BenchmarkCheckMetrics checks a request of 50 HTTP server duration
// histograms with 10 data points each (500 data points).
func BenchmarkCheckMetrics(b *testing.B) {
	var ms []*metricspb.Metric
	for i := 0; i < 50; i++ {
		var sets [][]*commonpb.KeyValue
		for j := 0; j < 10; j++ {
			sets = append(sets, []*commonpb.KeyValue{
				otlptest.Str("http.request.method", "GET"), otlptest.Str("url.scheme", "https"),
				otlptest.Str("http.route", fmt.Sprintf("/r/%d", j)), otlptest.Int("http.response.status_code", 200),
			})
		}
		ms = append(ms, otlptest.Histogram("http.server.request.duration", "s", sets...))
	}
	req := otlptest.Marshal(otlptest.Metrics(otlptest.Resource(otlptest.Str("service.name", "s")), "m", ms...))
	c := benchChecker(b)
	b.SetBytes(int64(len(req)))
	b.ReportAllocs()
	startTimer(b)
	for i := 0; i < b.N; i++ {
		if err := c.ConsumeMetrics(req); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(500*float64(b.N)/b.Elapsed().Seconds(), "datapoints/s")
}

// BenchmarkSpanNameTrackerCrafted sends crafted span names, 10,000
// templates of 1,024 names each (issue 15's case), and reports the heap
// the checker holds afterwards: the tracker is bounded by
// Config.MaxNameTrackerBytes, not by the number of names.
func BenchmarkSpanNameTrackerCrafted(b *testing.B) {
	for range b.N {
		c, err := NewChecker(DefaultConfig())
		if err != nil {
			b.Fatal(err)
		}
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for tpl := range 10000 {
			req := &coltracepb.ExportTraceServiceRequest{}
			var ss []*tracepb.Span
			for i := range 1024 {
				ss = append(ss, otlptest.Span(fmt.Sprintf("op-%s /x/%d", letters(tpl), i+100), 1))
			}
			req.ResourceSpans = []*tracepb.ResourceSpans{{ScopeSpans: []*tracepb.ScopeSpans{{Spans: ss}}}}
			if err := c.ConsumeTraces(otlptest.Marshal(req)); err != nil {
				b.Fatal(err)
			}
		}
		var after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/(1<<20), "heap-MiB")
		b.ReportMetric(float64(c.nameBytes)/(1<<20), "tracker-MiB")
		runtime.KeepAlive(c)
	}
}

// letters spells n in the letters g to z, so a template holds no id.
func letters(n int) string {
	b := []byte{'g'}
	for ; n > 0; n /= 20 {
		b = append(b, byte('g'+n%20))
	}
	return string(b)
}
