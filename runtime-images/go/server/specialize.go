package main

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/kubeless/kubeless/pkg/functions"
)

const maxSpecializeBytes = 1 << 20

// specializeRequest is the body of POST /_nubo/specialize. The handler is
// compiled in, so codeDir only becomes the working directory, and
// buildDir/depsDir are not needed.
type specializeRequest struct {
	CodeDir      string            `json:"codeDir"`
	DepsDir      string            `json:"depsDir"`
	BuildDir     string            `json:"buildDir"`
	Handler      string            `json:"handler"`
	FunctionName string            `json:"functionName"`
	Timeout      *float64          `json:"timeout"`
	Runtime      string            `json:"runtime"`
	MemoryLimit  string            `json:"memoryLimit"`
	Env          map[string]string `json:"env"`
	LogFile      string            `json:"logFile"`
}

func (s *server) serveSpecialize(w http.ResponseWriter, r *http.Request) {
	if !s.tokenMatches(r.Header.Get("Nubo-Specialize-Token")) {
		writeJSONError(w, http.StatusForbidden, "missing or wrong Nubo-Specialize-Token")
		return
	}
	s.specializeMu.Lock()
	defer s.specializeMu.Unlock()
	if s.current() != nil {
		writeJSONError(w, http.StatusConflict, "already specialized")
		return
	}
	req, err := decodeSpecialize(r.Body)
	if err != nil {
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	}
	fn, err := s.load(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, "specialize failed:", err)
		writeJSONError(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.fn.Store(fn)
	s.loadError.Store("")
	fmt.Fprintf(os.Stdout, "specialized: handler %s\n", fn.name)
	writeBody(w, http.StatusOK, "application/json", []byte(`{"specialized": true}`))
}

func (s *server) tokenMatches(given string) bool {
	want := s.cfg.specializeToken
	return want == "" || subtle.ConstantTimeCompare([]byte(given), []byte(want)) == 1
}

func decodeSpecialize(body io.Reader) (specializeRequest, error) {
	var req specializeRequest
	data, err := io.ReadAll(io.LimitReader(body, maxSpecializeBytes+1))
	if err != nil {
		return req, fmt.Errorf("cannot read the body: %v", err)
	}
	if len(data) > maxSpecializeBytes {
		return req, errors.New("body too large")
	}
	if err := json.Unmarshal(data, &req); err != nil {
		return req, fmt.Errorf("malformed body: %v", err)
	}
	return req, validateSpecialize(req)
}

func validateSpecialize(req specializeRequest) error {
	if req.CodeDir == "" {
		return errors.New("codeDir is required")
	}
	if _, _, err := splitHandler(req.Handler); err != nil {
		return err
	}
	if req.Timeout != nil && (*req.Timeout <= 0 || *req.Timeout > 1e9) {
		return errors.New("timeout must be a positive number of seconds")
	}
	for name := range req.Env {
		if name == "" || strings.ContainsAny(name, "=\x00") {
			return fmt.Errorf("invalid environment variable name %q", name)
		}
	}
	return nil
}

// load selects the compiled-in handler. When it fails, nothing has changed
// and the server stays unspecialized.
func (s *server) load(req specializeRequest) (*function, error) {
	module, name, _ := splitHandler(req.Handler)
	handler, err := lookupHandler(name)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(req.CodeDir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("code directory %s does not exist", req.CodeDir)
	}
	if req.LogFile != "" {
		if err := redirectOutput(req.LogFile); err != nil {
			return nil, err
		}
	}
	if err := setEnv(req.Env); err != nil {
		return nil, err
	}
	os.Unsetenv("NUBO_SPECIALIZE_TOKEN") // the environment a cold start gives, without the pool's token
	if err := os.Chdir(req.CodeDir); err != nil {
		return nil, err
	}
	timeoutText, timeout := s.cfg.timeoutText, s.cfg.timeout
	if req.Timeout != nil {
		timeoutText = strconv.FormatFloat(*req.Timeout, 'f', -1, 64)
		timeout, _ = secondsToDuration(timeoutText)
	}
	return &function{
		name:    module + "." + name,
		handler: handler,
		context: functions.Context{
			FunctionName: firstNonEmpty(req.FunctionName, module),
			Timeout:      timeoutText,
			Runtime:      firstNonEmpty(req.Runtime, s.cfg.runtime),
			MemoryLimit:  firstNonEmpty(req.MemoryLimit, s.cfg.memoryLimit),
		},
		timeout: timeout,
	}, nil
}

// redirectOutput points descriptors 1 and 2 (so child processes too) at the
// function's log: a pooled server was started before it knew its function.
func redirectOutput(logFile string) error {
	log, err := os.OpenFile(logFile, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("cannot open log file: %v", err)
	}
	defer log.Close()
	for _, fd := range []int{1, 2} {
		if err := syscall.Dup3(int(log.Fd()), fd, 0); err != nil {
			return fmt.Errorf("cannot write to log file %s: %v", logFile, err)
		}
	}
	return nil
}

func setEnv(env map[string]string) error {
	for key, value := range env {
		if err := os.Setenv(key, value); err != nil {
			return fmt.Errorf("cannot set %s: %v", key, err)
		}
	}
	return nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func writeJSONError(w http.ResponseWriter, status int, message string) {
	body, _ := json.Marshal(map[string]string{"error": message})
	writeBody(w, status, "application/json", body)
}
