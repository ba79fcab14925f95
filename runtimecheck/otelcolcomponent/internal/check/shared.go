package check

import (
	"context"
	"sync"

	"go.opentelemetry.io/collector/component"
	"go.uber.org/zap"
)

// Engines hands out one engine per component id: the Collector makes one
// connector per pair of pipelines and one processor per pipeline, and all
// of them with the same id must share one checker, so that a finding is
// aggregated once and reported once. A factory owns one Engines (no
// process-global state); an engine lives from the first component made
// with its id until the last of them shuts down.
type Engines struct {
	mu sync.Mutex
	m  map[component.ID]*shared
}

type shared struct {
	e     *Engine
	users int
}

// Acquire returns the engine of id, building it with cfg and the
// telemetry that newTel makes on first use.
func (s *Engines) Acquire(id component.ID, cfg *Config, logger *zap.Logger, newTel func() (Telemetry, error)) (*Engine, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[component.ID]*shared{}
	}
	if sh := s.m[id]; sh != nil {
		sh.users++
		return sh.e, nil
	}
	tel, err := newTel()
	if err != nil {
		return nil, err
	}
	e, err := NewEngine(cfg, logger, tel)
	if err != nil {
		if tel.Shutdown != nil {
			tel.Shutdown()
		}
		return nil, err
	}
	s.m[id] = &shared{e: e, users: 1}
	return e, nil
}

// Release is a component's Shutdown: the last user of the engine stops it
// after a final report and forgets it, so a reload starts afresh.
func (s *Engines) Release(ctx context.Context, id component.ID) error {
	s.mu.Lock()
	sh := s.m[id]
	if sh == nil {
		s.mu.Unlock()
		return nil
	}
	sh.users--
	last := sh.users == 0
	if last {
		delete(s.m, id)
	}
	s.mu.Unlock()
	if !last {
		return nil
	}
	err := sh.e.stopAndWait(ctx)
	if sh.e.tel.Shutdown != nil {
		sh.e.tel.Shutdown()
	}
	if err != nil {
		return errShutdownTimeout
	}
	return nil
}
