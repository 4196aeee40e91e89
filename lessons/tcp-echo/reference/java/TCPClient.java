/*
 * TCP uppercase echo client, as in the lecture (TCPClient.py), in Java.
 *
 * Build: javac TCPClient.java
 * Usage: java TCPClient [host [port [message]]]   (default: $HOST and $PORT, else 127.0.0.1 12000)
 * The message is read from the keyboard when it is not given. The client
 * connects (the 3-way handshake happens here), sends the message,
 * half-closes its side so the server knows the message is complete, then
 * prints the reply, read until the server closes.
 */
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

public class TCPClient {
  public static void main(String[] args) throws IOException {
    String serverName = args.length > 0 ? args[0] : System.getenv().getOrDefault("HOST", "127.0.0.1");
    String port = args.length > 1 ? args[1] : System.getenv().getOrDefault("PORT", "12000");
    String message;
    if (args.length > 2) {
      message = args[2];
    } else {
      System.out.print("Input lowercase sentence: ");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      message = in.readLine();
      if (message == null) message = "";
    }

    byte[] reply;
    try (Socket clientSocket = new Socket()) {
      // A server that never answers or never closes must not hang the client forever.
      clientSocket.connect(new InetSocketAddress(serverName, Integer.parseInt(port)), 10_000);
      clientSocket.setSoTimeout(10_000);
      // No address here: the connection already knows where its peer is.
      clientSocket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
      // FIN: nothing more from this side; the socket can still receive.
      clientSocket.shutdownOutput();
      // The reply may come in pieces; readAllBytes() reads until the server's close.
      reply = clientSocket.getInputStream().readAllBytes();
    } catch (IOException e) {
      System.err.println("Cannot talk to " + serverName + ":" + port + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    // UTF-8 whatever the terminal's locale says, so HÉLLO prints as it arrived.
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println(new String(reply, StandardCharsets.UTF_8));
  }
}
