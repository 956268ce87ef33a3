package main

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kubeless/kubeless/pkg/functions"
)

// handlerFunc is the shape every compiled-in handler is adapted to.
type handlerFunc func(functions.Event, functions.Context) (interface{}, error)

// compiledHandlers is filled by the init function the builder generates
// (handlers_gen.go): one entry per handler found in the function's package.
var compiledHandlers = map[string]handlerFunc{}

// registerKubeless adds a Kubeless handler: func(Event, Context) (string, error).
func registerKubeless(name string, fn func(functions.Event, functions.Context) (string, error)) {
	compiledHandlers[name] = func(event functions.Event, ctx functions.Context) (interface{}, error) {
		return fn(event, ctx)
	}
}

// registerNubo adds a Nubo handler: func(Event, Context) (interface{}, error).
func registerNubo(name string, fn handlerFunc) {
	compiledHandlers[name] = fn
}

// lookupHandler finds a compiled-in handler. A name that only differs by its
// first letter being lower case also matches ("handler" finds Handler), as
// other languages name their handlers in lower case and Go must export them.
func lookupHandler(name string) (handlerFunc, error) {
	if fn, ok := compiledHandlers[name]; ok {
		return fn, nil
	}
	if fn, ok := compiledHandlers[upperFirst(name)]; ok {
		return fn, nil
	}
	return nil, fmt.Errorf("handler %q is not compiled into this binary (compiled in: %s)",
		name, strings.Join(handlerNames(), ", "))
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

func handlerNames() []string {
	names := make([]string, 0, len(compiledHandlers))
	for name := range compiledHandlers {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// splitHandler splits a handler string "module.Function" at its last dot.
func splitHandler(handler string) (module, function string, err error) {
	i := strings.LastIndex(handler, ".")
	if i <= 0 || i == len(handler)-1 {
		return "", "", fmt.Errorf("handler %q is not of the form module.Function", handler)
	}
	return handler[:i], handler[i+1:], nil
}
