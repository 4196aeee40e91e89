/*
 * UDP uppercase echo client, as in the lecture (UDPClient.py), in C.
 *
 * Build: gcc -O2 -Wall -o udp_client udp_client.c
 * Usage: ./udp_client [host [port [message]]]   (default: $HOST and $PORT, else 127.0.0.1 12000)
 * The message is read from the keyboard when it is not given. The client
 * waits at most one second for the reply: UDP does not tell it when a
 * datagram is lost.
 */
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *server_name = argc > 1 ? argv[1] : getenv("HOST") ? getenv("HOST") : "127.0.0.1";
  const char *server_port = argc > 2 ? argv[2] : getenv("PORT") ? getenv("PORT") : "12000";
  char message[2048];
  if (argc > 3) {
    snprintf(message, sizeof message, "%s", argv[3]);
  } else {
    printf("Input lowercase sentence: ");
    fflush(stdout);
    if (!fgets(message, sizeof message, stdin)) return 1;
    message[strcspn(message, "\n")] = '\0';
  }

  /* getaddrinfo() turns a name such as localhost into an address. */
  struct addrinfo hints = {0}, *server;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  int err = getaddrinfo(server_name, server_port, &hints, &server);
  if (err != 0) {
    fprintf(stderr, "%s: %s\n", server_name, gai_strerror(err));
    return 1;
  }
  int client_socket = socket(AF_INET, SOCK_DGRAM, 0);
  struct timeval one_second = {1, 0};
  setsockopt(client_socket, SOL_SOCKET, SO_RCVTIMEO, &one_second, sizeof one_second);
  /* No bind(): the OS picks this socket's port at the first sendto(). */
  sendto(client_socket, message, strlen(message), 0, server->ai_addr, server->ai_addrlen);
  freeaddrinfo(server);

  char modified[2048];
  ssize_t n = recvfrom(client_socket, modified, sizeof modified, 0, NULL, NULL);
  if (n < 0) {
    fprintf(stderr, "No reply from %s:%s within 1 s\n", server_name, server_port);
    close(client_socket);
    return 1;
  }
  printf("%.*s\n", (int)n, modified);
  close(client_socket);
  return 0;
}
