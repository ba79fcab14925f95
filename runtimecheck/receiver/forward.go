package receiver

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// A forwarder passes request bytes on to another OTLP endpoint, once. Its
// errors are wrapped in errPermanent when a retry cannot help and in
// errRetryAfter when the endpoint said when to retry.
type forwarder interface {
	forward(ctx context.Context, sig Signal, b []byte) error
	close() error
}

func newForwarder(endpoint string) (forwarder, error) {
	kind, target, err := parseForward(endpoint)
	if err != nil {
		return nil, err
	}
	if kind == "grpc" {
		conn, err := grpc.NewClient(target,
			grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithDefaultCallOptions(grpc.ForceCodecV2(rawCodec{})),
		)
		if err != nil {
			return nil, fmt.Errorf("forward endpoint %q: %w", endpoint, err)
		}
		return &grpcForwarder{conn: conn}, nil
	}
	return &httpForwarder{base: target, client: &http.Client{}}, nil
}

type grpcForwarder struct{ conn *grpc.ClientConn }

func (f *grpcForwarder) forward(ctx context.Context, sig Signal, b []byte) error {
	desc := grpcServiceDesc(sig)
	method := "/" + desc.ServiceName + "/" + desc.Methods[0].MethodName
	err := f.conn.Invoke(ctx, method, &rawMessage{b: b}, new(rawMessage))
	if err == nil {
		return nil
	}
	st := status.Convert(err)
	switch st.Code() {
	// The codes the OTLP specification calls retryable.
	case codes.Canceled, codes.DeadlineExceeded, codes.Aborted, codes.OutOfRange, codes.Unavailable, codes.DataLoss:
	case codes.ResourceExhausted:
		// Retryable only when the server says when (OTLP/gRPC spec).
		for _, d := range st.Details() {
			if ri, ok := d.(*errdetails.RetryInfo); ok && ri.GetRetryDelay() != nil {
				return errRetryAfter{err: err, delay: ri.GetRetryDelay().AsDuration()}
			}
		}
		return errPermanent{err}
	default:
		return errPermanent{err}
	}
	return err
}

func (f *grpcForwarder) close() error { return f.conn.Close() }

type httpForwarder struct {
	base   string
	client *http.Client
}

func (f *httpForwarder) forward(ctx context.Context, sig Signal, b []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.base+sig.Path(), bytes.NewReader(b))
	if err != nil {
		return errPermanent{err}
	}
	req.Header.Set("Content-Type", contentTypeProto)
	resp, err := f.client.Do(req)
	if err != nil {
		return err // connection refused, reset, timeout: retry
	}
	defer resp.Body.Close()
	// Drain so the connection is reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	switch resp.StatusCode {
	case http.StatusOK:
		return nil
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		err := fmt.Errorf("%s answered %s", req.URL, resp.Status)
		return errRetryAfter{err: err, delay: retryAfter(resp.Header.Get("Retry-After"))}
	}
	return errPermanent{fmt.Errorf("%s answered %s", req.URL, resp.Status)}
}

// retryAfter parses a Retry-After header (seconds or an HTTP date); zero
// when absent or unparsable.
func retryAfter(h string) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

func (f *httpForwarder) close() error {
	f.client.CloseIdleConnections()
	return nil
}
