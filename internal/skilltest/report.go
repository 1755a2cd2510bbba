package skilltest

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteText prints the report for a person: every failure with the
// conversation so far, expected and actual; with verbose, every
// conversation.
func (r *Report) WriteText(w io.Writer, verbose bool) {
	for _, x := range r.Results {
		head := fmt.Sprintf("%s:%d: %s [%s, %s]", x.File, x.Line, x.Name, x.Locale, x.Profile)
		switch x.Status {
		case Skip:
			if verbose {
				fmt.Fprintf(w, "--- SKIP: %s\n", head)
			}
			continue
		case Pass:
			if verbose {
				fmt.Fprintf(w, "--- PASS: %s (%s)\n", head, seconds(x.Duration))
			}
			continue
		}
		fmt.Fprintf(w, "--- FAIL: %s\n", head)
		if len(x.Transcript) > 0 {
			fmt.Fprintln(w, "    conversation so far:")
			for _, ex := range x.Transcript {
				fmt.Fprintf(w, "      %s:%d  > %s  (%s)\n", x.File, ex.Line, ex.Input, ex.Request)
				if ex.Prompt != "" || ex.Raw != nil {
					end := ""
					if ex.Ended {
						end = "  [session ended]"
					}
					fmt.Fprintf(w, "      %s  < %s%s\n", strings.Repeat(" ", len(fmt.Sprintf("%s:%d", x.File, ex.Line))), ex.Prompt, end)
				}
			}
		}
		for _, f := range x.Failures {
			if f.Path == "" {
				fmt.Fprintf(w, "    %s:%d: %q: %s\n", f.File, f.Line, f.Input, f.Message)
				continue
			}
			pos := fmt.Sprintf("%s:%d", f.File, f.Line)
			fmt.Fprintf(w, "    %s: %q: %s\n", pos, f.Input, f.Path)
			fmt.Fprintf(w, "      expected: %s\n", f.Expected)
			actual := f.Actual
			if !f.Defined {
				actual = "undefined"
			}
			fmt.Fprintf(w, "      actual:   %s\n", actual)
			if f.Defined && f.Op == "==" && !strings.HasPrefix(f.Expected, "one of: ") && f.Expected != "undefined" {
				fmt.Fprintf(w, "      diff:     %s\n", WordDiff(f.Expected, f.Actual))
			}
		}
	}
	pass, fail, skip := r.Counts()
	status := "ok  "
	if fail > 0 {
		status = "FAIL"
	}
	fmt.Fprintf(w, "%s %d conversations: %d passed, %d failed, %d skipped (%s)\n", status, len(r.Results), pass, fail, skip, seconds(r.Duration))
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3fs", d.Seconds()) }

// JUnit XML, as Jenkins, GitLab and GitHub test reporters read it.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr"`
	Line      int           `xml:"line,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *struct{}     `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the report as JUnit XML: a suite per file and locale,
// a test case per conversation.
func (r *Report) WriteJUnit(w io.Writer) error {
	out := junitSuites{Name: "skillgen test", Time: fmt.Sprintf("%.3f", r.Duration.Seconds())}
	index := map[string]int{}
	for _, x := range r.Results {
		key := x.File + " [" + x.Locale + "]"
		i, ok := index[key]
		if !ok {
			i = len(out.Suites)
			index[key] = i
			out.Suites = append(out.Suites, junitSuite{Name: key})
		}
		s := &out.Suites[i]
		c := junitCase{Name: fmt.Sprintf("%s [%s, %s]", x.Name, x.Locale, x.Profile), Classname: strings.TrimSuffix(x.File, ".yml"),
			File: x.File, Line: x.Line, Time: fmt.Sprintf("%.3f", x.Duration.Seconds())}
		s.Tests++
		out.Tests++
		switch x.Status {
		case Skip:
			c.Skipped = &struct{}{}
			s.Skipped++
			out.Skipped++
		case Fail:
			s.Failures++
			out.Failures++
			var b strings.Builder
			one := &Report{Results: []*Result{x}}
			one.WriteText(&b, false)
			msg := "conversation failed"
			if f := x.Failures[0]; f.Path != "" {
				msg = fmt.Sprintf("%s:%d: %s: expected %s", f.File, f.Line, f.Path, f.Expected)
			} else {
				msg = fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Message)
			}
			c.Failure = &junitFailure{Message: msg, Type: "skillgen.test", Text: b.String()}
		}
		s.Cases = append(s.Cases, c)
	}
	for i := range out.Suites {
		var d float64
		for _, x := range r.Results {
			if x.File+" ["+x.Locale+"]" == out.Suites[i].Name {
				d += x.Duration.Seconds()
			}
		}
		out.Suites[i].Time = fmt.Sprintf("%.3f", d)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

type jsonReport struct {
	OK            bool         `json:"ok"`
	Passed        int          `json:"passed"`
	Failed        int          `json:"failed"`
	Skipped       int          `json:"skipped"`
	Seconds       float64      `json:"seconds"`
	Conversations []jsonResult `json:"conversations"`
}

type jsonResult struct {
	File     string         `json:"file"`
	Line     int            `json:"line"`
	Name     string         `json:"name"`
	Locale   string         `json:"locale"`
	Profile  string         `json:"profile"`
	Status   string         `json:"status"`
	Seconds  float64        `json:"seconds"`
	Failures []jsonFailure  `json:"failures,omitempty"`
	Turns    []jsonExchange `json:"turns"`
}

type jsonFailure struct {
	File     string  `json:"file"`
	Line     int     `json:"line"`
	Input    string  `json:"input"`
	Path     string  `json:"path,omitempty"`
	Op       string  `json:"op,omitempty"`
	Expected string  `json:"expected,omitempty"`
	Actual   *string `json:"actual,omitempty"`
	Message  string  `json:"message,omitempty"`
}

type jsonExchange struct {
	Line     int             `json:"line"`
	Input    string          `json:"input"`
	Request  string          `json:"request"`
	Prompt   string          `json:"prompt"`
	Ended    bool            `json:"sessionEnded"`
	Response json.RawMessage `json:"response,omitempty"`
}

// WriteJSON writes the report as one JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	pass, fail, skip := r.Counts()
	out := jsonReport{OK: fail == 0, Passed: pass, Failed: fail, Skipped: skip, Seconds: r.Duration.Seconds(), Conversations: []jsonResult{}}
	for _, x := range r.Results {
		jr := jsonResult{File: x.File, Line: x.Line, Name: x.Name, Locale: x.Locale, Profile: x.Profile, Status: x.Status,
			Seconds: x.Duration.Seconds(), Turns: []jsonExchange{}}
		for _, f := range x.Failures {
			jf := jsonFailure{File: f.File, Line: f.Line, Input: f.Input, Path: f.Path, Op: f.Op, Expected: f.Expected, Message: f.Message}
			if f.Path != "" && f.Defined {
				a := f.Actual
				jf.Actual = &a
			}
			jr.Failures = append(jr.Failures, jf)
		}
		for _, ex := range x.Transcript {
			jr.Turns = append(jr.Turns, jsonExchange{Line: ex.Line, Input: ex.Input, Request: ex.Request, Prompt: ex.Prompt, Ended: ex.Ended, Response: ex.Raw})
		}
		out.Conversations = append(out.Conversations, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
