package deploy_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7"
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/skillgen/skillgen/generator/cognitosetup"
	"github.com/skillgen/skillgen/generator/emit/deploy"
	"github.com/skillgen/skillgen/generator/emit/models"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/generator/spec"
	"github.com/skillgen/skillgen/generator/validate"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// cases are the bundled skill and the example variant, loaded through the
// real pipeline from the repository root.
var cases = []struct{ name, spec string }{
	{"linkedprofile", "skill.yaml"},
	{"membercard", "variants/membercard/skill.yaml"},
}

// build loads a spec from the repository root; the test's working
// directory is switched there so paths match what skillgen generate sees.
func build(t *testing.T, specPath string) (*ir.Skill, map[string][]byte) {
	t.Helper()
	ld, err := spec.Load(specPath)
	if err != nil {
		t.Fatalf("load %s: %v", specPath, err)
	}
	s, err := validate.Build(ld)
	if err != nil {
		t.Fatalf("validate %s: %v", specPath, err)
	}
	files, err := models.Emit(s)
	if err != nil {
		t.Fatalf("models %s: %v", specPath, err)
	}
	byLocale := map[string][]byte{}
	for _, l := range s.Locales {
		byLocale[l.Code] = files[models.Path(s, l.Code)]
	}
	return s, byLocale
}

func goldenDir(t *testing.T) string {
	t.Helper()
	d, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// emitAll renders every case from the repository root.
func emitAll(t *testing.T) map[string]struct {
	skill *ir.Skill
	files map[string][]byte
	model map[string][]byte
} {
	t.Helper()
	out := map[string]struct {
		skill *ir.Skill
		files map[string][]byte
		model map[string][]byte
	}{}
	for _, c := range cases {
		s, m := build(t, c.spec)
		files, err := deploy.Emit(s, m)
		if err != nil {
			t.Fatalf("%s: Emit: %v", c.name, err)
		}
		out[c.name] = struct {
			skill *ir.Skill
			files map[string][]byte
			model map[string][]byte
		}{s, files, m}
	}
	return out
}

func TestGolden(t *testing.T) {
	golden := goldenDir(t)
	t.Chdir("../../..")
	all := emitAll(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := all[c.name]
			dir := path.Join(r.skill.Output.Code, "deploy")
			var names []string
			for name := range r.files {
				if !strings.HasPrefix(name, dir+"/") {
					t.Errorf("%s is outside %s", name, dir)
					continue
				}
				if strings.HasPrefix(name, dir+"/skill-package/interactionModels/") {
					continue // compared with the canonical models below
				}
				names = append(names, strings.TrimPrefix(name, dir+"/"))
			}
			sort.Strings(names)
			want := []string{".gitignore", "accountLinking.json", "ask-resources.json", "cognito.json", "skill-package/skill.json", "template.yaml"}
			if !reflect.DeepEqual(names, want) {
				t.Fatalf("files = %v, want %v", names, want)
			}
			for _, n := range names {
				got := r.files[dir+"/"+n]
				gp := filepath.Join(golden, c.name, filepath.FromSlash(n))
				if *update {
					if err := os.MkdirAll(filepath.Dir(gp), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(gp, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				w, err := os.ReadFile(gp)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if !bytes.Equal(got, w) {
					t.Errorf("%s differs from %s:\n%s", n, gp, lineDiff(string(w), string(got)))
				}
			}
			for _, l := range r.skill.Locales {
				p := dir + "/skill-package/interactionModels/custom/" + l.Code + ".json"
				if !bytes.Equal(r.files[p], r.model[l.Code]) {
					t.Errorf("%s is not the canonical models/%s.json", p, l.Code)
				}
			}
		})
	}
}

// lineDiff shows the first differing lines.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\n- " + a + "\n+ " + b
		}
	}
	return "(same lines)"
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(i)) }

