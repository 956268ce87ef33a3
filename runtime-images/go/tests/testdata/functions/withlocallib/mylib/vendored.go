// Package vendored is shipped inside the function's code.
package vendored

import "strings"

// Shout upper-cases s.
func Shout(s string) string { return strings.ToUpper(s) + "!" }
