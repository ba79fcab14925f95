package pdata

import "go.opentelemetry.io/collector/pdata/pcommon"

// Collector components write attributes with pcommon.Map.
func enrich(attrs pcommon.Map) {
	attrs.PutStr("host.name", "h")
	attrs.PutStr("http.status_code", "200") // want `attribute key "http.status_code" is deprecated .*renamed to "http.response.status_code"`
	attrs.PutInt("net.host.name", 1)        // want `attribute key "net.host.name" is deprecated`
	attrs.PutStr("server.port", "443")      // want `attribute "server.port" is int .* but a string value is written; .*: use PutInt`
	attrs.PutStr("k8s.pod.nmae", "p")       // want `did you mean "k8s.pod.name"\?`
	attrs.PutEmptySlice("http.request.header.accept")
	attrs.PutEmptyMap("hostName")        // want `custom attribute key "hostName" is not defined by the conventions, but "host.name"`
	_, _ = attrs.Get("http.status_code") // reading is not writing
}
