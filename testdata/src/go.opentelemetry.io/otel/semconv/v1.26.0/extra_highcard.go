package semconv

import "go.opentelemetry.io/otel/attribute"

// Identifiers used by the highcard tests, with their real v1.26.0 values.

const (
	ClientAddressKey = attribute.Key("client.address")
	HTTPRouteKey     = attribute.Key("http.route")
	URLPathKey       = attribute.Key("url.path")
)

func ClientAddress(val string) attribute.KeyValue { return ClientAddressKey.String(val) }
func HTTPRoute(val string) attribute.KeyValue     { return HTTPRouteKey.String(val) }
func URLPath(val string) attribute.KeyValue       { return URLPathKey.String(val) }
