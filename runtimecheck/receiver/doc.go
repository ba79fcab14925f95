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
// content type) within a budget of bytes in flight, hand the bytes to the
// sink, optionally queue them for forwarding unchanged to another OTLP
// endpoint (retried with backoff, never delaying the answer), and answer
// with an Export*ServiceResponse that carries partial_success when the sink
// rejected part of the request. What is refused, or cannot be forwarded, is
// counted in Stats.
//
// Files are read by ReadFile and ReadStream, streaming one resource at a
// time.
package receiver
