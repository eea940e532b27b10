#include "errors.h"

#include <zmq.h>

#include <cerrno>

#include "../addon.h"

namespace zmqnapi {

const char* ErrnoName(int errnum) {
  switch (errnum) {
#define ZMQNAPI_ERRNO(name) \
  case name:                \
    return #name;
    // POSIX codes libzmq reports, then libzmq's own (HAUSNUMERO-based) ones.
    ZMQNAPI_ERRNO(EAGAIN)
    ZMQNAPI_ERRNO(EINVAL)
    ZMQNAPI_ERRNO(EINTR)
    ZMQNAPI_ERRNO(EFAULT)
    ZMQNAPI_ERRNO(ENOMEM)
    ZMQNAPI_ERRNO(ENODEV)
    ZMQNAPI_ERRNO(EMFILE)
    ZMQNAPI_ERRNO(ENOENT)
    ZMQNAPI_ERRNO(EACCES)
    ZMQNAPI_ERRNO(EBUSY)
    ZMQNAPI_ERRNO(ENOTSUP)
    ZMQNAPI_ERRNO(EPROTONOSUPPORT)
    ZMQNAPI_ERRNO(ENOBUFS)
    ZMQNAPI_ERRNO(ENETDOWN)
    ZMQNAPI_ERRNO(EADDRINUSE)
    ZMQNAPI_ERRNO(EADDRNOTAVAIL)
    ZMQNAPI_ERRNO(ECONNREFUSED)
    ZMQNAPI_ERRNO(EINPROGRESS)
    ZMQNAPI_ERRNO(ENOTSOCK)
    ZMQNAPI_ERRNO(EMSGSIZE)
    ZMQNAPI_ERRNO(EAFNOSUPPORT)
    ZMQNAPI_ERRNO(ENETUNREACH)
    ZMQNAPI_ERRNO(ECONNABORTED)
    ZMQNAPI_ERRNO(ECONNRESET)
    ZMQNAPI_ERRNO(ENOTCONN)
    ZMQNAPI_ERRNO(ETIMEDOUT)
    ZMQNAPI_ERRNO(EHOSTUNREACH)
    ZMQNAPI_ERRNO(ENETRESET)
    ZMQNAPI_ERRNO(EFSM)
    ZMQNAPI_ERRNO(ENOCOMPATPROTO)
    ZMQNAPI_ERRNO(ETERM)
    ZMQNAPI_ERRNO(EMTHREAD)
#undef ZMQNAPI_ERRNO
    default:
      return "";
  }
}

Napi::Error MakeZmqError(Napi::Env env, int errnum, const std::string& message,
                         const std::string& address) {
  AddonData* data = AddonData::Of(env);
  // Before lib/ registers ZmqError (only the raw addon is loaded) a plain Error carries the code.
  Napi::Object error = data->error_class.IsEmpty()
                           ? Napi::Error::New(env, message).Value()
                           : data->error_class.Value().New({Napi::String::New(env, message)});
  const char* name = ErrnoName(errnum);
  error.Set("code", *name ? Napi::Value(Napi::String::New(env, name)) : env.Undefined());
  error.Set("errno", Napi::Number::New(env, errnum));
  if (!address.empty()) error.Set("address", Napi::String::New(env, address));
  return Napi::Error(env, error);
}

Napi::Error MakeZmqError(Napi::Env env, int errnum, const std::string& address) {
  return MakeZmqError(env, errnum, zmq_strerror(errnum), address);
}

void ThrowLastZmqError(Napi::Env env, const std::string& address) {
  throw MakeZmqError(env, zmq_errno(), address);
}

}  // namespace zmqnapi
