package b

import (
	"context"

	"go.opentelemetry.io/otel"

	"ctxprop/lib"
	"ctxprop/mid"
)

var tracer = otel.Tracer("b")

func crossPackage(ctx context.Context) error { // want crossPackage:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "b.cross") // want `the span Fetch starts at line \d+ becomes a sibling, not a child`
	defer span.End()
	return lib.Fetch("1", ctx)
}

func plain(ctx context.Context) error { // want plain:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "b.plain")
	defer span.End()
	return lib.Plain(ctx)
}

func throughMid(ctx context.Context) error { // want throughMid:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "b.mid") // want `the span Get starts at line \d+ becomes a sibling, not a child`
	defer span.End()
	return mid.Get(ctx)
}
