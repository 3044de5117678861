//go:build race

package main

// raceBuild: the test binary was built with -race, so the shell binary
// the pty tests build is too (it then reuses the compiled packages).
const raceBuild = true
