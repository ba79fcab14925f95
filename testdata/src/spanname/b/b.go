// Package b uses the wrap helpers: names are judged here, across packages.
package b

import (
	"context"
	"net/http"

	"spanname/pathutil"
	"spanname/wrap"
)

func work(context.Context) {}

func handle(ctx context.Context, r *http.Request) {
	wrap.Traced(ctx, "inventory.reserve", work)
	wrap.Traced(ctx, r.URL.Path, work) // want `span name passed to Traced \(parameter name\) is built from r.URL.Path \(the raw URL path\) at line 16, so every distinct value makes a new span name; for HTTP name the span after the method and route template`
	wrap.Traced(ctx, "process", work)  // want `span name passed to Traced \(parameter name\) "process" is too generic`
	wrap.Op(ctx, "charge")
	wrap.Op(ctx, "charge-"+wrap.RequestID()) // want `span name passed to Op \(parameter op\) is built from a generated ID from uuid.NewString \(returned by RequestID\) at line 19`
	wrap.Op(ctx, "charge-"+wrap.Region(true))
}

func viaHelper(ctx context.Context, r *http.Request) {
	wrap.Traced(ctx, pathutil.Clean(r), work) // want `span name passed to Traced \(parameter name\) is built from r.URL.Path \(the raw URL path\) \(returned by Clean\)`
}
