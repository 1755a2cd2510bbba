package runtime

import "fmt"

// SettingError is a bad value of a setting the runtime reads from its
// environment (resilience.PolicyFromEnv, auth.ConfigFromEnv,
// chain.ConfigFromEnv). A host that takes the setting from a flag instead
// (`skillgen serve`, `skillgen dialog`) finds it with errors.As and names
// its flag.
type SettingError struct {
	Pkg   string // the package reading it, e.g. "resilience"
	Var   string // the environment variable, e.g. SKILL_TIME_BUDGET
	Value string // the value given
	Want  string // what a good value is, e.g. "want a duration in (0s, 8s], e.g. 3s"
}

func (e *SettingError) Error() string {
	return fmt.Sprintf("%s: %s=%q: %s", e.Pkg, e.Var, e.Value, e.Want)
}

// Errors is several errors reported at once, separated by "; ";
// errors.Is and errors.As see each.
type Errors []error

func (e Errors) Error() string {
	s := ""
	for i, err := range e {
		if i > 0 {
			s += "; "
		}
		s += err.Error()
	}
	return s
}

// Unwrap returns the errors.
func (e Errors) Unwrap() []error { return e }
