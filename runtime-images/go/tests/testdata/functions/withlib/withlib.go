package withlib

import (
	"example.com/mylib"
	"github.com/kubeless/kubeless/pkg/functions"
)

// Greet uses a dependency given by a local path.
func Greet(event functions.Event, ctx functions.Context) (string, error) {
	return mylib.Greet(event.Data), nil
}
