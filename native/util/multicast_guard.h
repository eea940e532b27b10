// Multicast endpoints libzmq 4.3.4 takes at bind or connect and then aborts the process over:
// it starts a pgm or NORM engine on its I/O thread and asserts that the start worked
// (session_base.cpp, errno_assert after pgm_sender_t::init and norm_engine_t::init). A pgm://
// engine fails to start without raw sockets, a NORM one on an address it cannot use; epgm://
// addresses are checked at connect already. These are refused here first, with a ZmqError.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zmq.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "endpoint_scheme.h"

namespace zmqnapi {

// pgm:// runs on raw IP sockets (protocol 113), which need root or CAP_NET_RAW; epgm:// on UDP.
inline bool CanOpenPgmSocket() {
  int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, 113);
  if (fd < 0) return false;
  close(fd);
  return true;
}

// NORM's endpoint is [node id,][interface;]address:port (norm_engine.cpp), and NORM resolves
// the address only on the I/O thread: a numeric address and port are what cannot fail there.
inline bool IsNumericNormAddress(const std::string& address) {
  std::string rest =
      address.substr(address.find(',') == std::string::npos ? 0 : address.find(',') + 1);
  if (rest.find(';') != std::string::npos) rest = rest.substr(rest.find(';') + 1);
  size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon + 1 == rest.size()) return false;
  std::string port = rest.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
  if (std::atoi(port.c_str()) > 65535) return false;
  std::string host = rest.substr(0, colon);
  unsigned char ip[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), ip) == 1 || inet_pton(AF_INET6, host.c_str(), ip) == 1;
}

// libzmq 4.3.4's NORM engine encodes each frame into a 2048-byte send buffer that also holds
// its own sync byte; a frame whose encoding (a 9-byte header above 255 bytes) does not fit is
// lost, with every frame sent after it, and the I/O thread then spins so that the context can
// no longer be terminated (libzmq issue 3501). A socket with a norm:// endpoint refuses such
// frames instead (Socket::SendMessage).
constexpr size_t kNormFrameMaxBytes = 2048 - 1 - 9;

inline bool IsNormEndpoint(const std::string& endpoint) {
  return HasScheme(endpoint, "norm://");
}

// 0 where the endpoint may go to libzmq; else the errno to refuse it with, and why.
inline int MulticastEndpointProblem(const std::string& endpoint, std::string* why) {
  if (HasScheme(endpoint, "pgm://") && zmq_has("pgm") && !CanOpenPgmSocket()) {
    *why = "pgm:// needs raw sockets (root or CAP_NET_RAW); epgm:// does not";
    return EPERM;
  }
  if (IsNormEndpoint(endpoint) && zmq_has("norm") &&
      !IsNumericNormAddress(endpoint.substr(sizeof("norm://") - 1))) {
    *why = "norm:// needs [id,][interface;]address:port with a numeric IP address and port";
    return EINVAL;
  }
  return 0;
}

}  // namespace zmqnapi
