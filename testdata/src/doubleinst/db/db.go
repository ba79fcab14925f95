package db

import (
	"context"
	"database/sql"

	"github.com/XSAM/otelsql"
	"github.com/exaring/otelpgx"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/extra/redisotel/v9"
	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("db")

type Store struct {
	db   *sql.DB
	pool *pgxpool.Pool
	rdb  *redis.Client
	raw  *sql.DB
}

func New(ctx context.Context, dsn string) (*Store, error) {
	db, err := otelsql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.Tracer = otelpgx.NewTracer()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	if err := redisotel.InstrumentTracing(rdb); err != nil {
		return nil, err
	}
	raw, _ := sql.Open("postgres", dsn)
	return &Store{db: db, pool: pool, rdb: rdb, raw: raw}, nil
}

func (s *Store) User(ctx context.Context, id int) error {
	ctx, span := tracer.Start(ctx, "SELECT users", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attribute.String("db.system", "postgresql"))) // want `span "SELECT users" is a CLIENT span around s.db.QueryContext \(line 51\), for which otelsql.Open \(line 27\) already creates a CLIENT span; the call is recorded twice: remove this span or make it INTERNAL without db attributes`
	defer span.End()
	_, err := s.db.QueryContext(ctx, "SELECT * FROM users WHERE id = $1", id)
	return err
}

func (s *Store) Orders(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "orders", trace.WithAttributes(attribute.String("db.statement", "SELECT * FROM orders"))) // want `span "orders" is a span with db.\* attributes around s.pool.Query \(line 58\), for which otelpgx.NewTracer \(line 35\)`
	defer span.End()
	_, err := s.pool.Query(ctx, "SELECT * FROM orders")
	return err
}

func (s *Store) Cached(ctx context.Context, key string) (string, error) {
	ctx, span := tracer.Start(ctx, "redis GET", trace.WithSpanKind(trace.SpanKindClient)) // want `span "redis GET" is a CLIENT span around s.rdb.Get \(line 65\), for which redisotel.InstrumentTracing \(line 41\)`
	defer span.End()
	return s.rdb.Get(ctx, key).Result()
}

// Raw uses a handle opened without otelsql: its CLIENT span is the only one.
func (s *Store) Raw(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "SELECT 1", trace.WithSpanKind(trace.SpanKindClient))
	defer span.End()
	_, err := s.raw.ExecContext(ctx, "SELECT 1")
	return err
}

// Report groups several queries under an INTERNAL span: correct.
func (s *Store) Report(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "build report")
	defer span.End()
	if _, err := s.db.ExecContext(ctx, "SELECT 1"); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "SELECT 2")
	return err
}

func registered(ctx context.Context, dsn string) error {
	driverName, err := otelsql.Register("postgres")
	if err != nil {
		return err
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return err
	}
	tx, _ := db.BeginTx(ctx, nil)
	ctx, span := tracer.Start(ctx, "insert", trace.WithSpanKind(trace.SpanKindClient)) // want `span "insert" is a CLIENT span around tx.ExecContext \(line 103\), for which otelsql.Register \(line 92\)`
	defer span.End()
	_, err = tx.ExecContext(ctx, "INSERT INTO t VALUES (1)")
	return err
}

// publish starts a messaging CLIENT span; the query after it has its own span.
func (s *Store) publish(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "send events", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attribute.String("messaging.system", "kafka")))
	defer span.End()
	_, err := s.db.ExecContext(ctx, "UPDATE outbox SET sent = true")
	return err
}