func fmtInt(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestDeterministic(t *testing.T) {
	t.Chdir("../../..")
	a, b := emitAll(t), emitAll(t)
	for name := range a {
		if !reflect.DeepEqual(a[name].files, b[name].files) {
			t.Errorf("%s: two renders differ", name)
		}
	}
}

func TestFormat(t *testing.T) {
	t.Chdir("../../..")
	for name, r := range emitAll(t) {
		for p, data := range r.files {
			// ASK CLI rewrites these two as JSON.stringify(v, null, 2):
			// no trailing newline; skillgen writes the same bytes.
			askOwned := strings.HasSuffix(p, "/ask-resources.json") || strings.HasSuffix(p, "/skill-package/skill.json")
			if askOwned {
				if bytes.HasSuffix(data, []byte("\n")) {
					t.Errorf("%s %s: ends in a newline; ASK CLI writes none", name, p)
				}
			} else if !bytes.HasSuffix(data, []byte("\n")) || bytes.HasSuffix(data, []byte("\n\n")) {
				t.Errorf("%s %s: want exactly one trailing newline", name, p)
			}
			switch {
			case strings.HasSuffix(p, ".yaml"), strings.HasSuffix(p, ".gitignore"):
				first, _, _ := strings.Cut(string(data), "\n")
				want := "# Code generated by skillgen from " + r.skill.SpecPath + ". DO NOT EDIT."
				if first != want {
					t.Errorf("%s %s: first line %q, want %q", name, p, first, want)
				}
			case strings.HasSuffix(p, ".json") && !strings.Contains(p, "interactionModels"):
				var v any
				if err := json.Unmarshal(data, &v); err != nil {
					t.Errorf("%s %s: %v", name, p, err)
					continue
				}
				again, err := cognitosetup.MarshalJSON2(v)
				if err != nil {
					t.Fatal(err)
				}
				// Struct order is kept, so compare as values after a 2-space re-indent.
				var ind bytes.Buffer
				if err := json.Indent(&ind, bytes.TrimSpace(data), "", "  "); err != nil {
					t.Fatal(err)
				}
				if !askOwned {
					ind.WriteByte('\n')
				}
				if !bytes.Equal(ind.Bytes(), data) {
					t.Errorf("%s %s: not 2-space indented", name, p)
				}
				_ = again
			}
		}
	}
}

// TestTemplateParsesBack reads template.yaml with goformation and checks the
// resources and what they reference.
func TestTemplateParsesBack(t *testing.T) {
	t.Chdir("../../..")
	for name, r := range emitAll(t) {
		data := r.files[path.Join(r.skill.Output.Code, "deploy", "template.yaml")]
		tpl, err := goformation.ParseYAML(data)
		if err != nil {
			t.Fatalf("%s: goformation cannot parse template.yaml: %v", name, err)
		}
		wantTypes := map[string]string{
			deploy.ResUserPool: "AWS::Cognito::UserPool", deploy.ResUserPoolClient: "AWS::Cognito::UserPoolClient",
			deploy.ResUserPoolDomain: "AWS::Cognito::UserPoolDomain", deploy.ResLogGroup: "AWS::Logs::LogGroup",
			deploy.ResRole: "AWS::IAM::Role", deploy.ResFunction: "AWS::Lambda::Function",
			deploy.ResPermission: "AWS::Lambda::Permission",
		}
		if len(tpl.Resources) != len(wantTypes) {
			t.Errorf("%s: %d resources, want %d", name, len(tpl.Resources), len(wantTypes))
		}
		for id, typ := range wantTypes {
			res, ok := tpl.Resources[id]
			if !ok {
				t.Errorf("%s: resource %s missing", name, id)
				continue
			}
			if res.AWSCloudFormationType() != typ {
				t.Errorf("%s: %s is %s, want %s", name, id, res.AWSCloudFormationType(), typ)
			}
		}
		fn, err := tpl.GetLambdaFunctionWithName(deploy.ResFunction)
		if err != nil {
			t.Fatal(err)
		}
		if len(fn.Architectures) != 1 || fn.Architectures[0] != r.skill.Lambda.Architecture {
			t.Errorf("%s: architectures %v", name, fn.Architectures)
		}
		if fn.MemorySize == nil || *fn.MemorySize != r.skill.Lambda.MemoryMB || fn.Timeout == nil || *fn.Timeout != r.skill.Lambda.TimeoutSeconds {
			t.Errorf("%s: memory/timeout wrong", name)
		}
		var vars []string
		for k := range fn.Environment.Variables {
			vars = append(vars, k)
		}
		sort.Strings(vars)
		if want := []string{"COGNITO_REGION", "SKILL_ID", "USER_POOL_CLIENT_ID", "USER_POOL_ID"}; !reflect.DeepEqual(vars, want) {
			t.Errorf("%s: environment %v, want %v", name, vars, want)
		}
		for _, p := range []string{"SkillId", "VendorId", "DomainPrefix", "LambdaRuntime", "LambdaHandler", "CodeBucket", "CodeKey", "CodeVersion"} {
			if _, ok := tpl.Parameters[p]; !ok {
				t.Errorf("%s: parameter %s missing", name, p)
			}
		}
		for _, o := range []string{"SkillEndpoint", "ClientId", "Domain", "AuthorizationUrl", "TokenUrl", "UserPoolId"} {
			if _, ok := tpl.Outputs[o]; !ok {
				t.Errorf("%s: output %s missing", name, o)
			}
		}
		if _, err := tpl.GetLambdaPermissionWithName(deploy.ResPermission); err != nil {
			t.Error(err)
		}
		checkRole(t, name, data)
	}
}

// checkRole asserts least privilege: the role may write logs and nothing
// else, and in particular has no cognito-idp permission.
func checkRole(t *testing.T, name string, data []byte) {
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	role := raw["Resources"].(map[string]any)[deploy.ResRole].(map[string]any)["Properties"].(map[string]any)
	if _, ok := role["ManagedPolicyArns"]; ok {
		t.Errorf("%s: role has managed policies", name)
	}
	b, _ := json.Marshal(role["Policies"])
	var pols []struct {
		PolicyDocument struct {
			Statement []struct {
				Action []string
			}
		}
	}
	if err := json.Unmarshal(b, &pols); err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, p := range pols {
		for _, s := range p.PolicyDocument.Statement {
			actions = append(actions, s.Action...)
		}
	}
	sort.Strings(actions)
	if want := []string{"logs:CreateLogStream", "logs:PutLogEvents"}; !reflect.DeepEqual(actions, want) {
		t.Errorf("%s: role actions %v, want %v", name, actions, want)
	}
}

// TestTemplateMatchesCloudFormation checks every resource type and every
// property the template uses against CloudFormation's resource
// specification, as goformation encodes it: one Go struct per resource and
// property type, generated from the specification, with the property names
// as JSON tags. Properties without omitempty are required and must be set.
func TestTemplateMatchesCloudFormation(t *testing.T) {
	t.Chdir("../../..")
	all := cloudformation.AllResources()
	for name, r := range emitAll(t) {
		data := r.files[path.Join(r.skill.Output.Code, "deploy", "template.yaml")]
		var raw map[string]any
		if err := yaml.Unmarshal(data, &raw); err != nil {
			t.Fatal(err)
		}
		for id, v := range raw["Resources"].(map[string]any) {
			res := v.(map[string]any)
			for k := range res {
				switch k {
				case "Type", "Properties", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Condition", "Metadata":
				default:
					t.Errorf("%s: %s: %q is not a resource attribute", name, id, k)
				}
			}
			typ, _ := res["Type"].(string)
			proto, ok := all[typ]
			if !ok || strings.HasPrefix(typ, "AWS::Serverless::") {
				t.Errorf("%s: %s: %q is not a CloudFormation resource type", name, id, typ)
				continue
			}
			checkProps(t, name+": "+id, res["Properties"], reflect.TypeOf(proto))
		}
	}
}

// TestPropertyCheckerCatchesMistakes makes sure the checker above can fail.
func TestPropertyCheckerCatchesMistakes(t *testing.T) {
	ft := &fakeT{}
	fn := reflect.TypeOf(cloudformation.AllResources()["AWS::Lambda::Function"])
	checkProps(ft, "fn", map[string]any{"Role": "r", "Code": map[string]any{"S3Buckets": "x"}, "Runtme": "x"}, fn)
	if len(ft.errs) != 2 {
		t.Errorf("misspelled properties: %d errors %v, want 2", len(ft.errs), ft.errs)
	}
	ft = &fakeT{}
	checkProps(ft, "fn", map[string]any{"Code": map[string]any{"S3Bucket": "x"}}, fn)
	if len(ft.errs) != 1 {
		t.Errorf("missing required Role: %d errors %v, want 1", len(ft.errs), ft.errs)
	}
}

type errorer interface {
	Errorf(format string, args ...any)
}

type fakeT struct{ errs []string }

func (f *fakeT) Errorf(format string, args ...any) { f.errs = append(f.errs, format) }

func checkProps(t errorer, where string, v any, typ reflect.Type) {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if m, ok := v.(map[string]any); ok && len(m) == 1 {
		for k := range m {
			if k == "Ref" || strings.HasPrefix(k, "Fn::") {
				return // an intrinsic function stands for a value of the type
			}
		}
	}
	switch typ.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: want an object, got %T", where, v)
			return
		}
		fields := map[string]reflect.StructField{}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			tag := f.Tag.Get("json")
			n, opts, _ := strings.Cut(tag, ",")
			if n == "" || n == "-" {
				continue
			}
			fields[n] = f
			if !strings.Contains(opts, "omitempty") {
				if _, set := m[n]; !set {
					t.Errorf("%s: required property %s is missing", where, n)
				}
			}
		}
		for k, sub := range m {
			f, ok := fields[k]
			if !ok {
				t.Errorf("%s: %s is not a property of %s", where, k, typ.Name())
				continue
			}
			checkProps(t, where+"."+k, sub, f.Type)
		}
	case reflect.Slice:
		l, ok := v.([]any)
		if !ok {
			t.Errorf("%s: want a list, got %T", where, v)
			return
		}
		for i, e := range l {
			checkProps(t, where+"["+fmtInt(i)+"]", e, typ.Elem())
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: want a map, got %T", where, v)
			return
		}
		for k, e := range m {
			checkProps(t, where+"."+k, e, typ.Elem())
		}
	}
}

