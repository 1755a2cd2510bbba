package linking

// AccountLinking is accountLinking.json: the SMAPI body of
// `ask smapi update-account-linking-info --account-linking-request file:…`.
type AccountLinking struct {
	AccountLinkingRequest AccountLinkingRequest `json:"accountLinkingRequest"`
}

// AccountLinkingRequest is SMAPI's accountLinkingRequest.
type AccountLinkingRequest struct {
	Type              string   `json:"type"`
	AuthorizationURL  string   `json:"authorizationUrl"`
	AccessTokenURL    string   `json:"accessTokenUrl"`
	ClientID          string   `json:"clientId"`
	ClientSecret      string   `json:"clientSecret"`
	AccessTokenScheme string   `json:"accessTokenScheme"`
	Scopes            []string `json:"scopes"`
	Domains           []string `json:"domains"`
	SkipOnEnablement  bool     `json:"skipOnEnablement"`
}

// AccountLinkingOf builds the account-linking body for a client; with empty
// clientID and secret it carries the markers provision replaces.
func AccountLinkingOf(cs *CognitoSetup, clientID, clientSecret string) AccountLinking {
	if clientID == "" {
		clientID = ClientIDMarker
	}
	if clientSecret == "" {
		clientSecret = ClientSecretMarker
	}
	return AccountLinking{AccountLinkingRequest{
		Type:              "AUTH_CODE",
		AuthorizationURL:  cs.AuthorizationURL(),
		AccessTokenURL:    cs.TokenURL(),
		ClientID:          clientID,
		ClientSecret:      clientSecret,
		AccessTokenScheme: "HTTP_BASIC",
		Scopes:            append([]string(nil), OAuthScopes...),
		Domains:           []string{cs.Host()},
		SkipOnEnablement:  false,
	}}
}
