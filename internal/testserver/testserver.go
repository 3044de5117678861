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
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Server is a running embedded FerretDB.
type Server struct {
	uri    string
	dir    string
	cancel context.CancelFunc
	done   chan struct{}
}

// URI returns the server's mongodb:// address without a database path.
func (s *Server) URI() string { return s.uri }

// Close stops the server and removes its data directory.
func (s *Server) Close() {
	s.cancel()
	<-s.done
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
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	var logOut io.Writer = io.Discard
	if os.Getenv("SQLMONGO_SERVER_LOG") != "" {
		logOut = os.Stderr
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: fmt.Sprintf("127.0.0.1:%d", port)},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
		Logger:    slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("testserver: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{dir: dir, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = f.Run(ctx)
	}()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	if err := waitListening(addr); err != nil {
		s.Close()
		return nil, err
	}
	s.uri = "mongodb://" + addr + "/"
	return s, nil
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
)

// URI returns MONGODB_URI when set, else the address of an embedded server
// started once per process and left running until the process exits.
func URI() (string, error) {
	if u := os.Getenv("MONGODB_URI"); u != "" {
		return u, nil
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