// TestDeployDefaults: a second stack never collides (no fixed function or
// log group name unless the spec sets one), the runtime's JSON logs stay
// JSON, no redundant DependsOn (cfn-lint W3005), the domain prefix is the
// derived one, and the ASK project serves the CI profile too.
func TestDeployDefaults(t *testing.T) {
	t.Chdir("../../..")
	r := emitAll(t)["linkedprofile"]
	tmpl := string(r.files[path.Join(r.skill.Output.Code, "deploy", "template.yaml")])
	for _, bad := range []string{"FunctionName: ", "LogGroupName:", "DependsOn", "myoauth"} {
		if strings.Contains(tmpl, bad) {
			t.Errorf("template.yaml holds %q", bad)
		}
	}
	for _, want := range []string{"LogFormat: JSON", "Default: " + r.skill.Cognito.DomainPrefix} {
		if !strings.Contains(tmpl, want) {
			t.Errorf("template.yaml lacks %q", want)
		}
	}
	if !strings.HasPrefix(r.skill.Cognito.DomainPrefix, "linkedprofile-") {
		t.Errorf("domain prefix %q", r.skill.Cognito.DomainPrefix)
	}
	var res struct {
		Profiles map[string]json.RawMessage `json:"profiles"`
	}
	if err := json.Unmarshal(r.files[path.Join(r.skill.Output.Code, "deploy", "ask-resources.json")], &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Profiles) != 2 || string(res.Profiles["default"]) != string(res.Profiles[deploy.EnvironmentProfile]) {
		t.Errorf("ask-resources.json profiles: %v", res.Profiles)
	}
}

