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
	var texts []string
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
			texts = append(texts, part)
		}
	}
	texts, err = addMueller(texts)
	if err != nil {
		log.Fatal(err)
	}
	counts := suggest.CountTexts(texts)
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

// addMueller adds the lines of the dictionary to texts (the Cyrillic of
// its translations is what is counted).
func addMueller(texts []string) ([]string, error) {
	f, err := os.Open(mueller)
	if err != nil {
		return nil, fmt.Errorf("%w: apt-get install mueller7-dict", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(io.Reader(zr))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		texts = append(texts, sc.Text())
	}
	return texts, sc.Err()
}
