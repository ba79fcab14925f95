package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/receiver"
)

// liveOutput prints new findings as they appear and, on a terminal, a
// status line below them.
type liveOutput struct {
	mu          sync.Mutex
	w           io.Writer
	text        bool
	color       bool
	statusShown bool
}

func (o *liveOutput) finding(f runtimecheck.Finding) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.text {
		b, err := json.Marshal(f)
		if err == nil {
			o.w.Write(append(b, '\n'))
		}
		return
	}
	o.clearStatusLocked()
	line := f.Line()
	if o.color {
		line = paint(f.Level, string(f.Level)) + line[len(f.Level):]
	}
	fmt.Fprintln(o.w, line)
}

func (o *liveOutput) clearStatus() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.clearStatusLocked()
}

func (o *liveOutput) clearStatusLocked() {
	if o.statusShown {
		io.WriteString(o.w, "\r\033[K")
		o.statusShown = false
	}
}

// statusSource is what the status line reports on.
type statusSource struct {
	checker  *runtimecheck.Checker
	receiver *receiver.Receiver
	forward  bool
	start    time.Time
}

// statusLoop redraws the status line every period.
func (o *liveOutput) statusLoop(src statusSource, every time.Duration, done <-chan struct{}) {
	t := time.NewTicker(every)
	defer t.Stop()
	var prev runtimecheck.Statistics
	last := src.start
	for {
		select {
		case <-done:
			return
		case now := <-t.C:
			st := src.checker.Snapshot().Statistics
			fillIntake(&st, src.receiver.Totals(), src.forward)
			line := statusLine(prev, st, now.Sub(last), now.Sub(src.start), o.color)
			prev, last = st, now
			o.mu.Lock()
			o.clearStatusLocked()
			io.WriteString(o.w, line)
			o.statusShown = true
			o.mu.Unlock()
		}
	}
}

// statusLine renders the elapsed time, the totals received with their
// rates over the last period, the findings so far by level and, when
// something was refused or not forwarded, how much.
func statusLine(prev, cur runtimecheck.Statistics, period, elapsed time.Duration, color bool) string {
	secs := period.Seconds()
	if secs <= 0 {
		secs = 1
	}
	rate := func(a, b int64) string { return fmt.Sprintf("%.0f/s", float64(b-a)/secs) }
	by := cur.FindingsByLevel
	levels := []string{
		paintIf(color && by[runtimecheck.Violation] > 0, runtimecheck.Violation, count(by[runtimecheck.Violation], "violation")),
		paintIf(color && by[runtimecheck.Improvement] > 0, runtimecheck.Improvement, count(by[runtimecheck.Improvement], "improvement")),
		paintIf(color && by[runtimecheck.Information] > 0, runtimecheck.Information, fmt.Sprintf("%d information", by[runtimecheck.Information])),
	}
	line := fmt.Sprintf("%s | %s (%s), %s (%s), %s (%s) | findings: %s",
		elapsed.Truncate(time.Second),
		count(cur.Spans, "span"), rate(prev.Spans, cur.Spans),
		count(cur.DataPoints, "data point"), rate(prev.DataPoints, cur.DataPoints),
		count(cur.Logs, "log"), rate(prev.Logs, cur.Logs),
		strings.Join(levels, ", "))
	var lost []string
	if cur.RefusedRequests > 0 {
		lost = append(lost, fmt.Sprintf("%d refused", cur.RefusedRequests))
	}
	if cur.ForwardFailed > 0 {
		lost = append(lost, fmt.Sprintf("%d forward_failed", cur.ForwardFailed))
	}
	if cur.ForwardDropped > 0 {
		lost = append(lost, fmt.Sprintf("%d forward_dropped", cur.ForwardDropped))
	}
	if len(lost) > 0 {
		line += " | " + paintIf(color, runtimecheck.Improvement, strings.Join(lost, ", "))
	}
	return line
}

// count formats n and the noun for it, adding s unless n is 1.
func count(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// ANSI colours of the levels.
var levelColor = map[runtimecheck.Level]string{
	runtimecheck.Violation:   "\033[31m", // red
	runtimecheck.Improvement: "\033[33m", // yellow
	runtimecheck.Information: "\033[36m", // cyan
}

func paint(l runtimecheck.Level, s string) string { return levelColor[l] + s + "\033[0m" }

func paintIf(on bool, l runtimecheck.Level, s string) string {
	if !on {
		return s
	}
	return paint(l, s)
}

// useColor reports whether w is a terminal that takes colours: not when
// NO_COLOR is set (https://no-color.org) or TERM is dumb.
func useColor(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(w)
}

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// fillIntake puts the receiver's counts of what did not reach the checker
// (or the forward endpoint) into the statistics.
func fillIntake(st *runtimecheck.Statistics, t receiver.Stats, forward bool) {
	st.RefusedRequests = t.Refused
	if forward {
		st.Forwarded, st.ForwardFailed, st.ForwardDropped = t.Forwarded, t.ForwardFailed, t.ForwardDropped
	}
}
