// One place that turns libzmq's errno into a JavaScript error.
#pragma once

#include <napi.h>

#include <string>

namespace zmqnapi {

// The symbolic name of an errno value ("EAGAIN", "ETERM", "EBADF", ...), or "" when unknown.
std::string ErrnoName(Napi::Env env, int errnum);

// A ZmqError (the class registered by the TypeScript layer) with code, errno and,
// for bind/connect failures, the address that failed.
Napi::Error MakeZmqError(Napi::Env env, int errnum, const std::string& address = "");

// Same, with our own message instead of zmq_strerror's (closed sockets, misuse).
Napi::Error MakeZmqError(Napi::Env env, int errnum, const std::string& message,
                         const std::string& address);

// ENOTSUP for a use of libzmq's draft API (`what`: "zmq_join") in a build without it.
Napi::Error DraftApiMissing(Napi::Env env, const std::string& what);

// Throws the error for the current zmq_errno().
[[noreturn]] void ThrowLastZmqError(Napi::Env env, const std::string& address = "");

}  // namespace zmqnapi
