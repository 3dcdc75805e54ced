//go:build !linux

package main

import (
	"fmt"
	"io"
)

// tty is a terminal that passwords are typed on; only Linux turns echo off.
type tty struct{}

// terminal reports false: elsewhere the password is read as a line of input.
func terminal(io.Reader) (tty, bool) { return tty{}, false }

func (tty) read(io.Writer, string) (string, error) {
	return "", fmt.Errorf("read password: no terminal support")
}
