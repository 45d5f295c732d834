#pragma once
// Waiting on a ZeroMQ socket: a signal (the process asked to stop) ends the
// wait like a timeout, so the caller's loop sees the request and finishes.

#include <zmq.hpp>

#include <cerrno>
#include <chrono>

namespace citywall::wall {

/// True when the item can be read within `wait`.
inline bool pollIn(zmq::pollitem_t& item, std::chrono::milliseconds wait) {
  try {
    return zmq::poll(&item, 1, wait) > 0;
  } catch (const zmq::error_t& e) {
    if (e.num() == EINTR) return false;
    throw;
  }
}

}  // namespace citywall::wall
