/*
 * UDP uppercase echo client, as in the lecture (UDPClient.py), in Java.
 *
 * Build: javac UDPClient.java
 * Usage: java UDPClient [host [port [message]]]   (default: $HOST and $PORT, else 127.0.0.1 12000)
 * The message is read from the keyboard when it is not given. The client
 * waits at most one second for the reply: UDP does not tell it when a
 * datagram is lost.
 */
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

public class UDPClient {
  public static void main(String[] args) throws Exception {
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

    InetSocketAddress server = new InetSocketAddress(serverName, Integer.parseInt(port));
    // No port given: the OS picks one for this socket.
    try (DatagramSocket clientSocket = new DatagramSocket()) {
      clientSocket.setSoTimeout(1000);
      byte[] data = message.getBytes(StandardCharsets.UTF_8);
      clientSocket.send(new DatagramPacket(data, data.length, server));
      byte[] buffer = new byte[2048];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      try {
        clientSocket.receive(reply);
      } catch (SocketTimeoutException e) {
        System.err.println("No reply from " + server + " within 1 s");
        System.exit(1);
      }
      // UTF-8 whatever the terminal's locale says, so HÉLLO prints as it arrived.
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      out.println(new String(buffer, 0, reply.getLength(), StandardCharsets.UTF_8));
    }
  }
}
