package receiver

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"
)

// Defaults for Config. Both listeners bind to loopback by default: the
// receiver runs beside a service under test, not as a network service.
const (
	DefaultGRPCAddr        = "127.0.0.1:4317"
	DefaultHTTPAddr        = "127.0.0.1:4318"
	DefaultMaxRequestBytes = 16 << 20

	// DefaultMaxBytesInFlight bounds the request bytes being read and
	// checked at once.
	DefaultMaxBytesInFlight = 256 << 20
	// DefaultMaxConnections bounds the open connections per listener.
	DefaultMaxConnections = 1024
	// DefaultReadHeaderTimeout and DefaultReadBodyTimeout bound how long a
	// client may take to send an HTTP request's headers and its body.
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadBodyTimeout   = 30 * time.Second
	// DefaultStopGrace is how long Shutdown waits for requests still
	// being uploaded before it closes their connections.
	DefaultStopGrace = time.Second
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

	// MaxBytesInFlight bounds the bytes of the requests being read,
	// decoded and checked at once (OTLP/JSON counts several times its size,
	// for the conversion). A request that does not fit is refused with HTTP
	// 429 and Retry-After, or gRPC RESOURCE_EXHAUSTED with RetryInfo, which
	// OTLP exporters retry. After a burst, the memory is returned to the
	// operating system once the receiver is idle. Zero means
	// DefaultMaxBytesInFlight.
	MaxBytesInFlight int64

	// MaxConnections bounds the open connections per listener; further
	// clients wait until one closes. Zero means DefaultMaxConnections.
	MaxConnections int

	// ReadHeaderTimeout and ReadBodyTimeout bound how long an HTTP client
	// may take to send the headers and the body of a request; a stalled
	// upload is then answered 408 and its connection closed. Zero means
	// the defaults.
	ReadHeaderTimeout time.Duration
	ReadBodyTimeout   time.Duration

	// StopGrace is how long Shutdown waits for requests whose bodies are
	// still arriving; their connections are closed after that. Such
	// requests were never acknowledged, so closing them loses nothing the
	// client does not still have. Requests already received are always
	// waited for. Zero means DefaultStopGrace.
	StopGrace time.Duration

	// Forward, when set, is an OTLP endpoint that every request accepted
	// by the transport is passed on to unchanged: grpc://host:port for
	// OTLP/gRPC, http://host:port or https://host:port (an optional path
	// prefix is kept, /v1/<signal> is appended) for OTLP/HTTP protobuf.
	// The body is forwarded as the sink saw it: decompressed, and OTLP/JSON
	// converted to protobuf; request headers are not copied.
	//
	// Forwarding never delays the answer to the client: requests go
	// through a queue bounded by ForwardQueueRequests and
	// ForwardQueueBytes, sent with retries and backoff (ForwardRetry). What
	// cannot be forwarded is counted (Stats.ForwardFailed,
	// Stats.ForwardDropped) and logged once per episode. ForwardMode says
	// what a full queue does.
	Forward              string
	ForwardMode          ForwardMode
	ForwardQueueRequests int
	ForwardQueueBytes    int64
	ForwardRetry         RetryConfig
	// ForwardTimeout bounds one attempt. Zero means DefaultForwardTimeout.
	ForwardTimeout time.Duration

	// CORSOrigins are the origins allowed to send OTLP/HTTP from a browser
	// (https://app.example, or "*"); none by default, as in the
	// Collector's confighttp.
	CORSOrigins []string

	// JSON converts OTLP/JSON request bodies. Without it HTTP JSON
	// requests get 415.
	JSON JSONConverter

	// Logger receives transport and forwarding errors; nil discards them.
	Logger *slog.Logger

	// releaseMemory replaces debug.FreeOSMemory in tests.
	releaseMemory func()
	// admissionWait is defaultAdmissionWait unless a test shortens it.
	admissionWait time.Duration
	// bodyStarted, in tests, is called as an HTTP handler starts reading a
	// request body.
	bodyStarted func()
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
	if c.MaxBytesInFlight == 0 {
		c.MaxBytesInFlight = DefaultMaxBytesInFlight
	}
	if c.MaxConnections == 0 {
		c.MaxConnections = DefaultMaxConnections
	}
	if c.ReadHeaderTimeout == 0 {
		c.ReadHeaderTimeout = DefaultReadHeaderTimeout
	}
	if c.ReadBodyTimeout == 0 {
		c.ReadBodyTimeout = DefaultReadBodyTimeout
	}
	if c.StopGrace == 0 {
		c.StopGrace = DefaultStopGrace
	}
	if c.ForwardMode == "" {
		c.ForwardMode = ForwardDrop
	}
	if c.ForwardQueueRequests == 0 {
		c.ForwardQueueRequests = DefaultForwardQueueRequests
	}
	if c.ForwardQueueBytes == 0 {
		c.ForwardQueueBytes = DefaultForwardQueueBytes
	}
	if c.ForwardRetry == (RetryConfig{}) {
		c.ForwardRetry = DefaultRetry
	}
	if c.ForwardTimeout == 0 {
		c.ForwardTimeout = DefaultForwardTimeout
	}
	if c.admissionWait == 0 {
		c.admissionWait = defaultAdmissionWait
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
	for _, n := range []struct {
		name string
		v    int64
	}{
		{"max request bytes", c.MaxRequestBytes}, {"max bytes in flight", c.MaxBytesInFlight},
		{"max connections", int64(c.MaxConnections)}, {"forward queue requests", int64(c.ForwardQueueRequests)},
		{"forward queue bytes", c.ForwardQueueBytes},
		{"read header timeout", int64(c.ReadHeaderTimeout)}, {"read body timeout", int64(c.ReadBodyTimeout)},
		{"stop grace", int64(c.StopGrace)}, {"forward timeout", int64(c.ForwardTimeout)},
	} {
		if n.v < 0 {
			errs = append(errs, fmt.Errorf("%s %d is negative", n.name, n.v))
		}
	}
	if c.ForwardMode != ForwardDrop && c.ForwardMode != ForwardBlock {
		errs = append(errs, fmt.Errorf("forward mode %q: want %q or %q", c.ForwardMode, ForwardDrop, ForwardBlock))
	}
	if r := c.ForwardRetry; r.Initial <= 0 || r.Max < r.Initial || r.MaxElapsed < 0 {
		errs = append(errs, fmt.Errorf("forward retry %+v: want 0 < Initial <= Max and MaxElapsed >= 0", r))
	}
	for _, o := range c.CORSOrigins {
		if o == "*" {
			continue
		}
		if u, err := url.Parse(o); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || u.Path != "" {
			errs = append(errs, fmt.Errorf("CORS origin %q: want scheme://host[:port] or *", o))
		}
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
