// Command freqgen writes suggest/ru.freq.gz, the Russian word frequencies
// the OCR suggestions start from, from Russian texts that Debian packages:
// fortunes-ru (/usr/share/games/fortunes/ru, modern prose and quotations)
// and mueller7-dict (/usr/share/dictd/mueller7.dict.dz, the Russian of an
// English-Russian dictionary). Neither is used for evaluation. Run from the
// repository root:
//
//	go run ./suggest/internal/freqgen
package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"

	"sverka/suggest"
)

const (
	fortunes = "/usr/share/games/fortunes/ru"
	mueller  = "/usr/share/dictd/mueller7.dict.dz"
	output   = "suggest/ru.freq.gz"
)

func main() {
	counts := suggest.NewCounts()
	files, err := filepath.Glob(filepath.Join(fortunes, "*"))
	if err != nil || len(files) == 0 {
		log.Fatalf("no fortunes in %s: apt-get install fortunes-ru", fortunes)
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".dat") || strings.HasSuffix(f, ".u8") {
			continue // index files, and links to the same texts
		}
		b, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		for _, part := range strings.Split(string(b), "\n%\n") {
			counts.AddText(part)
		}
	}
	if err := addMueller(counts); err != nil {
		log.Fatal(err)
	}
	out, err := os.Create(output)
	if err != nil {
		log.Fatal(err)
	}
	zw := gzip.NewWriter(out)
	if err := counts.Write(zw, 1); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := out.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", output)
}

// addMueller adds the Cyrillic lines of the dictionary (its translations).
func addMueller(counts *suggest.Counts) error {
	f, err := os.Open(mueller)
	if err != nil {
		return fmt.Errorf("%w: apt-get install mueller7-dict", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(io.Reader(zr))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		counts.AddText(sc.Text())
	}
	return sc.Err()
}
