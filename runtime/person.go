package runtime

import "context"

// Personalization is skill personalization for recognized speakers: with
// it, Alexa sends context.System.person for a speaker it recognizes by
// voice, with that person's own access token once they have linked the
// skill to their own account.
type Personalization struct {
	// Enabled: a recognized speaker's own token answers for them.
	Enabled bool
	// AccountProfile: a recognized speaker who has not linked their own
	// account is answered from the account-level link. Otherwise they get
	// the link-account message and card, so that no household member
	// hears another member's private data.
	AccountProfile bool
	// UnrecognizedName is what Writer.Speaker writes for a speaker Alexa
	// did not recognize, per locale (SSML text); a locale without one
	// writes nothing there.
	UnrecognizedName map[string]string
}

// Levels of account link (Summary.Level, the request log's "linkLevel"):
// which link a request's answer was given from, or would have been.
const (
	LevelAccount = "account" // context.System.user: the Alexa account's link
	LevelPerson  = "person"  // context.System.person: the recognized speaker's own link
)

// token returns the access token that answers req and its level. Without
// personalization, or for an unrecognized speaker, it is the account-level
// token. For a recognized speaker it is their own token; when they have
// not linked, the account-level token if p.AccountProfile, else "" (ask
// them to link).
func (p *Personalization) token(req *RequestEnvelope) (token, level string) {
	person := &req.Context.System.Person
	if !p.Enabled || person.PersonID == "" && person.AccessToken == "" {
		return req.AccessToken(), LevelAccount
	}
	if person.AccessToken != "" {
		return person.AccessToken, LevelPerson
	}
	if p.AccountProfile {
		return req.AccessToken(), LevelAccount
	}
	return "", LevelPerson
}

// noteLevel records in the context's Summary, if it has one, which link
// answers the request.
func noteLevel(ctx context.Context, level string, linked bool) {
	if s, _ := ctx.Value(SummaryKey{}).(*Summary); s != nil {
		s.Level, s.Linked = level, linked
	}
}
