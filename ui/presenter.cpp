#include "ui/presenter.h"

namespace citywall::ui {

Presenter::Presenter(std::vector<Bookmark> bookmarks, TourOptions tour, AlertFocusOptions alerts)
    : bookmarks_(std::move(bookmarks)), tourOptions_(tour), alertOptions_(alerts) {}

const Bookmark* Presenter::bookmark(const std::string& name) const {
  for (const auto& b : bookmarks_)
    if (b.name == name) return &b;
  return nullptr;
}

void Presenter::addBookmark(Bookmark b) {
  for (auto& existing : bookmarks_)
    if (existing.name == b.name) {
      existing = std::move(b);
      return;
    }
  bookmarks_.push_back(std::move(b));
}

double Presenter::dwellAt(size_t stop) const {
  const double own = bookmarks_[stop].dwellSeconds;
  return own > 0 ? own : tourOptions_.dwellSeconds;
}

void Presenter::flyToStop(Commands& out) {
  arrivedAt_.reset();
  out.push_back(FlyTo{bookmarks_[stop_].view, tourOptions_.flySeconds});
}

void Presenter::goTo(const std::string& name, double, Commands& out) {
  for (size_t i = 0; i < bookmarks_.size(); ++i)
    if (bookmarks_[i].name == name) {
      stop_ = i;
      focus_.reset();
      queue_.clear();
      returnTo_.reset();
      out.push_back(ClearSelection{});
      flyToStop(out);
      return;
    }
}

void Presenter::startTour(double, Commands& out) {
  if (bookmarks_.empty()) return;
  touring_ = true;
  if (!focus_) flyToStop(out);  // an alert on screen finishes first
}

void Presenter::stopTour() {
  touring_ = false;
  arrivedAt_.reset();
}

void Presenter::nextStop(double, Commands& out) {
  if (bookmarks_.empty()) return;
  stop_ = (stop_ + 1) % bookmarks_.size();
  if (!focus_) flyToStop(out);
}

std::optional<std::string> Presenter::tourStop() const {
  if (!touring_ || bookmarks_.empty()) return std::nullopt;
  return bookmarks_[stop_].name;
}

void Presenter::showAlert(const Alert& a, Commands& out) {
  focus_ = Focus{a, std::nullopt};
  CameraView v;
  v.lon = a.lon, v.lat = a.lat;
  v.distance = alertOptions_.distance;
  v.pitch = alertOptions_.pitch;
  out.push_back(FlyTo{v, 0, false, true});
  if (a.kind == Alert::Kind::urgentCase) out.push_back(SelectCase{a.id, false});
  else out.push_back(SelectSensor{a.id, false});
}

void Presenter::alert(const Alert& a, double, const CameraView& current, Commands& out) {
  if (alertsPaused()) return;
  if (focus_) {
    queue_.push_back(a);
    while (queue_.size() > alertOptions_.maxQueued) queue_.pop_front(), ++dropped_;
    return;
  }
  if (!touring_) returnTo_ = current;
  showAlert(a, out);
}

void Presenter::update(double now, bool cameraFlying, Commands& out) {
  if (focus_) {
    if (cameraFlying) return;
    if (!focus_->arrivedAt) focus_->arrivedAt = now;
    if (now - *focus_->arrivedAt < alertOptions_.holdSeconds) return;
    if (!queue_.empty() && !alertsPaused()) {
      const Alert next = queue_.front();
      queue_.pop_front();
      showAlert(next, out);
      return;
    }
    queue_.clear();
    focus_.reset();
    out.push_back(ClearSelection{});
    if (touring_ && !bookmarks_.empty()) flyToStop(out);  // back to the tour, at the stop it was on
    else if (returnTo_) out.push_back(FlyTo{*returnTo_, 0, false});
    returnTo_.reset();
    return;
  }
  if (!touring_ || bookmarks_.empty() || cameraFlying) return;
  if (!arrivedAt_) arrivedAt_ = now;
  if (now - *arrivedAt_ >= dwellAt(stop_)) {
    stop_ = (stop_ + 1) % bookmarks_.size();
    flyToStop(out);
  }
}

void Presenter::userTookOver() {
  touring_ = false;
  arrivedAt_.reset();
  focus_.reset();
  queue_.clear();
  returnTo_.reset();
}

}  // namespace citywall::ui
