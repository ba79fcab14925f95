// Package resources builds resources, some of them wrong.
package resources

import (
	"context"
	"log"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv21 "go.opentelemetry.io/otel/semconv/v1.21.0"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
)

// The SDK stub imports semconv v1.26.0, so resource.Default()'s schema is
// https://opentelemetry.io/schemas/1.26.0.
func conflicts() {
	r1, _ := resource.Merge(resource.Default(), // want `resource.Merge of schema URLs https://opentelemetry.io/schemas/1.26.0 \(resource.Default\(\), from the go.opentelemetry.io/otel/semconv/v1.26.0 the SDK imports\) and https://opentelemetry.io/schemas/1.21.0 \(semconv21.SchemaURL\) always fails with ErrSchemaURLConflict: the error is dropped here`
		resource.NewWithAttributes(semconv21.SchemaURL, semconv21.ServiceName("checkout")))

	own := resource.NewWithAttributes("https://example.com/schemas/2", attribute.String("service.name", "x"))
	r2, err := resource.Merge(own, resource.Default()) // want `resource.Merge of schema URLs https://example.com/schemas/2 \("https://example.com/schemas/2"\) and https://opentelemetry.io/schemas/1.26.0 .* the program gets an error instead of a resource`
	if err != nil {
		log.Fatal(err)
	}
	_, _ = r1, r2
}

func agreeing(ctx context.Context, url string) {
	// Same version, schemaless, or not a constant: no conflict.
	_, _ = resource.Merge(resource.Default(), resource.NewWithAttributes(semconv.SchemaURL, semconv.ServiceName("x")))
	_, _ = resource.Merge(resource.Default(), resource.NewSchemaless(semconv21.ServiceName("x")))
	_, _ = resource.Merge(resource.Default(), resource.NewWithAttributes(url, semconv21.ServiceName("x")))
	detected, _ := resource.New(ctx, resource.WithHost())
	_, _ = resource.Merge(detected, resource.NewWithAttributes(semconv21.SchemaURL))
	env := resource.Environment()
	_, _ = resource.Merge(env, resource.NewWithAttributes(semconv21.SchemaURL))
}

func unnamed() []sdktrace.TracerProviderOption {
	res := resource.NewWithAttributes(semconv.SchemaURL, // want `resource sets service.version and deployment.environment but not service.name and is not merged with resource.Default\(\): the service shows up as unknown_service unless the deployment sets OTEL_SERVICE_NAME; add semconv.ServiceName`
		semconv.ServiceVersion("1.4.2"), semconv.DeploymentEnvironment("prod"))
	fromNew, _ := resource.New(context.Background(), resource.WithAttributes(attribute.String("service.namespace", "shop"))) // want `resource sets service.namespace but not service.name`
	return []sdktrace.TracerProviderOption{
		sdktrace.WithResource(res),
		sdktrace.WithResource(fromNew),
		sdktrace.WithResource(resource.NewSchemaless(semconv.ServiceVersionKey.String("1.4.2"))), // want `resource sets service.version but not service.name`
	}
}

func named(ctx context.Context, attrs []attribute.KeyValue, version attribute.KeyValue) []sdktrace.TracerProviderOption {
	merged, _ := resource.Merge(resource.Default(), resource.NewSchemaless(semconv.ServiceVersion("1.4.2")))
	versioned := resource.NewSchemaless(semconv.ServiceVersion("1.4.2"))
	withDefault, _ := resource.Merge(resource.Default(), versioned)
	fromEnv, _ := resource.New(ctx, resource.WithFromEnv(), resource.WithAttributes(semconv.ServiceVersion("1.4.2")))
	return []sdktrace.TracerProviderOption{
		sdktrace.WithResource(merged),
		sdktrace.WithResource(withDefault),
		sdktrace.WithResource(fromEnv),
		// Named, spread from elsewhere, or unknown: not reported.
		sdktrace.WithResource(resource.NewWithAttributes(semconv.SchemaURL, semconv.ServiceName("x"), semconv.ServiceVersion("1"))),
		sdktrace.WithResource(resource.NewSchemaless(attrs...)),
		sdktrace.WithResource(resource.NewSchemaless(version, semconv.ServiceVersion("1"))),
		// Nothing about the service: the SDK's own problem, not this one.
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("team", "payments"))),
	}
}

// Returned to a caller that may merge it.
func Resource() *resource.Resource {
	return resource.NewSchemaless(semconv.ServiceVersion("1.4.2"))
}
