package generator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A one-word invocation name: German accepts a compound ("kaffeeroboter",
// Amazon's own example), English refuses a single word.
func TestOneWordInvocationPerLanguage(t *testing.T) {
	base, err := os.ReadFile("../testdata/invalid-invocation-german-launch-word/skill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		invocation string
		wantErr    string
	}{
		{"{en: my profile, de: kaffeeroboter}", ""},
		{"{en: profile, de: kaffeeroboter}", `skill.invocation.en: invocation name "profile" is a single word`},
	} {
		spec := strings.Replace(string(base), "{en: my profile, de: öffne mein profil}", c.invocation, 1)
		if spec == string(base) {
			t.Fatal("fixture changed; update this test")
		}
		p := filepath.Join(t.TempDir(), "skill.yaml")
		if err := os.WriteFile(p, []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Build(p)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s: %v", c.invocation, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: error %v, want %q", c.invocation, err, c.wantErr)
		}
	}
}
