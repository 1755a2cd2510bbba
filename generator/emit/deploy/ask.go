// Package deploy emits what stands the skill up in AWS and the Alexa
// developer console: the Cognito setup spec (cognito.json), the
// CloudFormation template (template.yaml), the ASK CLI v2 project
// (ask-resources.json, skill-package/) and the SMAPI account-linking body
// (accountLinking.json). cognito.json and accountLinking.json are the
// values generator/cognitosetup derives, which `skillgen provision`
// applies.
package deploy

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/skillgen/skillgen/generator/cognitosetup"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/internal/facts"
)

// MarshalASK encodes v exactly as ASK CLI v2 writes its JSON files
// (JSON.stringify(v, null, 2): 2-space indentation, no HTML escaping, no
// trailing newline). ask deploy rewrites ask-resources.json and
// skill-package/skill.json that way; generating the same bytes keeps
// `skillgen check` passing after a deploy.
func MarshalASK(v any) ([]byte, error) {
	b, err := cognitosetup.MarshalJSON2(v)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimSuffix(b, []byte("\n"))
	// JSON.stringify leaves U+2028 and U+2029 unescaped; encoding/json
	// escapes them.
	b = bytes.ReplaceAll(b, []byte(`\u2028`), []byte("\u2028"))
	b = bytes.ReplaceAll(b, []byte(`\u2029`), []byte("\u2029"))
	return b, nil
}

type skillJSON struct {
	Manifest manifest `json:"manifest"`
}

type manifest struct {
	ManifestVersion       string                `json:"manifestVersion"`
	PublishingInformation publishingInformation `json:"publishingInformation"`
	PrivacyAndCompliance  privacyAndCompliance  `json:"privacyAndCompliance"`
	APIs                  apis                  `json:"apis"`
	Permissions           []permission          `json:"permissions,omitempty"`
}

// permission is one entry of the manifest's permissions.
type permission struct {
	Name string `json:"name"`
}

// PermissionPersonID lets the skill receive context.System.person: skill
// personalization for recognized speakers.
const PermissionPersonID = "alexa::person_id:read"

type publishingInformation struct {
	Locales               map[string]publishingLocale `json:"locales"`
	IsAvailableWorldwide  bool                        `json:"isAvailableWorldwide"`
	DistributionCountries []string                    `json:"distributionCountries"`
	Category              string                      `json:"category,omitempty"`
	TestingInstructions   string                      `json:"testingInstructions,omitempty"`
}

type publishingLocale struct {
	Name           string   `json:"name"`
	Summary        string   `json:"summary,omitempty"`
	Description    string   `json:"description,omitempty"`
	ExamplePhrases []string `json:"examplePhrases,omitempty"`
	Keywords       []string `json:"keywords,omitempty"`
}

type privacyAndCompliance struct {
	AllowsPurchases   bool                     `json:"allowsPurchases"`
	UsesPersonalInfo  bool                     `json:"usesPersonalInfo"`
	IsChildDirected   bool                     `json:"isChildDirected"`
	IsExportCompliant bool                     `json:"isExportCompliant"`
	ContainsAds       bool                     `json:"containsAds"`
	Locales           map[string]privacyLocale `json:"locales,omitempty"`
}

type privacyLocale struct {
	PrivacyPolicyURL string `json:"privacyPolicyUrl,omitempty"`
	TermsOfUseURL    string `json:"termsOfUseUrl,omitempty"`
}

type apis struct {
	Custom customAPI `json:"custom"`
}

// customAPI has no endpoint of skillgen's: ask deploy's cfn-deployer sets
// it from the stack's SkillEndpoint output (the function ARN holds the AWS
// account ID, which the spec does not know) and writes it into skill.json.
// From then on the endpoint is the project's state, which generate keeps
// (see Endpoint).
type customAPI struct {
	Endpoint json.RawMessage `json:"endpoint,omitempty"`
}

// ManifestPath is skill-package/skill.json of the skill's ASK project.
func ManifestPath(s *ir.Skill) string {
	return path.Join(s.Output.Code, "deploy", "skill-package", "skill.json")
}

// Endpoint returns manifest.apis.custom.endpoint of an existing skill.json
// (as ask deploy leaves it), or nil when it has none or is not JSON.
func Endpoint(skillJSON []byte) json.RawMessage {
	var m struct {
		Manifest struct {
			APIs struct {
				Custom struct {
					Endpoint json.RawMessage `json:"endpoint"`
				} `json:"custom"`
			} `json:"apis"`
		} `json:"manifest"`
	}
	if json.Unmarshal(skillJSON, &m) != nil {
		return nil
	}
	ep := m.Manifest.APIs.Custom.Endpoint
	if len(ep) == 0 || string(ep) == "null" {
		return nil
	}
	return ep
}

