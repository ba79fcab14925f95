package cloud

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-sdk-go-v2/otelaws"
	"go.opentelemetry.io/contrib/instrumentation/go.mongodb.org/mongo-driver/mongo/otelmongo"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("cloud")

func findUser(ctx context.Context, uri string) error {
	opts := options.Client().ApplyURI(uri).SetMonitor(otelmongo.NewMonitor())
	client, err := mongo.Connect(ctx, opts)
	if err != nil {
		return err
	}
	users := client.Database("app").Collection("users")
	ctx, span := tracer.Start(ctx, "users.findOne", trace.WithAttributes(attribute.String("db.system", "mongodb"))) // want `span "users.findOne" is a span with db.\* attributes around users.FindOne \(line 28\), for which otelmongo.NewMonitor \(line 20\) already creates a CLIENT span`
	defer span.End()
	return users.FindOne(ctx, map[string]string{"name": "x"}).Decode(nil)
}

func upload(ctx context.Context, key string) error {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return err
	}
	otelaws.AppendMiddlewares(&cfg.APIOptions)
	s3c := s3.NewFromConfig(cfg)
	ctx, span := tracer.Start(ctx, "s3 put", trace.WithSpanKind(trace.SpanKindClient)) // want `span "s3 put" is a CLIENT span around s3c.PutObject \(line 40\), for which otelaws.AppendMiddlewares \(line 36\)`
	defer span.End()
	_, err = s3c.PutObject(ctx, &s3.PutObjectInput{Key: &key})
	return err
}

// uninstrumented clients: the hand-written CLIENT span is the only one.
func uploadPlain(ctx context.Context, key string) error {
	cfg, _ := config.LoadDefaultConfig(ctx)
	s3c := s3.NewFromConfig(cfg)
	client, _ := mongo.Connect(ctx, options.Client())
	ctx, span := tracer.Start(ctx, "s3 put", trace.WithSpanKind(trace.SpanKindClient))
	defer span.End()
	_, err := s3c.PutObject(ctx, &s3.PutObjectInput{Key: &key})
	client.Database("app").Collection("files").FindOne(ctx, key)
	return err
}
