package kubeless

import (
	"fmt"

	"github.com/kubeless/kubeless/pkg/functions"
)

// Handler is a Kubeless-style function that reads the request and the context
// and answers through the response writer.
func Handler(event functions.Event, context functions.Context) (string, error) {
	r := event.Extensions.Request
	if r.URL.Query().Get("fail") != "" {
		return "", fmt.Errorf("failed on purpose for %s", event.EventID)
	}
	if r.URL.Query().Get("write") != "" {
		event.Extensions.Response.Header().Set("Content-Type", "text/html")
		event.Extensions.Response.WriteHeader(202)
		fmt.Fprintf(event.Extensions.Response, "<b>%s</b>", event.Data)
		return "", nil
	}
	_, hasDeadline := event.Extensions.Context.Deadline()
	return fmt.Sprintf("%s %s data=%s timeout=%s deadline=%v", r.Method, r.URL.Path, event.Data,
		context.Timeout, hasDeadline), nil
}
