package check

import (
	"testing"
	"time"
)

// The whole-trace settings reach the checker.
func TestCheckerConfigTraceSettings(t *testing.T) {
	c := DefaultConfig()
	c.TraceWindow, c.InternalSpanFanout, c.ShortSpanFlood, c.ShortSpanDuration = 30*time.Second, 25, 40, 2*time.Millisecond
	rc, err := c.checkerConfig()
	if err != nil {
		t.Fatal(err)
	}
	if rc.TraceWindow != 30*time.Second || rc.InternalSpanFanout != 25 || rc.ShortSpanFlood != 40 || rc.ShortSpanDuration != 2*time.Millisecond {
		t.Errorf("checker config: window %s, fan-out %d, flood %d under %s", rc.TraceWindow, rc.InternalSpanFanout, rc.ShortSpanFlood, rc.ShortSpanDuration)
	}
}
