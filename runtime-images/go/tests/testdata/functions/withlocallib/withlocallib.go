package withlocallib

import (
	"example.com/vendored"
	"github.com/kubeless/kubeless/pkg/functions"
)

// Greet uses a dependency shipped inside the function's own code.
func Greet(event functions.Event, ctx functions.Context) (string, error) {
	return vendored.Shout(event.Data), nil
}
