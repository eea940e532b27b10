// The conversions between JavaScript values and frames: the bytes of a value about to be
// sent (BytesOf, and ReadFrame for a frame that may also be a Message), and a received
// frame as a Buffer (BufferFromMsg).
#pragma once

#include <napi.h>
#include <zmq.h>

#include <string>

namespace zmqnapi {

class Message;

// napi_create_external_buffer, with its one trap handled: where Node fails to make the
// Buffer (a frame longer than a Buffer can be) it has already run `finalize` on `hint`, and
// left the reason pending, which this throws. Any status but napi_ok otherwise is a
// refusal before Node took `hint` (a runtime without external buffers): the caller's still.
napi_status NewExternalBuffer(Napi::Env env, void* data, size_t size, napi_finalize finalize,
                              void* hint, napi_value* result);

// A Buffer with a received frame's bytes, taking the message over (it is left empty):
// copied, or a view of libzmq's bytes when large and held by nobody else (frames.cc).
Napi::Buffer<char> BufferFromMsg(Napi::Env env, zmq_msg_t* msg);

// The bytes of a Buffer, TypedArray, DataView, ArrayBuffer or string (UTF-8).
// Returns false when the value is none of those. `holder` keeps a string's bytes alive.
// Throws a TypeError for a detached ArrayBuffer (or a view of one).
bool BytesOf(Napi::Value value, const char** data, size_t* size, std::string* holder);

// One outgoing frame, read and checked before anything of its message is sent.
struct OutFrame {
  Message* message = nullptr;
  const char* data = nullptr;
  size_t size = 0;
  std::string holder;
};

// The frame `value` is: bytes (see BytesOf) or an open Message. Throws otherwise.
void ReadFrame(Napi::Env env, Napi::Value value, OutFrame* frame);

}  // namespace zmqnapi
