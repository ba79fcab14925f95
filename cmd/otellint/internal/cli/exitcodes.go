package cli

import (
	"errors"
	"fmt"
)

// Exit codes, the same for every command. Documented in README.md and in
// `otellint check --help`; scripts depend on them.
const (
	ExitOK       = 0 // no findings (or everything was fixed)
	ExitFindings = 1 // findings at or above the failing level
	ExitUsage    = 2 // bad flags, arguments or configuration
	ExitFailure  = 3 // packages or inputs failed to load, or an analyzer failed
)

const exitCodesHelp = `Exit codes:
  0  no findings (with --fix: everything was fixed)
  1  findings
  2  usage or configuration error
  3  packages failed to load, or an analyzer failed`

// exitError carries an exit code out of a command's RunE.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

func failuref(format string, args ...any) error {
	return &exitError{code: ExitFailure, err: fmt.Errorf(format, args...)}
}

// silentExit ends the command with code and prints nothing more.
func silentExit(code int) error { return &exitError{code: code} }

func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return ExitUsage // cobra's own errors: unknown flags, bad arguments
}
