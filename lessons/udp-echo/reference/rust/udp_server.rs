//! UDP uppercase echo server, as in the lecture (UDPServer.py), in Rust.
//!
//! Build: rustc -O udp_server.rs
//! Usage: ./udp_server [port]      (default: $PORT, else 12000)
//! Every datagram is answered with its text in upper case, sent back to the
//! address recv_from() reported. Ctrl-C stops it.
use std::env;
use std::net::UdpSocket;

fn main() -> std::io::Result<()> {
    let port = env::args()
        .nth(1)
        .or_else(|| env::var("PORT").ok())
        .unwrap_or_else(|| "12000".to_string());
    // 0.0.0.0 is every local address of this machine, like Python's ''.
    let server_socket = UdpSocket::bind(format!("0.0.0.0:{}", port))?;
    println!("The server is ready to receive on port {}", port);

    let mut message = [0u8; 2048];
    loop {
        // One recv_from() is one whole datagram: UDP keeps message boundaries.
        let (n, client_address) = match server_socket.recv_from(&mut message) {
            Ok(got) => got,
            Err(e) => {
                eprintln!("recv_from: {}", e);
                continue;
            }
        };
        // Invalid UTF-8 becomes U+FFFD, like errors='replace'.
        let modified_message = String::from_utf8_lossy(&message[..n]).to_uppercase();
        // The reply goes back to wherever this datagram came from; one failed reply
        // must not stop the server.
        if let Err(e) = server_socket.send_to(modified_message.as_bytes(), client_address) {
            eprintln!("send_to {}: {}", client_address, e);
        }
    }
}
