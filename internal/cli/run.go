package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/plan"
	"github.com/skillgen/skillgen/internal/chainflags"
	"github.com/skillgen/skillgen/internal/dialog"
	"github.com/skillgen/skillgen/internal/interp"
	"github.com/skillgen/skillgen/internal/skilltest"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/chain"
	"github.com/skillgen/skillgen/runtime/logging"
)

func testCmd() *cobra.Command {
	var files []string
	var update, asJSON, verbose bool
	var junit, locale, run string
	c := &cobra.Command{
		Use:   "test [file or dir]...",
		Short: "run conversation tests (Bespoken unit-test YAML) through the skill's handlers",
		Long: `Run conversation tests offline through the skill's handlers and the same
runtime as the Lambda. Arguments are test files or directories (searched for
*.test.yml, *.test.yaml, *.spec.yml, *.spec.yaml); the default is tests/
beside the spec.

The format is Bespoken's unit-test YAML: a configuration document, then
conversations separated by ---. A turn is an utterance, LaunchRequest,
SessionEndedRequest or an intent name (with "- intent:" and slots), with
what the answer must be:

  ---
  configuration:
    locale: en-US              # or locales: en-US, en-GB (runs the file per locale)
    profile: profiles/alice.yaml
  ---
  - test: my number
  - open link demo: Hello Alice*
  - what is my number:
    - prompt: /phone number is .*555/
    - reprompt: What's your request?
    - sessionEnded: false
    - response.card: undefined

Paths are prompt and reprompt (the SSML inside <speak>), cardTitle,
cardContent, cardImageURL, sessionEnded, or a JSON path into the response. A
value matches the whole text, * is any text, /regex/flags is searched for, a
list matches if any item does, undefined means absent; "== != =~ > <" work
in the one-line form ("- what is my name == Your full name*").

The profile (per file in configuration, or per conversation as a leading
"- profile:" item): unlinked; a profile file (attribute: value); or a mapping
with file, attributes (inline) and without (attributes taken out). Without a
profile the account is not linked.

A failure names the file:line of the turn, shows the conversation so far,
the expected and actual answer and a word diff. --update writes today's
answers into the files (exact values that no longer match, and turns without
expectations), like go test -update, so a change to skill.yaml shows up in
review as a diff of what Alexa will say.`,
		Example: `  skillgen test
  skillgen test tests/unlinked.test.yml -v
  skillgen test --update                 # accept today's answers
  skillgen test --junit report.xml       # for CI test reports
  skillgen test --json | jq '.conversations[] | select(.status == "fail")'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			specPath, err := oneSpec(files)
			if err != nil {
				return err
			}
			var filter *regexp.Regexp
			if run != "" {
				if filter, err = regexp.Compile(run); err != nil {
					return usageErr("--run: %v", err)
				}
			}
			return runTests(cmd, specPath, args, testOptions{update: update, json: asJSON, verbose: verbose, junit: junit, locale: locale, run: filter})
		},
	}
	addSpecFlag(c, &files, false)
	c.Flags().BoolVar(&update, "update", false, "write today's answers into the test files")
	c.Flags().StringVar(&junit, "junit", "", "also write a JUnit XML report to `file`")
	c.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON instead of text")
	c.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every conversation, not only failures")
	c.Flags().StringVar(&locale, "locale", "", "locale for files that name none (default: en-US if the skill has it, else its first)")
	c.Flags().StringVar(&run, "run", "", "run only conversations whose name matches `regexp`")
	_ = c.MarkFlagFilename("junit", "xml")
	return c
}

type testOptions struct {
	update, json, verbose bool
	junit, locale         string
	run                   *regexp.Regexp
}

func runTests(cmd *cobra.Command, specPath string, args []string, o testOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	s, err := generator.Build(specPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return failed
	}
	if len(args) == 0 {
		args = []string{filepath.Join(filepath.Dir(specPath), "tests")}
		if _, err := os.Stat(args[0]); err != nil {
			return &exitError{code: 1, msg: fmt.Sprintf("no %s directory beside %s; give test files as arguments, or run skillgen generate for a starter file", args[0], specPath)}
		}
	}
	paths, err := skilltest.Collect(args)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	parse := func() ([]*skilltest.File, error) {
		var files []*skilltest.File
		var errs []error
		for _, p := range paths {
			f, err := skilltest.ParseFile(p)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if o.run != nil {
				for _, c := range f.Conversations {
					if !o.run.MatchString(c.Name) {
						c.Skip = true
					}
				}
			}
			files = append(files, f)
		}
		return files, errors.Join(errs...)
	}
	files, err := parse()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return failed
	}
	ro := skilltest.Options{Locale: o.locale, Log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	ctx := cmd.Context()
	if o.update {
		ro.Update = true
		rep, err := skilltest.Run(ctx, s, files, ro)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return failed
		}
		ups, err := rep.Apply()
		for _, u := range ups {
			if u.Changed > 0 {
				fmt.Fprintf(stderr, "updated %s: %d answer(s)\n", u.File, u.Changed)
			}
			for _, p := range u.Problems {
				fmt.Fprintf(stderr, "not updated: %s\n", p)
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, err)
			return failed
		}
		ro.Update = false
		if files, err = parse(); err != nil {
			fmt.Fprintln(stderr, err)
			return failed
		}
	}
	rep, err := skilltest.Run(ctx, s, files, ro)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return failed
	}
	if o.junit != "" {
		if err := writeReport(o.junit, rep.WriteJUnit); err != nil {
			fmt.Fprintf(stderr, "--junit: %v\n", err)
			return failed
		}
	}
	if o.json {
		if err := rep.WriteJSON(stdout); err != nil {
			return err
		}
	} else {
		rep.WriteText(stdout, o.verbose)
	}
	if rep.Failed() {
		return failed
	}
	return nil
}

func writeReport(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	werr := write(f)
	return errors.Join(werr, f.Close())
}

// MaxRequestBytes bounds the request invoke reads.
const MaxRequestBytes = 1 << 20

func invokeCmd() *cobra.Command {
	var files []string
	var event, profile, token, skillID, person, personToken string
	gofs := flag.NewFlagSet("invoke", flag.ContinueOnError)
	cf := chainflags.Register(gofs, false)
	c := &cobra.Command{
		Use:   "invoke [-e request.json | -]",
		Short: "run one raw Alexa request through the handlers and print the response JSON",
		Long: `Run one raw Alexa request (for example one captured in the developer
console's JSON input) through the skill's handlers and the same runtime as
the Lambda, and print the response JSON, like sam local invoke -e. The
request is read from -e FILE, a file argument, or standard input ("-").

The profile comes from a YAML file (--profile, as in dialog: the request is
given an access token that stands for it), or, for --access-token or the
token the request carries, through the same chain as the Lambda function:
the token verified locally (--user-pool-id, --client-id), GetUser at
--cognito-endpoint or AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER. Exit 1
when the request cannot be decoded or is for another skill.

A skill with personalization can be asked as a recognized speaker:
--person NAME puts context.System.person into the request (a personId
standing for NAME), with NAME's own link when given: --person NAME=PROFILE
(a YAML file) or --person-token TOKEN (their Cognito token). Without one,
NAME is recognized but has not linked.`,
		Example: `  skillgen invoke -e request.json --profile testdata/alice.yaml
  pbpaste | skillgen invoke - --profile testdata/bob.yaml
  skillgen invoke -e captured.json --user-pool-id us-east-1_X --client-id abc
  skillgen invoke -e request.json --profile testdata/alice.yaml --person erin=testdata/household/erin.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageErr("give one request file, not %d", len(args))
			}
			if len(args) == 1 && event != "" {
				return usageErr("give the request with -e or as an argument, not both")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				event = args[0]
			}
			if event == "" {
				event = "-"
			}
			if profile != "" && token != "" {
				return usageErr("give --profile or --access-token, not both")
			}
			specPath, err := oneSpec(files)
			if err != nil {
				return err
			}
			return invoke(cmd, specPath, event, invokeOptions{profile: profile, token: token, chain: cf, skillID: skillID,
				person: person, personToken: personToken})
		},
	}
	addSpecFlag(c, &files, false)
	c.Flags().StringVarP(&event, "event", "e", "", "request JSON `file` (\"-\" for standard input)")
	c.Flags().StringVar(&profile, "profile", "", "YAML `file` with the user's attributes (name: value)")
	c.Flags().StringVar(&token, "access-token", "", "access token of a Cognito user (replaces the request's)")
	c.Flags().StringVar(&person, "person", "", "ask as a recognized speaker: `NAME`, or NAME=PROFILE.yaml when they linked their own account")
	c.Flags().StringVar(&personToken, "person-token", "", "the recognized speaker's own Cognito access `token` (with --person NAME)")
	c.Flags().AddGoFlagSet(gofs)
	gofs.VisitAll(func(f *flag.Flag) {
		if f.DefValue == "0s" {
			// pflag shows a Go duration's zero default ("(default 0s)"),
			// which the usage's own default contradicts.
			c.Flags().Lookup(f.Name).DefValue = ""
		}
	})
	c.Flags().StringVar(&skillID, "skill-id", "", "skill ID the request must carry (default: the spec's skill.skillId; none: any)")
	_ = c.MarkFlagFilename("event", "json")
	_ = c.MarkFlagFilename("profile", "yaml", "yml")
	return c
}

