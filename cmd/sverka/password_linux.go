package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// tty is a terminal that passwords are typed on.
type tty struct{ f *os.File }

// terminal reports whether r is a terminal.
func terminal(r io.Reader) (tty, bool) {
	f, ok := r.(*os.File)
	if !ok {
		return tty{}, false
	}
	if _, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS); err != nil {
		return tty{}, false
	}
	return tty{f}, true
}

// read prompts on w and reads one line with echo turned off.
func (t tty) read(w io.Writer, prompt string) (string, error) {
	fd := int(t.f.Fd())
	old, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ICANON | unix.ISIG
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &quiet); err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	defer unix.IoctlSetTermios(fd, unix.TCSETS, old)
	fmt.Fprint(w, prompt)
	line, err := bufio.NewReader(t.f).ReadString('\n')
	fmt.Fprintln(w)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
