package clients

import (
	"context"
	"database/sql"

	"github.com/XSAM/otelsql"
	"go.opentelemetry.io/otel"
	"google.golang.org/grpc"
)

var tracer = otel.Tracer("clients")

// GreeterClient is what protoc-gen-go-grpc generates.
type GreeterClient interface {
	SayHello(ctx context.Context, in *HelloRequest, opts ...grpc.CallOption) (*HelloReply, error)
}

type HelloRequest struct{ Name string }
type HelloReply struct{ Message string }

type store struct {
	db    *sql.DB // want db:"instrumented\\(database\\)"
	plain *sql.DB
	greet GreeterClient
}

func open() (*store, error) {
	db, err := otelsql.Open("postgres", "dsn")
	if err != nil {
		return nil, err
	}
	plain, err := sql.Open("postgres", "dsn")
	if err != nil {
		return nil, err
	}
	return &store{db: db, plain: plain}, nil
}

func (s *store) query(ctx context.Context) error { // want query:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "store.query") // want `the context returned by Start for span "store.query" is dropped and ctx is passed on while the span is open: the database call QueryContext at line \d+ becomes a sibling, not a child`
	defer span.End()
	rows, err := s.db.QueryContext(ctx, "SELECT 1")
	if err != nil {
		return err
	}
	return rows.Close()
}

func (s *store) hello(ctx context.Context) error { // want hello:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "store.hello") // want `the gRPC call SayHello at line \d+ becomes a sibling, not a child`
	defer span.End()
	_, err := s.greet.SayHello(ctx, &HelloRequest{Name: "x"})
	return err
}

func invoke(ctx context.Context, cc *grpc.ClientConn) error { // want invoke:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "invoke") // want `the gRPC call Invoke at line \d+ becomes a sibling`
	defer span.End()
	return cc.Invoke(ctx, "/svc/Method", nil, nil)
}

// Not reported: a database handle that is not instrumented.

func (s *store) plainQuery(ctx context.Context) error { // want plainQuery:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "store.plain")
	defer span.End()
	_, err := s.plain.ExecContext(ctx, "SELECT 1")
	return err
}
