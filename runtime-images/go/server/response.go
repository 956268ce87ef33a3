package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
)

// recorder is the http.ResponseWriter a function gets. It buffers, so the
// server can still add a Content-Length, and a handler that outlives its
// timeout cannot write into the 408 already sent.
type recorder struct {
	header http.Header

	mu       sync.Mutex
	status   int
	body     bytes.Buffer
	detached bool
}

func newRecorder() *recorder {
	return &recorder{header: http.Header{}}
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(status int) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.status == 0 {
		rec.status = status
	}
}

func (rec *recorder) Write(p []byte) (int, error) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.detached {
		return 0, http.ErrHandlerTimeout
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.body.Write(p)
}

// detach drops whatever a timed-out handler still writes.
func (rec *recorder) detach() {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.detached = true
}

// writeResult maps the handler's result to the response (see the contract).
// A status or body the function wrote itself wins, as in Kubeless; a
// returned value is then appended to that body.
func writeResult(w http.ResponseWriter, r *http.Request, rec *recorder, res result) int {
	if res.err != nil {
		fmt.Fprintf(os.Stderr, "%s %s: error: %v\n", r.Method, r.URL.Path, res.err)
		return writeText(w, http.StatusInternalServerError, "Error: "+res.err.Error())
	}
	payload, contentType, err := encodeValue(res.value)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s %s: error: %v\n", r.Method, r.URL.Path, err)
		return writeText(w, http.StatusInternalServerError, "Error: "+err.Error())
	}
	for name, values := range rec.header {
		w.Header()[name] = values
	}
	if w.Header().Get("Content-Type") != "" {
		contentType = ""
	}
	status := http.StatusOK
	if rec.status != 0 {
		status = rec.status
		payload = append(rec.body.Bytes(), payload...)
	}
	return writeBody(w, status, contentType, payload)
}

// encodeValue turns a returned value into a body and its media type.
func encodeValue(value interface{}) ([]byte, string, error) {
	switch v := value.(type) {
	case nil:
		return nil, "", nil
	case string:
		return []byte(v), textPlain, nil
	case json.RawMessage:
		return v, "application/json", nil
	case []byte:
		return v, "application/octet-stream", nil
	}
	var buf bytes.Buffer
	encoder := json.NewEncoder(&buf)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(value); err != nil {
		return nil, "", fmt.Errorf("cannot encode the result as JSON: %v", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), "application/json", nil
}

// parseData decodes a JSON body (media type application/json or …+json);
// any other body stays text. An empty JSON body is null.
func parseData(contentType string, body []byte) (interface{}, error) {
	if !isJSON(contentType) {
		return string(body), nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	var value interface{}
	if err := json.Unmarshal(body, &value); err != nil {
		return nil, err
	}
	return value, nil
}

func isJSON(contentType string) bool {
	mediaType, _, _ := strings.Cut(contentType, ";")
	mediaType = strings.ToLower(strings.TrimSpace(mediaType))
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // the system's random source is gone: nothing sensible left
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
