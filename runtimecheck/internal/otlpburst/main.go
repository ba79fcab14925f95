// Command otlpburst drives the fault measurements of
// testdata/scripts/bench-faults.sh, loopback only:
//
//	otlpburst burst -proto http|json|grpc -n 50 -size 10MB -rounds 3   concurrent large requests, retried on 429/503/RESOURCE_EXHAUSTED
//	otlpburst stall -n 2000 -endpoint 127.0.0.1:4318                  connections that send headers and part of a body, then stall
//	otlpburst gen -format proto|json -size 1GB -o FILE                 a large single OTLP request file for audit
//
// It prints what it sent and what the server answered.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: otlpburst burst|stall|gen [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "burst":
		err = burst(os.Args[2:])
	case "stall":
		err = stall(os.Args[2:])
	case "gen":
		err = gen(os.Args[2:])
	default:
		err = fmt.Errorf("unknown mode %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "otlpburst:", err)
		os.Exit(1)
	}
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suf string
		m   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}} {
		if strings.HasSuffix(s, u.suf) {
			s, mult = strings.TrimSuffix(s, u.suf), u.m
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n * mult, err
}

func loopback(endpoint string) error {
	host, _, err := net.SplitHostPort(endpoint)
	if err != nil || !(net.ParseIP(host).IsLoopback() || host == "localhost") {
		return errors.New("the endpoint must be a loopback address")
	}
	return nil
}

// request returns a trace request of about size bytes: spans of 500 mixed
// ones, repeated.
func request(size int64) *coltracepb.ExportTraceServiceRequest {
	base := otlptest.MixedTraces(500)
	one := int64(proto.Size(base))
	req := &coltracepb.ExportTraceServiceRequest{}
	for int64(proto.Size(req)) < size-one {
		req.ResourceSpans = append(req.ResourceSpans, base.ResourceSpans...)
	}
	return req
}

func burst(args []string) error {
	fs := flag.NewFlagSet("burst", flag.ExitOnError)
	kind := fs.String("proto", "http", "http (protobuf), json (OTLP/JSON over HTTP) or grpc")
	endpoint := fs.String("endpoint", "", "host:port (default 127.0.0.1:4318, or :4317 for grpc)")
	n := fs.Int("n", 50, "concurrent requests per round")
	sizeS := fs.String("size", "10MB", "request size")
	rounds := fs.Int("rounds", 1, "bursts")
	_ = fs.Parse(args) // ExitOnError
	if *endpoint == "" {
		*endpoint = "127.0.0.1:4318"
		if *kind == "grpc" {
			*endpoint = "127.0.0.1:4317"
		}
	}
	if err := loopback(*endpoint); err != nil {
		return err
	}
	size, err := parseSize(*sizeS)
	if err != nil {
		return err
	}
	target := size
	if *kind == "json" {
		// Aim the JSON, not the protobuf, at the size.
		one := otlptest.MixedTraces(500)
		target = size * int64(proto.Size(one)) / int64(len(otlptest.JSON(one)))
	}
	req := request(target)
	var body []byte
	switch *kind {
	case "json":
		body = otlptest.JSON(req)
	default:
		body, _ = proto.Marshal(req)
	}
	var send func() (retry bool, err error)
	switch *kind {
	case "grpc":
		conn, err := grpc.NewClient(*endpoint, grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithDefaultCallOptions(grpc.MaxCallSendMsgSize(1<<30)))
		if err != nil {
			return err
		}
		defer func() { _ = conn.Close() }()
		client := coltracepb.NewTraceServiceClient(conn)
		send = func() (bool, error) {
			_, err := client.Export(context.Background(), req)
			c := status.Code(err)
			return c == codes.ResourceExhausted || c == codes.Unavailable, err
		}
	default:
		ct := "application/x-protobuf"
		if *kind == "json" {
			ct = "application/json"
		}
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *n}}
		send = func() (bool, error) {
			resp, err := client.Post("http://"+*endpoint+"/v1/traces", ct, bytes.NewReader(body))
			if err != nil {
				return false, err
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			switch resp.StatusCode {
			case 200:
				return false, nil
			case 429, 503:
				return true, errors.New(resp.Status)
			}
			return false, errors.New(resp.Status)
		}
	}
	var ok, refused, failed atomic.Int64
	start := time.Now()
	for range *rounds {
		var wg sync.WaitGroup
		for range *n {
			wg.Go(func() {
				for attempt := 0; attempt < 600; attempt++ {
					retry, err := send()
					if err == nil {
						ok.Add(1)
						return
					}
					if !retry {
						failed.Add(1)
						fmt.Fprintln(os.Stderr, "otlpburst:", err)
						return
					}
					refused.Add(1)
					time.Sleep(time.Second) // the Retry-After the receiver asks for
				}
				failed.Add(1)
			})
		}
		wg.Wait()
	}
	fmt.Printf("%s: %d rounds of %d requests of %d bytes: %d accepted, %d refused and retried, %d failed, in %s\n",
		*kind, *rounds, *n, len(body), ok.Load(), refused.Load(), failed.Load(), time.Since(start).Round(time.Millisecond))
	if failed.Load() > 0 {
		return fmt.Errorf("%d requests failed", failed.Load())
	}
	return nil
}

