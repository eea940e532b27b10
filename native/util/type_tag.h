// Type tags (Node-API 8) on every object this addon wraps. An instanceof check is no proof
// of what an object is: any object can be given Message.prototype, and a native object of
// another addon then reaches napi_unwrap, which hands back that addon's pointer to be read as
// ours. A tag is set only by our constructors and cannot be forged from JavaScript, so
// FromValue and every prototype method check it before unwrapping.
#pragma once

#include <napi.h>

#include <string>

namespace zmqnapi {

// One per wrapped class; the values only have to differ from every other tag in the process.
inline constexpr napi_type_tag kContextTag = {0x7a6d716e61706901ULL, 0x3c1e9f2b5d8a4e61ULL};
inline constexpr napi_type_tag kSocketTag = {0x7a6d716e61706902ULL, 0x91b4c07e2f6d3a58ULL};
inline constexpr napi_type_tag kMessageTag = {0x7a6d716e61706903ULL, 0x0d5e8a3c7b1f9246ULL};
inline constexpr napi_type_tag kFdWatcherTag = {0x7a6d716e61706904ULL, 0xe27a4b19c8d03f75ULL};

inline void TagObject(Napi::Object object, const napi_type_tag& tag) {
  NAPI_THROW_IF_FAILED_VOID(object.Env(), napi_type_tag_object(object.Env(), object, &tag));
}

inline bool HasTag(Napi::Value value, const napi_type_tag& tag) {
  bool tagged = false;
  return value.IsObject() &&
         napi_check_object_type_tag(value.Env(), value, &tag, &tagged) == napi_ok && tagged;
}

// The C++ object behind a tagged JS object, or nullptr when the value is no T.
template <typename T>
T* UnwrapTagged(Napi::Value value) {
  if (!HasTag(value, T::kTypeTag)) return nullptr;
  return Napi::ObjectWrap<T>::Unwrap(value.As<Napi::Object>());
}

// A prototype method or accessor that checks its receiver first: called on anything that is
// not a T (Object.create(T.prototype), a Proxy of one, another addon's object) it throws a
// TypeError instead of reading foreign memory.
template <typename T, Napi::Value (T::*method)(const Napi::CallbackInfo&)>
Napi::Value CallOnTagged(const Napi::CallbackInfo& info) {
  T* self = UnwrapTagged<T>(info.This());
  if (self == nullptr) {
    throw Napi::TypeError::New(
        info.Env(),
        std::string(T::kClassName) + " method called on an object that is not a " + T::kClassName);
  }
  return (self->*method)(info);
}

// Property descriptors for a class's prototype, with the receiver check above; the
// attributes are those of a JavaScript class's own methods and accessors.
template <typename T, Napi::Value (T::*method)(const Napi::CallbackInfo&)>
Napi::PropertyDescriptor TaggedMethod(Napi::Env env, const char* name) {
  return Napi::PropertyDescriptor::Value(
      name, Napi::Function::New<CallOnTagged<T, method>>(env, name),
      static_cast<napi_property_attributes>(napi_writable | napi_configurable));
}

template <typename T, Napi::Value (T::*getter)(const Napi::CallbackInfo&)>
Napi::PropertyDescriptor TaggedGetter(const char* name) {
  return Napi::PropertyDescriptor::Accessor<CallOnTagged<T, getter>>(name, napi_configurable);
}

template <typename T, void (T::*setter)(const Napi::CallbackInfo&)>
void SetOnTagged(const Napi::CallbackInfo& info) {
  T* self = UnwrapTagged<T>(info.This());
  if (self == nullptr) {
    throw Napi::TypeError::New(
        info.Env(),
        std::string(T::kClassName) + " setter called on an object that is not a " + T::kClassName);
  }
  (self->*setter)(info);
}

template <typename T, Napi::Value (T::*getter)(const Napi::CallbackInfo&),
          void (T::*setter)(const Napi::CallbackInfo&)>
Napi::PropertyDescriptor TaggedAccessor(const char* name) {
  return Napi::PropertyDescriptor::Accessor<CallOnTagged<T, getter>, SetOnTagged<T, setter>>(
      name, napi_configurable);
}

// Defines a class whose prototype members are `members` (TaggedMethod / TaggedGetter).
template <typename T>
Napi::Function DefineTaggedClass(Napi::Env env, const char* name,
                                 const std::initializer_list<Napi::PropertyDescriptor>& members) {
  Napi::Function constructor = Napi::ObjectWrap<T>::DefineClass(env, name, {});
  constructor.Get("prototype").As<Napi::Object>().DefineProperties(members);
  return constructor;
}

}  // namespace zmqnapi
