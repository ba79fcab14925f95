// Package pgxpool is a hermetic stub of github.com/jackc/pgx/v5/pgxpool (v5.9.2).
package pgxpool

import (
	"context"

	"github.com/jackc/pgx/v5"
)

type Config struct {
	ConnConfig *pgx.ConnConfig
}

type Pool struct{}

func ParseConfig(connString string) (*Config, error)                   { return &Config{}, nil }
func New(ctx context.Context, connString string) (*Pool, error)        { return nil, nil }
func NewWithConfig(ctx context.Context, config *Config) (*Pool, error) { return nil, nil }

func (p *Pool) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) { return nil, nil }
func (p *Pool) Exec(ctx context.Context, sql string, arguments ...any) (any, error)  { return nil, nil }
