package dialog

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/lang"
	"github.com/skillgen/skillgen/generator/plan"
	"github.com/skillgen/skillgen/internal/chainflags"
	"github.com/skillgen/skillgen/internal/cliflag"
	"github.com/skillgen/skillgen/internal/interp"
	"github.com/skillgen/skillgen/runtime"
	"github.com/skillgen/skillgen/runtime/chain"
	"github.com/skillgen/skillgen/runtime/logging"
)

// Limits of interactive mode.
const (
	maxTurns     = 1000
	maxLineBytes = 4096
)

// localToken is the access token dialog sends when the profile comes from
// a local file: the skill sees a linked account, the file source answers.
const localToken = "skillgen-dialog-local-profile"

// DefaultSkillID is the skill ID requests carry when the spec has none.
const DefaultSkillID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"

// Command runs `skillgen dialog`.
func Command(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("skillgen dialog", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: skillgen dialog [flags] [utterance ...]

Talk to the skill on this machine: each utterance is resolved against the
skill's interaction model as Alexa would, sent to the skill's handlers as an
Alexa request, and the answer printed. With utterances as arguments they are
said in turn in one session; without, lines are read from standard input
(end with EOF or ":q").

The profile comes from a local YAML file (attribute name: value) with
--profile, or from Cognito with --access-token: then each request runs
through the same chain as the Lambda function (the token verified locally
against --user-pool-id and --client-id, GetUser at --cognito-endpoint or
AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, retries inside the time
budget). Without either the account is not linked.

A household: --person NAME[=PROFILE] declares a member Alexa recognizes by
voice, who linked the skill to their own account with that profile (a file,
or with --person-token NAME=TOKEN a Cognito user), or without one has not
linked. The first --person speaks unless an utterance starts with "NAME:"
(that member) or "nobody:" (a speaker Alexa does not recognize).

Flags:
`)
		fs.PrintDefaults()
	}
	specPath := cliflag.OnceVar(fs, "f", "skill.yaml", "spec", "the skill's `spec` file")
	locale := fs.String("locale", "", "locale of the requests (default: the skill's primary locale: skill.primaryLocale, else the first listed)")
	profilePath := fs.String("profile", "", "YAML file with the user's attributes (name: value)")
	cf := chainflags.Register(fs, false)
	token := fs.String("access-token", "", "access token of a Cognito user (default: $SKILLGEN_ACCESS_TOKEN)")
	skillID := fs.String("skill-id", "", "skill ID the requests carry (default: the spec's, else a placeholder)")
	showJSON := fs.Bool("json", false, "also print each request and response JSON")
	var persons household
	fs.Func("person", "a recognized household member: NAME, or NAME=PROFILE.yaml when they linked their own account (repeatable)", persons.addProfile)
	fs.Func("person-token", "NAME=TOKEN: the Cognito access token of a member's own link (repeatable)", persons.addToken)
	if ok, code := cliflag.Parse(fs, args, stderr); !ok {
		return code
	}
	if *token == "" {
		*token = os.Getenv("SKILLGEN_ACCESS_TOKEN")
	}
	if *profilePath != "" && *token != "" {
		fmt.Fprintln(stderr, "skillgen dialog: give --profile or --access-token, not both")
		return 2
	}
	if *cf.Endpoint != "" && *token == "" && !persons.tokens {
		fmt.Fprintln(stderr, "skillgen dialog: --cognito-endpoint needs --access-token (or $SKILLGEN_ACCESS_TOKEN) or --person-token")
		return 2
	}

	s, err := generator.Build(specPath.Value)
	if err != nil {
		fmt.Fprintf(stderr, "skillgen dialog: %v\n", err)
		return 1
	}
	answers, err := plan.Build(s)
	if err != nil {
		fmt.Fprintf(stderr, "skillgen dialog: %v\n", err)
		return 1
	}
	loc := *locale
	if loc == "" {
		loc = DefaultLocale(s)
	}
	id := *skillID
	if id == "" {
		id = s.SkillID
	}
	if id == "" {
		id = DefaultSkillID
	}
	res, err := NewResolver(s, loc, id)
	if err != nil {
		fmt.Fprintf(stderr, "skillgen dialog: %v\n", err)
		return 2
	}

	if err := persons.check(*token != ""); err != nil {
		fmt.Fprintf(stderr, "skillgen dialog: %v\n", err)
		return 2
	}
	if len(persons.members) > 0 && !s.Personalization.Enabled {
		fmt.Fprintf(stderr, "skillgen dialog: --person needs a skill with personalization (%s has none: Alexa would not tell it who speaks)\n", specPath.Value)
		return 2
	}
	log := slog.New(logging.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var src runtime.ProfileSource
	var ch *chain.Chain
	access := ""
	switch {
	case *profilePath != "" || persons.files:
		profiles := map[string]map[string]string{}
		if *profilePath != "" {
			attrs, err := LoadProfile(*profilePath)
			if err != nil {
				fmt.Fprintf(stderr, "skillgen dialog: %v\n", err)
				return 1
			}
			profiles[localToken] = attrs
			access = localToken
		}
		for _, m := range persons.members {
			if m.profile == "" {
				continue
			}
			attrs, err := LoadProfile(m.profile)
			if err != nil {
				fmt.Fprintf(stderr, "skillgen dialog: %v\n", err)
				return 1
			}
			m.AccessToken = localPersonToken + m.Name
			profiles[m.AccessToken] = attrs
		}
		src = FilesSource(profiles)
	case *token != "" || persons.tokens:
		if ch, err = cf.Chain(s.Cognito.Region, plan.ProfileClaims(s)); err != nil {
			fmt.Fprintf(stderr, "skillgen dialog: %v\n", err)
			return 2
		}
		src = ch.Source()
		access = *token
	default:
		src = runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
			return nil, runtime.ErrNotLinked
		})
	}
	h, err := interp.NewHandler(answers, src, runtime.WithSkillID(id), runtime.WithLogger(log))
	if err != nil {
		fmt.Fprintf(stderr, "skillgen dialog: %v\n", err)
		return 1
	}
	var first *Speaker
	if len(persons.members) > 0 {
		first = &persons.members[0].Speaker
	}
	var inv Invoker = h
	if ch != nil {
		inv = ch.Wrap(h, log)
	}
	sess := NewSession(inv, res, SessionOptions{SkillID: id, Locale: loc, AccessToken: access, Speaker: first})
	say := func(u string) bool {
		if len(persons.members) > 0 {
			sp, rest, named, ok := persons.speakerOf(u)
			if !ok {
				fmt.Fprintf(stderr, "skillgen dialog: %q: no --person of that name (say \"nobody:\" for a speaker Alexa does not recognize)\n", u)
				return false
			}
			if named {
				sess.SetSpeaker(sp)
			}
			u = rest
		}
		t, err := sess.Say(ctx, u)
		if err != nil {
			fmt.Fprintf(stderr, "skillgen dialog: %v\n", err)
			return false
		}
		if *showJSON {
			printJSON(stdout, "request", t.Request)
			printJSON(stdout, "response", t.Raw)
		}
		Print(stdout, t)
		return true
	}

	if fs.NArg() > 0 {
		for i, u := range fs.Args() {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "> %s\n", u)
			if !say(u) {
				return 1
			}
		}
		return 0
	}
	// The banner names the skill as the store lists it in this locale.
	name := s.Name
	if lp := s.Publishing.Locales[loc]; lp != nil && lp.Name != "" {
		name = lp.Name
	}
	fmt.Fprintf(stdout, "Talking to %s (%s, %s). Say \"%s\", or ask directly; end with :q or EOF.\n",
		name, loc, linkState(access, *profilePath), LaunchPhrase(s, loc))
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 0, maxLineBytes), maxLineBytes)
	// Lines from a file or a pipe are not echoed by a terminal: print them
	// after the prompt, so that the transcript reads as with arguments.
	echo := !isTerminal(stdin)
	for turns := 0; turns < maxTurns; {
		if ctx.Err() != nil {
			return 1
		}
		fmt.Fprint(stdout, "> ")
		if !sc.Scan() {
			break
		}
		if echo {
			fmt.Fprintln(stdout, sc.Text())
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if line == ":q" || line == ":quit" {
			break
		}
		turns++
		if !say(line) {
			return 1
		}
	}
	fmt.Fprintln(stdout)
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "skillgen dialog: reading input: %v\n", err)
		return 1
	}
	t, err := sess.End(ctx, "USER_INITIATED")
	if err != nil {
		fmt.Fprintf(stderr, "skillgen dialog: %v\n", err)
		return 1
	}
	if t != nil {
		if *showJSON {
			printJSON(stdout, "request", t.Request)
			printJSON(stdout, "response", t.Raw)
		}
		Print(stdout, t)
	}
	return 0
}

// isTerminal reports whether r is a terminal (a character device).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// DefaultLocale is the skill's primary locale (skill.primaryLocale, else
// the first locale it lists).
func DefaultLocale(s *ir.Skill) string {
	return s.Primary()
}

// Invocation is the skill's invocation name in locale loc ("" if the
// skill lacks the locale).
func Invocation(s *ir.Skill, loc string) string {
	for _, l := range s.Locales {
		if l.Code == loc {
			return l.Invocation
		}
	}
	return ""
}

// LaunchPhrase is what a user of locale loc says to open the skill: the
// language's first launch phrase around the invocation name ("open link
// demo", "öffne apotheken bonus", "ouvre bonus pharmacie").
func LaunchPhrase(s *ir.Skill, loc string) string {
	inv := Invocation(s, loc)
	if f := lang.ForLocale(loc); f != nil {
		return f.LaunchPhrase(inv)
	}
	return inv
}

func linkState(access, profile string) string {
	switch {
	case profile != "":
		return "profile from " + profile
	case access != "":
		return "profile from Cognito"
	}
	return "account not linked"
}

func printJSON(w io.Writer, what string, raw []byte) {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		fmt.Fprintf(w, "%s: %s\n", what, raw)
		return
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
	fmt.Fprintf(w, "%s: %s", what, b.String())
}

// LoadProfile reads a profile file: a YAML mapping of Cognito attribute
// names to string values.
func LoadProfile(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(n.Content) == 0 {
		return map[string]string{}, nil
	}
	m := n.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d:%d: a profile is a mapping of attribute names to values", path, m.Line, m.Column)
	}
	out := map[string]string{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%s:%d:%d: attribute values must be scalars", path, k.Line, k.Column)
		}
		if _, dup := out[k.Value]; dup {
			return nil, fmt.Errorf("%s:%d:%d: attribute %q given twice", path, k.Line, k.Column, k.Value)
		}
		out[k.Value] = v.Value
	}
	return out, nil
}

// localPersonToken prefixes the access token dialog sends for a member
// whose own profile comes from a local file.
const localPersonToken = "skillgen-dialog-person-"

// FilesSource serves local profiles by the token the request carries
// (token → attributes); other tokens are not linked.
func FilesSource(profiles map[string]map[string]string) runtime.ProfileSource {
	return runtime.ProfileSourceFunc(func(_ context.Context, token string) (map[string]string, error) {
		if p, ok := profiles[token]; ok {
			return p, nil
		}
		return nil, runtime.ErrNotLinked
	})
}

// household holds the --person and --person-token flags.
type household struct {
	members []*member
	files   bool // some member's profile is a file
	tokens  bool // some member's link is a Cognito token
}

type member struct {
	Speaker
	profile string // file of their own profile; "" when not from a file
}

func (h *household) find(name string) *member {
	for _, m := range h.members {
		if m.Name == name {
			return m
		}
	}
	return nil
}

func (h *household) add(name string) (*member, error) {
	if name == "" || strings.ContainsAny(name, ": \t") || name == nobody {
		return nil, fmt.Errorf("%q is not a member name: use a word without spaces or colons, other than %q", name, nobody)
	}
	if m := h.find(name); m != nil {
		return m, nil
	}
	m := &member{Speaker: Speaker{Name: name, PersonID: PersonID(name)}}
	h.members = append(h.members, m)
	return m, nil
}

// addProfile parses --person NAME[=PROFILE].
func (h *household) addProfile(v string) error {
	name, file, hasFile := strings.Cut(v, "=")
	m, err := h.add(name)
	if err != nil {
		return err
	}
	if hasFile {
		if file == "" {
			return fmt.Errorf("--person %s=: give the profile file after =, or no = for a member without their own link", name)
		}
		m.profile, h.files = file, true
	}
	return nil
}

// addToken parses --person-token NAME=TOKEN.
func (h *household) addToken(v string) error {
	name, tok, ok := strings.Cut(v, "=")
	if !ok || tok == "" {
		return errors.New("want NAME=TOKEN")
	}
	m, err := h.add(name)
	if err != nil {
		return err
	}
	m.AccessToken, h.tokens = tok, true
	return nil
}

// check refuses a household that mixes local profiles and Cognito.
func (h *household) check(cognitoAccount bool) error {
	if h.files && (h.tokens || cognitoAccount) {
		return errors.New("profiles come from files or from Cognito, not both: use --person NAME=PROFILE with --profile, or --person-token with --access-token")
	}
	for _, m := range h.members {
		if m.profile != "" && m.AccessToken != "" {
			return fmt.Errorf("member %s has both a profile file and a token", m.Name)
		}
	}
	return nil
}

// nobody starts an utterance of a speaker Alexa does not recognize.
const nobody = "nobody"

// speakerOf splits "NAME: utterance" into the speaker (nil for "nobody")
// and the utterance; named is false when u has no prefix (the speaker does
// not change), ok false when NAME is no member.
func (h *household) speakerOf(u string) (sp *Speaker, rest string, named, ok bool) {
	name, rest, found := strings.Cut(u, ":")
	if !found {
		return nil, u, false, true
	}
	name, rest = strings.TrimSpace(name), strings.TrimSpace(rest)
	if name == nobody {
		return nil, rest, true, true
	}
	if m := h.find(name); m != nil {
		return &m.Speaker, rest, true, true
	}
	return nil, "", false, false
}

// FileSource serves one fixed profile for any token.
func FileSource(attrs map[string]string) runtime.ProfileSource {
	return runtime.ProfileSourceFunc(func(context.Context, string) (map[string]string, error) {
		return attrs, nil
	})
}
