package receiver

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
)

// Defaults for Config. Both listeners bind to loopback by default: the
// receiver runs beside a service under test, not as a network service.
const (
	DefaultGRPCAddr        = "127.0.0.1:4317"
	DefaultHTTPAddr        = "127.0.0.1:4318"
	DefaultMaxRequestBytes = 16 << 20
)

// Off disables a listener when used as Config.GRPCAddr or Config.HTTPAddr.
const Off = "off"

// Config configures a Receiver. The zero value is usable: empty fields take
// the defaults above.
type Config struct {
	// GRPCAddr and HTTPAddr are host:port listen addresses; Off disables
	// the listener. Port 0 picks a free port (see GRPCAddrActual).
	GRPCAddr string
	HTTPAddr string

	// MaxRequestBytes limits one request after decompression. Larger
	// requests get gRPC ResourceExhausted or HTTP 413.
	MaxRequestBytes int64

	// Forward, when set, is an OTLP endpoint that every request accepted
	// by the transport is passed on to unchanged: grpc://host:port for
	// OTLP/gRPC, http://host:port or https://host:port (an optional path
	// prefix is kept, /v1/<signal> is appended) for OTLP/HTTP protobuf.
	// The body is forwarded as the sink saw it: decompressed, and OTLP/JSON
	// converted to protobuf; request headers are not copied. Forwarding is
	// synchronous, so the client's export waits for it (at most 10 s).
	// Forwarding failures are logged and counted, never reported to the
	// client: the receiver observes, it does not gate.
	Forward string

	// JSON converts OTLP/JSON request bodies. Without it HTTP JSON
	// requests get 415.
	JSON JSONConverter

	// Logger receives transport and forwarding errors; nil discards them.
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.GRPCAddr == "" {
		c.GRPCAddr = DefaultGRPCAddr
	}
	if c.HTTPAddr == "" {
		c.HTTPAddr = DefaultHTTPAddr
	}
	if c.MaxRequestBytes == 0 {
		c.MaxRequestBytes = DefaultMaxRequestBytes
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Validate reports every problem in c at once. Empty fields are valid: they
// take defaults.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	if disabled(c.GRPCAddr) && disabled(c.HTTPAddr) {
		errs = append(errs, errors.New("both the gRPC and the HTTP listener are off: nothing would be received"))
	}
	for _, a := range []struct{ name, addr string }{{"gRPC", c.GRPCAddr}, {"HTTP", c.HTTPAddr}} {
		if disabled(a.addr) {
			continue
		}
		if _, _, err := net.SplitHostPort(a.addr); err != nil {
			errs = append(errs, fmt.Errorf("%s address %q: %v (want host:port or %q)", a.name, a.addr, err, Off))
		}
	}
	if c.MaxRequestBytes < 0 {
		errs = append(errs, fmt.Errorf("max request bytes %d is negative", c.MaxRequestBytes))
	}
	if c.Forward != "" {
		if _, _, err := parseForward(c.Forward); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func disabled(addr string) bool { return strings.EqualFold(addr, Off) }

// parseForward splits a forward endpoint into its scheme ("grpc" or "http")
// and the target: host:port for gRPC, a base URL for HTTP.
func parseForward(s string) (kind, target string, err error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", "", fmt.Errorf("forward endpoint %q: %v", s, err)
	}
	if u.Host == "" {
		return "", "", fmt.Errorf("forward endpoint %q has no host: want grpc://host:port or http(s)://host:port", s)
	}
	switch u.Scheme {
	case "grpc":
		if u.Path != "" && u.Path != "/" {
			return "", "", fmt.Errorf("forward endpoint %q: a gRPC endpoint takes no path", s)
		}
		return "grpc", u.Host, nil
	case "http", "https":
		return "http", strings.TrimSuffix(u.String(), "/"), nil
	}
	return "", "", fmt.Errorf("forward endpoint %q: unknown scheme %q: want grpc, http or https", s, u.Scheme)
}
