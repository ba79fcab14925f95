package otellintconnector

import (
	"context"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/connector"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/internal/check"
	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/otellintconnector/internal/metadata"
)

// otellintConnector is one connector instance: the pipeline pair of one
// signal into logs. It is a connector.Traces, Metrics and Logs at once;
// the factory hands out the face its pipeline needs.
type otellintConnector struct {
	id      component.ID
	engines *check.Engines
	engine  *check.Engine
	release sync.Once
}

func newConnector(engines *check.Engines, set connector.Settings, cfg *Config, next consumer.Logs, signal string) (*otellintConnector, error) {
	e, err := engines.Acquire(set.ID, cfg, set.Logger, func() (check.Telemetry, error) {
		tb, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
		if err != nil {
			return check.Telemetry{}, err
		}
		return check.Telemetry{
			ItemsChecked: tb.OtellintItemsChecked, Findings: tb.OtellintFindings, Dropped: tb.OtellintDropped,
			Shutdown: tb.Shutdown,
		}, nil
	})
	if err != nil {
		return nil, err
	}
	// The findings of this signal go to this instance's logs pipeline.
	e.SetSink(signal, check.LogsSink(set.ID.String(), next))
	return &otellintConnector{id: set.ID, engines: engines, engine: e}, nil
}

// Capabilities: the connector reads the data and emits new data; it
// never changes what it reads.
func (c *otellintConnector) Capabilities() consumer.Capabilities {
	return consumer.Capabilities{MutatesData: false}
}

func (c *otellintConnector) Start(context.Context, component.Host) error {
	c.engine.Start()
	return nil
}

// Shutdown releases the shared engine; the last instance to shut down
// stops it after a final report. A second Shutdown does nothing.
func (c *otellintConnector) Shutdown(ctx context.Context) error {
	var err error
	c.release.Do(func() { err = c.engines.Release(ctx, c.id) })
	return err
}

func (c *otellintConnector) ConsumeTraces(ctx context.Context, td ptrace.Traces) error {
	c.engine.ConsumeTraces(ctx, td)
	return nil
}

func (c *otellintConnector) ConsumeMetrics(ctx context.Context, md pmetric.Metrics) error {
	c.engine.ConsumeMetrics(ctx, md)
	return nil
}

func (c *otellintConnector) ConsumeLogs(ctx context.Context, ld plog.Logs) error {
	c.engine.ConsumeLogs(ctx, ld)
	return nil
}
