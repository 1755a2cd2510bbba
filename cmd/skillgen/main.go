// Command skillgen turns skill.yaml into a complete, personalized Alexa
// custom skill backed by Amazon Cognito account linking.
package main

import (
	"os"

	"github.com/skillgen/skillgen/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
