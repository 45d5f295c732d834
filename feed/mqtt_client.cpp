#include "feed/mqtt_client.h"

#include <mosquitto.h>

#include <mutex>

namespace citywall::feed {

namespace {
void initOnce() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}
}  // namespace

MqttClient::MqttClient(MqttBroker broker, Callbacks callbacks)
    : broker_(std::move(broker)), callbacks_(std::move(callbacks)) {
  initOnce();
  handle_ = mosquitto_new(nullptr, true, this);
  if (!handle_) return;
  mosquitto_connect_callback_set(handle_, &MqttClient::onConnect);
  mosquitto_disconnect_callback_set(handle_, &MqttClient::onDisconnect);
  mosquitto_message_callback_set(handle_, &MqttClient::onMessage);
  mosquitto_log_callback_set(handle_, &MqttClient::onLog);
  mosquitto_reconnect_delay_set(handle_, 1, 30, true);
}

MqttClient::~MqttClient() {
  if (!handle_) return;
  if (started_) {
    mosquitto_disconnect(handle_);
    mosquitto_loop_stop(handle_, true);
  }
  mosquitto_destroy(handle_);
}

bool MqttClient::setUpLogin(std::string& error) {
  if (broker_.tls) {
    // The broker's certificate and host name are checked (libmosquitto's
    // default; tls_insecure is never set), and the name goes as SNI.
    const int rc = broker_.caFile.empty()
                       ? mosquitto_int_option(handle_, MOSQ_OPT_TLS_USE_OS_CERTS, 1)
                       : mosquitto_tls_set(handle_, broker_.caFile.c_str(), nullptr, nullptr, nullptr, nullptr);
    if (rc != MOSQ_ERR_SUCCESS)
      return error = "MQTT over TLS: " +
                     (broker_.caFile.empty() ? std::string(mosquitto_strerror(rc))
                                             : "cannot read the CA file \"" + broker_.caFile + "\""),
             false;
  }
  if (!broker_.username.empty()) {
    const int rc = mosquitto_username_pw_set(handle_, broker_.username.c_str(), broker_.password.c_str());
    if (rc != MOSQ_ERR_SUCCESS) return error = std::string("MQTT login: ") + mosquitto_strerror(rc), false;
  }
  return true;
}

bool MqttClient::start(std::string& error) {
  if (!handle_) return error = "cannot make an MQTT client (out of memory)", false;
  if (!setUpLogin(error)) return false;
  // A broker not there yet is fine: the loop keeps trying. Only a setup
  // that can never work (no thread) is an error here.
  const int rc = mosquitto_connect_async(handle_, broker_.host.c_str(), broker_.port, 30);
  if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO && rc != MOSQ_ERR_EAI && rc != MOSQ_ERR_TLS)
    return error = std::string("MQTT: ") + mosquitto_strerror(rc), false;
  if (rc != MOSQ_ERR_SUCCESS && callbacks_.connection)
    callbacks_.connection(false, std::string("MQTT: ") + mosquitto_strerror(rc), false);
  const int loop = mosquitto_loop_start(handle_);
  if (loop != MOSQ_ERR_SUCCESS) return error = std::string("MQTT: ") + mosquitto_strerror(loop), false;
  started_ = true;
  return true;
}

void MqttClient::subscribe(const std::vector<std::string>& topics) {
  std::vector<std::string> added;
  {
    std::lock_guard lock(mutex_);
    for (const auto& t : topics) {
      bool known = false;
      for (const auto& k : topics_) known = known || k == t;
      if (!known) topics_.push_back(t), added.push_back(t);
    }
  }
  if (connected_) subscribeAll(added);
}

size_t MqttClient::topics() const {
  std::lock_guard lock(mutex_);
  return topics_.size();
}

void MqttClient::subscribeAll(const std::vector<std::string>& topics) {
  for (const auto& t : topics) mosquitto_subscribe(handle_, nullptr, t.c_str(), 0);
}

void MqttClient::onConnect(mosquitto*, void* self, int rc) {
  auto* c = static_cast<MqttClient*>(self);
  if (rc != 0) {
    // MQTT 3.1.1's CONNACK 4 and 5: bad username or password, not authorised.
    const bool refused = rc == 4 || rc == 5;
    c->refused_ = refused;
    if (c->callbacks_.connection)
      c->callbacks_.connection(false, std::string("MQTT: ") + mosquitto_connack_string(rc), refused);
    return;
  }
  c->connected_ = true;
  c->refused_ = false;
  std::vector<std::string> topics;
  {
    std::lock_guard lock(c->mutex_);
    topics = c->topics_;
    c->lastLoggedError_.clear();
  }
  c->subscribeAll(topics);
  if (c->callbacks_.connection) c->callbacks_.connection(true, {}, false);
}

void MqttClient::onDisconnect(mosquitto*, void* self, int rc) {
  auto* c = static_cast<MqttClient*>(self);
  c->connected_ = false;
  // After a refused login the broker hangs up: the refusal said it all.
  if (!c->callbacks_.connection || c->refused_.exchange(false)) return;
  if (rc == 0) return c->callbacks_.connection(false, "MQTT: disconnected", false);
  // libmosquitto logs why (a certificate that failed verification, a TLS
  // alert) but passes only a code here: say its words when it logged some.
  std::string why = "MQTT: connection lost, reconnecting";
  {
    std::lock_guard lock(c->mutex_);
    if (!c->lastLoggedError_.empty()) why += " (" + c->lastLoggedError_ + ")";
  }
  c->callbacks_.connection(false, why, false);
}

void MqttClient::onMessage(mosquitto*, void* self, const mosquitto_message* m) {
  auto* c = static_cast<MqttClient*>(self);
  if (!c->callbacks_.message || !m->topic) return;
  c->callbacks_.message(m->topic, std::string_view(static_cast<const char*>(m->payload), size_t(std::max(0, m->payloadlen))));
}

void MqttClient::onLog(mosquitto*, void* self, int level, const char* text) {
  if (level != MOSQ_LOG_ERR || !text) return;
  auto* c = static_cast<MqttClient*>(self);
  {
    std::lock_guard lock(c->mutex_);
    c->lastLoggedError_ = text;
  }
  // A connection that fails before it is made (a TLS handshake refused
  // over the certificate) gets no disconnect callback: its error is the
  // only word of it.
  if (!c->connected_ && c->callbacks_.connection) c->callbacks_.connection(false, std::string("MQTT: ") + text, false);
}

}  // namespace citywall::feed
