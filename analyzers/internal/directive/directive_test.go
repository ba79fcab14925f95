package directive

import (
	"go/parser"
	"go/token"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParse(t *testing.T) {
	src := `package p

//otellint:file-ignore highcard generated fixtures

func f() {
	//otellint:ignore spanend,spanerror ended by the caller
	g() //otellint:ignore spanname the name is a constant // trailing note
	//otellint:ignore
	//otellint:ignored not ours
	//otellint:ignore all
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	got := Parse(fset, f)
	want := []*Directive{
		{File: "p.go", Line: 3, Names: []string{"highcard"}, Reason: "generated fixtures", FileWide: true},
		{File: "p.go", Line: 6, Names: []string{"spanend", "spanerror"}, Reason: "ended by the caller"},
		{File: "p.go", Line: 7, Names: []string{"spanname"}, Reason: "the name is a constant"},
		{File: "p.go", Line: 8},
		{File: "p.go", Line: 10, Names: []string{"all"}},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Directive{}, "Pos")); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
	if !got[1].Suppresses("spanerror", 7) || !got[1].Suppresses("spanend", 6) || got[1].Suppresses("spanend", 8) {
		t.Error("a line directive covers its own line and the next one only")
	}
	if got[1].Suppresses("highcard", 7) || !got[0].Suppresses("highcard", 100) {
		t.Error("names and file-wide scope not honoured")
	}
	if !got[4].Suppresses("anything", 11) {
		t.Error(`"all" must match every analyzer`)
	}
	u := &Usage{files: map[string][]*Directive{"f.go": got}, used: map[key]bool{}}
	u.MarkUsed(got[1], "spanend")
	if !u.Used(got[1], "spanend") || u.Used(got[1], "spanerror") || u.Used(got[2], "spanname") {
		t.Error("usage bookkeeping is wrong")
	}
	// Two analyses share nothing.
	other := &Usage{files: map[string][]*Directive{"f.go": got}, used: map[key]bool{}}
	if other.Used(got[1], "spanend") {
		t.Error("usage leaked from one analysis to another")
	}
}
