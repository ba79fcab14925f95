// Package receiver accepts OTLP telemetry over gRPC and HTTP, or reads it
// from files, and hands each export request to a Sink as the original
// protobuf bytes.
//
// The package knows nothing about validation: the checker in package
// runtimecheck implements Sink, and JSON is turned into protobuf by a
// JSONConverter that the caller provides, so this package imports neither.
//
// Both transports share one export path, modelled on the OpenTelemetry
// Collector's otlpreceiver: decode the transport (size limits, compression,
// content type), hand the bytes to the sink, optionally forward them
// unchanged to another OTLP endpoint, and answer with an
// Export*ServiceResponse that carries partial_success when the sink rejected
// part of the request.
package receiver
