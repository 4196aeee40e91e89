//! UDP uppercase echo client, as in the lecture (UDPClient.py), in Rust.
//!
//! Build: rustc -O udp_client.rs
//! Usage: ./udp_client [host [port [message]]]   (default: $HOST and $PORT, else 127.0.0.1 12000)
//! The message is read from the keyboard when it is not given. The client
//! waits at most one second for the reply: UDP does not tell it when a
//! datagram is lost.
use std::env;
use std::io::{self, Write};
use std::net::UdpSocket;
use std::process;
use std::time::Duration;

/// The n-th command-line argument, else the environment variable, else the default.
fn arg(n: usize, var: &str, default: &str) -> String {
    env::args()
        .nth(n)
        .or_else(|| env::var(var).ok())
        .unwrap_or_else(|| default.to_string())
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

    // Port 0: the OS picks this socket's port.
    let client_socket = UdpSocket::bind("0.0.0.0:0")?;
    client_socket.set_read_timeout(Some(Duration::from_secs(1)))?;
    client_socket.send_to(message.as_bytes(), format!("{}:{}", server_name, server_port))?;

    let mut modified_message = [0u8; 2048];
    match client_socket.recv_from(&mut modified_message) {
        Ok((n, _)) => println!("{}", String::from_utf8_lossy(&modified_message[..n])),
        Err(_) => {
            eprintln!("No reply from {}:{} within 1 s", server_name, server_port);
            process::exit(1);
        }
    }
    Ok(())
}
