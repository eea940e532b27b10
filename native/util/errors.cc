#include "errors.h"

#include <zmq.h>

#include <cerrno>

#include "../addon.h"

namespace zmqnapi {

namespace {

// libzmq's own codes, which the system does not know (HAUSNUMERO-based where the system lacks
// them); every system errno is named from Node's os.constants.errno (setErrorClass).
const char* LibzmqErrnoName(int errnum) {
  switch (errnum) {
    case EFSM:
      return "EFSM";
    case ENOCOMPATPROTO:
      return "ENOCOMPATPROTO";
    case ETERM:
      return "ETERM";
    case EMTHREAD:
      return "EMTHREAD";
    default:
      return nullptr;
  }
}

}  // namespace

std::string ErrnoName(Napi::Env env, int errnum) {
  if (const char* name = LibzmqErrnoName(errnum)) return name;
  AddonData* data = AddonData::Of(env);
  auto found = data->errno_names.find(errnum);
  return found == data->errno_names.end() ? "" : found->second;
}

Napi::Error MakeZmqError(Napi::Env env, int errnum, const std::string& message,
                         const std::string& address) {
  AddonData* data = AddonData::Of(env);
  // Before lib/ registers ZmqError (only the raw addon is loaded) a plain Error carries the code.
  Napi::Object error = data->error_class.IsEmpty()
                           ? Napi::Error::New(env, message).Value()
                           : data->error_class.Value().New({Napi::String::New(env, message)});
  std::string name = ErrnoName(env, errnum);
  error.Set("code", name.empty() ? env.Undefined() : Napi::Value(Napi::String::New(env, name)));
  error.Set("errno", Napi::Number::New(env, errnum));
  if (!address.empty()) error.Set("address", Napi::String::New(env, address));
  return Napi::Error(env, error);
}

Napi::Error MakeZmqError(Napi::Env env, int errnum, const std::string& address) {
  return MakeZmqError(env, errnum, zmq_strerror(errnum), address);
}

Napi::Error DraftApiMissing(Napi::Env env, const std::string& what) {
  return MakeZmqError(
      env, ENOTSUP,
      what +
          " is part of libzmq's draft API, which the libzmq zmq-napi was built against "
          "lacks (zmq.has(\"draft\") is false)",
      "");
}

void ThrowLastZmqError(Napi::Env env, const std::string& address) {
  throw MakeZmqError(env, zmq_errno(), address);
}

}  // namespace zmqnapi
