package nohandler

// Hello has no handler shape: it takes no event.
func Hello() string { return "hello" }
