// Package capacity is the capacity model of a skill's profile reads: for N
// daily users it gives the request rate at the peak, the Cognito GetUser
// rate in each profile source (cognito.profileSource getuser and token),
// and the rates of token refreshes and trigger invocations, against
// Cognito's default quotas. docs/capacity.md is rendered from it (a test
// keeps the two equal) and cmd/capacity prints it for other inputs.
package capacity

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Cognito's default quotas, per account and region, shared by every app in
// it (Amazon Cognito user pools quotas: "UserRead" for GetUser,
// "UserAuthentication" for the refresh-token grant Alexa uses).
const (
	GetUserQuota   = 120.0 // GetUser requests/s
	UserAuthQuota  = 120.0 // InitiateAuth/refresh-token requests/s
	secondsPerDay  = 86400.0
	minutesPerDay  = 1440.0
	DefaultPeak    = 4.0 // peak-hour rate over the daily average
	DefaultSession = 2.0
	DefaultTurns   = 3.0
	DefaultToken   = 60 // access-token minutes (cognito.accessTokenMinutes)
)

// Inputs of the model.
type Inputs struct {
	DailyUsers      float64 // users who speak to the skill on a day
	SessionsPerUser float64 // sessions per user per day
	TurnsPerSession float64 // requests per session that need the profile
	Peak            float64 // peak rate over the daily average
	TokenMinutes    int     // access-token lifetime
}

// Rates is what the model gives, per second at the peak.
type Rates struct {
	Requests float64 // skill requests
	Sessions float64 // session starts
	// GetUserLow and GetUserHigh bound GetUser in getuser mode: one per
	// session when every turn of a session reaches an instance that has
	// the profile cached (few warm instances), one per turn when each turn
	// reaches another instance (many instances, each with its own cache).
	GetUserLow, GetUserHigh float64
	// GetUserToken is GetUser in token mode: none once the tokens in use
	// carry the claims (within one token lifetime of turning it on).
	GetUserToken float64
	// Refreshes are Alexa's refresh-token grants (both modes): a session
	// that starts after the last token expired needs a new one, at most one
	// per token lifetime per user. Each runs the trigger once in token mode.
	Refreshes float64
}

// Rates computes the peak rates.
func (in Inputs) Rates() Rates {
	peak := in.Peak / secondsPerDay
	sessions := in.DailyUsers * in.SessionsPerUser * peak
	requests := sessions * in.TurnsPerSession
	// A user needs at most one new token per lifetime, and at most one per
	// session.
	perUser := math.Min(in.SessionsPerUser, minutesPerDay/float64(in.TokenMinutes))
	return Rates{
		Requests:    requests,
		Sessions:    sessions,
		GetUserLow:  sessions,
		GetUserHigh: requests,
		Refreshes:   in.DailyUsers * perUser * peak,
	}
}

// MaxDailyUsers is how many daily users getuser mode serves before GetUser
// reaches the account's whole quota, at one GetUser per session (the best
// case) and per turn (the worst).
func (in Inputs) MaxDailyUsers() (best, worst float64) {
	one := Inputs{DailyUsers: 1, SessionsPerUser: in.SessionsPerUser, TurnsPerSession: in.TurnsPerSession, Peak: in.Peak, TokenMinutes: in.TokenMinutes}.Rates()
	return GetUserQuota / one.GetUserLow, GetUserQuota / one.GetUserHigh
}

// Markdown writes the model's table for the given user counts.
func Markdown(w io.Writer, base Inputs, users []float64) {
	fmt.Fprintf(w, "Assumptions: %s sessions per user per day, %s turns per session that need the profile, "+
		"peak hour at %s× the daily average, access tokens of %d minutes. "+
		"Rates are per second at the peak; %% is of the default quota (%g/s per account and region, shared by every app in it).\n\n",
		num(base.SessionsPerUser), num(base.TurnsPerSession), num(base.Peak), base.TokenMinutes, GetUserQuota)
	fmt.Fprintln(w, "| daily users | requests/s | getuser mode: GetUser/s | token mode: GetUser/s | refreshes (= trigger runs in token mode)/s |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|")
	for _, n := range users {
		in := base
		in.DailyUsers = n
		r := in.Rates()
		fmt.Fprintf(w, "| %s | %s | %s – %s (%s – %s) | 0 | %s (%s of the auth quota) |\n",
			count(n), rate(r.Requests), rate(r.GetUserLow), rate(r.GetUserHigh),
			pct(r.GetUserLow/GetUserQuota), pct(r.GetUserHigh/GetUserQuota),
			rate(r.Refreshes), pct(r.Refreshes/UserAuthQuota))
	}
	best, worst := base.MaxDailyUsers()
	fmt.Fprintf(w, "\ngetuser mode reaches the whole GetUser quota at %s daily users (one GetUser per session) "+
		"or %s (one per turn); token mode makes no GetUser call for any number of users.\n", count(best), count(worst))
}

// TokenLifetimes writes how the access-token lifetime moves the refresh
// rate (and, in token mode, trigger runs and profile staleness) for users
// who come back often.
func TokenLifetimes(w io.Writer, base Inputs, minutes []int) {
	fmt.Fprintf(w, "For %s daily users with %s sessions each (refreshes cannot exceed sessions):\n\n", count(base.DailyUsers), num(base.SessionsPerUser))
	fmt.Fprintln(w, "| access token | a profile change reaches the skill within | refreshes/s at the peak |")
	fmt.Fprintln(w, "|---:|---:|---:|")
	for _, m := range minutes {
		in := base
		in.TokenMinutes = m
		fmt.Fprintf(w, "| %d min | %d min | %s |\n", m, m, rate(in.Rates().Refreshes))
	}
}

func num(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
}

func count(n float64) string {
	switch {
	case n >= 1e6 && math.Mod(n, 1e6) == 0:
		return fmt.Sprintf("%gM", n/1e6)
	case n >= 1e6:
		return fmt.Sprintf("%.1fM", n/1e6)
	case n >= 1e3 && math.Mod(n, 1e3) == 0:
		return fmt.Sprintf("%gk", n/1e3)
	case n >= 1e3:
		return fmt.Sprintf("%.0fk", n/1e3)
	}
	return fmt.Sprintf("%.0f", n)
}

func rate(r float64) string {
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f", r)
	case r >= 10:
		return fmt.Sprintf("%.1f", r)
	}
	return fmt.Sprintf("%.2f", r)
}

func pct(f float64) string {
	if f >= 0.1 {
		return fmt.Sprintf("%.0f%%", f*100)
	}
	return fmt.Sprintf("%.1f%%", f*100)
}
