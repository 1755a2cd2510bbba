package runtime

import (
	"encoding/json"
	"strings"
)

// AddressText returns Cognito's address attribute as speakable text. OIDC
// defines the address claim as a JSON object ({"formatted": …} or its
// parts); Cognito stores whatever string the app wrote, most often plain
// text. Plain text is returned as it is; a JSON object gives its formatted
// member, else its parts joined with commas. A JSON object with no usable
// content ({}, {"formatted": ""}) gives "": the attribute is missing, and
// the skill says so instead of speaking the JSON.
func AddressText(v string) string {
	t := strings.TrimSpace(v)
	if !strings.HasPrefix(t, "{") {
		return v
	}
	var a struct {
		Formatted     string `json:"formatted"`
		StreetAddress string `json:"street_address"`
		Locality      string `json:"locality"`
		Region        string `json:"region"`
		PostalCode    string `json:"postal_code"`
		Country       string `json:"country"`
	}
	if err := json.Unmarshal([]byte(t), &a); err != nil {
		return v
	}
	if Present(a.Formatted) {
		return a.Formatted
	}
	var parts []string
	for _, p := range []string{a.StreetAddress, a.Locality, a.Region, a.PostalCode, a.Country} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, strings.ReplaceAll(p, "\n", ", "))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, ", ")
}
