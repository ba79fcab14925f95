package cli

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/otellint/otellint/runtimecheck/receiver"
)

// adminServer serves GET /health and POST /stop. A /stop request is held
// open until the final report exists and then answered with it.
//
// The endpoint can end the run and hands out the report, so it answers
// only what a local script sends: requests whose Host is not the listen
// address or a loopback name are refused (a DNS-rebinding page would send
// its own name), any request with an Origin is refused (browsers send one;
// curl and scripts do not), and with a token POST /stop needs
// "Authorization: Bearer TOKEN".
type adminServer struct {
	srv       *http.Server
	final     chan struct{}
	finalJSON []byte
	port      string
	hosts     map[string]bool
	token     string
}

// readAdminToken returns the token of --admin-token or --admin-token-file.
func readAdminToken(token, file string) (string, error) {
	if token != "" && file != "" {
		return "", usageErrorf("--admin-token and --admin-token-file: give one")
	}
	if file == "" {
		return token, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", usageErrorf("--admin-token-file: %v", err)
	}
	t := strings.TrimSpace(string(b))
	if t == "" {
		return "", usageErrorf("--admin-token-file %s is empty", file)
	}
	return t, nil
}

func startAdmin(ctx context.Context, addr, token string, requestStop func(string)) (*adminServer, net.Addr, error) {
	if addr == receiver.Off {
		return nil, nil, nil
	}
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	host, port, _ := net.SplitHostPort(l.Addr().String())
	a := &adminServer{final: make(chan struct{}), port: port, token: token,
		hosts: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}}
	if ip := net.ParseIP(host); ip != nil && !ip.IsUnspecified() {
		a.hosts[host] = true
	}
	if h, _, err := net.SplitHostPort(addr); err == nil && h != "" && net.ParseIP(h) == nil {
		a.hosts[strings.ToLower(h)] = true // a name given in --admin
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		status, code := "ok", http.StatusOK
		select {
		case <-a.final:
			status, code = "stopped", http.StatusServiceUnavailable
		default:
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprintf(w, "{\"status\":%q}\n", status)
	})
	mux.HandleFunc("/stop", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed: POST /stop", http.StatusMethodNotAllowed)
			return
		}
		if a.token != "" {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(a.token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="otellint"`)
				http.Error(w, "POST /stop needs Authorization: Bearer with the --admin-token", http.StatusUnauthorized)
				return
			}
		}
		requestStop("POST /stop")
		select {
		case <-a.final:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(a.finalJSON)
		case <-r.Context().Done():
		}
	})
	a.srv = &http.Server{Handler: a.guard(mux), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = a.srv.Serve(l) }() // ends with ErrServerClosed at finish
	return a, l.Addr(), nil
}

// guard refuses what did not come from a local script.
func (a *adminServer) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") != "" {
			http.Error(w, "requests from web pages are refused (Origin header present)", http.StatusForbidden)
			return
		}
		if !a.hostAllowed(r.Host) {
			http.Error(w, fmt.Sprintf("Host %q is not this admin address or localhost", r.Host), http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (a *adminServer) hostAllowed(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, ""
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if port != "" && port != a.port {
		return false
	}
	if _, err := strconv.Atoi(a.port); err != nil {
		return false
	}
	return a.hosts[host]
}

// finish answers the waiting /stop requests with the report and closes the
// admin server once they are answered.
func (a *adminServer) finish(reportJSON []byte) {
	a.finalJSON = reportJSON
	close(a.final)
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := a.srv.Shutdown(ctx); err != nil {
		_ = a.srv.Close()
	}
}
