// Package functions holds the types a Go function receives, with the import
// path of Kubeless (github.com/kubeless/kubeless/pkg/functions) so that
// Kubeless functions compile unchanged. The Nubo Go runtime points that import
// path at this small module with a replace directive: no network is needed.
package functions

import (
	"context"
	"net/http"
)

// Extension gives the function the HTTP request it was called with.
type Extension struct {
	// Request is the incoming request; its Body holds the raw request body
	// and can be read again.
	Request *http.Request
	// Response buffers what the function writes. A status or body written
	// here replaces the mapping of the return value (Kubeless style).
	Response http.ResponseWriter
	// Context is cancelled when the call reaches FUNC_TIMEOUT or the client
	// goes away. Long-running functions should watch Context.Done().
	Context context.Context
}

// Extensions is another name for Extension.
type Extensions = Extension

// Event describes what triggered the call.
type Event struct {
	// Data is the request body as text, whatever its media type (Kubeless).
	Data string
	// Parsed is the body as the Nubo contract defines event.data: the decoded
	// JSON value (map[string]interface{}, []interface{}, float64, bool,
	// string or nil) when the media type is application/json or ends in
	// +json, otherwise the body text. Not part of Kubeless.
	Parsed         interface{}
	EventID        string
	EventType      string
	EventTime      string
	EventNamespace string
	Extensions     Extension
}

// Context describes the function's environment.
type Context struct {
	FunctionName string
	// Timeout is the call timeout in seconds, as a string (Kubeless style).
	Timeout     string
	Runtime     string
	MemoryLimit string
}
