// Socket (socket.h): getOpt and setOpt, by option kind.
#include <zmq.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "frames.h"
#include "socket.h"
#include "util/args.h"
#include "util/errors.h"
#include "wire_contract.h"  // generated: scripts/wire-contract.mjs

namespace zmqnapi {

namespace {

// How getsockopt/setsockopt read and write an option's value; lib/options.ts maps every
// option of zmq.h to one of these.
using wire::kBytes;
using wire::kCurveKey;
using wire::kInt;
using wire::kInt64;
using wire::kString;
using wire::kUint64;

// libzmq returns a CURVE key as Z85 text only when asked with exactly this length.
constexpr size_t kZ85KeyBytes = 41;

// How big a buffer a binary or text option is first read into, and the most it may need:
// libzmq answers EINVAL when the buffer is too small, without saying how big it must be,
// and an inproc endpoint (LAST_ENDPOINT) can be of any length.
constexpr size_t kOptionBytesFirst = 4096;
constexpr size_t kOptionBytesMost = 16 * 1024 * 1024;

// A binary or text option's value into `value`, which grows (16 times over each time) while
// libzmq says EINVAL and the most is not reached. False, with zmq_errno set, on failure.
bool GetOptBytes(void* socket, int option, std::vector<char>* value, size_t* size) {
  for (size_t capacity = kOptionBytesFirst;; capacity *= 16) {
    value->resize(capacity);
    *size = capacity;
    if (zmq_getsockopt(socket, option, value->data(), size) == 0) return true;
    if (zmq_errno() != EINVAL || capacity >= kOptionBytesMost) return false;
  }
}

}  // namespace

// getOpt(option, kind)
Napi::Value Socket::GetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = RequireInt(info, 0, "option");
  int kind = RequireInt(info, 1, "kind");
  void* socket = LiveSocket(env);
  switch (kind) {
    case kInt: {
      int value = 0;
      size_t size = sizeof(value);
      if (zmq_getsockopt(socket, option, &value, &size) != 0) ThrowLastZmqError(env);
      return Napi::Number::New(env, value);
    }
    case kInt64: {
      int64_t value = 0;
      size_t size = sizeof(value);
      if (zmq_getsockopt(socket, option, &value, &size) != 0) ThrowLastZmqError(env);
      return Napi::BigInt::New(env, value);
    }
    case kUint64: {
      uint64_t value = 0;
      size_t size = sizeof(value);
      if (zmq_getsockopt(socket, option, &value, &size) != 0) ThrowLastZmqError(env);
      return Napi::BigInt::New(env, value);
    }
    case kBytes:
    case kString: {
      std::vector<char> value;
      size_t size = 0;
      if (!GetOptBytes(socket, option, &value, &size)) ThrowLastZmqError(env);
      if (kind == kBytes) return Napi::Buffer<char>::Copy(env, value.data(), size);
      // Text options come back NUL-terminated.
      if (size > 0 && value[size - 1] == '\0') size--;
      return Napi::String::New(env, value.data(), size);
    }
    case kCurveKey: {
      char value[kZ85KeyBytes];
      size_t size = sizeof(value);
      if (zmq_getsockopt(socket, option, value, &size) != 0) ThrowLastZmqError(env);
      return Napi::String::New(env, value, kZ85KeyBytes - 1);
    }
    default:
      throw Napi::RangeError::New(env, "unknown option kind");
  }
}

// setOpt(option, kind, value)
Napi::Value Socket::SetOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = RequireInt(info, 0, "option");
  int kind = RequireInt(info, 1, "kind");
  Napi::Value value = info[2];
  void* socket = LiveSocket(env);
  int rc;
  switch (kind) {
    case kInt: {
      int number = RequireInt(info, 2, "option value");
      rc = zmq_setsockopt(socket, option, &number, sizeof(number));
      break;
    }
    case kInt64:
    case kUint64: {
      bool lossless = true;
      int64_t number;
      if (value.IsBigInt()) {
        number = kind == kInt64
                     ? value.As<Napi::BigInt>().Int64Value(&lossless)
                     : static_cast<int64_t>(value.As<Napi::BigInt>().Uint64Value(&lossless));
      } else if (value.IsNumber()) {
        double d = value.As<Napi::Number>().DoubleValue();
        lossless = d == static_cast<double>(static_cast<int64_t>(d)) && d > -9007199254740992.0 &&
                   d < 9007199254740992.0;
        number = static_cast<int64_t>(d);
        if (kind == kUint64 && d < 0) lossless = false;
      } else {
        throw Napi::TypeError::New(env, "option value must be a bigint or an integer");
      }
      if (!lossless) throw Napi::RangeError::New(env, "option value is out of range");
      rc = zmq_setsockopt(socket, option, &number, sizeof(number));
      break;
    }
    case kBytes:
    case kString:
    case kCurveKey: {
      if (value.IsNull() || value.IsUndefined()) {
        rc = zmq_setsockopt(socket, option, nullptr, 0);
        break;
      }
      const char* data;
      size_t size;
      std::string holder;
      if (!BytesOf(value, &data, &size, &holder)) {
        throw Napi::TypeError::New(env, "option value must be a string or a Buffer");
      }
      rc = zmq_setsockopt(socket, option, data, size);
      break;
    }
    default:
      throw Napi::RangeError::New(env, "unknown option kind");
  }
  if (rc != 0) ThrowLastZmqError(env);
  if (option == ZMQ_CONFLATE) conflate_on_ = value.ToBoolean();  // see conflates_
  return env.Undefined();
}

}  // namespace zmqnapi
