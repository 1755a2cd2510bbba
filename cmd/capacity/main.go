// Command capacity prints the capacity model of docs/capacity.md for your
// own numbers: request, GetUser and token-refresh rates at the peak, in
// both profile sources, against Cognito's default quotas.
//
//	go run ./cmd/capacity -users 250000 -sessions 3 -turns 4 -token-minutes 30
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/skillgen/skillgen/internal/capacity"
)

func main() {
	fs := flag.NewFlagSet("capacity", flag.ExitOnError)
	users := fs.Float64("users", 1_000_000, "daily users")
	sessions := fs.Float64("sessions", capacity.DefaultSession, "sessions per user per day")
	turns := fs.Float64("turns", capacity.DefaultTurns, "turns per session that need the profile")
	peak := fs.Float64("peak", capacity.DefaultPeak, "peak-hour rate over the daily average")
	minutes := fs.Int("token-minutes", capacity.DefaultToken, "access-token lifetime (cognito.accessTokenMinutes, 5 to 1440)")
	_ = fs.Parse(os.Args[1:])
	if *users <= 0 || *sessions <= 0 || *turns <= 0 || *peak < 1 || *minutes < 5 || *minutes > 1440 {
		fmt.Fprintln(os.Stderr, "capacity: users, sessions and turns must be positive, peak at least 1, token-minutes 5 to 1440")
		os.Exit(2)
	}
	in := capacity.Inputs{DailyUsers: *users, SessionsPerUser: *sessions, TurnsPerSession: *turns, Peak: *peak, TokenMinutes: *minutes}
	capacity.Markdown(os.Stdout, in, []float64{*users})
	fmt.Println()
	capacity.TokenLifetimes(os.Stdout, in, []int{5, 15, 60, 240, 1440})
}
