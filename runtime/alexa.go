package runtime

// Alexa request types (request.type).
const (
	TypeLaunch             = "LaunchRequest"
	TypeIntent             = "IntentRequest"
	TypeSessionEnded       = "SessionEndedRequest"
	TypeException          = "System.ExceptionEncountered"
	TypeSkillEnabled       = "AlexaSkillEvent.SkillEnabled"
	TypeSkillDisabled      = "AlexaSkillEvent.SkillDisabled"
	TypeAccountLinked      = "AlexaSkillEvent.SkillAccountLinked"
	TypePermissionAccepted = "AlexaSkillEvent.SkillPermissionAccepted"
	TypePermissionChanged  = "AlexaSkillEvent.SkillPermissionChanged"
)

// Built-in intents the runtime answers from the skill's messages.
const (
	IntentHelp         = "AMAZON.HelpIntent"
	IntentStop         = "AMAZON.StopIntent"
	IntentCancel       = "AMAZON.CancelIntent"
	IntentFallback     = "AMAZON.FallbackIntent"
	IntentNavigateHome = "AMAZON.NavigateHomeIntent"
)

// ResolutionMatch is the entity-resolution status of a slot value that
// matched one of the slot type's values.
const ResolutionMatch = "ER_SUCCESS_MATCH"

// RequestEnvelope is the JSON body Alexa sends to the skill.
type RequestEnvelope struct {
	Version string   `json:"version"`
	Session *Session `json:"session,omitempty"`
	Context Context  `json:"context"`
	Request Request  `json:"request"`
}

// AccessToken returns the account-level access token: from
// context.System.user, which every request has, else from session.user.
// It is empty when the account is not linked. A recognized speaker's own
// token is in context.System.person (see Person).
func (e *RequestEnvelope) AccessToken() string {
	if t := e.Context.System.User.AccessToken; t != "" {
		return t
	}
	if e.Session != nil {
		return e.Session.User.AccessToken
	}
	return ""
}

// Session is the conversation state; skill events have none.
type Session struct {
	New         bool        `json:"new"`
	SessionID   string      `json:"sessionId"`
	Application Application `json:"application"`
	User        User        `json:"user"`
}

// Application identifies the skill.
type Application struct {
	ApplicationID string `json:"applicationId"`
}

// User is the Alexa user; AccessToken is set once the account is linked.
type User struct {
	UserID      string `json:"userId"`
	AccessToken string `json:"accessToken,omitempty"`
}

// Context is the device and system state of a request.
type Context struct {
	System System `json:"System"`
}

// System carries the skill and user of every request.
type System struct {
	Application Application `json:"application"`
	User        User        `json:"user"`
	// Person is the recognized speaker, for skills with personalization:
	// set when Alexa recognizes the speaker's voice ID.
	Person      Person `json:"person,omitzero"`
	APIEndpoint string `json:"apiEndpoint,omitempty"`
}

// Person is a speaker Alexa recognized by voice (skill personalization).
// AccessToken is set once that person has linked the skill to their own
// account; context.System.user keeps the account-level link.
type Person struct {
	PersonID    string `json:"personId"`
	AccessToken string `json:"accessToken,omitempty"`
}

// Request is the request object; which fields are set depends on Type.
type Request struct {
	Type      string `json:"type"`
	RequestID string `json:"requestId"`
	Timestamp string `json:"timestamp"`
	Locale    string `json:"locale,omitempty"`
	// Intent is set for IntentRequest.
	Intent *Intent `json:"intent,omitempty"`
	// Reason is set for SessionEndedRequest: USER_INITIATED, ERROR,
	// EXCEEDED_MAX_REPROMPTS.
	Reason string `json:"reason,omitempty"`
	// Error is set for SessionEndedRequest with reason ERROR and for
	// System.ExceptionEncountered.
	Error *RequestError `json:"error,omitempty"`
	// Cause is set for System.ExceptionEncountered: the request that failed.
	Cause *ErrorCause `json:"cause,omitempty"`
	// EventCreationTime is set for skill events (AlexaSkillEvent.*).
	EventCreationTime string `json:"eventCreationTime,omitempty"`
}

// RequestError describes an error Alexa reports to the skill.
type RequestError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// ErrorCause names the request whose response caused an error.
type ErrorCause struct {
	RequestID string `json:"requestId"`
}

// Intent is the intent of an IntentRequest.
type Intent struct {
	Name               string           `json:"name"`
	ConfirmationStatus string           `json:"confirmationStatus,omitempty"`
	Slots              map[string]*Slot `json:"slots,omitempty"`
}

// SlotID returns the entity-resolution id of the named slot's value when
// an authority resolved it (status ER_SUCCESS_MATCH), else "".
func (in *Intent) SlotID(name string) string {
	if in == nil {
		return ""
	}
	s := in.Slots[name]
	if s == nil || s.Resolutions == nil {
		return ""
	}
	for _, r := range s.Resolutions.ResolutionsPerAuthority {
		if r.Status.Code == ResolutionMatch && len(r.Values) > 0 {
			return r.Values[0].Value.ID
		}
	}
	return ""
}

// SlotValue returns the spoken value of the named slot, or "".
func (in *Intent) SlotValue(name string) string {
	if in == nil {
		return ""
	}
	if s := in.Slots[name]; s != nil {
		return s.Value
	}
	return ""
}

// Slot is one slot of an intent.
type Slot struct {
	Name               string       `json:"name"`
	Value              string       `json:"value,omitempty"`
	ConfirmationStatus string       `json:"confirmationStatus,omitempty"`
	Resolutions        *Resolutions `json:"resolutions,omitempty"`
}

// Resolutions holds the entity-resolution results of a slot.
type Resolutions struct {
	ResolutionsPerAuthority []Resolution `json:"resolutionsPerAuthority"`
}

// Resolution is one authority's result.
type Resolution struct {
	Authority string            `json:"authority"`
	Status    ResolutionStatus  `json:"status"`
	Values    []ResolutionValue `json:"values,omitempty"`
}

// ResolutionStatus is ER_SUCCESS_MATCH, ER_SUCCESS_NO_MATCH, ER_ERROR_TIMEOUT
// or ER_ERROR_EXCEPTION.
type ResolutionStatus struct {
	Code string `json:"code"`
}

// ResolutionValue wraps one resolved value.
type ResolutionValue struct {
	Value ResolvedValue `json:"value"`
}

// ResolvedValue is a slot-type value: its canonical name and id.
type ResolvedValue struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

// ResponseEnvelope is the JSON body the skill answers with.
type ResponseEnvelope struct {
	Version  string   `json:"version"`
	Response Response `json:"response"`
}

// Response is what Alexa says and shows.
type Response struct {
	OutputSpeech     *OutputSpeech `json:"outputSpeech,omitempty"`
	Card             *Card         `json:"card,omitempty"`
	Reprompt         *Reprompt     `json:"reprompt,omitempty"`
	ShouldEndSession *bool         `json:"shouldEndSession,omitempty"`
}

// OutputSpeech is SSML speech: <speak>…</speak>.
type OutputSpeech struct {
	Type string `json:"type"` // always SSML
	SSML string `json:"ssml"`
}

// Card is a Simple card (title and plain text) or a LinkAccount card.
type Card struct {
	Type    string `json:"type"` // Simple or LinkAccount
	Title   string `json:"title,omitempty"`
	Content string `json:"content,omitempty"`
}

// Reprompt is spoken when the user says nothing.
type Reprompt struct {
	OutputSpeech OutputSpeech `json:"outputSpeech"`
}

// Card types.
const (
	CardSimple      = "Simple"
	CardLinkAccount = "LinkAccount"
)
