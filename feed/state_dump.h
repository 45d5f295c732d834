#pragma once
// The state dump: the store, the feeds and the queue as one JSON document,
// for operators' scripts and the tests (schema in README.md, "State dump").

#include <string>

#include "feed/live_session.h"

namespace citywall::feed {

/// The JSON text of the session's state at `now`.
std::string stateDumpJson(const LiveSession& session, live::TimeMs now);
/// Writes it; false with `error` set when the file cannot be written
/// (written to a temporary file first, so a full disk never leaves half a dump).
/// `extra`: more members of the top-level object (`"key":value,…`), from
/// parts of the program the session does not know (a wall's nodes).
bool writeStateDump(const LiveSession& session, live::TimeMs now, const std::string& path, std::string& error,
                    const std::string& extra = {});

}  // namespace citywall::feed
