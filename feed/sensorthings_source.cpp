// sensorthings_source.cpp — an OGC SensorThings service (sensorthings.h):
// the Datastreams over HTTP, then their Observations over MQTT.
//
// The MQTT client runs on libmosquitto's thread and only queues what
// arrives (topic and payload); this source, on the network thread, turns
// the queue into protocol v1 every 50 ms and delivers it like any feed's
// frames, so the topic → sensor map is never shared between threads.

#include "feed/feed_source.h"
#include "feed/http_get.h"
#include "feed/mqtt_client.h"
#include "feed/sensorthings_entities.h"

#include <map>
#include <stdexcept>

namespace citywall::feed {
namespace {

constexpr size_t kInboxLimit = 200'000;  // messages waiting; beyond, counted as capacity and dropped

class SensorThingsSource final : public FeedSource {
 public:
  SensorThingsSource(const FeedOptions& o, FeedUrl url, EventQueue& q)
      : FeedSource(o, q), url_(std::move(url)), sta_(o.sensorThings) {
    root_ = url_.target.substr(0, url_.target.find('?'));
    while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
    version_ = root_.substr(root_.rfind('/') + 1);  // "v1.1": the topics' first level
    http_.caFile = o.caFile;
    httpElsewhere_ = http_;
    if (!sta_.username.empty()) http_.authorization = httpBasic(sta_.username, sta_.password);
    broker_ = {url_.mqttHost, std::stoi(url_.mqttPort), url_.mqttTls, o.caFile, sta_.username, sta_.password};
  }

  asio::awaitable<void> run(const std::atomic<bool>& stopping) override {
    setState(FeedState::connecting);
    // The Datastreams first: without them there is nothing to subscribe to.
    while (!stopping && !(co_await tryBootstrap()))
      if (!co_await pause(retryIn_, stopping)) co_return;
    if (stopping) co_return;
    backoff_.reset();
    mqtt_ = std::make_unique<MqttClient>(broker_, callbacks());
    std::string error;
    if (!mqtt_->start(error)) setState(FeedState::waiting, error);
    mqtt_->subscribe(topicsToSubscribe());
    auto lastBootstrap = std::chrono::steady_clock::now();
    while (co_await pause(std::chrono::milliseconds(50), stopping)) {
      co_await drain();
      if (std::chrono::steady_clock::now() - lastBootstrap > sta_.rebootstrap) {
        lastBootstrap = std::chrono::steady_clock::now();
        if (co_await tryBootstrap()) mqtt_->subscribe(topicsToSubscribe());  // new Datastreams
      }
    }
    mqtt_.reset();  // joins libmosquitto's thread before the source goes
  }

 private:
  MqttClient::Callbacks callbacks() {
    MqttClient::Callbacks c;
    c.message = [this](std::string_view topic, std::string_view payload) {
      std::lock_guard lock(inboxMutex_);
      if (inbox_.size() >= kInboxLimit) return void(++inboxDropped_);
      inbox_.emplace_back(std::string(topic), std::string(payload));
    };
    c.connection = [this](bool connected, const std::string& why, bool refused) {
      updateStatus([&](FeedStatus& s) {
        if (connected) {
          s.reconnects += s.connections > 0;
          ++s.connections;
          s.state = FeedState::connected;
          s.lastError.clear();
        } else {
          // A refused login stays refused until someone fixes the
          // credentials; the client still retries (30 s apart at most).
          s.state = refused ? FeedState::unauthorized : FeedState::waiting;
          s.lastError = refused ? why + " (check username and password)" : why;
        }
      });
    };
    return c;
  }

  std::vector<std::string> topicsToSubscribe() const {
    std::vector<std::string> topics;
    for (const auto& [topic, target] : byTopic_) topics.push_back(topic);
    return topics;
  }

  asio::awaitable<bool> tryBootstrap() {
    try {
      co_await bootstrap();
      updateStatus([](FeedStatus& s) { ++s.polls; });
      co_return true;
    } catch (...) {
      retryIn_ = attemptFailed(std::current_exception());
    }
    updateStatus([](FeedStatus& s) {
      ++s.failedPolls;
      s.lastError = "reading the Datastreams: " + s.lastError;
    });
    co_return false;
  }

