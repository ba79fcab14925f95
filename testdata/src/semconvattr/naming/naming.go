// Package naming is checked with the naming option: custom keys that
// break the naming rules are warnings, once per key and package, with the
// other places as related information.
package naming

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"
)

const blockKey = "blockID" // want `custom attribute key "blockID" has upper-case letters; keys are lower-case snake_case words separated by dots \(namespaces\), e.g. "block_id" \(written at 3 places in this package\)`

func spans(span trace.Span, id string) {
	span.SetAttributes(attribute.String(blockKey, id))
	span.SetAttributes(attribute.String("blockID", id))
	span.SetAttributes(attribute.String("order-id", "o"))    // want `custom attribute key "order-id" separates words with something other than _ and .; .*e.g. "order_id"$`
	span.SetAttributes(attribute.String("shop..order", "o")) // want `has an empty namespace`
	var r log.Record
	r.AddAttributes(log.String("blockID", id))
}
