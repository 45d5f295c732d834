#pragma once
// Presenter: the briefing side of the screen — camera bookmarks, an
// auto-tour that loops them with dwell times, and alert focus: a new urgent
// case or a new alarm flies the camera there, selects it (its card opens),
// holds, then goes back to the tour (or to where the camera was). It keeps
// only its own state and emits commands; the app flies the camera and tells
// it when a flight has landed (update's `cameraFlying`). Main thread.

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "ui/commands.h"

namespace citywall::ui {

struct Bookmark {
  std::string name;
  CameraView view;
  double dwellSeconds = 0;  ///< 0: the tour's default
};

struct TourOptions {
  bool autoStart = false;     ///< start touring when the program starts
  double dwellSeconds = 15;   ///< time at each stop once arrived
  double flySeconds = 0;      ///< 0: a duration from the path
};

struct AlertFocusOptions {
  bool enabled = true;
  int maxPriority = 1;        ///< cases of this priority or more urgent (1 = most urgent)
  bool alarms = true;         ///< sensor and explicit alarms
  double holdSeconds = 20;    ///< time on the alert once arrived
  double distance = 700;      ///< metres from the alert
  double pitch = 50;
  double recentMinutes = 10;  ///< only alerts this recent against the clock (a backlog does not fly)
  size_t maxQueued = 8;       ///< alerts waiting while one is shown; older ones beyond are dropped
};

struct Alert {
  enum class Kind { urgentCase, alarm } kind = Kind::urgentCase;
  std::string id;  ///< case id, or sensor id (alarm with a sensor), or the alarm id
  double lon = 0, lat = 0;
};

class Presenter {
 public:
  Presenter(std::vector<Bookmark> bookmarks, TourOptions tour, AlertFocusOptions alerts);

  const std::vector<Bookmark>& bookmarks() const { return bookmarks_; }
  const Bookmark* bookmark(const std::string& name) const;
  /// Adds a bookmark (or replaces the one with its name).
  void addBookmark(Bookmark b);

  /// Flies to a bookmark (the tour, if running, continues from there).
  void goTo(const std::string& name, double now, Commands& out);
  void startTour(double now, Commands& out);
  void stopTour();
  bool touring() const { return touring_; }
  /// The next stop now, without waiting for the dwell.
  void nextStop(double now, Commands& out);
  /// The tour's current stop, if touring.
  std::optional<std::string> tourStop() const;

  void setAlertsPaused(bool paused) { alertsPaused_ = paused; }
  bool alertsPaused() const { return alertsPaused_ || !alertOptions_.enabled; }
  /// A new alert. `current` is where the camera is (to return to when not touring).
  void alert(const Alert& a, double now, const CameraView& current, Commands& out);
  /// The alert on screen now, if any.
  const Alert* focused() const { return focus_ ? &focus_->alert : nullptr; }
  size_t queuedAlerts() const { return queue_.size(); }
  uint64_t droppedAlerts() const { return dropped_; }

  /// Once per frame. `cameraFlying`: a flight is still under way (dwell and
  /// hold times count from arrival).
  void update(double now, bool cameraFlying, Commands& out);
  /// The user moved the camera: the tour stops and an alert on screen is
  /// left there (no flight back), so a person is never fought for the camera.
  void userTookOver();

 private:
  struct Focus {
    Alert alert;
    std::optional<double> arrivedAt;
  };
  void showAlert(const Alert& a, Commands& out);
  void flyToStop(Commands& out);
  double dwellAt(size_t stop) const;

  std::vector<Bookmark> bookmarks_;
  TourOptions tourOptions_;
  AlertFocusOptions alertOptions_;
  bool touring_ = false;
  size_t stop_ = 0;
  std::optional<double> arrivedAt_;  // at the tour's current stop
  bool alertsPaused_ = false;
  std::optional<Focus> focus_;
  std::deque<Alert> queue_;
  std::optional<CameraView> returnTo_;  // where to go after the alerts when not touring
  uint64_t dropped_ = 0;
};

}  // namespace citywall::ui
