package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/otellint/otellint/cmd/otellint/internal/engine"
	lintsuite "github.com/otellint/otellint/cmd/otellint/internal/suite"
)

// openCache opens the results cache, or returns nil (no cache) with a
// warning on stderr when it cannot.
func openCache(s *streams) *engine.Cache {
	c, err := lintsuite.OpenCache()
	if err != nil {
		fmt.Fprintf(s.ErrOut, "otellint: running without the results cache: %v\n", err)
	}
	return c
}

func newCacheCmd(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Show or clean the results cache of otellint check",
		Long: `otellint check keeps each package's findings and facts in a cache, keyed by
everything they depend on (the package's files, its configuration, its
dependencies' export data and facts, and the otellint binary), so that a
run with nothing changed analyses nothing and an edit re-analyses only what
it can affect. The cache lives in otellint under the user cache directory
(` + "`otellint cache dir`" + ` prints it), or in $OTELLINT_CACHE; OTELLINT_CACHE=off
disables it, as does check --no-cache. Entries unused for 5 days are
removed, and the oldest ones when the cache exceeds 1 GiB. It is safe to use
from several runs at once, and safe to delete.`,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "dir",
		Short: "Print the cache directory",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := engine.DefaultCacheDir()
			if err != nil {
				return failuref("%v", err)
			}
			if dir == "" {
				fmt.Fprintln(s.Out, "off")
				return nil
			}
			fmt.Fprintln(s.Out, dir)
			return nil
		},
	}, &cobra.Command{
		Use:   "clean",
		Short: "Remove every entry of the cache",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := cacheOrError()
			if err != nil || c == nil {
				return err
			}
			n, size, _ := c.Size()
			if err := c.Clean(); err != nil {
				return failuref("cleaning the cache: %v", err)
			}
			fmt.Fprintf(s.Out, "removed %d %s (%s) from %s\n", n, plural(n, "entry", "entries"), byteSize(size), c.Dir)
			return nil
		},
	}, &cobra.Command{
		Use:   "stat",
		Short: "Print the number and size of the cache's entries",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := cacheOrError()
			if err != nil || c == nil {
				return err
			}
			n, size, err := c.Size()
			if err != nil {
				return failuref("%v", err)
			}
			fmt.Fprintf(s.Out, "%s: %d %s, %s\n", c.Dir, n, plural(n, "entry", "entries"), byteSize(size))
			return nil
		},
	})
	return cmd
}

func cacheOrError() (*engine.Cache, error) {
	dir, err := engine.DefaultCacheDir()
	if err != nil {
		return nil, failuref("%v", err)
	}
	if dir == "" {
		return nil, usageErrorf("the cache is off (OTELLINT_CACHE=off)")
	}
	c, err := engine.OpenCache(dir)
	if err != nil {
		return nil, failuref("%v", err)
	}
	return c, nil
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
