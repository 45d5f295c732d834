#pragma once
// MqttClient: one connection to an MQTT broker (libmosquitto), on
// libmosquitto's own thread. It connects in the background, reconnects by
// itself (1 s doubling to 30 s) and subscribes to every topic it was given
// again after each connect (a clean session keeps nothing). Messages and
// connection changes come to the callbacks on that thread: keep them short.

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

struct mosquitto;
struct mosquitto_message;

namespace citywall::feed {

class MqttClient {
 public:
  struct Callbacks {
    std::function<void(std::string_view topic, std::string_view payload)> message;
    std::function<void(bool connected, const std::string& why)> connection;
  };
  MqttClient(std::string host, int port, Callbacks callbacks);
  ~MqttClient();  ///< disconnects and joins the thread
  MqttClient(const MqttClient&) = delete;
  MqttClient& operator=(const MqttClient&) = delete;

  /// Starts connecting; false with `error` when the client cannot even start.
  bool start(std::string& error);
  /// Subscribes now when connected, and after every later connect.
  void subscribe(const std::vector<std::string>& topics);
  size_t topics() const;

 private:
  static void onConnect(mosquitto*, void* self, int rc);
  static void onDisconnect(mosquitto*, void* self, int rc);
  static void onMessage(mosquitto*, void* self, const mosquitto_message* m);
  void subscribeAll(const std::vector<std::string>& topics);

  std::string host_;
  int port_;
  Callbacks callbacks_;
  mosquitto* handle_ = nullptr;
  bool started_ = false;
  mutable std::mutex mutex_;  // guards topics_
  std::vector<std::string> topics_;
  std::atomic<bool> connected_{false};
};

}  // namespace citywall::feed
