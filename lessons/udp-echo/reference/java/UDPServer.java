/*
 * UDP uppercase echo server, as in the lecture (UDPServer.py), in Java.
 *
 * Build: javac UDPServer.java
 * Usage: java UDPServer [port]      (default: $PORT, else 12000)
 * Every datagram is answered with its text in upper case, sent back to the
 * address receive() reported. Ctrl-C stops it.
 */
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

public class UDPServer {
  public static void main(String[] args) throws Exception {
    String port = args.length > 0 ? args[0] : System.getenv().getOrDefault("PORT", "12000");
    int serverPort = Integer.parseInt(port);
    // Bound to every local address of this machine, like Python's ''.
    try (DatagramSocket serverSocket = new DatagramSocket(serverPort)) {
      System.out.println("The server is ready to receive on port " + serverPort);
      byte[] message = new byte[2048];
      while (true) {
        DatagramPacket received = new DatagramPacket(message, message.length);
        // One receive() is one whole datagram: UDP keeps message boundaries.
        serverSocket.receive(received);
        // Invalid UTF-8 becomes U+FFFD, like errors='replace'; Locale.ROOT: the same on every machine.
        String text = new String(message, 0, received.getLength(), StandardCharsets.UTF_8);
        byte[] modified = text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        // The reply goes back to wherever this datagram came from; one failed reply
        // must not stop the server.
        try {
          serverSocket.send(new DatagramPacket(modified, modified.length, received.getSocketAddress()));
        } catch (IOException e) {
          System.err.println("reply to " + received.getSocketAddress() + " failed: " + e.getMessage());
        }
      }
    }
  }
}
