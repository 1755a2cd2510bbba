package httpserver_test

import (
	"crypto/x509"

	"github.com/skillgen/skillgen/runtime/verify/verifytest"
)

func x509MarshalKey(s *verifytest.Signer) ([]byte, error) { return x509.MarshalPKCS8PrivateKey(s.Key) }
