#pragma once
// Runs a feed server (feed-sim, or the Node `ws` peer) as a child process for
// integration tests: reads {"listening":PORT} from its stdout, keeps the
// totals lines it prints, and stops it on destruction.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace citywall::test {

class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> argv) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    if (posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0)
      throw std::runtime_error("cannot start " + argv[0]);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    stdout_ = fdopen(out[0], "r");
    const std::string first = line();
    if (std::sscanf(first.c_str(), "{\"listening\":%d}", &port_) != 1)
      throw std::runtime_error(argv[0] + " did not report its port: '" + first + "'");
  }
  ~ServerProcess() { stop(); }

  int port() const { return port_; }
  std::string url(bool tls = false) const { return std::string(tls ? "wss" : "ws") + "://127.0.0.1:" + std::to_string(port_); }

  /// One line of the server's stdout (blocking); empty at end of stream.
  std::string line() {
    std::string s;
    int c;
    while ((c = std::fgetc(stdout_)) != EOF && c != '\n') s += char(c);
    return s;
  }
  /// Stops the server and returns every line it printed after the port.
  std::vector<std::string> stop() {
    std::vector<std::string> lines;
    if (pid_ <= 0) return lines;
    kill(pid_, SIGTERM);
    for (std::string l = line(); !l.empty(); l = line()) lines.push_back(l);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    std::fclose(stdout_);
    return lines;
  }

 private:
  pid_t pid_ = -1;
  FILE* stdout_ = nullptr;
  int port_ = 0;
};

}  // namespace citywall::test
