// Whether an endpoint is of a transport: "tcp://…" has the scheme "tcp://".
#pragma once

#include <string>

namespace zmqnapi {

inline bool HasScheme(const std::string& endpoint, const char* scheme) {
  return endpoint.compare(0, std::char_traits<char>::length(scheme), scheme) == 0;
}

}  // namespace zmqnapi
