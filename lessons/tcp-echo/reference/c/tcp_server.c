/*
 * TCP uppercase echo server, as in the lecture (TCPServer.py), in C.
 *
 * Build: gcc -O2 -Wall -o tcp_server tcp_server.c
 * Usage: ./tcp_server [port]      (default: $PORT, else 12000)
 * For each client: accept() a new connection socket, read its whole
 * message, send it back in upper case, close that connection socket. The
 * listening socket stays open and the loop goes back to accept().
 */
#include <errno.h>
#include <locale.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

/* A message is answered at this size at the latest. */
#define MAX_MESSAGE 65536

/*
 * Uppercase UTF-8 text character by character: toupper() on bytes would
 * leave é alone. Bytes that are not valid UTF-8 are copied unchanged.
 * Returns the length written to out (which must hold 2 * len bytes).
 */
static size_t upper_utf8(const char *in, size_t len, char *out) {
  mbstate_t rs = {0}, ws = {0};
  size_t i = 0, o = 0;
  while (i < len) {
    wchar_t wc;
    size_t n = mbrtowc(&wc, in + i, len - i, &rs);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
      memset(&rs, 0, sizeof rs);
      out[o++] = in[i++];
      continue;
    }
    o += wcrtomb(out + o, (wchar_t)towupper((wint_t)wc), &ws);
    i += n;
  }
  return o;
}

/*
 * TCP is a byte stream: one recv() may return only part of a message. Read
 * until the client half-closes (recv() returns 0, its FIN), or until nothing
 * more arrives for 200 ms for a client that waits for the reply instead
 * (nc without -N). A client that sends nothing for 10 s gets no reply.
 */
static size_t read_message(int conn, char *buf, size_t cap) {
  size_t size = 0;
  /* One silent client must not hold this one-at-a-time server forever. */
  struct timeval idle = {10, 0};
  setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);
  while (size < cap) {
    ssize_t n = recv(conn, buf + size, cap - size, 0);
    if (n <= 0) break; /* 0: the FIN; -1 with EAGAIN: the quiet spell */
    size += (size_t)n;
    struct timeval quiet = {0, 200 * 1000};
    setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &quiet, sizeof quiet);
  }
  return size;
}

/* send() may take only part of the bytes: loop until all are sent. */
static int send_all(int conn, const char *buf, size_t len) {
  while (len > 0) {
    ssize_t n = send(conn, buf, len, 0);
    if (n < 0) return -1;
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

int main(int argc, char **argv) {
  /* towupper() needs a UTF-8 locale to know é from É. */
  setlocale(LC_CTYPE, "C.UTF-8");
  /* A client that resets its connection must not kill the server on the next send(). */
  signal(SIGPIPE, SIG_IGN);
  const char *port_text = argc > 1 ? argv[1] : getenv("PORT");
  int server_port = port_text ? atoi(port_text) : 12000;

  int server_socket = socket(AF_INET, SOCK_STREAM, 0);
  if (server_socket < 0) {
    perror("socket");
    return 1;
  }
  /* Restarting the server must not fail while old connections sit in TIME_WAIT. */
  int on = 1;
  setsockopt(server_socket, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons((unsigned short)server_port);
  if (bind(server_socket, (struct sockaddr *)&addr, sizeof addr) < 0) {
    perror("bind");
    return 1;
  }
  listen(server_socket, 1);
  printf("The server is ready to receive on port %d\n", server_port);
  fflush(stdout);

  static char sentence[MAX_MESSAGE];
  static char capitalized[2 * MAX_MESSAGE];
  for (;;) {
    /* accept() returns a new socket for this one client; server_socket keeps listening. */
    int connection_socket = accept(server_socket, NULL, NULL);
    if (connection_socket < 0) {
      if (errno != EINTR) perror("accept");
      continue;
    }
    size_t n = read_message(connection_socket, sentence, sizeof sentence);
    /* 0 bytes: the client closed without sending anything. */
    if (n > 0) {
      size_t m = upper_utf8(sentence, n, capitalized);
      if (send_all(connection_socket, capitalized, m) < 0) perror("send");
    }
    /* close() sends our FIN: the client's read loop ends there. */
    close(connection_socket);
  }
}
