package client

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"doubleinst/platform"
)

var tracer = otel.Tracer("client")

var client = &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport)}

func fetch(ctx context.Context, url string) error {
	ctx, span := tracer.Start(ctx, "GET", trace.WithSpanKind(trace.SpanKindClient)) // want `span "GET" is a CLIENT span around client.Do \(line 23\), for which otelhttp.NewTransport \(line 17\) already creates a CLIENT span; the call is recorded twice: remove this span or make it INTERNAL without http attributes`
	defer span.End()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	_, err := client.Do(req)
	return err
}

func fetchAttrs(ctx context.Context, url string) error {
	ctx, span := tracer.Start(ctx, "fetch", trace.WithAttributes(attribute.String("http.request.method", "GET"), attribute.String("url.full", url))) // want `span "fetch" is a span with http.\* attributes around otelhttp.Get \(line 30\), for which otelhttp.Get`
	defer span.End()
	_, err := otelhttp.Get(ctx, url)
	return err
}

func defaultClient(ctx context.Context, req *http.Request) {
	_, span := tracer.Start(ctx, "call", trace.WithSpanKind(trace.SpanKindClient)) // want `span "call" is a CLIENT span around otelhttp.DefaultClient.Do`
	defer span.End()
	otelhttp.DefaultClient.Do(req)
}

func local(ctx context.Context, req *http.Request) {
	c := http.Client{}
	c.Transport = otelhttp.NewTransport(http.DefaultTransport)
	_, span := tracer.Start(ctx, "call", trace.WithSpanKind(trace.SpanKindClient)) // want `span "call" is a CLIENT span around c.Do \(line 45\), for which otelhttp.NewTransport \(line 42\)`
	defer span.End()
	c.Do(req)
}

func fromPlatform(ctx context.Context, req *http.Request) {
	c := platform.NewClient()
	_, span := tracer.Start(ctx, "call", trace.WithSpanKind(trace.SpanKindClient)) // want `span "call" is a CLIENT span around c.Do \(line 52\), for which otelhttp.NewTransport \(platform.go:29\)`
	defer span.End()
	c.Do(req)
}

// internal spans around instrumented calls are correct children.
func internal(ctx context.Context, req *http.Request) {
	ctx, span := tracer.Start(ctx, "sync users")
	defer span.End()
	client.Do(req.WithContext(ctx))
	_, span2 := tracer.Start(ctx, "retry", trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(attribute.String("http.request.method", "GET")))
	defer span2.End()
	client.Do(req)
}

// plain clients are not instrumented: the hand-written CLIENT span is the only one.
func plain(ctx context.Context, req *http.Request) {
	_, span := tracer.Start(ctx, "GET", trace.WithSpanKind(trace.SpanKindClient))
	defer span.End()
	http.DefaultClient.Do(req)
}

// a CLIENT span started after the call does not surround it.
func after(ctx context.Context, req *http.Request) {
	client.Do(req)
	_, span := tracer.Start(ctx, "publish", trace.WithSpanKind(trace.SpanKindProducer))
	defer span.End()
}

func transportTwice() http.RoundTripper {
	return otelhttp.NewTransport(otelhttp.NewTransport(http.DefaultTransport)) // want `otelhttp.NewTransport wraps a transport already wrapped by otelhttp.NewTransport \(line 80\); each outgoing request gets two CLIENT spans: remove one of the wrappers`
}

// transportOfClient wraps the transport of an instrumented client again: not
// found, fields of other packages' types are not followed.
func transportOfClient() *http.Client {
	return &http.Client{Transport: otelhttp.NewTransport(client.Transport)}
}
