package auth

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"

	"github.com/skillgen/skillgen/runtime"
)

// ProfileClaims reads the profile attributes names from an access token's
// payload: string claims as they are, JSON objects (the OIDC address claim)
// as their JSON text (runtime.AddressText speaks it), numbers and booleans
// as their JSON literal; a null or absent claim is left out. It does not
// check the signature: call it only on a token Verify accepted.
func ProfileClaims(token string, names []string) (map[string]string, error) {
	_, rest, ok := strings.Cut(token, ".")
	payload, _, ok2 := strings.Cut(rest, ".")
	if !ok || !ok2 {
		return nil, errors.New("auth: malformed token")
	}
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return nil, errors.New("auth: malformed token payload")
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, errors.New("auth: token payload is not a JSON object")
	}
	out := make(map[string]string, len(names))
	for _, n := range names {
		v, ok := all[n]
		if !ok {
			continue
		}
		v = bytes.TrimSpace(v)
		switch {
		case len(v) == 0 || bytes.Equal(v, []byte("null")):
		case v[0] == '"':
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, errors.New("auth: token claim is not a JSON string")
			}
			out[n] = s
		default:
			out[n] = string(v)
		}
	}
	return out, nil
}

// WrapClaims returns the profile source of a skill whose profile travels
// in the access token (runtime.Skill.ProfileClaims, added by the pre token
// generation trigger, runtime/pretoken): it verifies the token, then
// answers from the token's claims when they hold every attribute the
// answer needs (runtime.NeedsFrom; without it, every name in names), with
// no network call. Only when one is absent (a token issued before the
// trigger existed, or an attribute the user has not set) does it ask next,
// the GetUser chain, once for the token (next caches). Rejected tokens give
// runtime.ErrNotLinked (as a *RejectedError) and reach neither.
func (v *Verifier) WrapClaims(names []string, next runtime.ProfileSource) runtime.ProfileSource {
	names = append([]string(nil), names...)
	return runtime.ProfileSourceFunc(func(ctx context.Context, token string) (map[string]string, error) {
		if _, err := v.Verify(ctx, token); err != nil {
			return nil, err
		}
		p, err := ProfileClaims(token, names)
		if err == nil && covers(ctx, p, names) {
			return p, nil
		}
		return next.Profile(ctx, token)
	})
}

// covers reports whether profile holds every attribute the answer needs.
func covers(ctx context.Context, profile map[string]string, names []string) bool {
	needs, ok := runtime.NeedsFrom(ctx)
	if !ok {
		needs = names
	}
	for _, n := range needs {
		if _, ok := profile[n]; !ok {
			return false
		}
	}
	return true
}
