// open311_source.cpp — polls an Open311 GeoReport v2 server (open311.h).
//
// One poll: the next window (the back-fill first), halved until each part
// fits on one page (readWindow says why); then, when the window slides on
// requested_datetime, a batch of known open requests re-read by id, so
// closures arrive. An HTTP error backs off and asks again from where the
// last complete part ended; a page that cannot be read is counted and asked
// for again next poll (three tries, then passed over, so one bad page cannot
// stop the feed).

#include "feed/feed_source.h"
#include "feed/http_get.h"
#include "feed/open311_cases.h"
#include "feed/open311_window.h"

#include <stdexcept>

namespace citywall::feed {
namespace {

live::TimeMs nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool endsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

class Open311Source final : public FeedSource {
 public:
  Open311Source(const FeedOptions& o, FeedUrl url, EventQueue& q)
      : FeedSource(o, q), url_(std::move(url)), open311_(o.open311), cases_(o.open311.mapping) {
    const std::string path = url_.target.substr(0, url_.target.find('?'));
    xml_ = endsWith(path, ".xml");
    http_.caFile = o.caFile;
    http_.accept = xml_ ? "application/xml" : "application/json";
  }

  asio::awaitable<void> run(const std::atomic<bool>& stopping) override {
    Open311Windows windows(open311_, nowMs());
    setState(FeedState::connecting);
    while (!stopping) {
      std::chrono::milliseconds delay = open311_.poll;
      try {
        co_await poll(windows);
        backoff_.reset();
        updateStatus([](FeedStatus& s) {
          ++s.polls;
          s.state = FeedState::connected;
          s.lastError = std::string();
        });
        if (!pageError_.empty()) setState(FeedState::connected, pageError_);
        if (windows.catchingUp(nowMs())) delay = std::chrono::milliseconds(0);
        cases_.forgetClosedBefore(windows.cursor() - live::TimeMs(open311_.backfillDays + 1) * 24 * 3600 * 1000);
      } catch (...) {
        delay = attemptFailed(std::current_exception());
        updateStatus([](FeedStatus& s) { ++s.failedPolls; });
      }
      publishStats();
      if (!co_await pause(delay, stopping)) break;
    }
  }

 private:
  // One GET of requests; the page, or an exception for an HTTP error.
  asio::awaitable<Open311Page> fetch(const std::string& target) {
    const HttpResponse r = co_await httpGet(url_, target, http_);
    if (r.status == 401 || r.status == 403)
      throw Unauthorized("HTTP " + std::to_string(r.status) + " (check api_key and jurisdiction_id)");
    if (r.status >= 300 && r.status < 400)
      throw std::runtime_error("HTTP " + std::to_string(r.status) + " redirect to " + r.location + " (configure that URL)");
    if (r.status != 200) throw std::runtime_error("HTTP " + std::to_string(r.status));
    const bool xml = r.contentType.find("xml") != std::string::npos || (r.contentType.empty() && xml_);
    Open311Page page = xml ? parseOpen311Xml(r.body) : parseOpen311Json(r.body);
    if (!page.error.empty() && !page.malformed) throw std::runtime_error(page.error);  // the server's own error list
    updateStatus([&](FeedStatus& s) { s.items += page.requests.size(); });
    co_return page;
  }

  asio::awaitable<void> apply(const Open311Page& page) {
    pageRefusals_ += page.rejected;
    cases_.toFrame(page.requests, frame_);
    if (!frame_.empty()) co_await deliver(frame_);  // publishes the counts
    else publishStats();
  }

  // Requests refused on the page (no id…) or as cases (no place, an unknown
  // status), beside the decoder's counts.
  void addOwnCounts(FeedStatus& s) const override {
    s.decode.rejected += pageRefusals_;
    s.decode.rejected += cases_.rejected();
    s.sourceDuplicates = cases_.duplicates();
  }

  // Reads one window. A full first page means the window holds more than a
  // page: it is halved (older half first) until each part fits on one, and
  // only a single second that still fills a page is read page by page. Offset
  // paging over a window whose requests change while it is read (one closed
  // meanwhile leaves an updated_before window, one made now joins) shifts
  // every later page and skips requests for good; windows that fit on one
  // page cannot shift. It also copes with servers that ignore `page`.
  // Returns false when a page could not be read (the window is asked for
  // again next poll).
  asio::awaitable<bool> readWindow(const Open311Span& whole, Open311Windows& windows) {
    std::vector<Open311Span> todo{whole};  // newest last-in: the back holds the oldest part
    while (!todo.empty()) {
      const Open311Span span = todo.back();
      todo.pop_back();
      std::string previousIds;
      bool split = false;
      for (int page = 1; page <= open311_.maxPages; ++page) {
        const Open311Page result = co_await fetch(open311WindowTarget(url_.target, open311_, span, page));
        if (result.malformed) {
          pageRefusals_.add(live::RejectReason::malformedJson);
          pageError_ = "page " + std::to_string(page) + " from " + open311QueryTime(span.from) + ": " + result.error;
          co_return false;
        }
        co_await apply(result);
        if (result.requests.size() + result.rejected.total() < size_t(open311_.pageSize)) break;  // the last page
        if (page == 1 && span.to - span.from > 1000) {
          live::TimeMs mid = (span.from + span.to) / 2;
          mid -= ((mid % 1000) + 1000) % 1000;  // whole seconds
          if (mid <= span.from) mid = span.from + 1000;
          todo.push_back({mid, span.to});
          todo.push_back({span.from, mid});
          split = true;
          break;
        }
        // One second, more than a page: page on. A server that ignores `page`
        // sends the same page again: stop there.
        std::string ids;
        for (const auto& r : result.requests) ids += r.id + ',';
        if (ids == previousIds) break;
        previousIds = std::move(ids);
      }
      if (!split) windows.done(span);  // parts go oldest first: everything up to span.to is read
    }
    co_return true;
  }

  asio::awaitable<void> poll(Open311Windows& windows) {
    const Open311Span span = windows.next(nowMs());
    if (co_await readWindow(span, windows)) {
      pageError_.clear();
      damagedTries_ = 0;
    } else if (++damagedTries_ >= 3) {
      windows.done(span);  // three times the same bad page: passed over, the error stays shown
      damagedTries_ = 0;
    }
    if (open311_.window == Open311Window::requested && !windows.catchingUp(nowMs())) {
      // GeoReport's start_date/end_date select by requested_datetime: a
      // request closed today but made last week is only seen when asked by id.
      const auto ids = cases_.openIdsToRefresh(size_t(open311_.refreshBatch), span.from);
      if (!ids.empty()) co_await apply(co_await fetch(open311IdsTarget(url_.target, open311_, ids)));
    }
  }

  FeedUrl url_;
  Open311Options open311_;
  Open311Cases cases_;
  HttpGetOptions http_;
  bool xml_ = false;
  std::string frame_;
  std::string pageError_;
  live::RejectCounts pageRefusals_;
  int damagedTries_ = 0;
};

}  // namespace

std::unique_ptr<FeedSource> makeOpen311Source(const FeedOptions& options, const FeedUrl& url, EventQueue& queue) {
  return std::make_unique<Open311Source>(options, url, queue);
}

}  // namespace citywall::feed
