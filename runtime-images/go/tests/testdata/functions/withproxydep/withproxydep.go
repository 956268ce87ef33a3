package withproxydep

import (
	"example.com/greeter"
	"github.com/kubeless/kubeless/pkg/functions"
)

// Greet uses a module that comes from a module proxy.
func Greet(event functions.Event, ctx functions.Context) (interface{}, error) {
	return map[string]string{"greeting": greeter.Hello(event.Data)}, nil
}
