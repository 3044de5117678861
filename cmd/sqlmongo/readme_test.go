package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADMETranscript keeps the README's shell transcript true: it runs
// the command it shows in a pseudo-terminal, types the lines after its
// prompts and expects every other line, in order (elapsed times read as
// 0.00 sec).
func TestREADMETranscript(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const marker = "<!-- transcript:"
	text := string(data)
	i := strings.Index(text, marker)
	if i < 0 {
		t.Fatal("README has no transcript")
	}
	block := text[i:]
	block = block[strings.Index(block, "```\n")+4:]
	block = block[:strings.Index(block, "```")]
	lines := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
	const command = "$ go run ./cmd/sqlmongo "
	if !strings.HasPrefix(lines[0], command) {
		t.Fatalf("the transcript starts with %q, not %q", lines[0], command)
	}
	c := startShell(t, 50, nil, strings.Fields(strings.TrimPrefix(lines[0], command))...)
	c.zeroTimes = true
	more := continuation("")
	for _, l := range lines[1:] {
		switch {
		case strings.HasPrefix(l, prompt):
			c.expect(prompt)
			c.send(strings.TrimPrefix(l, prompt) + "\r")
		case strings.HasPrefix(l, more):
			c.expect(more)
			c.send(strings.TrimPrefix(l, more) + "\r")
		default:
			c.expect(l + "\n")
		}
	}
	if code := c.wait(); code != 0 {
		t.Errorf("exit status %d", code)
	}
}
