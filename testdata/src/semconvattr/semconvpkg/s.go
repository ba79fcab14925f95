package semconvpkg

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	semconv "go.opentelemetry.io/otel/semconv/v1.21.0"
	"go.opentelemetry.io/otel/trace"
)

func old(span trace.Span, code int, host string) {
	span.SetAttributes(semconv.HTTPStatusCodeKey.Int(code)) // want `HTTPStatusCodeKey of semconv/v1.21.0 \("http.status_code"\) is deprecated in semantic conventions 1.44.0: renamed to "http.response.status_code"; consumers of the current conventions will not find it \(HTTPResponseStatusCodeKey in the same package\)`
	span.SetAttributes(semconv.HTTPStatusCode(code))        // want `HTTPStatusCode of semconv/v1.21.0 \("http.status_code"\) is deprecated .*\(HTTPResponseStatusCode in the same package\)`
	span.SetAttributes(semconv.NetHostName(host))           // want `NetHostName of semconv/v1.21.0 \("net.host.name"\) is deprecated .*renamed to "server.address"`
	span.SetAttributes(semconv.HTTPRequestMethodKey.Int(1)) // want `attribute "http.request.method" is string enum .*: use .String`
	_ = resource.NewWithAttributes(semconv.SchemaURL, semconv.ServiceName("checkout"))
	_ = attribute.Key("x")
}
