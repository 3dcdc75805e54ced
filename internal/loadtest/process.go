package loadtest

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// RSS is the resident memory of process pid now, in bytes (Linux).
func RSS(pid int) (int64, error) { return status(pid, "VmRSS") }

// HighWaterRSS is the most resident memory process pid has had so far, in
// bytes (Linux).
func HighWaterRSS(pid int) (int64, error) { return status(pid, "VmHWM") }

// status reads a size in kB from /proc/PID/status, in bytes.
func status(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// PeakRSS is the most resident memory a finished process ever had, in
// bytes (Linux: getrusage's ru_maxrss, in KiB).
func PeakRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss << 10
	}
	return 0
}
