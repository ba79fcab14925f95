package engine

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"go/types"
	"reflect"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// encodedFact is a fact as it is kept between the package that exports it
// and the packages that import it, and in the cache: the object by its
// objectpath ("" for a package fact) and the fact by gob.
type encodedFact struct {
	Object objectpath.Path
	Fact   analysis.Fact
}

// packageFacts are the facts one analysed package exported, and their
// installation into the universe for the packages that depend on it.
type packageFacts struct {
	id      string
	encoded []encodedFact

	once sync.Once
	err  error
	objs map[types.Object][]analysis.Fact // on objects of the universe
	pkg  []analysis.Fact                  // about the package itself
	tpkg *types.Package
}

// install resolves the encoded facts against the package's types in the
// universe (reading its export data if needed).
func (pf *packageFacts) install(u *universe) error {
	pf.once.Do(func() {
		pf.objs = map[types.Object][]analysis.Fact{}
		if len(pf.encoded) == 0 {
			return
		}
		tpkg, err := u.load(pf.id)
		if err != nil {
			pf.err = err
			return
		}
		pf.tpkg = tpkg
		for _, ef := range pf.encoded {
			if ef.Object == "" {
				pf.pkg = append(pf.pkg, ef.Fact)
				continue
			}
			obj, err := objectpath.Object(tpkg, ef.Object)
			if err != nil {
				continue // not in the package's API as the export data has it
			}
			pf.objs[obj] = append(pf.objs[obj], ef.Fact)
		}
	})
	return pf.err
}

// factSet is what one analysis pass sees: the facts of the package being
// analysed (on its source objects) and those of the analysed packages it
// depends on (on objects of the universe).
type factSet struct {
	self *types.Package
	deps map[*types.Package]*packageFacts

	mu       sync.Mutex
	localObj map[objKey]analysis.Fact
	localPkg map[reflect.Type]analysis.Fact
}

type objKey struct {
	obj types.Object
	t   reflect.Type
}

func newFactSet(self *types.Package, deps []*packageFacts) *factSet {
	s := &factSet{
		self:     self,
		deps:     map[*types.Package]*packageFacts{},
		localObj: map[objKey]analysis.Fact{},
		localPkg: map[reflect.Type]analysis.Fact{},
	}
	for _, pf := range deps {
		if pf.tpkg != nil {
			s.deps[pf.tpkg] = pf
		}
	}
	return s
}

func copyFact(dst, src analysis.Fact) {
	reflect.ValueOf(dst).Elem().Set(reflect.ValueOf(src).Elem())
}

func (s *factSet) importObject(obj types.Object, ptr analysis.Fact) bool {
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	t := reflect.TypeOf(ptr)
	if obj.Pkg() == s.self {
		s.mu.Lock()
		f, ok := s.localObj[objKey{obj, t}]
		s.mu.Unlock()
		if ok {
			copyFact(ptr, f)
		}
		return ok
	}
	pf := s.deps[obj.Pkg()]
	if pf == nil {
		return false
	}
	for _, f := range pf.objs[obj] {
		if reflect.TypeOf(f) == t {
			copyFact(ptr, f)
			return true
		}
	}
	return false
}

func (s *factSet) exportObject(a *analysis.Analyzer, obj types.Object, f analysis.Fact) {
	if obj.Pkg() != s.self {
		panic(fmt.Sprintf("analyzer %s: fact %T exported for %s, which is not in package %s", a.Name, f, obj, s.self.Path()))
	}
	s.mu.Lock()
	s.localObj[objKey{obj, reflect.TypeOf(f)}] = f
	s.mu.Unlock()
}

func (s *factSet) importPackage(pkg *types.Package, ptr analysis.Fact) bool {
	t := reflect.TypeOf(ptr)
	if pkg == s.self {
		s.mu.Lock()
		f, ok := s.localPkg[t]
		s.mu.Unlock()
		if ok {
			copyFact(ptr, f)
		}
		return ok
	}
	pf := s.deps[pkg]
	if pf == nil {
		return false
	}
	for _, f := range pf.pkg {
		if reflect.TypeOf(f) == t {
			copyFact(ptr, f)
			return true
		}
	}
	return false
}

func (s *factSet) exportPackage(f analysis.Fact) {
	s.mu.Lock()
	s.localPkg[reflect.TypeOf(f)] = f
	s.mu.Unlock()
}

func (s *factSet) allObjects(filter map[reflect.Type]bool) []analysis.ObjectFact {
	var out []analysis.ObjectFact
	for _, pf := range s.deps {
		for obj, fs := range pf.objs {
			for _, f := range fs {
				if filter[reflect.TypeOf(f)] {
					out = append(out, analysis.ObjectFact{Object: obj, Fact: f})
				}
			}
		}
	}
	s.mu.Lock()
	for k, f := range s.localObj {
		if filter[k.t] {
			out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
		}
	}
	s.mu.Unlock()
	return out
}

func (s *factSet) allPackages(filter map[reflect.Type]bool) []analysis.PackageFact {
	var out []analysis.PackageFact
	for p, pf := range s.deps {
		for _, f := range pf.pkg {
			if filter[reflect.TypeOf(f)] {
				out = append(out, analysis.PackageFact{Package: p, Fact: f})
			}
		}
	}
	s.mu.Lock()
	for t, f := range s.localPkg {
		if filter[t] {
			out = append(out, analysis.PackageFact{Package: s.self, Fact: f})
		}
	}
	s.mu.Unlock()
	return out
}

// encode returns the package's own facts by objectpath, in a stable order;
// facts on objects outside the package's API (which no other package can
// name) are dropped, as unitchecker drops them.
func (s *factSet) encode() []encodedFact {
	var enc objectpath.Encoder
	var out []encodedFact
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, f := range s.localObj {
		p, err := enc.For(k.obj)
		if err != nil {
			continue
		}
		out = append(out, encodedFact{Object: p, Fact: f})
	}
	for _, f := range s.localPkg {
		out = append(out, encodedFact{Fact: f})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Object != out[j].Object {
			return out[i].Object < out[j].Object
		}
		return reflect.TypeOf(out[i].Fact).String() < reflect.TypeOf(out[j].Fact).String()
	})
	return out
}

// registerFacts makes every fact type of the analyzers (and of what they
// require) known to gob, for the cache.
func registerFacts(as []*analysis.Analyzer) {
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, f := range a.FactTypes {
			registerGob(f)
		}
		for _, r := range a.Requires {
			visit(r)
		}
	}
	for _, a := range as {
		visit(a)
	}
}

var gobMu sync.Mutex

func registerGob(f analysis.Fact) {
	gobMu.Lock()
	defer gobMu.Unlock()
	defer func() { _ = recover() }() // registered twice under another name: already known
	gob.Register(f)
}

// factsHash is a digest of a package's facts, for the cache keys of the
// packages that depend on it. It is neither their gob encoding, which
// numbers types in the order a process first encodes them (a package fact
// encoded in an incremental run would get a new key for every dependent),
// nor their printed form, which shows unexported fields such as positions
// and AST pointers that differ between processes: it is the JSON of what a
// fact exports, the part gob carries to the dependents.
func factsHash(fs []encodedFact) ([]byte, error) {
	var buf bytes.Buffer
	for _, f := range fs {
		data, err := json.Marshal(f.Fact)
		if err != nil {
			return nil, err // the cache could not keep them
		}
		fmt.Fprintf(&buf, "%s\x00%T\x00%s\x00", f.Object, f.Fact, data)
	}
	return buf.Bytes(), nil
}
