// Package idnames names spans after values whose names say they are
// identifiers: each value makes a new span name, with report-unknown off
// too (misses found on real code: "load order "+orderID).
package idnames

import (
	"context"
	"fmt"
	"strconv"

	"go.opentelemetry.io/otel/trace"
)

var tracer trace.Tracer

type order struct {
	ID, CustomerEmail, Kind string
}

func load(ctx context.Context, orderID string, userID int, o order) {
	_, span := tracer.Start(ctx, "load order "+orderID) // want `span name is built from orderID, whose name says it holds an identifier, so every distinct value makes a new span name; use a fixed name for the operation and move the ID into a span attribute`
	span.End()
	_, span = tracer.Start(ctx, fmt.Sprintf("user %d", userID)) // want `span name is built from userID, whose name says it holds an identifier`
	span.End()
	_, span = tracer.Start(ctx, "user "+strconv.Itoa(userID)) // want `span name is built from userID, whose name says it holds an identifier`
	span.End()
	request_uuid := o.Kind
	_, span = tracer.Start(ctx, "req "+request_uuid) // want `span name is built from request_uuid`
	span.End()
	_, span = tracer.Start(ctx, "mail "+o.CustomerEmail) // want `span name is built from o.CustomerEmail, whose name says it holds an identifier`
	span.End()
	_, span = tracer.Start(ctx, "order "+o.ID) // want `span name is built from o.ID`
	span.End()
	// Names whose words only look alike are not identifiers.
	valid, grid := o.Kind, o.Kind
	_, span = tracer.Start(ctx, "check "+valid+grid+o.Kind)
	span.End()
}
