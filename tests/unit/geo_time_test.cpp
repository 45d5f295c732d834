#include <gtest/gtest.h>

#include "geo/time.h"

using citywall::geo::formatRfc3339;
using citywall::geo::parseRfc3339;
using citywall::geo::TimeMs;

namespace {
TimeMs parse(const char* s) {
  TimeMs t = -1;
  EXPECT_TRUE(parseRfc3339(s, t)) << s;
  return t;
}
bool rejects(const char* s) {
  TimeMs t;
  return !parseRfc3339(s, t);
}
}  // namespace

TEST(Rfc3339, OffsetsAndZuluGiveTheSameInstant) {
  EXPECT_EQ(parse("2026-11-22T08:15:30+08:00"), parse("2026-11-22T00:15:30Z"));
  EXPECT_EQ(parse("2024-09-01T00:00:05-04:00"), 1725163205000);
  EXPECT_EQ(parse("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse("1969-12-31T23:59:59Z"), -1000);
}

TEST(Rfc3339, FractionsAreMilliseconds) {
  EXPECT_EQ(parse("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(parse("1970-01-01T00:00:01.123456Z"), 1123);
}

TEST(Rfc3339, LeapDaysExistOnlyInLeapYears) {
  EXPECT_EQ(parse("2024-02-29T00:00:00Z") + 86400000, parse("2024-03-01T00:00:00Z"));
  EXPECT_TRUE(rejects("2023-02-29T00:00:00Z"));
  EXPECT_TRUE(rejects("2100-02-29T00:00:00Z"));
  EXPECT_FALSE(rejects("2000-02-29T00:00:00Z"));
}

TEST(Rfc3339, MalformedTimesAreRejected) {
  for (const char* s : {"yesterday", "", "2026-11-22", "2026-11-22T08:15:30", "2026-13-01T00:00:00Z",
                        "2026-11-31T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T08:15:30+8:00",
                        "2026-11-22T08:15:30Zjunk", "2026-11-22T08:15:30.Z", "2026/11/22T08:15:30Z"})
    EXPECT_TRUE(rejects(s)) << s;
}

TEST(Rfc3339, FormattingRoundTrips) {
  for (TimeMs t : {TimeMs(0), TimeMs(1763770530123), TimeMs(-1500), TimeMs(951782400000)})
    EXPECT_EQ(parse(formatRfc3339(t).c_str()), t) << formatRfc3339(t);
  EXPECT_EQ(formatRfc3339(1725163205000), "2024-09-01T04:00:05.000Z");
}

TEST(GeoTime, OtherPlatformsTimesWithOrWithoutAnOffset) {
  TimeMs a = 0, b = 0, c = 0;
  ASSERT_TRUE(citywall::geo::parseRfc3339OrUtc("2024-09-03T12:00:00Z", a));
  ASSERT_TRUE(citywall::geo::parseRfc3339OrUtc(" 2024-09-03 12:00:00 ", b));  // no offset: UTC; a space for the 'T'
  ASSERT_TRUE(citywall::geo::parseRfc3339OrUtc("2024-09-03T20:00:00+08:00", c));
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
  EXPECT_FALSE(citywall::geo::parseRfc3339OrUtc("yesterday", a));
  EXPECT_FALSE(citywall::geo::parseRfc3339OrUtc("2024-09-03", a));
}
