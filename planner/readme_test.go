package planner

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEListsFunctions keeps the README's function table complete:
// every registered function name must appear in it.
func TestREADMEListsFunctions(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "### Functions and operators")
	if start < 0 {
		t.Fatal("README has no function section")
	}
	section := strings.ToUpper(text[start:])
	for name := range funcs {
		switch name {
		case "+", "-", "*", "/", "%", "div", "sqlmongo_trim", "sqlmongo_cast":
			continue // operators are listed as such; rewrites are internal
		}
		if !strings.Contains(section, "`"+strings.ToUpper(name)) && !strings.Contains(section, "/"+strings.ToUpper(name)) {
			t.Errorf("README's function table does not list %s", strings.ToUpper(name))
		}
	}
}
