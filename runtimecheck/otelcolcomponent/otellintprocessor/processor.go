package otellintprocessor

import (
	"context"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processorhelper"

	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/internal/check"
	"github.com/otellint/otellint/runtimecheck/otelcolcomponent/otellintprocessor/internal/metadata"
)

// instance is one processor (one per pipeline) on the shared engine.
type instance struct {
	id      component.ID
	engines *check.Engines
	engine  *check.Engine
	release sync.Once
}

func newInstance(engines *check.Engines, set processor.Settings, cfg *Config) (*instance, error) {
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
	sink := check.ZapSink(set.Logger)
	for _, sig := range []string{"traces", "metrics", "logs"} {
		e.SetSink(sig, sink)
	}
	return &instance{id: set.ID, engines: engines, engine: e}, nil
}

func (p *instance) start(context.Context, component.Host) error {
	p.engine.Start()
	return nil
}

func (p *instance) shutdown(ctx context.Context) error {
	var err error
	p.release.Do(func() { err = p.engines.Release(ctx, p.id) })
	return err
}

// The processor reads and forwards: it never changes the data, so the
// pipeline need not clone it for the processor's sake.
var capabilities = processorhelper.WithCapabilities(consumer.Capabilities{MutatesData: false})

func newTraces(ctx context.Context, engines *check.Engines, set processor.Settings, cfg *Config, next consumer.Traces) (processor.Traces, error) {
	p, err := newInstance(engines, set, cfg)
	if err != nil {
		return nil, err
	}
	return processorhelper.NewTraces(ctx, set, cfg, next,
		func(ctx context.Context, td ptrace.Traces) (ptrace.Traces, error) {
			p.engine.ConsumeTraces(ctx, td)
			return td, nil
		},
		capabilities, processorhelper.WithStart(p.start), processorhelper.WithShutdown(p.shutdown))
}

func newMetrics(ctx context.Context, engines *check.Engines, set processor.Settings, cfg *Config, next consumer.Metrics) (processor.Metrics, error) {
	p, err := newInstance(engines, set, cfg)
	if err != nil {
		return nil, err
	}
	return processorhelper.NewMetrics(ctx, set, cfg, next,
		func(ctx context.Context, md pmetric.Metrics) (pmetric.Metrics, error) {
			p.engine.ConsumeMetrics(ctx, md)
			return md, nil
		},
		capabilities, processorhelper.WithStart(p.start), processorhelper.WithShutdown(p.shutdown))
}

func newLogs(ctx context.Context, engines *check.Engines, set processor.Settings, cfg *Config, next consumer.Logs) (processor.Logs, error) {
	p, err := newInstance(engines, set, cfg)
	if err != nil {
		return nil, err
	}
	return processorhelper.NewLogs(ctx, set, cfg, next,
		func(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
			p.engine.ConsumeLogs(ctx, ld)
			return ld, nil
		},
		capabilities, processorhelper.WithStart(p.start), processorhelper.WithShutdown(p.shutdown))
}
