/*
 * TCP uppercase echo client, as in the lecture (TCPClient.py), in C.
 *
 * Build: gcc -O2 -Wall -o tcp_client tcp_client.c
 * Usage: ./tcp_client [host [port [message]]]   (default: $HOST and $PORT, else 127.0.0.1 12000)
 * The message is read from the keyboard when it is not given. The client
 * connects (the 3-way handshake happens here), sends the message,
 * half-closes its side so the server knows the message is complete, then
 * prints the reply, read until the server closes.
 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define MAX_MESSAGE 65536

int main(int argc, char **argv) {
  const char *server_name = argc > 1 ? argv[1] : getenv("HOST") ? getenv("HOST") : "127.0.0.1";
  const char *server_port = argc > 2 ? argv[2] : getenv("PORT") ? getenv("PORT") : "12000";
  static char message[MAX_MESSAGE];
  if (argc > 3) {
    snprintf(message, sizeof message, "%s", argv[3]);
  } else {
    printf("Input lowercase sentence: ");
    fflush(stdout);
    if (!fgets(message, sizeof message, stdin)) return 1;
    message[strcspn(message, "\n")] = '\0';
  }

  struct addrinfo hints = {0}, *server;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  int err = getaddrinfo(server_name, server_port, &hints, &server);
  if (err != 0) {
    fprintf(stderr, "%s: %s\n", server_name, gai_strerror(err));
    return 1;
  }
  int client_socket = socket(AF_INET, SOCK_STREAM, 0);
  /* A server that never answers or never closes must not hang the client forever. */
  struct timeval ten_seconds = {10, 0};
  setsockopt(client_socket, SOL_SOCKET, SO_RCVTIMEO, &ten_seconds, sizeof ten_seconds);
  if (connect(client_socket, server->ai_addr, server->ai_addrlen) < 0) {
    perror("connect");
    return 1;
  }
  freeaddrinfo(server);

  /* send(), not sendto(): the connection already knows where its peer is. */
  size_t len = strlen(message), sent = 0;
  while (sent < len) {
    ssize_t n = send(client_socket, message + sent, len - sent, 0);
    if (n < 0) {
      perror("send");
      return 1;
    }
    sent += (size_t)n;
  }
  /* FIN: nothing more from this side; the socket can still receive. */
  shutdown(client_socket, SHUT_WR);

  /* The reply may come in pieces; the server's close (recv() == 0) ends it. */
  static char reply[2 * MAX_MESSAGE];
  size_t size = 0;
  for (;;) {
    ssize_t n = recv(client_socket, reply + size, sizeof reply - size, 0);
    if (n < 0) {
      perror("recv");
      return 1;
    }
    if (n == 0 || (size += (size_t)n) == sizeof reply) break;
  }
  close(client_socket);
  printf("%.*s\n", (int)size, reply);
  return 0;
}
