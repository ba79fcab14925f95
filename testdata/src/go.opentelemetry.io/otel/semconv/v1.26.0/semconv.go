// Package semconv is a hermetic stub of go.opentelemetry.io/otel/semconv/v1.26.0:
// a few of its real identifiers, with their real values.
package semconv

import "go.opentelemetry.io/otel/attribute"

// SchemaURL is the schema URL of this version of the conventions.
const SchemaURL = "https://opentelemetry.io/schemas/1.26.0"

const (
	DBSystemKey               = attribute.Key("db.system")
	HTTPRequestMethodKey      = attribute.Key("http.request.method")
	HTTPResponseStatusCodeKey = attribute.Key("http.response.status_code")
	ServerAddressKey          = attribute.Key("server.address")
	ServiceNameKey            = attribute.Key("service.name")
)

var (
	DBSystemPostgreSQL   = DBSystemKey.String("postgresql")
	HTTPRequestMethodGet = HTTPRequestMethodKey.String("GET")
)

func HTTPResponseStatusCode(val int) attribute.KeyValue { return HTTPResponseStatusCodeKey.Int(val) }
func ServerAddress(val string) attribute.KeyValue       { return ServerAddressKey.String(val) }
func ServiceName(val string) attribute.KeyValue         { return ServiceNameKey.String(val) }

const (
	DeploymentEnvironmentKey = attribute.Key("deployment.environment")
	ServiceVersionKey        = attribute.Key("service.version")
)

func DeploymentEnvironment(val string) attribute.KeyValue {
	return DeploymentEnvironmentKey.String(val)
}
func ServiceVersion(val string) attribute.KeyValue { return ServiceVersionKey.String(val) }
