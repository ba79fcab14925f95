package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/otellint/otellint/cmd/otellint/internal/lsp"
	lintsuite "github.com/otellint/otellint/cmd/otellint/internal/suite"
)

func newLSPCmd(s *streams) *cobra.Command {
	var stdio bool
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Run the language server: findings and fixes in your editor",
		Long: `Run otellint as a Language Server on stdin and stdout, for Go files.

Each Go module with an open file is listed and analysed once (with
progress), then every edit re-analyses the edited package: on open, on
save, and on change (debounced, with the unsaved buffer). Findings come as
diagnostics with the rule's name linked to its documentation, suggested
fixes as quick fixes, "ignore with //otellint:ignore" as another, and
source.fixAll.otellint applies every fix of a file. Configuration is
.otellint.yml, as for otellint check, and is read again when it changes.
It runs beside gopls: compiler errors are gopls's to report.

--stdio is accepted and ignored (stdio is the only transport).`,
		Example: `  nvim:   vim.lsp.config('otellint', { cmd = { 'otellint', 'lsp' }, filetypes = { 'go' } })
  helix:  [language-server.otellint] command = "otellint", args = ["lsp"]`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cache, err := lintsuite.OpenCache()
			if err != nil {
				fmt.Fprintf(s.ErrOut, "otellint lsp: running without the results cache: %v\n", err)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			err = lsp.Serve(ctx, stdioConn{s.In, s.Out}, lsp.Options{
				Version: version(),
				Cache:   cache,
				Log:     s.ErrOut,
			})
			if err != nil {
				return failuref("%v", err)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&stdio, "stdio", true, "speak LSP on stdin and stdout (the only transport; accepted because editors pass it)")
	return cmd
}

// stdioConn is stdin and stdout as one connection.
type stdioConn struct {
	r io.Reader
	w io.Writer
}

func (c stdioConn) Read(p []byte) (int, error)  { return c.r.Read(p) }
func (c stdioConn) Write(p []byte) (int, error) { return c.w.Write(p) }
func (c stdioConn) Close() error {
	if cl, ok := c.r.(io.Closer); ok {
		cl.Close()
	}
	if cl, ok := c.w.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}
