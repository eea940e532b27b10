/* The C baseline: libzmq's blocking calls in a plain loop, zmq_send from one buffer and
 * zmq_recv into one buffer, as a C program written from the zmq_send/zmq_recv man pages
 * would. bench/run.mts compiles it into bench/.build/ with
 *   cc -O2 -o bench/.build/peer bench/c/peer.c $(pkg-config --cflags --libs libzmq) -lpthread
 *
 *   peer <role> <endpoint> <size> <count> [subscribers]
 *
 * Same roles and JSON lines as the other peers (described in bench/node/common.mts); push
 * and pub wait for stdin to close before they close their socket.
 * inproc: a PUSH thread and a PULL thread sharing one context. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

struct args {
  void *ctx;
  const char *endpoint;
  size_t size;
  long count;
  long subscribers;
  int wait_for_stdin;
};

static void die(const char *what) {
  fprintf(stderr, "%s: %s\n", what, zmq_strerror(zmq_errno()));
  exit(1);
}

/* CLOCK_MONOTONIC, comparable with what the Node and Python peers read. */
static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void ready(void *sock) {
  char endpoint[256];
  size_t length = sizeof endpoint;
  if (zmq_getsockopt(sock, ZMQ_LAST_ENDPOINT, endpoint, &length) != 0) die("getsockopt");
  printf("{\"ready\":\"%s\"}\n", endpoint);
  fflush(stdout);
}

static void report(long n, uint64_t start, uint64_t end) {
  printf("{\"n\":%ld,\"start\":\"%llu\",\"end\":\"%llu\"}\n", n, (unsigned long long)start,
         (unsigned long long)end);
  fflush(stdout);
}

static void until_stdin_closes(void) {
  while (getchar() != EOF) {
  }
}

static void *open_socket(void *ctx, int type) {
  void *sock = zmq_socket(ctx, type);
  if (sock == NULL) die("zmq_socket");
  return sock;
}

static void send_all(void *sock, size_t size, long count) {
  char *message = malloc(size);
  memset(message, 'x', size);
  for (long i = 0; i < count; i++)
    if (zmq_send(sock, message, size, 0) != (int)size) die("zmq_send");
  free(message);
}

static void receive_all(void *sock, size_t size, long count) {
  char *buffer = malloc(size);
  uint64_t start = 0;
  for (long i = 0; i < count; i++) {
    int received = zmq_recv(sock, buffer, size, 0);
    if (i == 0) start = now_ns();
    if (received != (int)size) {
      fprintf(stderr, "message %ld has %d bytes, not %zu\n", i, received, size);
      exit(1);
    }
  }
  report(count - 1, start, now_ns());
  free(buffer);
}

static void *push(void *arg) {
  struct args *a = arg;
  void *sock = open_socket(a->ctx, ZMQ_PUSH);
  if (zmq_connect(sock, a->endpoint) != 0) die("zmq_connect");
  send_all(sock, a->size, a->count);
  if (a->wait_for_stdin) until_stdin_closes();
  zmq_close(sock);
  return NULL;
}

static void pull(struct args *a) {
  void *sock = open_socket(a->ctx, ZMQ_PULL);
  if (zmq_bind(sock, a->endpoint) != 0) die("zmq_bind");
  ready(sock);
  receive_all(sock, a->size, a->count);
  zmq_close(sock);
}

static void inproc(struct args *a) {
  void *sock = open_socket(a->ctx, ZMQ_PULL);
  if (zmq_bind(sock, a->endpoint) != 0) die("zmq_bind");
  pthread_t sender;
  struct args sender_args = *a;
  sender_args.wait_for_stdin = 0;
  if (pthread_create(&sender, NULL, push, &sender_args) != 0) die("pthread_create");
  receive_all(sock, a->size, a->count);
  zmq_close(sock);
  pthread_join(sender, NULL);
}

static void rep(struct args *a) {
  void *sock = open_socket(a->ctx, ZMQ_REP);
  if (zmq_bind(sock, a->endpoint) != 0) die("zmq_bind");
  ready(sock);
  char *buffer = malloc(a->size);
  for (long i = 0; i < a->count; i++) {
    int received = zmq_recv(sock, buffer, a->size, 0);
    if (received < 0) die("zmq_recv");
    if (zmq_send(sock, buffer, (size_t)received, 0) < 0) die("zmq_send");
  }
  free(buffer);
  zmq_close(sock);
}

static void req(struct args *a) {
  void *sock = open_socket(a->ctx, ZMQ_REQ);
  if (zmq_connect(sock, a->endpoint) != 0) die("zmq_connect");
  char *message = malloc(a->size);
  memset(message, 'x', a->size);
  uint64_t start = 0;
  /* the first round trip waits for the connection: not timed */
  for (long i = 0; i < a->count; i++) {
    if (i == 1) start = now_ns();
    if (zmq_send(sock, message, a->size, 0) < 0) die("zmq_send");
    if (zmq_recv(sock, message, a->size, 0) != (int)a->size) die("zmq_recv");
  }
  report(a->count - 1, start, now_ns());
  free(message);
  zmq_close(sock);
}

static void pub(struct args *a) {
  /* An XPUB, so it can wait until every subscriber has subscribed; NODROP makes a full
   * subscriber push back (send blocks) instead of losing messages. */
  void *sock = open_socket(a->ctx, ZMQ_XPUB);
  int on = 1;
  if (zmq_setsockopt(sock, ZMQ_XPUB_VERBOSE, &on, sizeof on) != 0) die("ZMQ_XPUB_VERBOSE");
  if (zmq_setsockopt(sock, ZMQ_XPUB_NODROP, &on, sizeof on) != 0) die("ZMQ_XPUB_NODROP");
  if (zmq_bind(sock, a->endpoint) != 0) die("zmq_bind");
  ready(sock);
  char subscription[256];
  for (long i = 0; i < a->subscribers; i++)
    if (zmq_recv(sock, subscription, sizeof subscription, 0) < 0) die("zmq_recv");
  send_all(sock, a->size, a->count);
  until_stdin_closes();
  zmq_close(sock);
}

static void sub(struct args *a) {
  void *sock = open_socket(a->ctx, ZMQ_SUB);
  if (zmq_setsockopt(sock, ZMQ_SUBSCRIBE, "", 0) != 0) die("ZMQ_SUBSCRIBE");
  if (zmq_connect(sock, a->endpoint) != 0) die("zmq_connect");
  receive_all(sock, a->size, a->count);
  zmq_close(sock);
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: peer <push|pull|inproc|req|rep|pub|sub> <endpoint> <size> <count> [subscribers]\n");
    return 2;
  }
  struct args a = {zmq_ctx_new(), argv[2], (size_t)atol(argv[3]), atol(argv[4]), argc > 5 ? atol(argv[5]) : 1, 1};
  const char *role = argv[1];
  if (strcmp(role, "push") == 0) push(&a);
  else if (strcmp(role, "pull") == 0) pull(&a);
  else if (strcmp(role, "inproc") == 0) inproc(&a);
  else if (strcmp(role, "rep") == 0) rep(&a);
  else if (strcmp(role, "req") == 0) req(&a);
  else if (strcmp(role, "pub") == 0) pub(&a);
  else if (strcmp(role, "sub") == 0) sub(&a);
  else {
    fprintf(stderr, "unknown role %s\n", role);
    return 2;
  }
  zmq_ctx_term(a.ctx);
  return 0;
}
