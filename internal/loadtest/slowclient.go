package loadtest

import (
	"fmt"
	"net"
	"time"
)

// SlowClient is a connection that asks for something and then does not
// read the answer, as a client on a stalled network does: the server can
// write only what the socket buffers hold.
type SlowClient struct{ conn *net.TCPConn }

// StartSlowClient connects to addr (host:port), sends GET target with the
// given headers (name, value, …) and reads nothing.
func StartSlowClient(addr, target string, header ...string) (*SlowClient, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	conn := c.(*net.TCPConn)
	conn.SetReadBuffer(4096) // a small window, so that the server's writes stall soon
	req := "GET " + target + " HTTP/1.1\r\nHost: " + addr + "\r\n"
	for i := 0; i+1 < len(header); i += 2 {
		req += header[i] + ": " + header[i+1] + "\r\n"
	}
	if _, err := fmt.Fprint(conn, req+"\r\n"); err != nil {
		conn.Close()
		return nil, err
	}
	return &SlowClient{conn}, nil
}

// Close drops the connection.
func (s *SlowClient) Close() error { return s.conn.Close() }

// WaitForAnswer waits until the answer has begun (one byte has come), and
// reads no more.
func (s *SlowClient) WaitForAnswer(timeout time.Duration) error {
	s.conn.SetReadDeadline(time.Now().Add(timeout))
	defer s.conn.SetReadDeadline(time.Time{})
	_, err := s.conn.Read(make([]byte, 1))
	return err
}
