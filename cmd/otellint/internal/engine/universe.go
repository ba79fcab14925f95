package engine

import (
	"fmt"
	"go/token"
	"go/types"
	"os"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// universe holds the types of every package that is not analysed from
// source, read lazily from the export data the go command left in its
// build cache. There is one types.Package per package ID (a test variant is
// a package of its own), shared by every package type-checked from source,
// so that an object means the same thing in all of them and facts can be
// keyed by it.
//
// gcexportdata may add objects to any incomplete package of the view it is
// given, so all reads are serialised, as go/packages does. A package
// type-checked from source reads only its direct imports, and it reads
// them all before type-checking starts.
type universe struct {
	fset *token.FileSet
	byID map[string]*packages.Package

	mu    sync.Mutex
	pkgs  map[string]*types.Package // by ID; incomplete until its export data is read
	ids   map[*types.Package]string
	read  map[string]error // IDs whose export data was read, with the outcome
	reads int              // export data files read, for the statistics
}

func newUniverse(fset *token.FileSet, byID map[string]*packages.Package) *universe {
	return &universe{
		fset: fset,
		byID: byID,
		pkgs: map[string]*types.Package{},
		ids:  map[*types.Package]string{},
		read: map[string]error{},
	}
}

// stub returns the (possibly incomplete) package for id. u.mu must be held.
func (u *universe) stub(id string) *types.Package {
	if p, ok := u.pkgs[id]; ok {
		return p
	}
	lp := u.byID[id]
	var p *types.Package
	if lp.PkgPath == "unsafe" {
		p = types.Unsafe
	} else {
		p = types.NewPackage(lp.PkgPath, lp.Name)
	}
	u.pkgs[id] = p
	u.ids[p] = id
	return p
}

// load returns the complete types of the package id, reading its export
// data if that has not been done yet.
func (u *universe) load(id string) (*types.Package, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.loadLocked(id)
}

func (u *universe) loadLocked(id string) (*types.Package, error) {
	p := u.stub(id)
	if err, ok := u.read[id]; ok {
		return p, err
	}
	err := u.readExport(id, p)
	u.read[id] = err
	return p, err
}

func (u *universe) readExport(id string, self *types.Package) error {
	if self == types.Unsafe {
		return nil
	}
	lp := u.byID[id]
	if lp.ExportFile == "" {
		return fmt.Errorf("no export data for %s (it did not compile)", lp.PkgPath)
	}
	f, err := os.Open(lp.ExportFile)
	if err != nil {
		return err
	}
	defer f.Close()
	// NewReader reads the archives the compiler writes, which go list
	// -export gives up to Go 1.28; the deprecation is for Go 1.29.
	r, err := gcexportdata.NewReader(f) //nolint:staticcheck // see above

	if err != nil {
		return fmt.Errorf("reading export data of %s: %v", lp.PkgPath, err)
	}
	// The view: every package the export data may mention, by path, the
	// package itself included so that objects other packages' export data
	// already put into it are completed rather than made twice.
	view := map[string]*types.Package{lp.PkgPath: self}
	seen := map[string]bool{id: true}
	var visit func(p *packages.Package)
	visit = func(p *packages.Package) {
		for _, imp := range p.Imports {
			if seen[imp.ID] {
				continue
			}
			seen[imp.ID] = true
			view[imp.PkgPath] = u.stub(imp.ID)
			visit(imp)
		}
	}
	visit(lp)
	u.reads++
	if _, err := gcexportdata.Read(r, u.fset, view, lp.PkgPath); err != nil {
		return fmt.Errorf("reading export data of %s: %v", lp.PkgPath, err)
	}
	return nil
}

// importer returns a types.Importer for a package type-checked from
// source. Its direct imports must have been loaded (loadImports) first.
func (u *universe) importer(lp *packages.Package) types.Importer {
	return importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		imp, ok := lp.Imports[path]
		if !ok {
			return nil, fmt.Errorf("%s imports %q, which the go command did not list", lp.PkgPath, path)
		}
		return u.load(imp.ID)
	})
}

// loadImports reads the export data of every direct import of lp.
func (u *universe) loadImports(lp *packages.Package) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, imp := range lp.Imports {
		if _, err := u.loadLocked(imp.ID); err != nil {
			return err
		}
	}
	return nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
