// Package testpeers starts the real offline peers that skillgen's
// integration tests run against, and stops them again: cognito-local
// (Amazon Cognito user pools), the Lambda Runtime Interface Emulator, and
// the npm packages virtual-alexa and cognito-local for node-driven tests.
// It is a test helper: import it only from _test.go files. Every helper takes
// a testing.TB, fails the test with the peer's log tail when something goes
// wrong, and registers a cleanup that stops what it started by process group.
//
// # Installation
//
// The peers are pinned in testdata/peers/package-lock.json (cognito-local
// 5.3.0, virtual-alexa 0.7.8) and by the emulator's module version in
// scripts/peers.sh. `scripts/peers.sh install` (run once by CI before go
// test) runs npm ci when node_modules does not match the lockfile and builds
// bin/aws-lambda-rie when missing. The helpers run it themselves when needed,
// under an flock on bin/.peers.lock so that test binaries running in
// parallel install only once.
//
// # API
//
//	StartCognito(t) *Cognito              cognito-local on a free 127.0.0.1 port, fresh data dir
//	(*Cognito).Endpoint, .Client           base URL; SDK client (dummy creds, us-east-1, no retries)
//	(*Cognito).Env() / SetEnv(t)           AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_REGION, dummy keys
//	(*Cognito).CreatePool(t, name, custom...) (poolID, clientID)
//	(*Cognito).CreateUser(t, pool, client, user, pw, attrs) accessToken
//	(*Cognito).JWKSURL(pool), Issuer(pool), SignToken(t, claims), Claims(t, token)
//	(*Cognito).Stop(t), LogTail(), StartupTime, Dir, LogPath
//	CustomString(name), CustomNumber(name)  custom schema attributes for CreatePool
//	RIE(t) path; StartRIE(t, bootstrap, env) invokeURL; Invoke(t, url, event) / TryInvoke(url, event)
//	NodeModules(t) path; Node(t) path; FreePort(t); RepoRoot(t)
//
// Node scripts (virtual-alexa e2e) run as Node(t) with
// NODE_PATH=NodeModules(t) so that require("virtual-alexa") resolves from
// anywhere, and NODE_NO_WARNINGS=1: virtual-alexa and cognito-local load
// aws-sdk v2, which otherwise prints an end-of-support notice on stderr.
//
// # What cognito-local 5.3.0 does (verified by this package's tests)
//
//   - Start-up: `node node_modules/cognito-local/lib/bin/start.js` with
//     HOST/PORT; data in ./.cognito of its working directory. GET /health
//     answers 200 {"ok":true} about 0.5–0.8 s after start on an idle machine
//     (several seconds when the machine is loaded; StartCognito waits up to
//     30 s and records Cognito.StartupTime).
//   - Pool IDs look like "local_AbCd1234", not "us-east-1_AbCd12345": do not
//     derive the region from a pool ID in code tested against it.
//   - Its default config makes every pool sign in by email
//     (UsernameAttributes [email], "Username should be an email."); StartCognito
//     writes .cognito/config.json clearing that default, so pools behave as in
//     AWS: UsernameAttributes only when CreateUserPool asks for them.
//   - Access tokens: RS256, header kid "CognitoLocal"; claims iss
//     (= Issuer(pool) = Endpoint + "/" + poolID), client_id, sub, username,
//     token_use "access", scope "aws.cognito.signin.user.admin" only, exp 24 h
//     after iat by default; no "aud".
//   - JWKS: GET /<poolId>/.well-known/jwks.json serves one RSA key (kid
//     "CognitoLocal", alg RS256), the same for every pool ID, even unknown
//     ones. Its private key ships in the npm package; SignToken signs with it,
//     so tests can make validly signed expired or wrong-issuer tokens.
//     /<poolId>/.well-known/openid-configuration is hard-wired to
//     http://localhost:9229, whatever the port: give verifiers JWKSURL and
//     Issuer directly, never discover them.
//   - GetUser with a valid token: 200 with Username and every attribute of
//     the user, sub and custom:* included.
//   - GetUser does NOT validate the token; it only decodes it: expired,
//     badly signed (tampered) tokens, tokens whose refresh token was revoked
//     and tokens of disabled users all get 200 with the profile. A string
//     that is not a JWT gets HTTP 400 InvalidParameterException (real Cognito:
//     NotAuthorizedException for all of these). A JWT naming an unknown
//     client_id gets ResourceNotFoundException, an unknown sub
//     UserNotFoundException. Test token rejection with a test double.
//   - GetUser ignores the app client's ReadAttributes: a client allowed to
//     read only given_name still gets every attribute (real Cognito returns
//     only readable ones), so "readable attributes" must be checked on the
//     CreateUserPoolClient/UpdateUserPoolClient request instead.
//   - Unsupported operations (CreateUserPoolDomain, DescribeUserPoolDomain,
//     GlobalSignOut, …) answer HTTP 500 with __type "CognitoLocal#Unsupported"
//     (SDK error code "Unsupported"). Cognito.Client has aws.NopRetryer, so
//     that is one HTTP attempt; code under test configured through Env()
//     uses its own retryer (the SDK default retries 500s 3 times).
//   - It does not check request signatures; any static credentials work.
//
// Differences from /work/shared/ALEXA-FACTS.md: ALEXA-FACTS says cognito-local
// is "ready in about 0.5 s" (true only on an idle machine) and does not
// mention the email-username default, the "local_" pool IDs, the hard-wired
// openid-configuration, the missing "aud" claim, or that GetUser ignores
// ReadAttributes. Everything else it says was confirmed.
//
// # Lambda Runtime Interface Emulator
//
// StartRIE always passes --runtime-interface-emulator-address and
// --runtime-api-address on 127.0.0.1 (unknown flags are ignored and the
// default is 0.0.0.0:8080). The bootstrap is started on the first invocation,
// with the emulator's environment. The emulator handles one invocation at a
// time and overlapping invocations kill it (connection reset / EOF, verified
// by removing the lock in Invoke): Invoke and TryInvoke serialize calls per
// URL. A function error comes back as HTTP 200 with an errorMessage body.
package testpeers
