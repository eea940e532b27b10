// Two ways libzmq 4.3.4 aborts the process inside zmq_bind (and, for the first, zmq_unbind
// and zmq_disconnect of tcp, which may resolve the endpoint again), refused here first with a
// ZmqError:
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

#include "endpoint_scheme.h"

namespace zmqnapi {

// The descriptor getifaddrs needs (a netlink socket) cannot be had. Called where libzmq
// would look the endpoint's address up as an interface name: a bind of tcp, ws or udp that
// does not listen on ZMQ_USE_FD, and an unbind or disconnect of a tcp endpoint libzmq does
// not know by that very string (socket_base.cpp resolve_tcp_addr).
inline int InterfaceLookupProblem(std::string* why) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0);
  if (fd >= 0) {
    close(fd);
    return 0;
  }
  int errnum = errno;
  if (errnum != EMFILE && errnum != ENFILE) return 0;  // getifaddrs fails alike, and libzmq copes
  *why = "no file descriptor is left for libzmq to look up network interfaces with";
  return errnum;
}

inline bool LooksUpInterfaces(const std::string& endpoint) {
  return HasScheme(endpoint, "tcp://") || HasScheme(endpoint, "ws://") ||
         HasScheme(endpoint, "wss://") || HasScheme(endpoint, "udp://");
}

// The socket's ZMQ_USE_FD (-1: none).
inline int UseFdOf(void* socket) {
  int use_fd = -1;
  size_t size = sizeof(use_fd);
  if (zmq_getsockopt(socket, ZMQ_USE_FD, &use_fd, &size) != 0) return -1;
  return use_fd;
}

// A bind of `endpoint` would listen on `use_fd`, and that is not a listening socket (closed,
// not a socket, or one that is not listening).
inline int UseFdProblem(int use_fd, const std::string& endpoint, std::string* why) {
  if (use_fd == -1 || !(HasScheme(endpoint, "tcp://") || HasScheme(endpoint, "ipc://") ||
                        HasScheme(endpoint, "ws://") || HasScheme(endpoint, "wss://"))) {
    return 0;
  }
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
