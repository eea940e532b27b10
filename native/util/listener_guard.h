// Two ways libzmq 4.3.4 aborts the process inside zmq_bind (and, for the first, zmq_unbind
// and zmq_disconnect, which resolve the endpoint again), refused here first with a ZmqError:
// - A tcp, ws or udp address is looked up as a network interface's name before anything
//   else, with getifaddrs, and a failure of it other than "not supported" is an assertion
//   (ip_resolver.cpp resolve_nic_name): a process out of file descriptors aborts on the bind.
// - ZMQ_USE_FD names the descriptor a tcp, ipc or ws bind listens on, taken as it is: one
//   that is not a listening socket fails libzmq's epoll_ctl or accept, both assertions.
#pragma once

#include <sys/socket.h>
#include <unistd.h>
#include <zmq.h>

#include <cerrno>
#include <string>

namespace zmqnapi {

inline bool HasScheme(const std::string& endpoint, const char* scheme) {
  return endpoint.compare(0, std::char_traits<char>::length(scheme), scheme) == 0;
}

// The endpoint's address may be resolved as an interface name (bind, unbind, disconnect),
// and the descriptor getifaddrs needs (a netlink socket) cannot be had.
inline int InterfaceLookupProblem(const std::string& endpoint, std::string* why) {
  if (!HasScheme(endpoint, "tcp://") && !HasScheme(endpoint, "ws://") &&
      !HasScheme(endpoint, "wss://") && !HasScheme(endpoint, "udp://")) {
    return 0;
  }
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0);
  if (fd >= 0) {
    close(fd);
    return 0;
  }
  if (errno != EMFILE && errno != ENFILE) return 0;  // getifaddrs fails alike, and libzmq copes
  *why = "no file descriptor is left for libzmq to look up network interfaces with";
  return errno;
}

// A bind of `endpoint` would listen on the socket's ZMQ_USE_FD, and that is not a listening
// socket (closed, not a socket, or one that is not listening).
inline int UseFdProblem(void* socket, const std::string& endpoint, std::string* why) {
  if (!HasScheme(endpoint, "tcp://") && !HasScheme(endpoint, "ipc://") &&
      !HasScheme(endpoint, "ws://") && !HasScheme(endpoint, "wss://")) {
    return 0;
  }
  int use_fd = -1;
  size_t size = sizeof(use_fd);
  if (zmq_getsockopt(socket, ZMQ_USE_FD, &use_fd, &size) != 0 || use_fd == -1) return 0;
  int listening = 0;
  socklen_t length = sizeof(listening);
  if (getsockopt(use_fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) != 0) {
    int errnum = errno == ENOTSOCK ? ENOTSOCK : EBADF;
    *why = "ZMQ_USE_FD " + std::to_string(use_fd) +
           (errnum == ENOTSOCK ? " is not a socket" : " is not an open descriptor");
    return errnum;
  }
  if (listening != 0) return 0;
  *why = "ZMQ_USE_FD " + std::to_string(use_fd) + " is not a listening socket";
  return EINVAL;
}

}  // namespace zmqnapi
