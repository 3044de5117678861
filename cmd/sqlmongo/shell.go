package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ergochat/readline"
	"golang.org/x/term"

	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// The interactive shell: a line editor (ergochat/readline) reads lines;
// sqlparse.Pending finds where statements end (a semicolon outside quotes
// and comments, or \G / \g at the end of a line); a line that starts with
// a backslash, or help/quit/exit/source, is a meta-command when no
// statement is pending.

const (
	prompt        = "sqlmongo> "
	welcome       = "Type \\? for help, \\q to quit. A statement ends with ; (or \\G for one line per column).\n"
	historyEnv    = "SQLMONGO_HISTORY"
	historyName   = ".sqlmongo_history"
	defaultPager  = "less -FRX"
	cancelMessage = "ERROR: statement cancelled (Ctrl-C)"
)

// continuation is the prompt of a statement's second and later lines, as
// wide as prompt, showing what is open: a quote, a comment, a parenthesis.
func continuation(open string) string {
	if open == "" {
		open = "-"
	}
	return fmt.Sprintf("%*s> ", len(prompt)-2, open)
}

type shell struct {
	sess        *session
	rl          *readline.Instance
	out, errOut io.Writer
	outFile     *os.File // out when it is a file: the terminal's size, the pager
	pager       string   // a shell command; "" shows everything directly
	format      string   // --format
	vertical    bool
	timing      bool
	lines       []string // the pending statement's lines
	open        string   // what they leave open (sqlparse.Pending)
	names       *completer

	mu     sync.Mutex
	cancel context.CancelFunc // the running statement's, or nil
}

// historyPath is --history, else $SQLMONGO_HISTORY, else ~/.sqlmongo_history;
// "" when none can be found (no history is kept).
func historyPath(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := os.Getenv(historyEnv); v != "" {
		return v
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, historyName)
}

// pagerCommand is $PAGER when set (empty: no pager), else less -FRX when
// less is installed, else none.
func pagerCommand() string {
	if v, ok := os.LookupEnv("PAGER"); ok {
		return strings.TrimSpace(v)
	}
	if _, err := exec.LookPath("less"); err == nil {
		return defaultPager
	}
	return ""
}

func interactive(o *options, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx := context.Background()
	sess, status := connect(ctx, o, stderr)
	if sess == nil {
		return status
	}
	defer sess.close()
	s := &shell{sess: sess, out: stdout, errOut: stderr, pager: pagerCommand(), format: o.format, vertical: o.vertical,
		timing: o.timing, names: &completer{}}
	s.outFile, _ = stdout.(*os.File)
	hist := historyPath(o.history)
	if hist != "" {
		// Created private: statements may hold secrets.
		if f, err := os.OpenFile(hist, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
			f.Close()
		}
	}
	rl, err := readline.NewFromConfig(&readline.Config{
		Prompt:                 prompt,
		HistoryFile:            hist,
		HistoryLimit:           1000,
		DisableAutoSaveHistory: true,
		HistorySearchFold:      true,
		AutoComplete:           s.names,
		Stdin:                  stdin,
		Stdout:                 stdout,
		Stderr:                 stderr,
	})
	if err != nil {
		fmt.Fprintln(stderr, "sqlmongo:", err)
		return 1
	}
	defer rl.Close()
	s.rl = rl

	// Ctrl-C reaches the process as SIGINT while a statement runs (the
	// line editor reads it as a key only while it edits a line): it
	// cancels the statement's context, never the shell.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	go func() {
		for range sig {
			s.interrupt()
		}
	}()

	fmt.Fprint(stdout, welcome)
	s.names.reload(ctx, sess.conn)
	for {
		if len(s.lines) == 0 {
			rl.SetPrompt(prompt)
		} else {
			rl.SetPrompt(continuation(s.open))
		}
		line, err := rl.ReadLine()
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			s.lines, s.open = nil, "" // Ctrl-C drops what was typed
			continue
		case err == io.EOF:
			fmt.Fprintln(stdout, "Bye")
			return 0
		case err != nil:
			fmt.Fprintln(stderr, "sqlmongo:", err)
			return 1
		}
		if s.line(line) {
			fmt.Fprintln(stdout, "Bye")
			return 0
		}
	}
}

// cancellable returns the context of a statement about to run, which
// Ctrl-C cancels until done is called; done tells whether it did.
func (s *shell) cancellable() (ctx context.Context, done func() (cancelled bool)) {
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	return ctx, func() bool {
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
		cancelled := ctx.Err() != nil
		cancel()
		return cancelled
	}
}

// failed shows a statement's error: a cancellation as such.
func (s *shell) failed(cancelled bool, err error, elapsed time.Duration) {
	if cancelled || errors.Is(err, context.Canceled) {
		fmt.Fprintf(s.errOut, "\n%s after %.2f sec\n", cancelMessage, elapsed.Seconds())
	} else {
		fmt.Fprintln(s.errOut, "ERROR:", err)
	}
}

