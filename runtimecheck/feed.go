package runtimecheck

import "github.com/otellint/otellint/runtimecheck/internal/otlpwire"

// The Consume*From methods check telemetry that is not protobuf bytes,
// such as the Collector component's pdata: walk hands the parts of one
// export request to the checker's handler in request order (for every
// resource one Resource call, then for every scope one Scope call followed
// by its items), exactly as the wire walker does for bytes, so both inputs
// get the same checks. The byte slices handed over may alias the caller's
// memory (strings, ids); it must stay unchanged until the method returns.
// The handler types are those of internal/otlpwire, so only code inside
// runtimecheck's tree can write a walk. A walk's error rejects the request
// like malformed bytes do.

// ConsumeTracesFrom checks the traces walk hands over.
func (c *Checker) ConsumeTracesFrom(walk func(otlpwire.TracesHandler) error) error {
	return c.consume(SignalTraces, nil, func(x *requestState) error { return walk(x) })
}

// ConsumeMetricsFrom checks the metrics walk hands over.
func (c *Checker) ConsumeMetricsFrom(walk func(otlpwire.MetricsHandler) error) error {
	return c.consume(SignalMetrics, nil, func(x *requestState) error { return walk(x) })
}

// ConsumeLogsFrom checks the logs walk hands over.
func (c *Checker) ConsumeLogsFrom(walk func(otlpwire.LogsHandler) error) error {
	return c.consume(SignalLogs, nil, func(x *requestState) error { return walk(x) })
}
