// Package httputil imports no OpenTelemetry package; its facts still reach
// the packages that record metrics.
package httputil

import (
	"net/http"
	"strings"
)

// Path returns the request path without a trailing slash.
func Path(r *http.Request) string { // want Path:"returns\\(unbounded\\(url: r.URL.Path \\(the raw URL path\\) \\(returned by Path\\)\\)\\)"
	return strings.TrimSuffix(r.URL.Path, "/")
}

// Method returns the request method.
func Method(r *http.Request) string { // want Method:"returns\\(bounded\\)"
	return r.Method
}
