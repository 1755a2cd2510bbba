package smapicheck

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgen/skillgen/internal/testpeers"
)

func checker(t *testing.T) Checker {
	t.Helper()
	return Checker{Node: testpeers.Node(t), NodeModules: testpeers.NodeModules(t)}
}

// TestGeneratedFilesMatchSMAPI type-checks every generated skill.json,
// interaction model and accountLinking.json in the repository (the bundled
// skill, the variant, the golden cases, the personalization case among
// them) against ask-smapi-model.
func TestGeneratedFilesMatchSMAPI(t *testing.T) {
	root := testpeers.RepoRoot(t)
	files, err := Find(root)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[Kind]int{}
	for _, f := range files {
		k, _ := KindOf(f)
		counts[k]++
	}
	for _, k := range []Kind{Manifest, Model, Linking} {
		if counts[k] == 0 {
			t.Fatalf("no %s found under %s", k.Name, root)
		}
	}
	personalization := filepath.Join(root, "testdata", "valid-personalization", "want", "generated", "household", "deploy", "skill-package", "skill.json")
	if !contains(files, personalization) {
		t.Fatalf("the personalization case %s is not among the files", personalization)
	}
	rel := make([]string, len(files))
	for i, f := range files {
		rel[i], _ = filepath.Rel(root, f)
	}
	if err := checker(t).Check(context.Background(), files); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d manifests, %d interaction models, %d account-linking requests match ask-smapi-model:\n%s",
		counts[Manifest], counts[Model], counts[Linking], strings.Join(rel, "\n"))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestMisspelledFieldFails: a field Amazon's types do not have, a wrong
// value of an enumerated field and a missing required field are refused,
// each reported at its file and line. (The files as generated pass:
// TestGeneratedFilesMatchSMAPI.)
func TestMisspelledFieldFails(t *testing.T) {
	root := testpeers.RepoRoot(t)
	src := map[string]string{
		"skill.json":          filepath.Join(root, "generated", "linkedprofile", "deploy", "skill-package", "skill.json"),
		"accountLinking.json": filepath.Join(root, "generated", "linkedprofile", "deploy", "accountLinking.json"),
		"en-US.json":          filepath.Join(root, "models", "en-US.json"),
	}
	cases := []struct {
		name, file, old, new string
	}{
		{"misspelled manifest field", "skill.json", `"manifestVersion"`, `"manifestVersoin"`},
		{"misspelled permission", "skill.json", `"alexa::person_id:read"`, `"alexa::personid:read"`},
		{"misspelled account-linking field", "accountLinking.json", `"accessTokenScheme"`, `"accessTokenSchem"`},
		{"wrong account-linking enum", "accountLinking.json", `"HTTP_BASIC"`, `"HTTP_BASIK"`},
		{"misspelled model field", "en-US.json", `"invocationName"`, `"invocationNme"`},
		{"missing required model field", "en-US.json", `"languageModel"`, `"languagemodel"`},
	}
	var files []string
	want := map[string]string{} // file → the line tsc must name
	for i, tc := range cases {
		data, err := os.ReadFile(src[tc.file])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), tc.old) {
			t.Fatalf("%s: %s has no %s", tc.name, src[tc.file], tc.old)
		}
		broken := strings.Replace(string(data), tc.old, tc.new, 1)
		dir := filepath.Join(t.TempDir(), fmt.Sprint(i), "deploy", "skill-package")
		if tc.file == "en-US.json" {
			dir = filepath.Join(t.TempDir(), fmt.Sprint(i), "models")
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, tc.file)
		if err := os.WriteFile(f, []byte(broken), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		line := 1 + strings.Count(broken[:strings.Index(broken, tc.new)], "\n")
		want[f] = fmt.Sprintf("%s:%d:", f, line)
	}
	err := checker(t).Check(context.Background(), files)
	var te *Error
	if !errors.As(err, &te) {
		t.Fatalf("files with misspelled fields passed (err %v)", err)
	}
	for i, tc := range cases {
		f := files[i]
		var found bool
		for _, l := range strings.Split(te.Output, "\n") {
			if strings.HasPrefix(l, f+":") {
				found = true
				if tc.name != "missing required model field" && !strings.HasPrefix(l, want[f]) {
					t.Errorf("%s: tsc names another line than %s:\n%s", tc.name, want[f], l)
				}
			}
		}
		if !found {
			t.Errorf("%s: tsc does not report %s:\n%s", tc.name, f, te.Output)
		}
	}
	t.Logf("tsc:\n%s", te.Output)
}
