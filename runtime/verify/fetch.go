package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// HTTPFetcher returns a Fetcher that GETs the URL with client. A nil client
// means one with a 5 s overall timeout that follows no redirects. The
// response must be 200 and at most 64 KiB.
func HTTPFetcher(client *http.Client) Fetcher {
	if client == nil {
		client = &http.Client{
			Timeout: 5 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return errors.New("certificate chain URL redirects")
			},
		}
	}
	return FetcherFunc(func(ctx context.Context, url string) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, maxCertChainBytes+1))
		if err != nil {
			return nil, err
		}
		if len(data) > maxCertChainBytes {
			return nil, fmt.Errorf("GET %s: certificate chain larger than %d bytes", url, maxCertChainBytes)
		}
		return data, nil
	})
}