  // Every Datastream, page by page (@iot.nextLink), with what a sensor needs.
  asio::awaitable<void> bootstrap() {
    std::vector<StaDatastream> all;
    FeedUrl where = url_;
    std::string target = root_ + "/Datastreams?$top=" + std::to_string(sta_.pageSize) +
                         "&$expand=Thing($expand=Locations),ObservedProperty,"
                         "Observations($orderby=phenomenonTime%20desc;$top=1)";
    for (int page = 0; page < 10'000 && !target.empty(); ++page) {
      // The credentials go only to the service's own host, never to
      // another one an @iot.nextLink may name.
      const bool service = where.host == url_.host && where.port == url_.port && where.tls == url_.tls;
      const HttpResponse r = co_await httpGet(where, target, service ? http_ : httpElsewhere_);
      if (r.status == 401 || r.status == 403)
        throw Unauthorized("HTTP " + std::to_string(r.status) + " (check username and password)");
      if (r.status != 200) throw std::runtime_error("HTTP " + std::to_string(r.status));
      StaPage p = parseStaDatastreams(r.body);
      if (!p.error.empty()) throw std::runtime_error(p.error);
      ownRefusals_ += p.rejected;
      for (auto& d : p.datastreams) all.push_back(std::move(d));
      target.clear();
      if (!p.nextLink.empty()) {
        auto next = parseHttpUrl(p.nextLink);
        if (!next) throw std::runtime_error("an @iot.nextLink that is not an http(s) URL: " + p.nextLink);
        where = *next;
        target = next->target;
      }
    }
    live::RejectCounts things;
    const std::string frame = staSensorsFrame(sta_, all, things);
    thingRefusals_ = things;  // counted per bootstrap, not summed: the same Things each time
    for (const StaDatastream& d : all)
      byTopic_[staObservationsTopic(version_, d.id)] = {sta_.idPrefix + d.thingId, staMetric(sta_, d.observedProperty)};
    if (!frame.empty()) co_await deliver(frame);
    else publishStats();
  }

  asio::awaitable<void> drain() {
    std::vector<std::pair<std::string, std::string>> messages;
    uint64_t dropped;
    {
      std::lock_guard lock(inboxMutex_);
      messages.swap(inbox_);
      dropped = inboxDropped_;
    }
    if (messages.empty() && dropped == inboxDroppedSeen_) co_return;
    ownRefusals_.add(live::RejectReason::capacity, dropped - inboxDroppedSeen_);
    inboxDroppedSeen_ = dropped;
    std::vector<StaObservation> observations;
    for (const auto& [topic, payload] : messages) {
      auto target = byTopic_.find(topic);
      if (target == byTopic_.end()) {
        ownRefusals_.add(live::RejectReason::unknownType);
        continue;
      }
      live::RejectReason why;
      if (auto reading = parseStaObservation(payload, why))
        observations.push_back({target->second.first, target->second.second, *reading});
      else
        ownRefusals_.add(why);
    }
    updateStatus([&](FeedStatus& s) { s.items += messages.size(); });
    const std::string frame = staObservationsFrame(observations);
    if (!frame.empty()) co_await deliver(frame);
    else publishStats();
  }

  void addOwnCounts(FeedStatus& s) const override {
    s.decode.rejected += ownRefusals_;
    s.decode.rejected += thingRefusals_;
  }

  FeedUrl url_;
  SensorThingsOptions sta_;
  std::string root_, version_;
  HttpGetOptions http_, httpElsewhere_;  // to the service (with its credentials), to any other host (without)
  MqttBroker broker_;
  std::unique_ptr<MqttClient> mqtt_;
  std::chrono::milliseconds retryIn_{0};  // after a failed bootstrap
  std::map<std::string, std::pair<std::string, std::string>> byTopic_;  // topic → (sensor id, metric)
  live::RejectCounts ownRefusals_, thingRefusals_;
  std::mutex inboxMutex_;  // guards inbox_ and inboxDropped_ (libmosquitto's thread fills them)
  std::vector<std::pair<std::string, std::string>> inbox_;
  uint64_t inboxDropped_ = 0, inboxDroppedSeen_ = 0;
};

}  // namespace

std::unique_ptr<FeedSource> makeSensorThingsSource(const FeedOptions& options, const FeedUrl& url, EventQueue& queue) {
  return std::make_unique<SensorThingsSource>(options, url, queue);
}

}  // namespace citywall::feed
