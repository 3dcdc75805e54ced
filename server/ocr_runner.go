package server

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ocrRunner names this server process among those on one database: its
// host, its process id and when the process started (so that a new process
// that got the same id, as a restarted container's does, is another one).
var ocrRunner = runnerName(os.Getpid())

// runnerName names process pid on this host; the name of a process that
// does not exist ends in a start time of "?".
func runnerName(pid int) string {
	host, _ := os.Hostname()
	started := "?"
	// /proc/PID/stat: "pid (command) state ..."; field 22 is the start time.
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		if len(f) > 19 {
			started = f[19]
		}
	}
	return fmt.Sprintf("%s %d %s", host, pid, started)
}

// deadRunner reports whether the process runner names is one of this host
// that no longer runs: a job of a runner on another host, or of no known
// runner, is left to OCRJobStale.
func deadRunner(runner string) bool {
	f := strings.Fields(runner)
	host, _ := os.Hostname()
	if len(f) != 3 || f[0] != host {
		return false
	}
	pid, err := strconv.Atoi(f[1])
	return err == nil && runnerName(pid) != runner
}

// failDeadOCRJobs ends the jobs that a server on this host left running
// when it died, so that they may be started again at once.
func (s *Server) failDeadOCRJobs() error {
	n, err := s.db.FailDeadOCRJobs(context.Background(), deadRunner)
	if n > 0 {
		s.log.Warn("ocr jobs of a server that stopped ended as failed", "jobs", n)
	}
	return err
}
