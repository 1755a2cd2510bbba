// Package e2e drives the generated skill packages (generated/linkedprofile
// and the member-card variant) through the runtime: in process, against a
// real cognito-local, and as the bootstrap binary under the Lambda Runtime
// Interface Emulator. It also holds the per-request and cold-start
// benchmarks. It has no non-test code.
package e2e
