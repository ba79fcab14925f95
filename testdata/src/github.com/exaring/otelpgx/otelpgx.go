// Package otelpgx is a hermetic stub of github.com/exaring/otelpgx (v0.13.0).
package otelpgx

import (
	"context"

	"github.com/jackc/pgx/v5"
)

type Option interface{ apply() }

type Tracer struct{}

func NewTracer(opts ...Option) *Tracer { return &Tracer{} }

func (t *Tracer) TraceQueryStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	return ctx
}
func (t *Tracer) TraceQueryEnd(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryEndData) {}
