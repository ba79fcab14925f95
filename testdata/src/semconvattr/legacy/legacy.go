// Package legacy writes deprecated keys of two segments whose namespace
// has no live key: they are reported like any other deprecated key, as
// literals and as semconv identifiers (misses found on real code; only
// the generic "state" and "pool.name" need other db.* keys beside them).
package legacy

import (
	"go.opentelemetry.io/otel/attribute"
	semconv "go.opentelemetry.io/otel/semconv/v1.21.0"
	"go.opentelemetry.io/otel/trace"
)

func literals(span trace.Span) {
	span.SetAttributes(
		attribute.String("peer.service", "billing"),   // want `attribute key "peer.service" is deprecated in semantic conventions 1.44.0: renamed to "service.peer.name"`
		attribute.String("net.transport", "ip_tcp"),   // want `attribute key "net.transport" is deprecated .*renamed to "network.transport"`
		attribute.String("az.namespace", "Microsoft"), // want `attribute key "az.namespace" is deprecated .*renamed to "azure.resource_provider.namespace"`
		attribute.String("message.type", "SENT"),      // want `attribute key "message.type" is deprecated in semantic conventions 1.44.0 \(.*\) with no replacement`
		attribute.String("gen_ai.system", "openai"),   // want `attribute key "gen_ai.system" is deprecated`
		attribute.String("event.name", "click"),       // want `attribute key "event.name" is deprecated`
	)
}

func identifiers(span trace.Span) {
	span.SetAttributes(
		semconv.PeerService("billing"),        // want `PeerService of semconv/v1.21.0 \("peer.service"\) is deprecated .*renamed to "service.peer.name".*this semconv package has no identifier for it`
		semconv.NetTransportKey.String("x"),   // want `NetTransportKey of semconv/v1.21.0 \("net.transport"\) is deprecated .*renamed to "network.transport".* \(NetworkTransportKey in the same package\)`
		semconv.MessageTypeKey.String("SENT"), // want `MessageTypeKey of semconv/v1.21.0 \("message.type"\) is deprecated`
	)
}

// Enum members are attribute.KeyValue variables of the semconv package:
// they write their key as much as the Key constant does.
func enumMembers(span trace.Span) {
	span.SetAttributes(
		semconv.MessagingOperationPublish, // want `MessagingOperationPublish of semconv/v1.21.0 \("messaging.operation"\) is deprecated .*renamed to "messaging.operation.type".*this semconv package has no identifier for it`
		semconv.NetTransportTCP,           // want `NetTransportTCP of semconv/v1.21.0 \("net.transport"\) is deprecated .*\(NetworkTransportTCP in the same package\)`
		semconv.MessageTypeSent,           // want `MessageTypeSent of semconv/v1.21.0 \("message.type"\) is deprecated`
	)
}

func current(span trace.Span) {
	span.SetAttributes(semconv.NetworkTransportTCP)
}