func TestSkillManifestKeepsEndpoint(t *testing.T) {
	t.Chdir("../../..")
	r := emitAll(t)["linkedprofile"]
	gen := r.files[deploy.ManifestPath(r.skill)]
	if deploy.Endpoint(gen) != nil {
		t.Fatal("a fresh skill.json has an endpoint")
	}
	ep := json.RawMessage(`{"uri": "arn:aws:lambda:us-east-1:123456789012:function:f", "sslCertificateType": "Trusted"}`)
	with, err := deploy.SkillManifest(r.skill, ep)
	if err != nil {
		t.Fatal(err)
	}
	got := deploy.Endpoint(with)
	var a, b any
	_ = json.Unmarshal(got, &a)
	_ = json.Unmarshal(ep, &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("endpoint %s, want %s", got, ep)
	}
	for _, bad := range []string{"", "not json", `{"manifest": {"apis": {"custom": {"endpoint": null}}}}`} {
		if deploy.Endpoint([]byte(bad)) != nil {
			t.Errorf("Endpoint(%q) is not nil", bad)
		}
	}
	if m, _ := deploy.MarshalASK(map[string]string{"a": "x\u2028<&>"}); string(m) != "{\n  \"a\": \"x\u2028<&>\"\n}" {
		t.Errorf("MarshalASK: %q", m)
	}
}