type invokeOptions struct {
	profile, token, skillID string
	person, personToken     string
	chain                   *chainflags.Flags
}

func invoke(cmd *cobra.Command, specPath, event string, o invokeOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	var r io.Reader
	if event == "-" {
		r = cmd.InOrStdin()
	} else {
		f, err := os.Open(event)
		if err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
		defer f.Close()
		r = f
	}
	body, err := io.ReadAll(io.LimitReader(r, MaxRequestBytes+1))
	if err != nil {
		return &exitError{code: 1, msg: fmt.Sprintf("reading the request: %v", err)}
	}
	if len(body) > MaxRequestBytes {
		return &exitError{code: 1, msg: fmt.Sprintf("the request is larger than %d bytes", MaxRequestBytes)}
	}
	s, err := generator.Build(specPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return failed
	}
	ctx := cmd.Context()
	log := slog.New(logging.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var src runtime.ProfileSource
	var ch *chain.Chain
	token := o.token
	personName, personProfile, _ := strings.Cut(o.person, "=")
	switch {
	case o.person == "" && o.personToken != "":
		return usageErr("--person-token needs --person NAME")
	case personProfile != "" && o.personToken != "":
		return usageErr("give --person NAME=PROFILE or --person-token, not both")
	case (o.profile != "" || personProfile != "") && (token != "" || o.personToken != ""):
		return usageErr("profiles come from files or from Cognito, not both")
	case o.person != "" && !s.Personalization.Enabled:
		return usageErr("--person needs a skill with personalization (%s has none: Alexa would not tell it who speaks)", specPath)
	}
	if o.person != "" {
		tok := o.personToken
		if personProfile != "" {
			tok = "skillgen-invoke-person-" + personName
		}
		if body, err = withPerson(body, dialog.PersonID(personName), tok); err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
	}
	switch {
	case o.profile != "" || personProfile != "":
		profiles := map[string]map[string]string{}
		if o.profile != "" {
			attrs, err := dialog.LoadProfile(o.profile)
			if err != nil {
				return &exitError{code: 1, msg: err.Error()}
			}
			token = "skillgen-invoke-local-profile"
			profiles[token] = attrs
		}
		if personProfile != "" {
			attrs, err := dialog.LoadProfile(personProfile)
			if err != nil {
				return &exitError{code: 1, msg: err.Error()}
			}
			profiles["skillgen-invoke-person-"+personName] = attrs
		}
		src = dialog.FilesSource(profiles)
	case token != "" || requestToken(body) != "":
		// A real token: the same chain as the Lambda function (local
		// verification, GetUser, retries inside the budget).
		if ch, err = o.chain.Chain(s.Cognito.Region, plan.ProfileClaims(s)); err != nil {
			return usageErr("%v", err)
		}
		src = ch.Source()
	default:
		src = runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
			return nil, runtime.ErrNotLinked
		})
	}
	if token != "" {
		if body, err = withAccessToken(body, token); err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
	}
	id := o.skillID
	if id == "" {
		id = s.SkillID
	}
	answers, err := plan.Build(s)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	h, err := interp.NewHandler(answers, src, runtime.WithSkillID(id), runtime.WithLogger(log))
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	var inv dialog.Invoker = h
	if ch != nil {
		inv = ch.Wrap(h, log)
	}
	out, err := inv.Invoke(ctx, body)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, runtime.ErrWrongSkill) {
			msg += fmt.Sprintf(" (the skill accepts %s; pass --skill-id to replay another skill's request)", id)
		}
		return &exitError{code: 1, msg: msg}
	}
	return printIndented(stdout, out)
}

