package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/otellint/otellint/runtimecheck/weaverlog"
)

// logsCollector is a real OTLP logs server (gRPC or HTTP) on loopback that
// keeps the records it receives.
type logsCollector struct {
	collogspb.UnimplementedLogsServiceServer
	mu   sync.Mutex
	recs []*logspb.LogRecord
	res  []string // service.name of each request's resource
}

func (c *logsCollector) Export(_ context.Context, req *collogspb.ExportLogsServiceRequest) (*collogspb.ExportLogsServiceResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, rl := range req.ResourceLogs {
		for _, kv := range rl.GetResource().GetAttributes() {
			if kv.Key == "service.name" {
				c.res = append(c.res, kv.Value.GetStringValue())
			}
		}
		for _, sl := range rl.ScopeLogs {
			c.recs = append(c.recs, sl.LogRecords...)
		}
	}
	return &collogspb.ExportLogsServiceResponse{}, nil
}

// entries returns (id, report, count) of every record with that id.
func (c *logsCollector) entries(id string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, r := range c.recs {
		var rid, rep string
		var n int64
		for _, kv := range r.Attributes {
			switch kv.Key {
			case weaverlog.AttrID:
				rid = kv.Value.GetStringValue()
			case weaverlog.AttrReport:
				rep = kv.Value.GetStringValue()
			case weaverlog.AttrCount:
				n = kv.Value.GetIntValue()
			}
		}
		if rid == id && r.EventName == weaverlog.EventName {
			out = append(out, rep+":"+strconv.FormatInt(n, 10))
		}
	}
	return out
}

func startGRPCLogs(t *testing.T) (*logsCollector, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &logsCollector{}
	srv := grpc.NewServer()
	collogspb.RegisterLogsServiceServer(srv, c)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(srv.Stop)
	return c, "grpc://" + l.Addr().String()
}

func startHTTPLogs(t *testing.T) (*logsCollector, string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &logsCollector{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /otlp/v1/logs", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var req collogspb.ExportLogsServiceRequest
		if r.Header.Get("Content-Type") != "application/x-protobuf" || proto.Unmarshal(b, &req) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		_, _ = c.Export(r.Context(), &req)
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(nil)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return c, "http://" + l.Addr().String() + "/otlp"
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestLiveEmitOTLPLogs: with --emit-otlp-logs, a finding reaches the OTLP
// endpoint once when first seen, then as one aggregate per interval in
// which it occurred again, and a last aggregate at the end; never once per
// occurrence. Real SDK exporters send the spans, over both transports.
func TestLiveEmitOTLPLogs(t *testing.T) {
	for _, transport := range []string{"grpc", "http"} {
		t.Run(transport, func(t *testing.T) {
			col, endpoint := startGRPCLogs(t)
			if transport == "http" {
				col, endpoint = startHTTPLogs(t)
			}
			lr := startLive(t, "--emit-otlp-logs", endpoint, "--emit-otlp-logs-interval", "1s", "--fail-on", "none")
			sendTraces(t, grpcExporter(t, lr.addrs.GRPC.String()), 5)
			waitFor(t, "the first sighting", func() bool { return len(col.entries("deprecated")) >= 1 })
			// A second request while live runs: one aggregate within the
			// interval; a third just before the end: the last report.
			sendTraces(t, grpcExporter(t, lr.addrs.GRPC.String()), 5)
			waitFor(t, "the aggregate", func() bool { return len(col.entries("deprecated")) >= 2 })
			sendTraces(t, grpcExporter(t, lr.addrs.GRPC.String()), 5)
			lr.sigs <- syscall.SIGTERM
			if code := lr.wait(t); code != ExitOK {
				t.Fatalf("exit %d, stderr %q", code, lr.stderr.String())
			}
			got, want := col.entries("deprecated"), []string{"first_seen:5", "aggregate:10", "aggregate:15"}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("records of the deprecated finding = %v, want %v", got, want)
			}
			col.mu.Lock()
			defer col.mu.Unlock()
			for _, r := range col.res {
				if r != "otellint" {
					t.Errorf("records under resource service.name %q, want otellint", r)
				}
			}
		})
	}
}

func TestLiveEmitOTLPLogsUsage(t *testing.T) {
	for _, c := range []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--emit-otlp-logs", "collector:4317"}, "--emit-otlp-logs"},
		{[]string{"--emit-otlp-logs", "ftp://127.0.0.1:1"}, `unknown scheme "ftp"`},
		{[]string{"--emit-otlp-logs", "grpc://127.0.0.1:1", "--emit-otlp-logs-interval", "10ms"}, "at least 1s"},
	} {
		var stderr bytes.Buffer
		args := append([]string{"live", "--grpc", "127.0.0.1:0", "--http", "off", "--admin", "off"}, c.args...)
		code := Execute(args, strings.NewReader(""), io.Discard, &stderr)
		if code != ExitUsage || !strings.Contains(stderr.String(), c.wantErr) {
			t.Errorf("live %v: exit %d, stderr %q; want exit %d and %q", c.args, code, stderr.String(), ExitUsage, c.wantErr)
		}
	}
}

// TestLiveEmitOTLPLogsUnreachable: findings that cannot be delivered make
// the run fail with exit 3 and say how many.
func TestLiveEmitOTLPLogsUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	lr := startLive(t, "--emit-otlp-logs", "http://"+addr, "--fail-on", "none")
	sendTraces(t, grpcExporter(t, lr.addrs.GRPC.String()), 1)
	lr.sigs <- syscall.SIGTERM
	if code := lr.wait(t); code != ExitFailure {
		t.Errorf("exit %d, want %d; stderr %q", code, ExitFailure, lr.stderr.String())
	}
	if !strings.Contains(lr.stderr.String(), "could not be sent to http://"+addr) {
		t.Errorf("stderr %q does not say what failed", lr.stderr.String())
	}
}
