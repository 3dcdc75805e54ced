// Command gen writes the seed migration into ../migrations (run it with
// go generate ./seed).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"sverka/seed"
)

func main() {
	up, down, err := seed.Migration(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	base := filepath.Join("..", "migrations", seed.MigrationName)
	for path, body := range map[string]string{base + ".up.sql": up, base + ".down.sql": down} {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