// SkillManifest builds skill-package/skill.json: per-locale publishing
// information, usesPersonalInfo (the skill speaks profile attributes), the
// privacy-policy and terms-of-use URLs, and the alexa::person_id:read
// permission when personalization is on.
//
// endpoint is the apis.custom.endpoint to keep (ask deploy's), or nil.
func SkillManifest(s *ir.Skill, endpoint json.RawMessage) ([]byte, error) {
	pub := publishingInformation{
		Locales:               map[string]publishingLocale{},
		IsAvailableWorldwide:  true,
		DistributionCountries: []string{},
		Category:              s.Publishing.Category,
		TestingInstructions:   s.Publishing.TestingInstructions,
	}
	priv := privacyAndCompliance{UsesPersonalInfo: true, IsExportCompliant: true, Locales: map[string]privacyLocale{}}
	for _, l := range s.Locales {
		lp := s.Publishing.Locales[l.Code]
		if lp == nil {
			lp = &ir.LocalePublishing{}
		}
		pl := publishingLocale{
			Name:           cmp.Or(lp.Name, s.Name),
			Summary:        lp.Summary,
			Description:    lp.Description,
			ExamplePhrases: lp.ExamplePhrases,
			Keywords:       lp.Keywords,
		}
		if len(pl.ExamplePhrases) > 3 {
			return nil, fmt.Errorf("publishing: %s has %d example phrases; Alexa accepts at most 3", l.Code, len(pl.ExamplePhrases))
		}
		pub.Locales[l.Code] = pl
		if lp.PrivacyPolicyURL != "" || lp.TermsOfUseURL != "" {
			priv.Locales[l.Code] = privacyLocale{PrivacyPolicyURL: lp.PrivacyPolicyURL, TermsOfUseURL: lp.TermsOfUseURL}
		}
	}
	m := manifest{
		ManifestVersion:       "1.0",
		PublishingInformation: pub,
		PrivacyAndCompliance:  priv,
		APIs:                  apis{Custom: customAPI{Endpoint: endpoint}},
	}
	if s.Personalization.Enabled {
		m.Permissions = append(m.Permissions, permission{Name: PermissionPersonID})
	}
	return MarshalASK(skillJSON{m})
}

// CodeDir is where the build puts the function's bootstrap, relative to
// the working directory: <Output.Code>/deploy/build (gitignored); ask
// deploy zips it.
func CodeDir(s *ir.Skill) string { return path.Join(s.Output.Code, "deploy", "build") }

// AskResources builds ask-resources.json for ASK CLI v2: the skill package
// next to it, the function code from CodeDir, and the infrastructure from
// template.yaml through @ask-cli/cfn-deployer, which creates the skill
// first, then passes its ID to the stack (SkillId) and sets the endpoint
// from the stack's SkillEndpoint output. The same project serves two ASK
// CLI profiles: "default" and __ENVIRONMENT_ASK_PROFILE__, the one ask
// uses in CI when ASK_ACCESS_TOKEN, ASK_REFRESH_TOKEN and ASK_VENDOR_ID come
// from the environment.
func AskResources(s *ir.Skill, deployDir string) ([]byte, error) {
	rel, err := filepath.Rel(filepath.FromSlash(deployDir), filepath.FromSlash(CodeDir(s)))
	if err != nil || strings.HasPrefix(filepath.ToSlash(rel), "../") {
		return nil, fmt.Errorf("ask-resources.json: the build directory %s is not under %s", CodeDir(s), deployDir)
	}
	rel = "./" + filepath.ToSlash(rel)
	type kv = map[string]any
	region := cmp.Or(s.Cognito.Region, facts.DefaultRegion)
	profile := kv{
		"skillMetadata": kv{"src": "./skill-package"},
		"code":          kv{"default": kv{"src": filepath.ToSlash(rel)}},
		"skillInfrastructure": kv{
			"type": "@ask-cli/cfn-deployer",
			"userConfig": kv{
				"runtime":      LambdaRuntime,
				"handler":      LambdaHandler,
				"templatePath": "./template.yaml",
				"awsRegion":    region,
				"cfn":          kv{"capabilities": []string{"CAPABILITY_IAM"}},
			},
		},
	}
	return MarshalASK(kv{
		"askcliResourcesVersion": "2020-03-31",
		"profiles":               kv{"default": profile, EnvironmentProfile: profile},
	})
}

// EnvironmentProfile is the ASK CLI profile name that takes credentials
// from the environment (CI).
const EnvironmentProfile = "__ENVIRONMENT_ASK_PROFILE__"

// gitignore keeps provision's filled account-linking file (it holds the
// client secret) and ASK CLI's state out of version control.
func gitignore(s *ir.Skill) []byte {
	return []byte(fmt.Sprintf(`# Code generated by skillgen from %s. DO NOT EDIT.
# Written by skillgen provision: holds the app client's secret.
/%s
# ASK CLI state and build output.
/.ask/
/build/
`, specName(s), cognitosetup.AccountLinkingLocalFile))
}

// Emit renders the deploy files of the skill, keyed by slash path relative
// to the working directory, all under <Output.Code>/deploy/. models maps
// each locale to the bytes of its canonical models/<locale>.json; the skill
// package's copies are those bytes, unchanged.
func Emit(s *ir.Skill, models map[string][]byte) (map[string][]byte, error) {
	if s.Output.Code == "" {
		return nil, fmt.Errorf("deploy: the output directory is empty")
	}
	dir := path.Join(s.Output.Code, "deploy")
	cs, err := cognitosetup.Of(s)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	if out[path.Join(dir, "cognito.json")], err = cognitosetup.MarshalJSON2(cs); err != nil {
		return nil, err
	}
	if out[path.Join(dir, "template.yaml")], err = TemplateYAML(s); err != nil {
		return nil, err
	}
	if out[path.Join(dir, "ask-resources.json")], err = AskResources(s, dir); err != nil {
		return nil, err
	}
	if out[ManifestPath(s)], err = SkillManifest(s, nil); err != nil {
		return nil, err
	}
	if out[path.Join(dir, "accountLinking.json")], err = cognitosetup.MarshalJSON2(cognitosetup.AccountLinkingOf(cs, "", "")); err != nil {
		return nil, err
	}
	out[path.Join(dir, ".gitignore")] = gitignore(s)
	for _, l := range s.Locales {
		m, ok := models[l.Code]
		if !ok || len(m) == 0 {
			return nil, fmt.Errorf("deploy: no interaction model for locale %s", l.Code)
		}
		// The same bytes as models/<locale>.json: outputs are never mutated,
		// so the copy shares them (a large model is megabytes).
		out[path.Join(dir, "skill-package", "interactionModels", "custom", l.Code+".json")] = m
	}
	return out, nil
}