// requestToken is an access token the request carries, if any: the
// account-level one, else a recognized speaker's own.
func requestToken(body []byte) string {
	var req runtime.RequestEnvelope
	if json.Unmarshal(body, &req) != nil {
		return ""
	}
	if t := req.AccessToken(); t != "" {
		return t
	}
	return req.Context.System.Person.AccessToken
}

// withPerson makes the request come from a recognized speaker, as Alexa
// sends it to a skill with personalization: context.System.person with the
// personId and, when they linked their own account, their accessToken.
func withPerson(body []byte, personID, token string) ([]byte, error) {
	var req map[string]any
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, fmt.Errorf("the request is not JSON: %v", err)
	}
	ctx, _ := req["context"].(map[string]any)
	sys, _ := ctx["System"].(map[string]any)
	if sys == nil {
		return nil, errors.New("the request has no context.System")
	}
	p := map[string]any{"personId": personID}
	if token != "" {
		p["accessToken"] = token
	}
	sys["person"] = p
	return json.Marshal(req)
}

// withAccessToken puts token into the request where Alexa carries it:
// context.System.user and session.user.
func withAccessToken(body []byte, token string) ([]byte, error) {
	var req map[string]any
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, fmt.Errorf("the request is not JSON: %v", err)
	}
	set := func(path ...string) {
		cur := req
		for _, k := range path {
			next, ok := cur[k].(map[string]any)
			if !ok {
				return
			}
			cur = next
		}
		cur["accessToken"] = token
	}
	set("context", "System", "user")
	set("session", "user")
	return json.Marshal(req)
}

func printIndented(w io.Writer, raw []byte) error {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
