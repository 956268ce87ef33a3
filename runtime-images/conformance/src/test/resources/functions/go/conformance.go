// Package conformance is the Go fixture of the runtime conformance suite
// (runtime-images/conformance/README.md). Handler: conformance.Handler.
package conformance

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kubeless/kubeless/pkg/functions"
)

// Handler dispatches on the first segment of the request path. It has the
// Nubo shape, returning interface{}, so it can return objects and bytes.
func Handler(event functions.Event, ctx functions.Context) (interface{}, error) {
	request := event.Extensions.Request
	switch firstSegment(request.URL.Path) {
	case "hello":
		return "hello world", nil
	case "echo":
		return event.Parsed, nil
	case "describe":
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
			"dataType":       dataType(event.Parsed),
		}, nil
	case "json":
		return map[string]interface{}{"a": 1, "b": []interface{}{true, nil, "x"}}, nil
	case "bytes":
		return []byte{0x00, 0x01, 0x02}, nil
	case "none":
		return nil, nil
	case "fail":
		return nil, errors.New("boom")
	case "hang":
		for {
		}
	case "size":
		return strconv.Itoa(utf8.RuneCountInString(event.Data)), nil
	case "env":
		return os.Getenv("CONFORMANCE_GREETING"), nil
	case "print":
		return printLines(event.Data)
	}
	return "unknown path", nil
}

// printLines writes the body as a marker to stdout, stderr and from a child
// process: all of it is the function's log.
func printLines(marker string) (interface{}, error) {
	fmt.Println("stdout " + marker)
	fmt.Fprintln(os.Stderr, "stderr "+marker)
	child := exec.Command("sh", "-c", `echo "child $1"`, "sh", marker)
	child.Stdout, child.Stderr = os.Stdout, os.Stderr
	if err := child.Run(); err != nil {
		return nil, err
	}
	return "printed", nil
}

func firstSegment(path string) string {
	segment, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return segment
}

// dataType names the JSON type of what the function sees in event.data.
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
