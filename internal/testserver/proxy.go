package testserver

import (
	"io"
	"net"
	"sync"
)

// proxy forwards TCP connections from addr to a back end it can cut off
// at once: FerretDB stops gracefully (connections it serves get seconds
// to finish), a crashed server does not.
type proxy struct {
	addr string

	mu    sync.Mutex
	l     net.Listener
	back  string
	conns map[net.Conn]bool
}

func listenProxy(addr, back string) (*proxy, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	p := &proxy{addr: l.Addr().String(), l: l, back: back, conns: map[net.Conn]bool{}}
	go p.accept(l)
	return p, nil
}

func (p *proxy) accept(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return // closed by kill
		}
		go p.serve(l, c)
	}
}

// serve pipes one client connection to the back end until either side
// closes or kill cuts both.
func (p *proxy) serve(l net.Listener, c net.Conn) {
	p.mu.Lock()
	back, live := p.back, p.l == l
	p.mu.Unlock()
	if !live {
		c.Close()
		return
	}
	b, err := net.Dial("tcp", back)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.l != l { // killed meanwhile
		p.mu.Unlock()
		c.Close()
		b.Close()
		return
	}
	p.conns[c], p.conns[b] = true, true
	p.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(2)
	pipe := func(dst, src net.Conn) {
		defer wg.Done()
		_, _ = io.Copy(dst, src)
		// Either direction ending ends the connection, as a socket would.
		dst.Close()
		src.Close()
	}
	go pipe(b, c)
	go pipe(c, b)
	wg.Wait()
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, b)
	p.mu.Unlock()
}

// kill stops accepting and cuts every connection.
func (p *proxy) kill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.l != nil {
		p.l.Close()
		p.l = nil
	}
	for c := range p.conns {
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetLinger(0) // a reset, not an orderly close
		}
		c.Close()
	}
	clear(p.conns)
}

// restart listens on the same address again, forwarding to back.
func (p *proxy) restart(back string) error {
	l, err := net.Listen("tcp", p.addr)
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.l, p.back = l, back
	p.mu.Unlock()
	go p.accept(l)
	return nil
}
