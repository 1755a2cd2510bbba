// Package runtime runs generated skill handlers: it decodes Alexa requests,
// fetches the user's Cognito profile, renders answers and encodes responses.
package runtime

import (
	"context"
	"errors"
)

// ProfileSource fetches the linked user's Cognito attributes (name → value)
// for an Alexa access token. Implementations: the Cognito GetUser source, and
// decorators that verify tokens locally, cache profiles and retry.
type ProfileSource interface {
	Profile(ctx context.Context, accessToken string) (map[string]string, error)
}

// ProfileSourceFunc adapts a function to ProfileSource.
type ProfileSourceFunc func(ctx context.Context, accessToken string) (map[string]string, error)

// Profile calls f.
func (f ProfileSourceFunc) Profile(ctx context.Context, accessToken string) (map[string]string, error) {
	return f(ctx, accessToken)
}

// ErrNotLinked means the request carries no usable account link: no token,
// or a token Cognito (or local verification) rejects. The skill answers with
// the link-account message and a LinkAccount card.
var ErrNotLinked = errors.New("account not linked or token rejected")
