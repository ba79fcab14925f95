package runtimecheck

import (
	"hash/maphash"
	"strings"

	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
	"github.com/otellint/otellint/semconv"
)

// role marks attribute keys the checker itself needs the value of.
type role uint8

const (
	roleNone role = iota
	roleServiceName
	roleMethod
	roleRoute
	roleURLPath
	roleServerAddress
	roleServerPort
	roleURLFull
	roleCodeFile
	roleCodeLine
	roleRPCService
	roleMessagingDest
	numRoles
)

var roles = map[string]role{
	"service.name":        roleServiceName,
	"http.request.method": roleMethod,
	"http.route":          roleRoute,
	"url.path":            roleURLPath,
	"server.address":      roleServerAddress,
	"server.port":         roleServerPort,
	"url.full":            roleURLFull,
	// Peer keys of broken_propagation.
	"rpc.service":                roleRPCService,
	"messaging.destination.name": roleMessagingDest,
	// Where the span was made, for SARIF locations; the deprecated names
	// are what older instrumentation sends.
	"code.file.path":   roleCodeFile,
	"code.filepath":    roleCodeFile,
	"code.line.number": roleCodeLine,
	"code.lineno":      roleCodeLine,
}

// keyInfo is everything about an attribute key that does not depend on its
// value, computed once per key (per request state) so advisors get it for free.
type keyInfo struct {
	key        string
	attr       *semconv.Attribute
	template   bool
	owned      bool
	idx        int32 // index of attr in the registry's attribute list, -1 if unknown
	hash       uint64
	groupTerm  uint64 // this key's term in the hash of a span's registry attributes (attrSetHash)
	role       role
	suggestion string // did-you-mean for unknown keys in owned namespaces
	current    string // replacement of a renamed attribute
	// plain is set for stable, non-deprecated, non-template attributes
	// whose value needs no check beyond its kind being wantKind.
	plain    bool
	wantKind otlpwire.ValueKind
	// enum holds the well-known values of an enum attribute; lastEnum is
	// the member last looked up (values repeat a lot), so most lookups are
	// one comparison.
	enum     map[string]*semconv.EnumMember
	lastEnum *semconv.EnumMember
}

// groupAttr is a group's use of an attribute with the attribute's index.
type groupAttr struct {
	key         string
	hash        uint64
	idx         int32
	requirement string
}

// groupInfo is a compiled span or metric group.
type groupInfo struct {
	g     *semconv.Group
	ns    string // primary namespace, e.g. "http" for span.http.server
	attrs []groupAttr
	// byIdx maps attribute index to position in attrs, for scoring.
	byIdx map[int32]int
}

// regIndex holds the immutable per-checker indexes over the registry.
type regIndex struct {
	reg      *semconv.Registry
	attrIdx  map[*semconv.Attribute]int32
	keyIdx   map[string]int32
	groups   map[*semconv.Group]*groupInfo
	nAttrs   int
	version  string
	seed     maphash.Seed
	spanKind [6][]*groupInfo // by OTLP span kind (0 unspecified .. 5 consumer)
}

var otlpKinds = [...]string{"", "internal", "server", "client", "producer", "consumer"}

func newRegIndex(reg *semconv.Registry) *regIndex {
	ri := &regIndex{
		reg:     reg,
		attrIdx: map[*semconv.Attribute]int32{},
		keyIdx:  map[string]int32{},
		groups:  map[*semconv.Group]*groupInfo{},
		version: reg.Version(),
		seed:    maphash.MakeSeed(),
	}
	for i, a := range reg.Attributes() {
		ri.attrIdx[a] = int32(i)
		ri.keyIdx[a.Key] = int32(i)
	}
	ri.nAttrs = len(ri.attrIdx)
	for _, g := range reg.Groups() {
		if g.Type != semconv.GroupSpan && g.Type != semconv.GroupMetric && g.Type != semconv.GroupEvent {
			continue
		}
		gi := &groupInfo{g: g, ns: groupNamespace(g), byIdx: map[int32]int{}}
		for _, ga := range g.Attributes {
			idx, ok := ri.keyIdx[ga.Key]
			if !ok {
				idx = -1
			}
			if idx >= 0 {
				gi.byIdx[idx] = len(gi.attrs)
			}
			gi.attrs = append(gi.attrs, groupAttr{key: ga.Key, hash: ri.hashString(ga.Key), idx: idx, requirement: ga.Requirement})
		}
		ri.groups[g] = gi
	}
	for k := 1; k < len(otlpKinds); k++ {
		for _, g := range reg.SpanGroups(otlpKinds[k]) {
			if gi := ri.groups[g]; gi != nil && g.Deprecated == nil {
				ri.spanKind[k] = append(ri.spanKind[k], gi)
			}
		}
	}
	return ri
}

