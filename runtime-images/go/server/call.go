package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/kubeless/kubeless/pkg/functions"
)

// Call states: a call is abandoned when it times out before its handler returns.
const (
	callRunning int32 = iota
	callFinished
	callAbandoned
)

// result is what a handler returned.
type result struct {
	value interface{}
	err   error
}

// serveCall answers a request meant for the function and returns the status.
func (s *server) serveCall(w http.ResponseWriter, r *http.Request, arrival time.Time) int {
	fn := s.current()
	if fn == nil {
		return writeText(w, http.StatusServiceUnavailable, "Error: "+s.notReadyReason())
	}
	body, status, err := readBody(w, r, s.cfg.maxBodyBytes)
	if err != nil {
		return writeText(w, status, "Error: "+err.Error())
	}
	parsed, err := parseData(r.Header.Get("Content-Type"), body)
	if err != nil {
		return writeText(w, http.StatusBadRequest, "Error: invalid JSON body")
	}
	status = s.invoke(w, r, fn, body, parsed, arrival)
	s.metrics.observe(r.Method, time.Since(arrival), status)
	return status
}

func (s *server) notReadyReason() string {
	if reason := s.loadFailure(); reason != "" {
		return reason
	}
	return "not specialized"
}

// invoke runs the handler in its own goroutine so that a call reaching the
// timeout can be answered with 408 while the handler, which Go cannot stop,
// goes on; it then counts as a runaway until it returns.
func (s *server) invoke(w http.ResponseWriter, r *http.Request, fn *function, body []byte, parsed interface{}, arrival time.Time) int {
	ctx, cancel := context.WithTimeout(r.Context(), fn.timeout)
	defer cancel()
	recorder := newRecorder()
	event := newEvent(r.WithContext(ctx), body, parsed, arrival, recorder)

	var state atomic.Int32
	results := make(chan result, 1)
	go s.runHandler(fn.handler, event, fn.context, &state, results)

	timer := time.NewTimer(fn.timeout)
	defer timer.Stop()
	select {
	case res := <-results:
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return writeTimeout(w)
		}
		return writeResult(w, r, recorder, res)
	case <-timer.C:
		s.runaways.Add(1)
		if !state.CompareAndSwap(callRunning, callAbandoned) {
			s.runaways.Add(-1) // it returned just now
		}
		recorder.detach()
		return writeTimeout(w)
	}
}

func (s *server) runHandler(handler handlerFunc, event functions.Event, ctx functions.Context, state *atomic.Int32, results chan<- result) {
	defer func() {
		if !state.CompareAndSwap(callRunning, callFinished) {
			s.runaways.Add(-1)
		}
	}()
	results <- callHandler(handler, event, ctx)
}

// callHandler turns a panic into an error, like an exception in other languages.
func callHandler(handler handlerFunc, event functions.Event, ctx functions.Context) (res result) {
	returned := false
	defer func() {
		if !returned {
			p := recover()
			fmt.Fprintf(os.Stderr, "panic in handler: %v\n%s", p, debug.Stack())
			res = result{err: fmt.Errorf("%v", p)}
		}
	}()
	value, err := handler(event, ctx)
	returned = true
	return result{value: value, err: err}
}

func writeTimeout(w http.ResponseWriter) int {
	return writeText(w, http.StatusRequestTimeout, "Timeout exceeded")
}

// readBody reads the whole request body, refusing more than limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, int, error) {
	tooLarge := fmt.Errorf("request body larger than %d bytes", limit)
	if r.ContentLength > limit {
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	}
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
	var maxBytes *http.MaxBytesError
	switch {
	case errors.As(err, &maxBytes):
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	case err != nil:
		return nil, http.StatusBadRequest, fmt.Errorf("cannot read the request body: %v", err)
	}
	return buf.Bytes(), 0, nil
}

// newEvent builds the event: Kubeless event-* headers win over CloudEvents
// ce-* headers, which win over the defaults.
func newEvent(r *http.Request, body []byte, parsed interface{}, arrival time.Time, response http.ResponseWriter) functions.Event {
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	eventID := firstHeader(r, "event-id", "ce-id")
	if eventID == "" {
		eventID = newUUID()
	}
	eventTime := firstHeader(r, "event-time", "ce-time")
	if eventTime == "" {
		eventTime = arrival.UTC().Format(time.RFC3339)
	}
	return functions.Event{
		Data:           string(body),
		Parsed:         parsed,
		EventID:        eventID,
		EventType:      firstHeader(r, "event-type", "ce-type", "Content-Type"),
		EventTime:      eventTime,
		EventNamespace: firstHeader(r, "event-namespace", "ce-source"),
		Extensions:     functions.Extension{Request: r, Response: response, Context: r.Context()},
	}
}

func firstHeader(r *http.Request, names ...string) string {
	for _, name := range names {
		if value := r.Header.Get(name); value != "" {
			return value
		}
	}
	return ""
}
