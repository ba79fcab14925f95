package runtimecheck_test

import (
	"fmt"
	"io"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/otlpjson"
)

func Example() {
	c, err := runtimecheck.NewChecker(runtimecheck.DefaultConfig())
	if err != nil {
		panic(err)
	}
	c.OnNewFinding(func(f runtimecheck.Finding) { fmt.Println("new:", f.ID) })

	// An OTLP/JSON request as an SDK would send it to /v1/traces.
	body, err := otlpjson.TracesToProto([]byte(`{"resourceSpans":[{
		"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
		"scopeSpans":[{"scope":{"name":"shop/http"},"spans":[{
			"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
			"name":"handler","kind":1,
			"attributes":[{"key":"http.request.methd","value":{"stringValue":"GET"}}]}]}]}]}`))
	if err != nil {
		panic(err)
	}
	if err := c.ConsumeTraces(body); err != nil {
		panic(err)
	}
	r := c.Snapshot()
	fmt.Println("spans:", r.Statistics.Spans, "worst:", r.MaxLevel())
	for _, f := range r.Findings {
		fmt.Println(f)
	}
	_ = r.WriteJSON(io.Discard) // or WriteMarkdown, WriteSARIF, WriteText
	// Output:
	// new: missing_service_instance_id
	// new: missing_attribute
	// new: vague_span_name
	// spans: 1 worst: violation
	// violation   missing_attribute                  traces service="shop" scope="shop/http" name="handler" attribute="http.request.methd" count=1: attribute "http.request.methd" is not defined in the semantic conventions although its namespace is; did you mean "http.request.method"?
	// improvement missing_service_instance_id        traces service="shop" attribute="service.instance.id" count=1: resource has no service.instance.id; set it (e.g. OTEL_RESOURCE_ATTRIBUTES=service.instance.id=<pod or host and pid>) so instances can be told apart
	// improvement vague_span_name                    traces service="shop" scope="shop/http" name="handler" count=1: span name "handler" is too generic; name spans after the operation (e.g. "GET /users/{id}")
}
