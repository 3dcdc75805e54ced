package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHelp: every way of asking for help answers on standard output,
// succeeds, and lists the commands or the flags of the one asked about.
func TestHelp(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"help"}, append([]string{"Commands:"}, commandNames()...)},
		{[]string{"--help"}, []string{"Commands:", "serve", "import"}},
		{[]string{"-h"}, []string{"Commands:"}},
		{[]string{"user", "--help"}, []string{"sverka user:", "-db"}},
		{[]string{"help", "import"}, []string{"sverka import:", "-replace"}},
		{[]string{"serve", "-h"}, []string{"sverka serve:", "-addr"}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), tc.args, func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("got %q on standard output, want it to name %q", out.String(), w)
				}
			}
		})
	}
}
