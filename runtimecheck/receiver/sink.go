package receiver

import (
	"errors"
	"fmt"
	"strings"
)

// Sink consumes export requests. Each argument is the protobuf encoding of
// an ExportTraceServiceRequest, ExportMetricsServiceRequest or
// ExportLogsServiceRequest exactly as it arrived (after decompression, or
// after conversion from OTLP/JSON).
//
// A Sink must be safe for concurrent use and must not retain b after it
// returns. A non-nil error means the request is malformed and is reported to
// the client as such (gRPC InvalidArgument, HTTP 400), unless it is, or
// wraps, a *PartialError.
type Sink interface {
	ConsumeTraces(b []byte) error
	ConsumeMetrics(b []byte) error
	ConsumeLogs(b []byte) error
}

// PartialError is returned by a Sink that accepted a request but rejected
// some of its items. The client receives a successful response whose
// partial_success field carries Rejected and Message.
type PartialError struct {
	Rejected int64
	Message  string
}

func (e *PartialError) Error() string {
	return fmt.Sprintf("%d items rejected: %s", e.Rejected, e.Message)
}

// JSONConverter turns OTLP/JSON export requests into their protobuf
// encoding. A nil function means that signal is not accepted as JSON: HTTP
// requests get 415 and files are refused.
//
// The OTLP/JSON encoding differs from the canonical protobuf JSON mapping
// (hex trace and span ids, integer enums), so use a converter written for it,
// such as package runtimecheck/otlpjson.
type JSONConverter struct {
	Traces  func(json []byte) ([]byte, error)
	Metrics func(json []byte) ([]byte, error)
	Logs    func(json []byte) ([]byte, error)
}

var errNoJSON = errors.New("OTLP/JSON is not supported for this signal")

// has reports whether c converts sig.
func (c JSONConverter) has(sig Signal) bool {
	switch sig {
	case Traces:
		return c.Traces != nil
	case Metrics:
		return c.Metrics != nil
	case Logs:
		return c.Logs != nil
	}
	return false
}

func (c JSONConverter) convert(sig Signal, b []byte) ([]byte, error) {
	var f func([]byte) ([]byte, error)
	switch sig {
	case Traces:
		f = c.Traces
	case Metrics:
		f = c.Metrics
	case Logs:
		f = c.Logs
	}
	if f == nil {
		return nil, errNoJSON
	}
	return f(b)
}

// Signal is one of the three OTLP signals. The zero value means "unknown"
// and asks readers to detect the signal.
type Signal int

// The OTLP signals.
const (
	Traces Signal = iota + 1
	Metrics
	Logs
)

// Signals lists every signal in a fixed order.
var Signals = [...]Signal{Traces, Metrics, Logs}

func (s Signal) String() string {
	switch s {
	case Traces:
		return "traces"
	case Metrics:
		return "metrics"
	case Logs:
		return "logs"
	}
	return "unknown"
}

// ParseSignal parses "traces", "metrics" or "logs" (singular forms and
// "spans" are accepted too). The empty string and "auto" give the zero
// Signal.
func ParseSignal(s string) (Signal, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return 0, nil
	case "traces", "trace", "spans", "span":
		return Traces, nil
	case "metrics", "metric":
		return Metrics, nil
	case "logs", "log":
		return Logs, nil
	}
	return 0, fmt.Errorf("unknown signal %q: want traces, metrics or logs", s)
}

// consume dispatches b to the sink method for sig.
func consume(s Sink, sig Signal, b []byte) error {
	switch sig {
	case Traces:
		return s.ConsumeTraces(b)
	case Metrics:
		return s.ConsumeMetrics(b)
	case Logs:
		return s.ConsumeLogs(b)
	}
	return fmt.Errorf("unknown signal %d", int(sig))
}
