package receiver

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

const benchSpans = 100 // spans per request, a typical batch

// BenchmarkHTTPExport measures OTLP/HTTP protobuf requests of benchSpans
// spans over loopback into a sink that decodes and counts them.
func BenchmarkHTTPExport(b *testing.B) {
	for _, gz := range []bool{false, true} {
		name := "identity"
		if gz {
			name = "gzip"
		}
		b.Run(name, func(b *testing.B) {
			sink := &countingSink{}
			r := startReceiver(b, Config{GRPCAddr: Off}, sink)
			body := mustMarshal(b, traceRequest(benchSpans))
			if gz {
				body = gzipBytes(b, body)
			}
			url := "http://" + r.HTTPAddrActual().String() + PathTraces
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/x-protobuf")
					if gz {
						req.Header.Set("Content-Encoding", "gzip")
					}
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
				}
			})
			b.StopTimer()
			reportSpans(b, sink)
		})
	}
}

// BenchmarkGRPCExport measures OTLP/gRPC requests of benchSpans spans sent
// by the generated client over loopback.
func BenchmarkGRPCExport(b *testing.B) {
	sink := &countingSink{}
	r := startReceiver(b, Config{HTTPAddr: Off}, sink)
	conn, err := grpc.NewClient(r.GRPCAddrActual().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	client := coltracepb.NewTraceServiceClient(conn)
	req := traceRequest(benchSpans)
	b.SetBytes(int64(len(mustMarshal(b, req))))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := client.Export(context.Background(), req); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	reportSpans(b, sink)
}

func reportSpans(b *testing.B, sink *countingSink) {
	b.Helper()
	spans := sink.counts().spans
	if spans != b.N*benchSpans {
		b.Fatalf("sink counted %d spans, sent %d", spans, b.N*benchSpans)
	}
	b.ReportMetric(float64(spans)/b.Elapsed().Seconds(), "spans/s")
}
