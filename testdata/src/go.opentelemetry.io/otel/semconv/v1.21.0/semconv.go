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
	MessageTypeKey            = attribute.Key("message.type")
	MessagingOperationKey     = attribute.Key("messaging.operation")
	NetHostNameKey            = attribute.Key("net.host.name")
	NetTransportKey           = attribute.Key("net.transport")
	NetworkTransportKey       = attribute.Key("network.transport")
	PeerServiceKey            = attribute.Key("peer.service")
	ServerAddressKey          = attribute.Key("server.address")
	ServiceNameKey            = attribute.Key("service.name")
)

var (
	MessageTypeSent           = MessageTypeKey.String("SENT")
	MessagingOperationPublish = MessagingOperationKey.String("publish")
	NetTransportTCP           = NetTransportKey.String("ip_tcp")
	NetworkTransportTCP       = NetworkTransportKey.String("tcp")
)

func HTTPStatusCode(val int) attribute.KeyValue         { return HTTPStatusCodeKey.Int(val) }
func HTTPResponseStatusCode(val int) attribute.KeyValue { return HTTPResponseStatusCodeKey.Int(val) }
func NetHostName(val string) attribute.KeyValue         { return NetHostNameKey.String(val) }
func PeerService(val string) attribute.KeyValue         { return PeerServiceKey.String(val) }
func ServerAddress(val string) attribute.KeyValue       { return ServerAddressKey.String(val) }
func ServiceName(val string) attribute.KeyValue         { return ServiceNameKey.String(val) }

const ServiceVersionKey = attribute.Key("service.version")

func ServiceVersion(val string) attribute.KeyValue { return ServiceVersionKey.String(val) }
