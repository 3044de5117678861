package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// The interactive shell driven as a person would: the built binary in a
// pseudo-terminal, keys written to it, the screen read back. Waits are
// generous (CI machines are slow and loaded); no test fails for speed.

const waitFor = 60 * time.Second

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// shellBinary builds ./cmd/sqlmongo once per test run (with -race when the
// tests run with it, so the build reuses their compiled packages).
func shellBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sqlmongo-shell-test")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "sqlmongo")
		args := []string{"build", "-o", builtBin}
		if raceBuild {
			args = append(args, "-race")
		}
		out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
		if err != nil {
			buildErr = errors.New(err.Error() + "\n" + string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return builtBin
}

// terminal is a running shell behind a pseudo-terminal.
type terminal struct {
	t    *testing.T
	cmd  *exec.Cmd
	pty  *os.File
	home string // $HOME and the history file's folder
	// zeroTimes shows every elapsed time as (0.00 sec).
	zeroTimes bool

	mu       sync.Mutex
	raw      []byte
	answered int           // cursor-position queries answered
	seen     int           // how far expect has read the screen text
	changed  chan struct{} // a signal after each read
	exited   chan struct{}
	exitErr  error
}

var (
	csi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]`)
	dsr = []byte("\x1b[6n")
	// elapsed is a time shorter than 10 s, which 0.00 replaces in place.
	elapsed = regexp.MustCompile(`\(\d\.\d\d sec\)`)
)

// startShell runs the shell binary with args in a 50×160 terminal; env
// adds to its environment (HOME is a fresh folder, PAGER empty).
func startShell(t *testing.T, rows uint16, env []string, args ...string) *terminal {
	t.Helper()
	bin := shellBinary(t)
	home := t.TempDir()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "TERM=xterm", "PAGER=", "SQLMONGO_HISTORY=")
	cmd.Env = append(cmd.Env, env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: rows, Cols: 160})
	if err != nil {
		t.Fatal(err)
	}
	c := &terminal{t: t, cmd: cmd, pty: f, home: home, changed: make(chan struct{}, 1), exited: make(chan struct{})}
	go c.read()
	go func() {
		c.exitErr = cmd.Wait()
		close(c.exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-c.exited
		f.Close()
	})
	return c
}

// read copies the terminal's output, answering the line editor's cursor
// position queries as a terminal does (column 1: output ends in newlines).
func (c *terminal) read() {
	buf := make([]byte, 4096)
	for {
		n, err := c.pty.Read(buf)
		c.mu.Lock()
		c.raw = append(c.raw, buf[:n]...)
		for q := bytes.Count(c.raw, dsr); c.answered < q; c.answered++ {
			c.pty.Write([]byte("\x1b[1;1R"))
		}
		c.mu.Unlock()
		select {
		case c.changed <- struct{}{}:
		default:
		}
		if err != nil {
			return
		}
	}
}

// screen is the output so far as text: escape sequences and carriage
// returns dropped.
func (c *terminal) screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := strings.NewReplacer("\r", "", " \b", "").Replace(csi.ReplaceAllString(string(c.raw), ""))
	if c.zeroTimes {
		s = elapsed.ReplaceAllString(s, "(0.00 sec)")
	}
	return s
}

// expect waits until text appears after what earlier expects matched and
// returns the screen text from there to its end.
func (c *terminal) expect(text string) string {
	c.t.Helper()
	got, _ := c.expectWithin(text, waitFor, true)
	return got
}

// expectWithin is expect that waits d; unless fatal, it returns false
// when text did not come.
func (c *terminal) expectWithin(text string, d time.Duration, fatal bool) (string, bool) {
	c.t.Helper()
	deadline := time.After(d)
	for {
		c.mu.Lock()
		from := c.seen
		c.mu.Unlock()
		s := c.screen()
		if i := strings.Index(s[min(from, len(s)):], text); i >= 0 {
			c.mu.Lock()
			c.seen = from + i + len(text)
			c.mu.Unlock()
			return s[from : from+i+len(text)], true
		}
		select {
		case <-c.changed:
		case <-c.exited:
			if s := c.screen(); !strings.Contains(s[min(from, len(s)):], text) {
				c.t.Fatalf("the shell exited (%v) before showing %q; screen from there:\n%s", c.exitErr, text, s[min(from, len(s)):])
			}
		case <-deadline:
			if !fatal {
				return "", false
			}
			s := c.screen()
			c.t.Fatalf("no %q after %v; screen from there:\n%s", text, d, s[min(from, len(s)):])
		}
	}
}

// send types keys ("\r" is Enter).
func (c *terminal) send(keys string) {
	c.t.Helper()
	if _, err := c.pty.Write([]byte(keys)); err != nil {
		c.t.Fatal(err)
	}
}

// line types a line and waits for the echo of its end, so that what the
// next expect finds comes after it.
func (c *terminal) line(text string) {
	c.t.Helper()
	c.send(text + "\r")
	c.expect(text[max(0, len(text)-12):])
}

// result waits for the end of a statement's output (until), checks that
// it shows each of want, waits for the next prompt and returns the output.
func (c *terminal) result(until string, want ...string) string {
	c.t.Helper()
	got := c.expect(until)
	for _, w := range want {
		if !strings.Contains(got, w) {
			c.t.Errorf("the screen lacks\n%s\nin\n%s", w, got)
		}
	}
	c.expect(prompt)
	return got
}

// wait waits for the shell to exit and returns its status.
func (c *terminal) wait() int {
	c.t.Helper()
	select {
	case <-c.exited:
	case <-time.After(waitFor):
		c.t.Fatalf("the shell did not exit; screen:\n%s", c.screen())
	}
	var exit *exec.ExitError
	if errors.As(c.exitErr, &exit) {
		return exit.ExitCode()
	}
	if c.exitErr != nil {
		c.t.Fatal(c.exitErr)
	}
	return 0
}

// slowSetup fills table s with 4,096 rows: a query that computes a 6 MB
// string for each takes half a minute or more, until Ctrl-C.
const slowSetup = `CREATE TABLE s (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(10));
INSERT INTO s (v) VALUES ('a'), ('b'), ('c'), ('d');
` + `INSERT INTO s (v) SELECT v FROM s;
INSERT INTO s (v) SELECT v FROM s;
INSERT INTO s (v) SELECT v FROM s;
INSERT INTO s (v) SELECT v FROM s;
INSERT INTO s (v) SELECT v FROM s;
INSERT INTO s (v) SELECT v FROM s;
INSERT INTO s (v) SELECT v FROM s;
INSERT INTO s (v) SELECT v FROM s;
INSERT INTO s (v) SELECT v FROM s;
INSERT INTO s (v) SELECT v FROM s;
`

const slowQuery = "SELECT id, LENGTH(REPLACE(REPEAT(v, 2000000), 'a', 'xyz')) AS n FROM s;"

func TestShellSession(t *testing.T) {
	start := time.Now()
	c := startShell(t, 50, nil, "--embedded")
	c.expect("profile ")
	c.expect("sqlmongo> ")
	t.Logf("shell ready after %v (build included)", time.Since(start))

	c.line("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, score DOUBLE, UNIQUE KEY by_name (name));")
	c.expect("Query OK, 0 rows affected (")
	c.expect("sqlmongo> ")
	c.line("INSERT INTO t VALUES (1, 'Ada', 9.5), (2, 'Zoë', NULL), (10, 'Grace', 12);")
	c.expect("Query OK, 3 rows affected (")
	c.expect("sqlmongo> ")

	c.line("SELECT * FROM t ORDER BY id;")
	c.result(" sec)", `+----+-------+-------+
| id | name  | score |
+----+-------+-------+
|  1 | Ada   |   9.5 |
|  2 | Zoë   |  NULL |
| 10 | Grace |    12 |
+----+-------+-------+
3 rows in set (`)

	c.line(`\d t`)
	c.result("Indexes:\n  PRIMARY KEY (id)\n  UNIQUE KEY by_name (name)\n", "Table t (catalogued",
		"| Column | Type        | Null | Key | Default | Extra |", "| id     | int         | NO   | PRI | NULL    |       |",
		"| name   | varchar(20) | NO   | UNI | NULL    |       |", "| score  | double      | YES  |     | NULL    |       |")

	c.line("EXPLAIN SELECT name FROM t WHERE score > 5 ORDER BY name;")
	c.result("profile: ", "pushed", "mongo find t", `"filter": {`, `"$gt": 5`)

	// A statement over three lines: the continuation prompt shows an open
	// parenthesis, then an open quote.
	c.line("SELECT name, (score")
	c.expect("       (> ")
	c.line("  + 1) AS more, 'it''s")
	c.expect("       '> ")
	c.line("' AS s FROM t WHERE id = 1;")
	c.result("1 row in set (", "| Ada  | 10.5 | it's\\n |")

	// Tab completes a column name.
	c.send("SELECT sco\t")
	c.expect("score")
	c.line(" AS best FROM t WHERE id = 10;")
	c.result("1 row in set (", "|   12 |")

	// \i runs a file; then Ctrl-C cancels a slow query.
	script := filepath.Join(t.TempDir(), "slow.sql")
	if err := os.WriteFile(script, []byte(slowSetup), 0o644); err != nil {
		t.Fatal(err)
	}
	c.line(`\i ` + script)
	c.expect("Query OK, 2048 rows affected (")
	c.expect("sqlmongo> ")
	c.line(slowQuery)
	time.Sleep(time.Second) // it is running
	// A Ctrl-C typed before the line editor let go of the terminal is a
	// key for the next prompt, not a signal: then the next one cancels.
	var sent time.Time
	for tries := 0; ; tries++ {
		sent = time.Now()
		c.send("\x03")
		if got, ok := c.expectWithin(cancelMessage+" after ", 5*time.Second, tries == 11); ok {
			if strings.Contains(got, "rows in set") {
				t.Errorf("the slow query finished instead of being cancelled:\n%s", got)
			}
			break
		}
	}
	c.expect("sqlmongo> ")
	t.Logf("after Ctrl-C the prompt came back in %v", time.Since(sent))

	// The connection is still good; up-arrow recalls the last statement.
	c.line("SELECT COUNT(*) AS n FROM s;")
	c.expect("| 4096 |")
	c.expect("sqlmongo> ")
	c.send("\x1b[A")
	c.expect("SELECT COUNT(*) AS n FROM s;")
	c.send("\r")
	c.expect("| 4096 |")
	c.expect("sqlmongo> ")

	// Ctrl-R finds an earlier statement by a word in it.
	c.send("\x12")
	c.send("(score")
	c.expect("SELECT name, (score   + 1)")
	c.send("\r")
	c.result("1 row in set (", "| Ada  | 10.5 | it's  |") // the line break became a space

	// Ctrl-C at the prompt drops the line, and the statement pending.
	c.line("SELECT (1,")
	c.expect("       (> ")
	c.send("SELECT nothing")
	c.expect("nothing")
	c.send("\x03")
	c.line("SELECT 7 AS seven;")
	if got := c.result("1 row in set (", "|     7 |"); strings.Contains(got, "ERROR") {
		t.Errorf("after Ctrl-C at the prompt: screen\n%s", got)
	}

	c.line(`\q`)
	c.expect("Bye")
	if code := c.wait(); code != 0 {
		t.Errorf(`\q: exit status %d`, code)
	}
	hist, err := os.ReadFile(filepath.Join(c.home, ".sqlmongo_history"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"SELECT * FROM t ORDER BY id;\n", "SELECT name, (score   + 1) AS more, 'it''s ' AS s FROM t WHERE id = 1;\n", `\q`} {
		if !strings.Contains(string(hist), w) {
			t.Errorf("history file lacks %q:\n%s", w, hist)
		}
	}
	t.Logf("session took %v", time.Since(start))
}

func TestShellFormatCtrlD(t *testing.T) {
	c := startShell(t, 50, nil, "--embedded", "--format", "json")
	c.expect("sqlmongo> ")
	c.line("SELECT 1 AS a, NULL AS b;")
	c.expect(`{"a":1,"b":null}`)
	c.expect("sqlmongo> ")
	c.send("\x04")
	c.expect("Bye")
	if code := c.wait(); code != 0 {
		t.Errorf("Ctrl-D: exit status %d", code)
	}
}

func TestShellVerticalTimingPager(t *testing.T) {
	// A 12-line terminal: results of 12 lines or more go through $PAGER.
	c := startShell(t, 12, []string{"PAGER=sed s/^/paged:/"}, "--embedded", "--sample")
	c.expect("sqlmongo> ")
	c.line("SELECT id, name FROM customers WHERE id <= 2 ORDER BY id;")
	if got := c.result("2 rows in set (", "|  2 | Alan Turing  |"); strings.Contains(got, "paged:") {
		t.Errorf("a short result went through the pager:\n%s", got)
	}
	c.line("SELECT id, product FROM orders ORDER BY id;")
	c.result("paged:8 rows in set (", "paged:|  8 | Substitution kit  |")

	c.line("SELECT name, city FROM customers WHERE id = 4\\G")
	c.result("1 row in set (", "*************************** 1. row ***************************\nname: Edsger Dijkstra\ncity: NULL\n")
	c.line(`\x`)
	c.expect("Vertical output is on.")
	c.line(`\timing`)
	c.expect("Timing is on.")
	c.line("SELECT 1 AS a;")
	c.result("Time: ", "*** 1. row ***", "a: 1\n")
	c.line(`\nope`)
	c.expect(`Unknown command \nope`)
	c.line(`\?`)
	c.expect(`\d TABLE`)
	c.line("quit")
	c.expect("Bye")
	if code := c.wait(); code != 0 {
		t.Errorf("quit: exit status %d", code)
	}
}
