// Command otellint finds mistakes in OpenTelemetry instrumentation: in Go
// code (otellint check, go vet -vettool, go fix -fixtool) and in live or
// recorded telemetry (otellint live, otellint audit).
package main

import (
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/cmd/otellint/internal/cli"
)

func main() {
	// go vet and go fix run the tool with -V=full, -flags, and then once
	// per package with analyzer flags and a single *.cfg file. Hand those to
	// the unitchecker before cobra parses anything.
	if cli.IsVersionQuery(os.Args[1:]) {
		if err := cli.PrintVetVersion(os.Stdout, "."); err != nil {
			fmt.Fprintf(os.Stderr, "otellint: %v\n", err)
			os.Exit(1)
		}
		return
	}
	if cli.IsVetToolInvocation(os.Args[1:]) {
		unitchecker.Main(analyzers.All...)
		return
	}
	os.Exit(cli.Execute(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
