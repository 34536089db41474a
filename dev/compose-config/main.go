// Command compose-config is `docker compose config` without Docker: it loads a compose file with Docker Compose's
// own loader (github.com/compose-spec/compose-go/v2: the .env file, interpolation, the Compose Specification's
// schema, profiles, normalization) and prints the resolved project, or the loader's errors and exit status 1.
//
//	compose-config [-profile NAME] [-env-file FILE] COMPOSE_FILE
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	profile := flag.String("profile", "", "a profile to enable, as `docker compose --profile`")
	envFile := flag.String("env-file", "", "the .env file, as `docker compose --env-file` (default: .env beside the compose file)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: compose-config [-profile NAME] [-env-file FILE] COMPOSE_FILE")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *envFile, *profile); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(file, envFile, profile string) error {
	options := []cli.ProjectOptionsFn{cli.WithWorkingDirectory(filepath.Dir(file)), cli.WithDotEnv}
	if envFile != "" {
		options = append([]cli.ProjectOptionsFn{cli.WithEnvFiles(envFile)}, options...)
	}
	if profile != "" {
		options = append(options, cli.WithProfiles([]string{profile}))
	}
	projectOptions, err := cli.NewProjectOptions([]string{file}, options...)
	if err != nil {
		return err
	}
	project, err := projectOptions.LoadProject(context.Background())
	if err != nil {
		return err
	}
	resolved, err := project.MarshalYAML()
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(resolved)
	return err
}
