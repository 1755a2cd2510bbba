package deploy

// Defaults of the Lambda function applied when the IR leaves a value zero.
const (
	DefaultArchitecture   = "arm64"
	DefaultMemoryMB       = 128
	DefaultTimeoutSeconds = 7
)

func orString(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
