package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kubeless/kubeless/pkg/functions"
)

const textPlain = "text/plain; charset=utf-8"

// server routes the runtime's own endpoints and sends everything else to
// the function.
type server struct {
	cfg config
	// fn and loadError are atomic.Values, not atomic.Pointers: the server is
	// compiled with the language version of the function's go.mod, and
	// Kubeless's says go 1.14 (no generics).
	fn        atomic.Value // *function, once specialized
	loadError atomic.Value // string: why the handler named at start failed to load
	runaways  atomic.Int64 // timed-out calls whose handler still runs
	metrics   *metrics
	accessLog *log.Logger

	specializeMu sync.Mutex
}

// function is the handler the server calls, with what it tells the handler.
type function struct {
	name    string
	handler handlerFunc
	context functions.Context
	timeout time.Duration
}

func newServer(cfg config) *server {
	s := &server{cfg: cfg, metrics: newMetrics(), accessLog: log.New(os.Stdout, "", 0)}
	if cfg.module == "" || cfg.handler == "" {
		if cfg.module != "" || cfg.handler != "" {
			fmt.Fprintln(os.Stderr, "MOD_NAME and FUNC_HANDLER must both be set to specialize at start; waiting unspecialized")
		}
		return s
	}
	fn, err := functionFromEnv(cfg)
	if err != nil {
		s.loadError.Store(err.Error())
		fmt.Fprintln(os.Stderr, "cannot load the function:", err)
		return s
	}
	s.fn.Store(fn)
	return s
}

// functionFromEnv is the function MOD_NAME and FUNC_HANDLER name.
func functionFromEnv(cfg config) (*function, error) {
	handler, err := lookupHandler(cfg.handler)
	if err != nil {
		return nil, err
	}
	return &function{
		name:    cfg.module + "." + cfg.handler,
		handler: handler,
		context: functions.Context{
			FunctionName: cfg.functionName,
			Timeout:      cfg.timeoutText,
			Runtime:      cfg.runtime,
			MemoryLimit:  cfg.memoryLimit,
		},
		timeout: cfg.timeout,
	}, nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/healthz" && r.Method == http.MethodGet:
		s.serveHealth(w)
	case r.URL.Path == "/metrics" && r.Method == http.MethodGet:
		s.metrics.serve(w)
	case r.URL.Path == "/_nubo/specialize" && r.Method == http.MethodPost:
		s.serveSpecialize(w, r)
	default:
		start := time.Now()
		status := s.serveCall(w, r, start)
		s.logCall(r, status, time.Since(start))
	}
}

func (s *server) serveHealth(w http.ResponseWriter) {
	if s.cfg.instanceID != "" {
		w.Header().Set("Nubo-Instance", s.cfg.instanceID)
	}
	if reason := s.unhealthyReason(); reason != "" {
		writeText(w, http.StatusServiceUnavailable, "unhealthy: "+reason)
		return
	}
	writeText(w, http.StatusOK, "ok")
}

func (s *server) unhealthyReason() string {
	if s.current() == nil {
		if reason := s.loadFailure(); reason != "" {
			return reason
		}
	}
	if n := s.runaways.Load(); n > 0 {
		return fmt.Sprintf("%d timed-out call(s) still running", n)
	}
	return ""
}

// logCall writes the contract's line: <time> <METHOD> <path> <status> <ms>ms.
func (s *server) logCall(r *http.Request, status int, elapsed time.Duration) {
	s.accessLog.Printf("%s %s %s %d %dms", time.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00"),
		r.Method, r.URL.Path, status, elapsed.Milliseconds())
}

// writeText sends a complete text response and returns its status.
func writeText(w http.ResponseWriter, status int, body string) int {
	return writeBody(w, status, textPlain, []byte(body))
}

// writeBody sends a complete response with a Content-Length.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) int {
	header := w.Header()
	if contentType != "" {
		header.Set("Content-Type", contentType)
	}
	header.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	// A write error means the client went away: nothing left to tell it.
	_, _ = w.Write(body)
	return status
}

// current is the specialized function, or nil.
func (s *server) current() *function {
	fn, _ := s.fn.Load().(*function)
	return fn
}

// loadFailure says why the handler named at start could not be loaded.
func (s *server) loadFailure() string {
	reason, _ := s.loadError.Load().(string)
	return reason
}
