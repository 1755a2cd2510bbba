// Command benchspec writes a synthetic benchmark spec:
// go run ./internal/benchspec/cmd -o DIR -intents 250
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/skillgen/skillgen/internal/benchspec"
)

func main() {
	out := flag.String("o", "", "output directory")
	n := flag.Int("intents", 250, "number of intents")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "benchspec: -o is required")
		os.Exit(2)
	}
	p, err := benchspec.Write(*out, *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchspec:", err)
		os.Exit(1)
	}
	fmt.Println(p)
}
