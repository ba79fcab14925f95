// Command otlpload sends one pre-marshalled OTLP/gRPC trace export request
// (500 mixed HTTP, DB and internal spans, the benchmark payload) as fast as
// the server accepts it, from several concurrent callers, and prints the
// spans per second the server acknowledged. It measures receivers end to
// end: otellint live against the OpenTelemetry Collector with the same
// client on the same machine (testdata/bench/bench-live.sh, memory.sh). Sending
// bytes, not messages, keeps the client's own CPU cost small and equal for
// both servers. Loopback only.
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
)

// rawCodec passes bytes through; it keeps the name "proto" so servers see
// an ordinary application/grpc+proto request.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) { return *(v.(*[]byte)), nil }
func (rawCodec) Unmarshal(data []byte, v any) error {
	*(v.(*[]byte)) = append((*(v.(*[]byte)))[:0], data...)
	return nil
}
func (rawCodec) Name() string { return "proto" }

const placeholder = "XXXXXXXXXXXXXXXX"

func main() {
	endpoint := flag.String("endpoint", "127.0.0.1:4317", "OTLP/gRPC endpoint (loopback only)")
	callers := flag.Int("callers", 8, "concurrent callers")
	conns := flag.Int("conns", 2, "gRPC connections the callers share")
	spans := flag.Int("spans", 500, "spans per request")
	duration := flag.Duration("duration", 20*time.Second, "how long to send")
	total := flag.Int64("total-spans", 0, "stop after this many spans (0: run for -duration)")
	rate := flag.Float64("rate", 0, "send this many spans per second, evenly spaced (0: as fast as the server accepts); for CPU measurements at a fixed load")
	unique := flag.Bool("unique", false, "give every span a never-repeating name suffix and attribute value, and every request never-repeating trace ids (unbounded cardinality, a flood of traces)")
	flag.Parse()

	host, _, err := net.SplitHostPort(*endpoint)
	if err != nil || !(net.ParseIP(host).IsLoopback() || host == "localhost") {
		fmt.Fprintln(os.Stderr, "otlpload: the endpoint must be a loopback address")
		os.Exit(2)
	}
	msg := otlptest.MixedTraces(*spans)
	if *unique {
		for _, rs := range msg.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				for _, sp := range ss.Spans {
					sp.Name += " " + placeholder
					sp.Attributes = append(sp.Attributes, otlptest.Str("app.request.id", placeholder))
				}
			}
		}
	}
	req := otlptest.Marshal(msg)
	var holes []int // offsets of the placeholder in req
	for i := 0; *unique && i+len(placeholder) <= len(req); i++ {
		if string(req[i:i+len(placeholder)]) == placeholder {
			holes = append(holes, i)
		}
	}
	// The first 8 bytes of every trace id (otlptest.ID's fixed prefix):
	// with -unique each request writes a request counter there, so no
	// trace id repeats.
	var traceHoles []int
	prefix := binary.BigEndian.AppendUint64(nil, 0xabcdef)
	for i := 0; *unique && i+8 <= len(req); i++ {
		if bytes.Equal(req[i:i+8], prefix) {
			traceHoles = append(traceHoles, i)
		}
	}
	var traceSeq atomic.Uint64
	var seq atomic.Uint64
	clients := make([]*grpc.ClientConn, *conns)
	for i := range clients {
		c, err := grpc.NewClient(*endpoint, grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{}), grpc.MaxCallSendMsgSize(64<<20)))
		if err != nil {
			fmt.Fprintln(os.Stderr, "otlpload:", err)
			os.Exit(1)
		}
		defer c.Close() //nolint:errcheck // closing at exit
		clients[i] = c
	}
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	var ok, failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	// With -rate, a pacer hands out one token per request on an absolute
	// schedule, so a late request does not shift the ones after it.
	var tokens chan struct{}
	if *rate > 0 {
		tokens = make(chan struct{})
		every := time.Duration(float64(time.Second) * float64(*spans) / *rate)
		go func() {
			for k := 1; ; k++ {
				time.Sleep(time.Until(start.Add(time.Duration(k) * every)))
				select {
				case tokens <- struct{}{}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	for i := 0; i < *callers; i++ {
		wg.Add(1)
		go func(c *grpc.ClientConn) {
			defer wg.Done()
			in, out := append([]byte(nil), req...), []byte(nil)
			for ctx.Err() == nil {
				if *total > 0 && ok.Load()*int64(*spans) >= *total {
					return
				}
				if tokens != nil {
					select {
					case <-tokens:
					case <-ctx.Done():
						return
					}
				}
				for _, h := range holes {
					// 16 hex digits of a process-wide counter: never repeats.
					n := seq.Add(1)
					for j := len(placeholder) - 1; j >= 0; j-- {
						in[h+j] = "0123456789abcdef"[n&15]
						n >>= 4
					}
				}
				if len(traceHoles) > 0 {
					n := traceSeq.Add(1) | 1<<62 // never the fixed prefix
					for _, h := range traceHoles {
						binary.BigEndian.PutUint64(in[h:], n)
					}
				}
				err := c.Invoke(ctx, "/opentelemetry.proto.collector.trace.v1.TraceService/Export", &in, &out)
				switch {
				case err == nil:
					ok.Add(1)
				case ctx.Err() == nil:
					failed.Add(1)
				}
			}
		}(clients[i%len(clients)])
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	n := ok.Load() * int64(*spans)
	fmt.Printf("requests=%d failed=%d spans=%d seconds=%.1f spans_per_second=%.0f\n", ok.Load(), failed.Load(), n, elapsed, float64(n)/elapsed)
}
