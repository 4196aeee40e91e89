/*
 * UDP uppercase echo server, as in the lecture (UDPServer.py), in C.
 *
 * Build: gcc -O2 -Wall -o udp_server udp_server.c
 * Usage: ./udp_server [port]      (default: $PORT, else 12000)
 * Every datagram is answered with its text in upper case, sent back to the
 * address recvfrom() reported. Ctrl-C stops it.
 */
#include <arpa/inet.h>
#include <locale.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

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

int main(int argc, char **argv) {
  /* towupper() needs a UTF-8 locale to know é from É. */
  setlocale(LC_CTYPE, "C.UTF-8");
  const char *port_text = argc > 1 ? argv[1] : getenv("PORT");
  int server_port = port_text ? atoi(port_text) : 12000;

  int server_socket = socket(AF_INET, SOCK_DGRAM, 0);
  if (server_socket < 0) {
    perror("socket");
    return 1;
  }
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  /* INADDR_ANY is Python's '': every local address of this machine. */
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons((unsigned short)server_port);
  if (bind(server_socket, (struct sockaddr *)&addr, sizeof addr) < 0) {
    perror("bind");
    return 1;
  }
  printf("The server is ready to receive on port %d\n", server_port);
  fflush(stdout);

  char message[2048];
  char modified[2 * sizeof message];
  for (;;) {
    struct sockaddr_in client_address;
    socklen_t address_len = sizeof client_address;
    /* One recvfrom() is one whole datagram: UDP keeps message boundaries. */
    ssize_t n = recvfrom(server_socket, message, sizeof message, 0,
                         (struct sockaddr *)&client_address, &address_len);
    if (n < 0) {
      perror("recvfrom");
      continue;
    }
    size_t m = upper_utf8(message, (size_t)n, modified);
    /* The reply goes back to wherever this datagram came from. */
    sendto(server_socket, modified, m, 0, (struct sockaddr *)&client_address, address_len);
  }
}
