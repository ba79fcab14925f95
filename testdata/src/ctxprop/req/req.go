package req

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"ctxprop/lib"
)

var tracer = otel.Tracer("req")

type api struct {
	client *http.Client // want client:"instrumented\\(http client\\)"
	plain  *http.Client
}

func newAPI() *api {
	return &api{
		client: &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport)},
		plain:  &http.Client{},
	}
}

func (a *api) get(ctx context.Context, url string) error {
	req, err := http.NewRequest(http.MethodGet, url, nil) // want `http.NewRequest builds the request without ctx and it is sent through the otelhttp client a.client on line \d+: the request's span starts a new trace instead of continuing the one in ctx`
	if err != nil {
		return err
	}
	_, err = a.client.Do(req)
	return err
}

func (a *api) inSpan(ctx context.Context, url string) error { // want inSpan:"startsSpan\\(0\\)"
	ctx, span := tracer.Start(ctx, "api.call")
	defer span.End()
	req, _ := http.NewRequest(http.MethodGet, url, nil) // want `http.NewRequest builds the request without ctx of span "api.call" .*instead of becoming a child of span "api.call"`
	_, err := lib.Client.Do(req)
	return err
}

func viaFunc(ctx context.Context, url string) error {
	c := lib.NewClient()
	resp, err := c.Get(url) // want `c.Get builds the request without ctx and it is sent through the otelhttp client c`
	if resp != nil {
		resp.Body.Close()
	}
	return err
}

func defaultClient(w http.ResponseWriter, r *http.Request) {
	resp, err := otelhttp.DefaultClient.Post("http://backend/x", "text/plain", nil) // want `otelhttp.DefaultClient.Post builds the request without r.Context\(\)`
	if err == nil {
		resp.Body.Close()
	}
}

func injected(ctx context.Context, url string) error {
	req, err := http.NewRequest(http.MethodGet, url, nil) // want `the propagator on line \d+ injects the request's own empty context`
	if err != nil {
		return err
	}
	otel.GetTextMapPropagator().Inject(req.Context(), propagation.HeaderCarrier(req.Header))
	_, err = http.DefaultClient.Do(req)
	return err
}

// Not reported: the context is given, the client is not instrumented, the
// propagator injects ctx, or there is no context in scope.

func (a *api) plainClient(ctx context.Context, url string) error {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	_, err := a.plain.Do(req)
	return err
}

func (a *api) withContextLater(ctx context.Context, url string) error {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req = req.WithContext(ctx)
	_, err := a.client.Do(req)
	return err
}

func injectsCtx(ctx context.Context, url string) error {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	otel.GetTextMapPropagator().Inject(ctx, propagation.HeaderCarrier(req.Header))
	_, err := http.DefaultClient.Do(req)
	return err
}

func (a *api) noContext(url string) error {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	_, err := a.client.Do(req)
	return err
}

func withContext(ctx context.Context, url string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	_, err := lib.Client.Do(req)
	return err
}

func droppedGet(ctx context.Context, url string) error { // want droppedGet:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "fetch") // want `the request made by otelhttp.Get at line \d+ becomes a sibling, not a child`
	defer span.End()
	_, err := otelhttp.Get(ctx, url)
	return err
}

func (a *api) droppedDo(ctx context.Context, url string) error { // want droppedDo:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "api.do") // want `the context returned by Start for span "api.do" is dropped and ctx is passed on while the span is open: the request built at line \d+ \(it is sent through the otelhttp client a.client on line \d+\) becomes a sibling, not a child`
	defer span.End()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	_, err = a.client.Do(req)
	return err
}

// Not reported: the request goes through a client without otelhttp.
func (a *api) droppedPlainDo(ctx context.Context, url string) error { // want droppedPlainDo:"startsSpan\\(0\\)"
	_, span := tracer.Start(ctx, "api.plain")
	defer span.End()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	_, err := a.plain.Do(req)
	return err
}
