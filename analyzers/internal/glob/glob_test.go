package glob

import "testing"

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		want          bool
	}{
		{"**/examples/**", "a/examples/b/c.go", true},
		{"**/examples/**", "examples/c.go", true},
		{"**/examples/**", "a/example/c.go", false},
		{"**/examples/**", "a/myexamples/c.go", false},
		{"gen/**", "gen/x/y.go", true},
		{"gen/**", "a/gen/y.go", false},
		{"**/*.pb.go", "a/b/c.pb.go", true},
		{"**/*.pb.go", "c.pb.go", true},
		{"*.go", "a/c.go", false},
		{"a/*/c.go", "a/b/c.go", true},
		{"./a/*.go", "a/b.go", true},
		{"**", "anything/at/all", true},
		{"**/*.{pb,gen}.go", "api/v1/types.pb.go", true},
		{"**/*.{pb,gen}.go", "models.gen.go", true},
		{"**/*.{pb,gen}.go", "api/v1/types.go", false},
		{"{cmd,tools}/**", "tools/x/main.go", true},
	} {
		if got := Match(tc.pattern, tc.name); got != tc.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.pattern, tc.name, got, tc.want)
		}
	}
	for _, bad := range []string{"a/[b", "**/*.{pb,gen.go"} {
		if err := Validate(bad); err == nil {
			t.Errorf("Validate accepted the malformed pattern %q", bad)
		}
	}
	if err := Validate("**/*.{pb,gen}.go"); err != nil {
		t.Errorf("Validate refused a brace pattern: %v", err)
	}
}
