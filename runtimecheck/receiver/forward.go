package receiver

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// forwardTimeout bounds one forwarded request so a stuck endpoint cannot
// hold up the receiver's clients for long.
const forwardTimeout = 10 * time.Second

// A forwarder passes request bytes on to another OTLP endpoint.
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
	return &httpForwarder{base: target, client: &http.Client{Timeout: forwardTimeout}}, nil
}

type grpcForwarder struct{ conn *grpc.ClientConn }

func (f *grpcForwarder) forward(ctx context.Context, sig Signal, b []byte) error {
	ctx, cancel := context.WithTimeout(ctx, forwardTimeout)
	defer cancel()
	desc := grpcServiceDesc(sig)
	method := "/" + desc.ServiceName + "/" + desc.Methods[0].MethodName
	return f.conn.Invoke(ctx, method, &rawMessage{b: b}, new(rawMessage))
}

func (f *grpcForwarder) close() error { return f.conn.Close() }

type httpForwarder struct {
	base   string
	client *http.Client
}

func (f *httpForwarder) forward(ctx context.Context, sig Signal, b []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.base+sig.Path(), bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentTypeProto)
	resp, err := f.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// Drain so the connection is reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", req.URL, resp.Status)
	}
	return nil
}

func (f *httpForwarder) close() error {
	f.client.CloseIdleConnections()
	return nil
}
