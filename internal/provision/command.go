package provision

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/skillgen/skillgen/generator/cognitosetup"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/spec"
	"github.com/skillgen/skillgen/generator/validate"
	"github.com/skillgen/skillgen/internal/cliflag"
)

// Options are provision's flags.
type Options struct {
	Spec     string // -f
	VendorID string // --vendor-id: overrides the spec and SKILLGEN_VENDOR_ID
	SkillID  string // --skill-id: only for the printed next command
	Out      string // --out: the filled account-linking file
	DryRun   bool
	// PreTokenFunction is the ARN of the pre token generation trigger
	// (--pre-token-function), required when cognito.profileSource is token.
	PreTokenFunction string
}

// NewAPI builds the Cognito client; tests replace it. The default uses
// the SDK's default credential chain and honours
// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER (and AWS_ENDPOINT_URL).
var NewAPI = func(ctx context.Context, region string) (API, error) {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		return nil, err
	}
	return cip.NewFromConfig(cfg), nil
}

const usage = `usage: skillgen provision [-f skill.yaml] [--vendor-id ID] [--skill-id ID] [--out FILE] [--pre-token-function ARN] [--dry-run]

Creates or updates the skill's Cognito user pool, app client and OAuth domain
as the spec's cognito.json says, then writes the account-linking request with
the client ID and secret to FILE (default <output>/deploy/accountLinking.local.json,
git-ignored) and prints the command that applies it. It never deletes anything
and refuses, changing nothing, what a pool cannot take in place.

With cognito.profileSource token (the default) the pool also gets the
Essentials feature plan and its pre token generation trigger (event V2_0):
the one it has (the stack's), or the function --pre-token-function names
(the PreTokenFunctionArn output of the skill's stack, or the skill's
bootstrap deployed with handler "pretoken").
`

