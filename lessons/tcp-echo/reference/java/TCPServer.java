/*
 * TCP uppercase echo server, as in the lecture (TCPServer.py), in Java.
 *
 * Build: javac TCPServer.java
 * Usage: java TCPServer [port]      (default: $PORT, else 12000)
 * For each client: accept() a new connection socket, read its whole
 * message, send it back in upper case, close that connection socket. The
 * listening socket stays open and the loop goes back to accept().
 */
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

public class TCPServer {
  /** A message is answered at this size at the latest. */
  static final int MAX_MESSAGE = 64 * 1024;

  /**
   * TCP is a byte stream: one read() may return only part of a message. Read
   * until the client half-closes (read() returns -1, its FIN), or until
   * nothing more arrives for 200 ms for a client that waits for the reply instead
   * (nc without -N). A client that sends nothing for 10 s gets no reply.
   */
  static byte[] readMessage(Socket connection) throws IOException {
    InputStream in = connection.getInputStream();
    // One silent client must not hold this one-at-a-time server forever.
    connection.setSoTimeout(10_000);
    ByteArrayOutputStream sentence = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      while (sentence.size() < MAX_MESSAGE) {
        int n = in.read(buffer);
        if (n < 0) break;
        sentence.write(buffer, 0, n);
        connection.setSoTimeout(200);
      }
    } catch (SocketTimeoutException quiet) {
      // The quiet spell: the message is complete (or, with nothing read, there is none).
    }
    return sentence.toByteArray();
  }

  public static void main(String[] args) throws IOException {
    String port = args.length > 0 ? args[0] : System.getenv().getOrDefault("PORT", "12000");
    int serverPort = Integer.parseInt(port);
    try (ServerSocket serverSocket = new ServerSocket()) {
      // Restarting the server must not fail while old connections sit in TIME_WAIT.
      serverSocket.setReuseAddress(true);
      serverSocket.bind(new InetSocketAddress(serverPort), 1);
      System.out.println("The server is ready to receive on port " + serverPort);
      while (true) {
        // accept() returns a new socket for this one client; serverSocket keeps listening.
        // try-with-resources closes it, which sends our FIN: the client's read loop ends there.
        try (Socket connectionSocket = serverSocket.accept()) {
          byte[] sentence = readMessage(connectionSocket);
          // 0 bytes: the client closed without sending anything.
          if (sentence.length == 0) continue;
          // Invalid UTF-8 becomes U+FFFD, like errors='replace'; Locale.ROOT: the same on every machine.
          String text = new String(sentence, StandardCharsets.UTF_8);
          byte[] capitalized = text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
          // write() sends every byte before it returns.
          connectionSocket.getOutputStream().write(capitalized);
        } catch (IOException e) {
          // A client that resets its connection must not stop the server.
          System.err.println("connection failed: " + e.getMessage());
        }
      }
    }
  }
}
