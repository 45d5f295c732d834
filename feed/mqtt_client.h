#pragma once
// MqttClient: one connection to an MQTT broker (libmosquitto), on
// libmosquitto's own thread. It connects in the background, reconnects by
// itself (1 s doubling to 30 s) and subscribes to every topic it was given
// again after each connect (a clean session keeps nothing). Messages and
// connection changes come to the callbacks on that thread: keep them short.
// Over TLS the broker's certificate is verified (the system's CAs or a lab
// CA file) with its host name, as for every https/wss feed; never switched off.

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

struct mosquitto;
struct mosquitto_message;

namespace citywall::feed {

/// Where the broker is and how to log in.
struct MqttBroker {
  std::string host;
  int port = 1883;
  bool tls = false;      ///< mqtts://
  std::string caFile;    ///< tls: trust this CA (PEM) instead of the system's
  std::string username;  ///< empty: connect anonymously
  std::string password;
};

class MqttClient {
 public:
  struct Callbacks {
    std::function<void(std::string_view topic, std::string_view payload)> message;
    /// `refused`: the broker turned the login down (bad username or
    /// password, not authorised), not a network failure.
    std::function<void(bool connected, const std::string& why, bool refused)> connection;
  };
  MqttClient(MqttBroker broker, Callbacks callbacks);
  ~MqttClient();  ///< disconnects and joins the thread
  MqttClient(const MqttClient&) = delete;
  MqttClient& operator=(const MqttClient&) = delete;

  /// Starts connecting; false with `error` when the client cannot even start
  /// (a CA file that cannot be read, no thread).
  bool start(std::string& error);
  /// Subscribes now when connected, and after every later connect.
  void subscribe(const std::vector<std::string>& topics);
  size_t topics() const;

 private:
  static void onConnect(mosquitto*, void* self, int rc);
  static void onDisconnect(mosquitto*, void* self, int rc);
  static void onMessage(mosquitto*, void* self, const mosquitto_message* m);
  static void onLog(mosquitto*, void* self, int level, const char* text);
  void subscribeAll(const std::vector<std::string>& topics);
  bool setUpLogin(std::string& error);

  MqttBroker broker_;
  Callbacks callbacks_;
  mosquitto* handle_ = nullptr;
  bool started_ = false;
  mutable std::mutex mutex_;  // guards topics_ and lastLoggedError_
  std::vector<std::string> topics_;
  std::string lastLoggedError_;  // libmosquitto's own words for a failure (a TLS error), for the status
  std::atomic<bool> connected_{false};
  std::atomic<bool> refused_{false};  // the last CONNACK turned the login down
};

}  // namespace citywall::feed
