// Package semconv is a hermetic stub of go.opentelemetry.io/otel/semconv/v1.21.0:
// a few of its real identifiers, with their real values.
package semconv

import "go.opentelemetry.io/otel/attribute"

// SchemaURL is the schema URL of this version of the conventions.
const SchemaURL = "https://opentelemetry.io/schemas/1.21.0"

const (
	HTTPMethodKey             = attribute.Key("http.method")
	HTTPStatusCodeKey         = attribute.Key("http.status_code")
	HTTPRequestMethodKey      = attribute.Key("http.request.method")
	HTTPResponseStatusCodeKey = attribute.Key("http.response.status_code")
	NetHostNameKey            = attribute.Key("net.host.name")
	ServerAddressKey          = attribute.Key("server.address")
	ServiceNameKey            = attribute.Key("service.name")
)

func HTTPStatusCode(val int) attribute.KeyValue         { return HTTPStatusCodeKey.Int(val) }
func HTTPResponseStatusCode(val int) attribute.KeyValue { return HTTPResponseStatusCodeKey.Int(val) }
func NetHostName(val string) attribute.KeyValue         { return NetHostNameKey.String(val) }
func ServerAddress(val string) attribute.KeyValue       { return ServerAddressKey.String(val) }
func ServiceName(val string) attribute.KeyValue         { return ServiceNameKey.String(val) }
