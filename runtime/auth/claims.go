package auth

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
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