func stall(args []string) error {
	fs := flag.NewFlagSet("stall", flag.ExitOnError)
	endpoint := fs.String("endpoint", "127.0.0.1:4318", "OTLP/HTTP host:port")
	n := fs.Int("n", 2000, "connections")
	hold := fs.Duration("hold", 60*time.Second, "how long to keep them")
	_ = fs.Parse(args) // ExitOnError
	if err := loopback(*endpoint); err != nil {
		return err
	}
	var closedBy atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	var mu sync.Mutex
	var lastClose time.Duration
	for range *n {
		c, err := net.Dial("tcp", *endpoint)
		if err != nil {
			return err
		}
		fmt.Fprintf(c, "POST /v1/traces HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1000000\r\n\r\npartial", *endpoint)
		wg.Go(func() {
			defer func() { _ = c.Close() }()
			_ = c.SetReadDeadline(time.Now().Add(*hold))
			_, err := io.Copy(io.Discard, c)
			var ne net.Error
			if !(errors.As(err, &ne) && ne.Timeout()) {
				closedBy.Add(1)
				mu.Lock()
				lastClose = max(lastClose, time.Since(start))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	fmt.Printf("stall: %d stalled uploads: %d answered or closed by the server (the last after %s), %d still held after %s\n",
		*n, closedBy.Load(), lastClose.Round(100*time.Millisecond), int64(*n)-closedBy.Load(), *hold)
	return nil
}

func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	format := fs.String("format", "proto", "proto or json")
	sizeS := fs.String("size", "1GB", "file size")
	out := fs.String("o", "", "output file")
	_ = fs.Parse(args) // ExitOnError
	size, err := parseSize(*sizeS)
	if err != nil {
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }()
	w := bufio.NewWriterSize(f, 1<<20)
	base := otlptest.MixedTraces(500)
	var written int64
	if *format == "json" {
		one := otlptest.JSON(&coltracepb.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{base.ResourceSpans[0]}})
		// {"resourceSpans":[R]} -> R
		res := one[len(`{"resourceSpans":[`) : len(one)-2]
		_, _ = w.WriteString(`{"resourceSpans":[`)
		for written < size {
			if written > 0 {
				_ = w.WriteByte(',')
			}
			_, _ = w.Write(res)
			written += int64(len(res)) + 1
		}
		_, _ = w.WriteString("]}\n")
	} else {
		res, _ := proto.Marshal(base.ResourceSpans[0])
		item := protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), res)
		for written < size {
			_, _ = w.Write(item)
			written += int64(len(item))
		}
	}
	if err := w.Flush(); err != nil { // the writes' errors show here
		return err
	}
	fmt.Printf("gen: %s %s of %d bytes\n", *format, *out, written)
	return f.Close()
}