// interrupt cancels the running statement, if any.
func (s *shell) interrupt() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}

// line handles one line read; it returns true to quit.
func (s *shell) line(line string) bool {
	// A backslash command also runs while a statement is pending (which
	// stays pending; \c drops it), as in psql; help, quit, exit and
	// source only start a line.
	if cmd, ok := metaCommand(line); ok && cmd.name != `\G` && cmd.name != `\g` &&
		(len(s.lines) == 0 || strings.HasPrefix(cmd.name, `\`)) {
		s.remember(line)
		return s.meta(cmd)
	}
	s.lines = append(s.lines, line)
	typed := strings.Join(s.lines, "\n")
	text, verticalLast := typed, false
	// \G or \g at the end of a line ends the statement (\G: vertically),
	// unless it is inside a quote or comment.
	if t := strings.TrimRight(typed, " \t"); strings.HasSuffix(t, `\G`) || strings.HasSuffix(t, `\g`) {
		if _, _, open := sqlparse.Pending(t[:len(t)-2]); open == "" {
			text, verticalLast = t[:len(t)-2]+";", strings.HasSuffix(t, `\G`)
		}
	}
	done, rest, open := sqlparse.Pending(text)
	if len(done) == 0 {
		_, _, s.open = sqlparse.Pending(typed)
		return false
	}
	consumed := typed
	if rest != "" {
		consumed = typed[:len(typed)-len(rest)]
	}
	s.remember(consumed)
	s.lines, s.open = nil, open
	if rest != "" {
		s.lines = []string{rest}
	}
	for i, stmt := range done {
		s.statement(stmt, s.vertical || verticalLast && i == len(done)-1)
	}
	return false
}

// remember adds what was typed to the history, on one line: the history
// file holds one entry a line, so line breaks become spaces (also inside
// a quoted string; other blanks stay as typed).
func (s *shell) remember(typed string) {
	if t := strings.TrimSpace(strings.NewReplacer("\r\n", " ", "\n", " ").Replace(typed)); t != "" {
		s.rl.SaveToHistory(t)
	}
}

// statement runs one statement and shows its result or error; it returns
// false on an error. Ctrl-C while it runs cancels its context.
func (s *shell) statement(stmt string, vertical bool) bool {
	stmt = strings.TrimSpace(stmt)
	if stmt == "" {
		return true
	}
	ctx, done := s.cancellable()
	start := time.Now()
	r, err := execute(ctx, s.sess.conn, stmt)
	elapsed := time.Since(start)
	if cancelled := done(); err != nil {
		s.failed(cancelled, err, elapsed)
		return false
	}
	var b bytes.Buffer
	p := &printer{format: s.format, w: &b, vertical: vertical, suffix: fmt.Sprintf(" (%.2f sec)", elapsed.Seconds())}
	if s.format == "table" && firstWord(stmt) == "EXPLAIN" && isExplain(r) {
		writeExplain(&b, r.data)
	} else {
		p.print(r)
	}
	s.show(b.Bytes())
	if s.timing {
		fmt.Fprintf(s.out, "Time: %.3f ms\n", float64(elapsed.Microseconds())/1000)
	}
	switch firstWord(stmt) {
	case "CREATE", "DROP", "ALTER", "RENAME", "USE":
		s.names.reload(context.Background(), s.sess.conn)
	}
	return true
}

// show writes out, through the pager when it is taller than the terminal.
func (s *shell) show(out []byte) {
	if s.pager == "" || s.outFile == nil {
		s.out.Write(out)
		return
	}
	_, height, err := term.GetSize(int(s.outFile.Fd()))
	if err != nil || bytes.Count(out, []byte("\n")) < height {
		s.out.Write(out)
		return
	}
	cmd := exec.Command("sh", "-c", s.pager)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(out), s.outFile, s.errOut
	if err := cmd.Run(); err != nil {
		// A pager that quits early (q in less) fails too; one that did
		// not run (sh's 126, 127) leaves the result to be shown directly.
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() == 126 || exit.ExitCode() == 127 {
			fmt.Fprintf(s.errOut, "sqlmongo: pager %q: %v\n", s.pager, err)
			s.out.Write(out)
		}
	}
}

// runFile runs the statements of a file (\i, source), stopping at the
// first error.
func (s *shell) runFile(name string) {
	b, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintln(s.errOut, "ERROR:", err)
		return
	}
	stmts, err := sqlparse.Split(string(b))
	if err != nil {
		fmt.Fprintf(s.errOut, "ERROR: %s: %v\n", name, err)
		return
	}
	for i, stmt := range stmts {
		if !s.statement(stmt, s.vertical) {
			fmt.Fprintf(s.errOut, "(statement %d of %s, starting on line %d; the rest were not run)\n",
				i+1, name, lineOf(string(b), stmts, i))
			return
		}
	}
}
