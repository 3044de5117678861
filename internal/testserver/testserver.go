// Package testserver starts an embedded MongoDB-compatible server (FerretDB
// v1 with its SQLite backend) for tests, benchmarks and the demo. Users of
// the driver never import it.
package testserver

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Server is a running embedded FerretDB.
type Server struct {
	uri    string
	dir    string
	cancel context.CancelFunc
	done   chan struct{}
	// front, when set, is the proxy clients connect through (see
	// StartKillable); cancel and done are then the current FerretDB's.
	front *proxy
}

// URI returns the server's mongodb:// address without a database path.
func (s *Server) URI() string { return s.uri }

// Close stops the server and removes its data directory.
func (s *Server) Close() {
	if s.front != nil {
		s.front.kill()
	}
	if s.cancel != nil {
		s.cancel()
		<-s.done
	}
	os.RemoveAll(s.dir)
}

// Start runs a new embedded FerretDB on 127.0.0.1 at a free port. Its log is
// discarded unless SQLMONGO_SERVER_LOG is set.
func Start() (*Server, error) {
	removeStale()
	dir, err := os.MkdirTemp("", fmt.Sprintf("sqlmongo-ferretdb-%d-", os.Getpid()))
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir}
	addr, err := s.run()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.uri = "mongodb://" + addr + "/"
	return s, nil
}

// StartKillable is Start for fault tests: clients connect through a proxy
// in front of FerretDB, so that Kill can cut every connection at once and
// Restart bring the server back on the same address and data.
func StartKillable() (*Server, error) {
	s, err := Start()
	if err != nil {
		return nil, err
	}
	back := strings.TrimSuffix(strings.TrimPrefix(s.uri, "mongodb://"), "/")
	s.front, err = listenProxy("127.0.0.1:0", back)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.uri = "mongodb://" + s.front.addr + "/"
	return s, nil
}

// Kill makes the server die as a crashed one would: every client
// connection is cut at once (requests in flight get no answer, though the
// server may have applied them), new connections are refused, and FerretDB
// stops. What it committed stays in its data directory for Restart. Only
// for servers from StartKillable.
func (s *Server) Kill() {
	s.front.kill()
	s.cancel()
	<-s.done
	s.cancel = nil
}

// Restart starts a killed server again on the same address and data.
func (s *Server) Restart() error {
	back, err := s.run()
	if err != nil {
		return err
	}
	return s.front.restart(back)
}

// run starts FerretDB on s.dir at a free port and returns its address.
func (s *Server) run() (string, error) {
	port, err := freePort()
	if err != nil {
		return "", err
	}
	var logOut io.Writer = io.Discard
	if os.Getenv("SQLMONGO_SERVER_LOG") != "" {
		logOut = os.Stderr
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + s.dir + "/",
		Logger:    slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		return "", fmt.Errorf("testserver: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel, s.done = cancel, make(chan struct{})
	go func(done chan struct{}) {
		defer close(done)
		_ = f.Run(ctx)
	}(s.done)
	if err := waitListening(addr); err != nil {
		cancel()
		<-s.done
		s.cancel = nil
		return "", err
	}
	return addr, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func waitListening(addr string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("testserver: FerretDB did not listen on %s", addr)
}

var (
	sharedOnce sync.Once
	sharedURI  string
	sharedErr  error
	pingOnce   sync.Once
	pingErr    error
)

// ping checks that the server at uri answers; sqlmongo. options are
// dropped first, the MongoDB driver does not know them.
func ping(uri string) error {
	u, err := url.Parse(uri)
	if err != nil {
		return fmt.Errorf("MONGODB_URI: %v", err)
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(strings.ToLower(k), "sqlmongo.") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := mongo.Connect(options.Client().ApplyURI(u.String()))
	if err == nil {
		err = c.Ping(ctx, nil)
		c.Disconnect(ctx)
	}
	if err != nil {
		return fmt.Errorf("MONGODB_URI=%s does not answer: %v", uri, err)
	}
	return nil
}

// URI returns MONGODB_URI when set (an error if it does not answer a ping,
// so that tests fail at once rather than each after a timeout), else the
// address of an embedded server started once per process and left running
// until the process exits.
func URI() (string, error) {
	if u := os.Getenv("MONGODB_URI"); u != "" {
		pingOnce.Do(func() { pingErr = ping(u) })
		return u, pingErr
	}
	sharedOnce.Do(func() {
		var s *Server
		s, sharedErr = Start()
		if sharedErr == nil {
			sharedURI = s.URI()
		}
	})
	return sharedURI, sharedErr
}

// removeStale deletes data directories left by test processes that have
// exited: the shared server of URI lives until its process ends, so no
// one else cleans them.
func removeStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "sqlmongo-ferretdb-*"))
	for _, d := range dirs {
		rest := strings.TrimPrefix(filepath.Base(d), "sqlmongo-ferretdb-")
		pidText, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || err != nil {
			os.RemoveAll(d) // an older layout without a pid
			continue
		}
		if pid != os.Getpid() && syscall.Kill(pid, 0) == syscall.ESRCH {
			os.RemoveAll(d)
		}
	}
}

// Modes returns the pushdown modes named by SQLMONGO_MODES ("auto,full"),
// or nil when it is unset: the end-to-end tests then run their defaults.
// An empty or repeated name is an error; unknown names are left to the
// driver's DSN check.
func Modes() ([]string, error) {
	env := os.Getenv("SQLMONGO_MODES")
	if env == "" {
		return nil, nil
	}
	var modes []string
	for _, m := range strings.Split(env, ",") {
		m = strings.ToLower(strings.TrimSpace(m))
		if m == "" || slices.Contains(modes, m) {
			return nil, fmt.Errorf("SQLMONGO_MODES=%q: want distinct pushdown modes separated by commas, such as auto,full", env)
		}
		modes = append(modes, m)
	}
	return modes, nil
}
