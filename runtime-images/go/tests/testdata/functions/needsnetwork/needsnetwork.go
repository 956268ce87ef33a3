package needsnetwork

import (
	"github.com/kubeless/kubeless/pkg/functions"
	"github.com/pkg/errors"
)

// Handler needs a module that only a module proxy has.
func Handler(event functions.Event, ctx functions.Context) (string, error) {
	return "", errors.New("unreachable")
}
