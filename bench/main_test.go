package bench

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/sqlmongo/sqlmongo/driver"
	"github.com/sqlmongo/sqlmongo/internal/testserver"
)

// serverEnv marks the child process that only runs the embedded server.
const serverEnv = "SQLMONGO_BENCH_SERVER"

// dbName is the database the benchmarks create their tables in.
const dbName = "sqlmongo_bench"

// serverURI is the server the benchmarks use, set by TestMain.
var serverURI string

func TestMain(m *testing.M) {
	if os.Getenv(serverEnv) != "" {
		os.Exit(serveChild())
	}
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		// go test ./... without -bench: nothing to run, nothing to start.
		os.Exit(m.Run())
	}
	serverURI = os.Getenv("MONGODB_URI")
	stop := func() {}
	if serverURI == "" {
		var err error
		serverURI, stop, err = startChildServer()
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
	}
	code := m.Run()
	closeFixture()
	stop()
	os.Exit(code)
}

// serveChild runs in the re-executed test binary: it starts the embedded
// server, prints its URI on one line and serves until stdin closes (the
// parent exited or is done).
func serveChild() int {
	s, err := testserver.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench server:", err)
		return 1
	}
	fmt.Println(s.URI())
	_, _ = io.Copy(io.Discard, os.Stdin)
	s.Close()
	return 0
}

// startChildServer re-executes this test binary as a server process so
// that the parent's CPU time and allocations are the client's alone.
func startChildServer() (uri string, stop func(), err error) {
	self, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(self, "-test.run=^$")
	cmd.Env = append(os.Environ(), serverEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop = func() {
		stdin.Close()
		_ = cmd.Wait()
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("embedded server did not start: %v", err)
	}
	return strings.TrimSpace(line), stop, nil
}

// withDB returns uri with its path set to /db, keeping its options.
func withDB(uri, db string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	u.Path = "/" + db
	return u.String(), nil
}

// fixture is what every benchmark shares: one database/sql handle on the
// driver, one raw mongo client, and the table t of nRows rows, created
// once per process through the driver.
type fixture struct {
	db  *sql.DB
	raw *mongo.Database
	cli *mongo.Client
}

const (
	nRows       = 10000
	nInsert     = 1000
	nCategories = 12
	table       = "t"
	insTable    = "ins"
)

var (
	fixOnce sync.Once
	fix     *fixture
	fixErr  error
)

// setup returns the shared fixture, creating the data on first use. It
// stops the benchmark timer: loading is not measured.
func setup(b *testing.B) *fixture {
	b.Helper()
	b.StopTimer()
	defer b.StartTimer()
	fixOnce.Do(func() { fix, fixErr = newFixture(context.Background()) })
	if fixErr != nil {
		b.Fatal(fixErr)
	}
	return fix
}

func newFixture(ctx context.Context) (*fixture, error) {
	dsn, err := withDB(serverURI, dbName)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("mongodb", dsn)
	if err != nil {
		return nil, err
	}
	// The raw client gets the same URI minus the driver's own options.
	cfg, err := driver.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	cli, err := mongo.Connect(options.Client().ApplyURI(cfg.URI))
	if err != nil {
		return nil, err
	}
	f := &fixture{db: db, raw: cli.Database(cfg.Database), cli: cli}
	for _, q := range []string{
		"DROP TABLE IF EXISTS " + table,
		"DROP TABLE IF EXISTS " + insTable,
		"CREATE TABLE " + table + " (" + columnsDDL + ")",
		"CREATE TABLE " + insTable + " (" + columnsDDL + ")",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("%s: %w", q, err)
		}
	}
	insert := insertSQL(table, nInsert)
	for start := 1; start <= nRows; start += nInsert {
		if _, err := db.ExecContext(ctx, insert, insertArgs(start, nInsert)...); err != nil {
			return nil, fmt.Errorf("loading %s: %w", table, err)
		}
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT id FROM "+table+" WHERE id = ?", nRows).Scan(&n); err != nil || n != nRows {
		return nil, fmt.Errorf("loading %s: row %d not found (%v)", table, nRows, err)
	}
	return f, nil
}

func closeFixture() {
	if fix == nil {
		return
	}
	ctx := context.Background()
	_, _ = fix.db.ExecContext(ctx, "DROP TABLE IF EXISTS "+insTable)
	fix.db.Close()
	_ = fix.cli.Disconnect(ctx)
}

// columnsDDL is the schema of both tables; id is the PRIMARY KEY, so it is
// stored in _id.
const columnsDDL = "id BIGINT PRIMARY KEY, name VARCHAR(64), category VARCHAR(16), amount DOUBLE, qty INT, note VARCHAR(32)"

const nCols = 6

// insertSQL is one INSERT of n rows with placeholders.
func insertSQL(tbl string, n int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + tbl + " (id, name, category, amount, qty, note) VALUES ")
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?, ?, ?, ?, ?)")
	}
	return sb.String()
}

// The generated data. Amounts are distinct (7919 is invertible modulo the
// prime 100003), so ORDER BY amount has no ties; every fifth note is NULL.
func rowName(id int) string     { return fmt.Sprintf("item %05d", id) }
func rowCategory(id int) string { return fmt.Sprintf("cat-%02d", id%nCategories) }
func rowAmount(id int) float64  { return float64(id*7919%100003) / 100 }
func rowQty(id int) int64       { return int64(id % 50) }
func rowNote(id int) *string {
	if id%5 == 0 {
		return nil
	}
	s := fmt.Sprintf("note %d", id%7)
	return &s
}

// insertArgs are the placeholder values of rows start … start+n-1.
func insertArgs(start, n int) []any {
	args := make([]any, 0, n*nCols)
	for id := start; id < start+n; id++ {
		var note any
		if p := rowNote(id); p != nil {
			note = *p
		}
		args = append(args, int64(id), rowName(id), rowCategory(id), rowAmount(id), rowQty(id), note)
	}
	return args
}