// Command runs `skillgen provision args…`; it returns the exit code.
func Command(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("skillgen provision", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	var o Options
	spec := cliflag.OnceVar(fs, "f", "skill.yaml", "spec", "the skill's `spec` file")
	fs.StringVar(&o.VendorID, "vendor-id", "", "the Amazon developer vendor ID (overrides skill.vendorId and SKILLGEN_VENDOR_ID)")
	fs.StringVar(&o.SkillID, "skill-id", "", "the skill ID, for the printed ask command (default: the spec's skill.skillId)")
	fs.StringVar(&o.Out, "out", "", "where to write the filled account-linking request")
	fs.BoolVar(&o.DryRun, "dry-run", false, "print the plan and change nothing")
	fs.StringVar(&o.PreTokenFunction, "pre-token-function", "", "ARN of the pre token generation trigger (cognito.profileSource token)")
	if ok, code := cliflag.Parse(fs, args, stderr); !ok {
		return code
	}
	o.Spec = spec.Value
	if fs.NArg() > 0 {
		cliflag.Usagef(stderr, fs.Name(), "unexpected argument %q", fs.Arg(0))
		return 2
	}
	if err := Run(ctx, o, stdout); err != nil {
		fmt.Fprintf(stderr, "skillgen provision: %v\n", err)
		return 1
	}
	return 0
}

// Run loads the spec, plans, and (unless DryRun) applies and writes the
// account-linking file.
func Run(ctx context.Context, o Options, stdout io.Writer) error {
	ld, err := spec.Load(o.Spec)
	if err != nil {
		return err
	}
	s, err := validate.Build(ld)
	if err != nil {
		return err
	}
	if o.VendorID != "" {
		s.VendorID = o.VendorID
	}
	if o.SkillID == "" {
		o.SkillID = s.SkillID
	}
	cs, err := cognitosetup.Of(s)
	if err != nil {
		return err
	}
	if err := setTrigger(cs, o.PreTokenFunction); err != nil {
		return err
	}
	api, err := NewAPI(ctx, cs.Region)
	if err != nil {
		return fmt.Errorf("AWS configuration: %w", err)
	}
	p, err := MakePlan(ctx, api, cs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Plan for %s (region %s):\n", s.SpecPath, cs.Region)
	for _, l := range p.Lines() {
		fmt.Fprintf(stdout, "  %s\n", l)
	}
	if len(p.Refusals) > 0 {
		return &RefusedError{Refusals: p.Refusals}
	}
	if o.DryRun {
		if p.Changes() {
			fmt.Fprintln(stdout, "Dry run: nothing was changed.")
		} else {
			fmt.Fprintln(stdout, "Dry run: nothing to change.")
		}
		return nil
	}
	res, err := Apply(ctx, api, p)
	if err != nil {
		return err
	}
	out := o.Out
	if out == "" {
		out = filepath.FromSlash(LocalAccountLinkingPath(s))
	}
	if err := WriteAccountLinking(out, cs, res); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	if !p.Changes() {
		fmt.Fprintln(stdout, "Nothing changed: the user pool, app client and domain match the spec.")
	} else {
		fmt.Fprintln(stdout, "Done.")
	}
	fmt.Fprintf(stdout, "\nScratch-Pad:\n")
	fmt.Fprintf(stdout, "  user pool ID:       %s\n", res.PoolID)
	fmt.Fprintf(stdout, "  app client ID:      %s\n", res.ClientID)
	fmt.Fprintf(stdout, "  app client secret:  %s (in %s)\n", Mask(res.ClientSecret), out)
	fmt.Fprintf(stdout, "  domain:             %s\n", res.Domain)
	fmt.Fprintf(stdout, "  authorization URL:  %s\n", res.AuthorizationURL)
	fmt.Fprintf(stdout, "  token URL:          %s\n", res.TokenURL)
	if res.CloudFrontDomain != "" {
		fmt.Fprintf(stdout, "  alias target:       %s (create an A alias record for %s pointing at it)\n", res.CloudFrontDomain, res.Domain)
	}
	if lc := cs.CreateUserPool.LambdaConfig; lc != nil {
		arn := lc.PreTokenGenerationConfig.LambdaArn
		fmt.Fprintf(stdout, "  pre token trigger:  %s (event %s)\n", arn, lc.PreTokenGenerationConfig.LambdaVersion)
		fmt.Fprintf(stdout, "\nLet only this pool invoke the trigger (once; the stack's template does this itself):\n  aws lambda add-permission --function-name %s --statement-id cognito-pretoken --action lambda:InvokeFunction --principal %s --source-arn %s\n",
			arn, cognitosetup.CognitoPrincipal, poolARN(arn, cs.Region, res.PoolID))
	}
	skill := o.SkillID
	if skill == "" {
		skill = "<skill-id>"
	}
	fmt.Fprintf(stdout, "\nNext, link the skill to the pool:\n  ask smapi update-account-linking-info -s %s -g development --account-linking-request file:%s\n", skill, filepath.ToSlash(out))
	return nil
}

// lambdaARN matches a Lambda function ARN, optionally qualified.
var lambdaARN = regexp.MustCompile(`^arn:(aws[a-z-]*):lambda:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?$`)

// setTrigger puts the trigger's ARN into the setup (cognito.json carries a
// marker in its place). Without one, MakePlan keeps the trigger an existing
// pool has (the stack's), and refuses a pool without one.
func setTrigger(cs *cognitosetup.Setup, arn string) error {
	lc := cs.CreateUserPool.LambdaConfig
	switch {
	case lc == nil && arn != "":
		return errors.New("--pre-token-function: this spec reads profiles with GetUser (cognito.profileSource getuser); drop the flag or set profileSource token")
	case lc == nil:
		return nil
	case arn == "":
		return nil // MakePlan takes the pool's own trigger, or asks for the flag
	case !lambdaARN.MatchString(arn):
		return fmt.Errorf("--pre-token-function %q is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)", arn)
	}
	if m := lambdaARN.FindStringSubmatch(arn); m[2] != cs.Region {
		return fmt.Errorf("--pre-token-function %q is in %s, the user pool in %s: Cognito calls triggers in the pool's region", arn, m[2], cs.Region)
	}
	lc.PreTokenGenerationConfig.LambdaArn = arn
	return nil
}

// poolARN is the user pool's ARN, in the trigger's partition and account.
func poolARN(fnARN, region, poolID string) string {
	m := lambdaARN.FindStringSubmatch(fnARN)
	if m == nil {
		return "arn:aws:cognito-idp:" + region + ":<account>:userpool/" + poolID
	}
	return "arn:" + m[1] + ":cognito-idp:" + region + ":" + m[3] + ":userpool/" + poolID
}

// LocalAccountLinkingPath is where provision writes the filled
// account-linking request by default: next to accountLinking.json.
func LocalAccountLinkingPath(s *ir.Skill) string {
	return path.Join(s.Output.Code, "deploy", cognitosetup.AccountLinkingLocalFile)
}

// String renders a plan for logs and tests.
func (p *Plan) String() string { return strings.Join(p.Lines(), "\n") }