// groupNamespace derives the namespace a group is about from its id:
// "span.http.server" -> "http", "metric.db.client.operation.duration" -> "db".
func groupNamespace(g *semconv.Group) string {
	id := g.ID
	if g.Type == semconv.GroupMetric && g.MetricName != "" {
		id = g.MetricName
	} else if i := strings.IndexByte(id, '.'); i >= 0 {
		id = id[i+1:]
	}
	if i := strings.IndexByte(id, '.'); i >= 0 {
		id = id[:i]
	}
	return id
}

func (ri *regIndex) hashString(s string) uint64 { return maphash.String(ri.seed, s) }

func (ri *regIndex) hashBytes(b []byte) uint64 { return maphash.Bytes(ri.seed, b) }

// newKeyInfo does the registry lookups for one key.
func (ri *regIndex) newKeyInfo(key string) *keyInfo {
	ki := &keyInfo{key: key, idx: -1, hash: ri.hashString(key), role: roles[key]}
	ki.groupTerm = mix64(ki.hash ^ 0x9e3779b97f4a7c15)
	a, tmpl, ok := ri.reg.Lookup(key)
	if ok {
		ki.attr, ki.template, ki.owned = a, tmpl, true
		if idx, ok := ri.attrIdx[a]; ok {
			ki.idx = idx
		}
		ki.wantKind = scalarKind(a.Type)
		ki.plain = !tmpl && a.Deprecated == nil && a.Stability == "stable" && a.Enum == nil && ki.wantKind != otlpwire.KindEmpty
		if a.Enum != nil {
			ki.enum = make(map[string]*semconv.EnumMember, len(a.Enum))
			for i := range a.Enum {
				ki.enum[a.Enum[i].Value] = &a.Enum[i]
			}
		}
		if a.Deprecated != nil && !tmpl {
			if cur, chain := ri.reg.Current(key); len(chain) > 0 {
				ki.current = cur
			} else if a.Deprecated.RenamedTo != "" {
				ki.current = a.Deprecated.RenamedTo
			}
		}
		return ki
	}
	ki.owned = ri.reg.OwnsNamespace(key)
	if ki.owned {
		ki.suggestion, _ = ri.reg.Suggest(key)
	}
	return ki
}

// scalarKind is the wire kind of a scalar semconv type (KindEmpty for
// others).
func scalarKind(t semconv.Type) otlpwire.ValueKind {
	switch t {
	case "string":
		return otlpwire.KindString
	case "int":
		return otlpwire.KindInt
	case "double":
		return otlpwire.KindDouble
	case "boolean":
		return otlpwire.KindBool
	}
	return otlpwire.KindEmpty
}

// matchSpanGroup picks the span group a span most likely follows: among the
// groups of its kind whose primary namespace is used by one of the span's
// registry attributes, the one with the best overlap (required attributes
// present count double). present lists the span's registry attributes.
func (ri *regIndex) matchSpanGroup(kind int32, present []*keyInfo) *groupInfo {
	if kind <= 0 || int(kind) >= len(ri.spanKind) {
		return nil
	}
	var best *groupInfo
	bestScore := 0
	for _, gi := range ri.spanKind[kind] {
		nsHit := false
		score := 0
		for _, ki := range present {
			if !nsHit && strings.HasPrefix(ki.key, gi.ns) && len(ki.key) > len(gi.ns) && ki.key[len(gi.ns)] == '.' {
				nsHit = true
			}
			if ki.idx < 0 {
				continue
			}
			if p, ok := gi.byIdx[ki.idx]; ok {
				if gi.attrs[p].requirement == semconv.RequirementRequired {
					score += 2
				} else {
					score++
				}
			}
		}
		if !nsHit || score == 0 {
			continue
		}
		if score > bestScore || (score == bestScore && betterTie(gi, best)) {
			best, bestScore = gi, score
		}
	}
	return best
}

// betterTie prefers shorter ids (base definitions over refinements such
// as span.db.postgresql.client), then the lexically smaller id.
func betterTie(a, b *groupInfo) bool {
	if len(a.g.ID) != len(b.g.ID) {
		return len(a.g.ID) < len(b.g.ID)
	}
	return a.g.ID < b.g.ID
}

// mix64 is the splitmix64 finalizer.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
