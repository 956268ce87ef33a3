// Package contract is the function the Go runtime's tests call: the
// conformance fixture's paths plus a few the runtime tests need.
package contract

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kubeless/kubeless/pkg/functions"
)

// Handler has the Nubo shape and dispatches on the first path segment.
func Handler(event functions.Event, ctx functions.Context) (interface{}, error) {
	request := event.Extensions.Request
	switch firstSegment(request.URL.Path) {
	case "hello":
		return "hello world", nil
	case "echo":
		return event.Parsed, nil
	case "raw":
		return event.Data, nil
	case "describe":
		return describe(event, ctx), nil
	case "json":
		return map[string]interface{}{"a": 1, "b": []interface{}{true, nil, "x"}}, nil
	case "bytes":
		return []byte{0x00, 0x01, 0x02}, nil
	case "none":
		return nil, nil
	case "fail":
		return nil, errors.New("boom")
	case "panic":
		panic("kaboom")
	case "size":
		return strconv.Itoa(utf8.RuneCountInString(event.Data)), nil
	case "env":
		return os.Getenv("CONFORMANCE_GREETING"), nil
	case "sleep":
		return sleepUntilDone(event, millis(request, 60000))
	case "spin":
		return spin(millis(request, 1000)), nil
	case "slow":
		fmt.Println("slow call started")
		time.Sleep(time.Duration(millis(request, 500)) * time.Millisecond)
		return "slept", nil
	case "write":
		return write(event.Extensions.Response)
	}
	return "unknown path", nil
}

// Plain has the Kubeless shape.
func Plain(event functions.Event, ctx functions.Context) (string, error) {
	return "plain:" + event.Data, nil
}

func describe(event functions.Event, ctx functions.Context) map[string]interface{} {
	request := event.Extensions.Request
	_, hasDeadline := event.Extensions.Context.Deadline()
	return map[string]interface{}{
		"eventId":        event.EventID,
		"eventType":      event.EventType,
		"eventTime":      event.EventTime,
		"eventNamespace": event.EventNamespace,
		"functionName":   ctx.FunctionName,
		"timeout":        ctx.Timeout,
		"runtime":        ctx.Runtime,
		"memoryLimit":    ctx.MemoryLimit,
		"method":         request.Method,
		"path":           request.URL.Path,
		"query":          request.URL.RawQuery,
		"header":         request.Header.Get("X-Test"),
		"dataType":       dataType(event.Parsed),
		"rawData":        event.Data,
		"hasDeadline":    hasDeadline,
	}
}

// sleepUntilDone respects the call's context, as a Go function should.
func sleepUntilDone(event functions.Event, ms int) (interface{}, error) {
	select {
	case <-time.After(time.Duration(ms) * time.Millisecond):
		return "slept", nil
	case <-event.Extensions.Context.Done():
		return nil, event.Extensions.Context.Err()
	}
}

// spin keeps a CPU busy and ignores the context: a runaway Go cannot stop.
func spin(ms int) string {
	deadline := time.Now().Add(time.Duration(ms) * time.Millisecond)
	for time.Now().Before(deadline) {
	}
	return "spun"
}

// write answers through the response writer, Kubeless style.
func write(w http.ResponseWriter) (interface{}, error) {
	w.Header().Set("X-Written", "yes")
	w.WriteHeader(http.StatusCreated)
	_, err := w.Write([]byte("written;"))
	return "returned", err
}

func millis(r *http.Request, fallback int) int {
	if ms, err := strconv.Atoi(r.URL.Query().Get("ms")); err == nil {
		return ms
	}
	return fallback
}

func firstSegment(path string) string {
	segment, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return segment
}

func dataType(data interface{}) string {
	switch data.(type) {
	case map[string]interface{}:
		return "object"
	case []interface{}:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}
