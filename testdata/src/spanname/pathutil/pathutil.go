// Package pathutil imports no OpenTelemetry package; its facts still reach
// the packages that name spans.
package pathutil

import (
	"net/http"
	"path"
)

// Clean returns the cleaned request path.
func Clean(r *http.Request) string { // want Clean:"returns\\(unbounded\\(url: r.URL.Path \\(the raw URL path\\) \\(returned by Clean\\)\\)\\)"
	return path.Clean(r.URL.Path)
}
