package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/pflag"
	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/weaverlog"
)

// emitLogsOptions are the flags of `otellint live` that send the findings
// as OTLP logs in Weaver's live-check schema, with the cadence of the
// Collector component: each finding when first seen, then its aggregated
// count every interval if it occurred again, and a last report at the end.
type emitLogsOptions struct {
	Endpoint string
	Interval time.Duration
}

func (o *emitLogsOptions) addFlags(f *pflag.FlagSet) {
	f.StringVar(&o.Endpoint, "emit-otlp-logs", "", "also send findings as OTLP logs in Weaver's live-check schema to this endpoint (grpc://host:port, http(s)://host:port)")
	f.DurationVar(&o.Interval, "emit-otlp-logs-interval", 0, "with --emit-otlp-logs: how often findings that occurred again are sent with their aggregated count (0: every minute, as in the Collector component)")
}

// defaultEmitInterval is the default --emit-otlp-logs-interval, the
// Collector component's default report_interval.
const defaultEmitInterval = time.Minute

// emitTimeout bounds one export of findings.
const emitTimeout = 10 * time.Second

// logsEmitter sends the findings, paced by a weaverlog.Emitter, to an
// OTLP logs endpoint.
type logsEmitter struct {
	emitter  *weaverlog.Emitter
	export   func(ctx context.Context, req *collogspb.ExportLogsServiceRequest) error
	close    func() error
	errOut   io.Writer
	endpoint string
	failed   int // records that could not be sent; only the emitter's goroutine writes it
}

// start validates the options and, when --emit-otlp-logs is set, starts
// the emitter and installs the callback that feeds it (after show, the
// live output's callback). A nil emitter means the flag is not set.
func (o *emitLogsOptions) start(c *runtimecheck.Checker, show func(runtimecheck.Finding), errOut io.Writer) (*logsEmitter, error) {
	c.OnNewFinding(show)
	if o.Endpoint == "" {
		return nil, nil
	}
	if o.Interval == 0 {
		o.Interval = defaultEmitInterval
	}
	if o.Interval < time.Second {
		return nil, usageErrorf("--emit-otlp-logs-interval must be at least 1s")
	}
	export, closeFn, err := dialLogs(o.Endpoint)
	if err != nil {
		return nil, usageErrorf("--emit-otlp-logs: %v", err)
	}
	e := &logsEmitter{export: export, close: closeFn, errOut: errOut, endpoint: o.Endpoint}
	e.emitter = weaverlog.NewEmitter(c, "", o.Interval, e.send)
	c.OnNewFinding(func(f runtimecheck.Finding) {
		show(f)
		e.emitter.Finding(f)
	})
	e.emitter.Start()
	return e, nil
}

func (e *logsEmitter) send(_ context.Context, ents []weaverlog.Entry, _ *runtimecheck.Report) {
	if len(ents) == 0 {
		return
	}
	req := weaverlog.Request([]*commonpb.KeyValue{
		{Key: "service.name", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: "otellint"}}},
		{Key: "service.version", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: version()}}},
	}, ents)
	ctx, cancel := context.WithTimeout(context.Background(), emitTimeout)
	defer cancel()
	if err := e.export(ctx, req); err != nil {
		e.failed += len(ents)
		fmt.Fprintf(e.errOut, "otellint live: %d findings could not be sent to %s: %v\n", len(ents), e.endpoint, err)
	}
}

// finish sends the last report (the run has drained, so the checker holds
// everything), stops the emitter and reports whether every record was
// delivered.
func (e *logsEmitter) finish() error {
	if e == nil {
		return nil
	}
	e.halt()
	_ = e.close()
	if e.failed > 0 {
		return failuref("%d finding records could not be sent to %s", e.failed, e.endpoint)
	}
	return nil
}

// halt makes the last report and stops the emitter's goroutine; a run that
// ends before its report (a listener that cannot open) defers it, and
// finish calls it first.
func (e *logsEmitter) halt() {
	if e == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*emitTimeout)
	defer cancel()
	_ = e.emitter.Stop(ctx)
}

// dialLogs returns an OTLP logs exporter for endpoint: grpc://host:port
// for OTLP/gRPC, http(s)://host:port[/prefix] for OTLP/HTTP protobuf
// (/v1/logs is appended), as --forward takes them.
func dialLogs(endpoint string) (export func(context.Context, *collogspb.ExportLogsServiceRequest) error, closeFn func() error, err error) {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return nil, nil, fmt.Errorf("%q is not grpc://host:port or http(s)://host:port", endpoint)
	}
	switch u.Scheme {
	case "grpc":
		conn, err := grpc.NewClient(u.Host, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			return nil, nil, err
		}
		client := collogspb.NewLogsServiceClient(conn)
		return func(ctx context.Context, req *collogspb.ExportLogsServiceRequest) error {
			_, err := client.Export(ctx, req)
			return err
		}, conn.Close, nil
	case "http", "https":
		target := strings.TrimSuffix(u.String(), "/") + "/v1/logs"
		client := &http.Client{}
		return func(ctx context.Context, req *collogspb.ExportLogsServiceRequest) error {
			body, err := proto.Marshal(req)
			if err != nil {
				return err
			}
			hr, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
			if err != nil {
				return err
			}
			hr.Header.Set("Content-Type", "application/x-protobuf")
			resp, err := client.Do(hr)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			if resp.StatusCode/100 != 2 {
				return fmt.Errorf("%s answered %s", target, resp.Status)
			}
			return nil
		}, func() error { client.CloseIdleConnections(); return nil }, nil
	}
	return nil, nil, fmt.Errorf("unknown scheme %q in %q (want grpc, http or https)", u.Scheme, endpoint)
}
