package extra

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"doubleinst/extra/mw"
)

var tracer = otel.Tracer("extra")

func serve(h http.Handler) {
	http.ListenAndServe(":8080", otelhttp.NewHandler(mw.Trace(h, "inner"), "outer")) // want `otelhttp.NewHandler wraps a handler already wrapped by mw.Trace \(line 17\)`
}

func call(ctx context.Context, req *http.Request) {
	c := mw.TracedClient()
	_, span := tracer.Start(ctx, "call", trace.WithSpanKind(trace.SpanKindClient)) // want `span "call" is a CLIENT span around c.Do \(line 24\), for which mw.TracedClient \(line 21\)`
	defer span.End()
	c.Do(req)
}
