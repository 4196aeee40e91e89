//! TCP uppercase echo server, as in the lecture (TCPServer.py), in Rust.
//!
//! Build: rustc -O tcp_server.rs
//! Usage: ./tcp_server [port]      (default: $PORT, else 12000)
//! For each client: accept() a new connection socket, read its whole
//! message, send it back in upper case, close that connection socket. The
//! listening socket stays open and the loop goes back to accept().
use std::env;
use std::io::{self, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// A message is answered at this size at the latest.
const MAX_MESSAGE: usize = 64 * 1024;

/// TCP is a byte stream: one read() may return only part of a message. Read
/// until the client half-closes (read() returns 0, its FIN), or until nothing
/// more arrives for 200 ms for a client that waits for the reply instead
/// (nc without -N). A client that sends nothing for 10 s gets no reply.
fn read_message(conn: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut sentence = Vec::new();
    let mut buffer = [0u8; 4096];
    // One silent client must not hold this one-at-a-time server forever.
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    while sentence.len() < MAX_MESSAGE {
        match conn.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => sentence.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::TimedOut => break,
            Err(e) => return Err(e),
        }
        conn.set_read_timeout(Some(Duration::from_millis(200)))?;
    }
    Ok(sentence)
}

fn serve(mut connection_socket: TcpStream) -> io::Result<()> {
    let sentence = read_message(&mut connection_socket)?;
    // 0 bytes: the client closed without sending anything.
    if !sentence.is_empty() {
        // Invalid UTF-8 becomes U+FFFD, like errors='replace'.
        let capitalized = String::from_utf8_lossy(&sentence).to_uppercase();
        // write_all(): write() may take only part of the bytes.
        connection_socket.write_all(capitalized.as_bytes())?;
    }
    Ok(())
    // connection_socket is dropped here: the close sends our FIN, and the client's read loop ends.
}

fn main() -> io::Result<()> {
    let port = env::args()
        .nth(1)
        .or_else(|| env::var("PORT").ok())
        .unwrap_or_else(|| "12000".to_string());
    // bind() here is socket, SO_REUSEADDR, bind and listen in one call.
    let server_socket = TcpListener::bind(format!("0.0.0.0:{}", port))?;
    println!("The server is ready to receive on port {}", port);
    for connection in server_socket.incoming() {
        // Each item is a new socket for one client; server_socket keeps listening.
        // A client that resets its connection must not stop the server.
        match connection.and_then(serve) {
            Ok(()) => {}
            Err(e) => eprintln!("connection failed: {}", e),
        }
    }
    Ok(())
}
