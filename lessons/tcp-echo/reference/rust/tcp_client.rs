//! TCP uppercase echo client, as in the lecture (TCPClient.py), in Rust.
//!
//! Build: rustc -O tcp_client.rs
//! Usage: ./tcp_client [host [port [message]]]   (default: $HOST and $PORT, else 127.0.0.1 12000)
//! The message is read from the keyboard when it is not given. The client
//! connects (the 3-way handshake happens here), sends the message,
//! half-closes its side so the server knows the message is complete, then
//! prints the reply, read until the server closes.
use std::env;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process;
use std::time::Duration;

/// The n-th command-line argument, else the environment variable, else the default.
fn arg(n: usize, var: &str, default: &str) -> String {
    env::args()
        .nth(n)
        .or_else(|| env::var(var).ok())
        .unwrap_or_else(|| default.to_string())
}

fn talk(server: &str, message: &str) -> io::Result<Vec<u8>> {
    let mut client_socket = TcpStream::connect(server)?;
    // A server that never answers or never closes must not hang the client forever.
    client_socket.set_read_timeout(Some(Duration::from_secs(10)))?;
    // No address here: the connection already knows where its peer is.
    client_socket.write_all(message.as_bytes())?;
    // FIN: nothing more from this side; the socket can still receive.
    client_socket.shutdown(Shutdown::Write)?;
    // The reply may come in pieces; read_to_end() reads until the server's close.
    let mut reply = Vec::new();
    client_socket.read_to_end(&mut reply)?;
    Ok(reply)
}

fn main() -> io::Result<()> {
    let server_name = arg(1, "HOST", "127.0.0.1");
    let server_port = arg(2, "PORT", "12000");
    let message = match env::args().nth(3) {
        Some(m) => m,
        None => {
            print!("Input lowercase sentence: ");
            io::stdout().flush()?;
            let mut line = String::new();
            io::stdin().read_line(&mut line)?;
            line.trim_end_matches(&['\r', '\n'][..]).to_string()
        }
    };
    let server = format!("{}:{}", server_name, server_port);
    match talk(&server, &message) {
        Ok(reply) => println!("{}", String::from_utf8_lossy(&reply)),
        Err(e) => {
            eprintln!("Cannot talk to {}: {}", server, e);
            process::exit(1);
        }
    }
    Ok(())
}
