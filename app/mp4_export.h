#pragma once
// The after-action video: the exported PNG frames encoded as an MP4 by
// Debian's ffmpeg when it is installed (never linked: it runs as its own
// process, so citywall does not depend on it).

#include <string>

namespace citywall::app {

/// Whether an `ffmpeg` is on the PATH.
bool ffmpegAvailable();
/// Encodes DIR/frame-%06d.png at `fps` into DIR/replay.mp4 (H.264, yuv420p:
/// plays in any browser and presentation tool). False with `error` set when
/// ffmpeg fails; its output goes to DIR/ffmpeg.log.
bool encodeMp4(const std::string& dir, double fps, std::string& error);

}  // namespace citywall::app
