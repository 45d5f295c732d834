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

MqttClient::MqttClient(std::string host, int port, Callbacks callbacks)
    : host_(std::move(host)), port_(port), callbacks_(std::move(callbacks)) {
  initOnce();
  handle_ = mosquitto_new(nullptr, true, this);
  if (!handle_) return;
  mosquitto_connect_callback_set(handle_, &MqttClient::onConnect);
  mosquitto_disconnect_callback_set(handle_, &MqttClient::onDisconnect);
  mosquitto_message_callback_set(handle_, &MqttClient::onMessage);
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

bool MqttClient::start(std::string& error) {
  if (!handle_) return error = "cannot make an MQTT client (out of memory)", false;
  // A broker not there yet is fine: the loop keeps trying. Only a setup
  // that can never work (no thread) is an error here.
  const int rc = mosquitto_connect_async(handle_, host_.c_str(), port_, 30);
  if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO && rc != MOSQ_ERR_EAI)
    return error = std::string("MQTT: ") + mosquitto_strerror(rc), false;
  if (rc != MOSQ_ERR_SUCCESS && callbacks_.connection) callbacks_.connection(false, std::string("MQTT: ") + mosquitto_strerror(rc));
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
    if (c->callbacks_.connection) c->callbacks_.connection(false, std::string("MQTT: ") + mosquitto_connack_string(rc));
    return;
  }
  c->connected_ = true;
  std::vector<std::string> topics;
  {
    std::lock_guard lock(c->mutex_);
    topics = c->topics_;
  }
  c->subscribeAll(topics);
  if (c->callbacks_.connection) c->callbacks_.connection(true, {});
}

void MqttClient::onDisconnect(mosquitto*, void* self, int rc) {
  auto* c = static_cast<MqttClient*>(self);
  c->connected_ = false;
  if (c->callbacks_.connection)
    c->callbacks_.connection(false, rc == 0 ? "MQTT: disconnected" : "MQTT: connection lost, reconnecting");
}

void MqttClient::onMessage(mosquitto*, void* self, const mosquitto_message* m) {
  auto* c = static_cast<MqttClient*>(self);
  if (!c->callbacks_.message || !m->topic) return;
  c->callbacks_.message(m->topic, std::string_view(static_cast<const char*>(m->payload), size_t(std::max(0, m->payloadlen))));
}

}  // namespace citywall::feed
