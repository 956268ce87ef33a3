package broken

import "github.com/kubeless/kubeless/pkg/functions"

// Handler does not compile.
func Handler(event functions.Event, ctx functions.Context) (string, error) {
	return undefinedName, nil
}
