// Package mylib is a local dependency of a test function.
package mylib

// Greet greets name.
func Greet(name string) string { return "greetings, " + name }
