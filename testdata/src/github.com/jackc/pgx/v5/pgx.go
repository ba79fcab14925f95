// Package pgx is a hermetic stub of github.com/jackc/pgx/v5 (v5.9.2).
package pgx

import "context"

type QueryTracer interface {
	TraceQueryStart(ctx context.Context, conn *Conn, data TraceQueryStartData) context.Context
	TraceQueryEnd(ctx context.Context, conn *Conn, data TraceQueryEndData)
}

type TraceQueryStartData struct{ SQL string }
type TraceQueryEndData struct{ Err error }

type ConnConfig struct {
	Tracer QueryTracer
}

type Conn struct{}

type Rows interface{ Close() }

func ConnectConfig(ctx context.Context, connConfig *ConnConfig) (*Conn, error) { return nil, nil }

func (c *Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) { return nil, nil }
