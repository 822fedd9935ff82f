#include <catch2/catch.hpp>

#include "calendar.hpp"

using namespace cp;

namespace {
Date d(const char* iso) {
    return *Date::parse(iso);
}

WorkCalendar england_2026() {
    WorkCalendar cal;
    for (const char* h : {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
                          "2026-12-25", "2026-12-28", "2027-01-01"})
        cal.add_bank_holiday(d(h));
    return cal;
}
}  // namespace

TEST_CASE("dates parse, print and reject impossible days", "[calendar][unit]") {
    CHECK(d("2026-03-03").long_text() == "Tuesday 3 March 2026");
    CHECK(d("2024-02-29").iso() == "2024-02-29");
    CHECK_FALSE(Date::parse("2026-02-29"));
    CHECK_FALSE(Date::parse("2026-13-01"));
    CHECK_FALSE(Date::parse("26-03-03"));
    CHECK(DateTime::parse("2026-03-03T10:15")->long_text() == "Tuesday 3 March 2026, 10:15");
    CHECK_FALSE(DateTime::parse("2026-03-03T24:00"));
}

TEST_CASE("calendar-month deadlines are counted the ICO way", "[calendar][deadline][unit]") {
    WorkCalendar cal = england_2026();
    struct Row {
        const char* received;
        const char* due;
        const char* why;
    };
    const Row rows[] = {
        {"2026-09-03", "2026-10-05", "3 September -> 3 October, a Saturday -> Monday 5 October"},
        {"2026-01-31", "2026-03-02",
         "31 January -> no 31 February -> 28 February (Saturday) -> Monday 2 March"},
        {"2024-01-31", "2024-02-29", "leap year: 31 January -> 29 February (Thursday)"},
        {"2026-03-31", "2026-04-30", "31 March -> 30 April (no 31 April)"},
        {"2026-03-03", "2026-04-07",
         "3 March -> 3 April is Good Friday, then Easter Monday -> Tuesday 7 April"},
        {"2026-11-25", "2026-12-29",
         "25 November -> 25 December and 28 December bank holidays -> 29 December"},
        {"2026-06-10", "2026-07-10", "a plain weekday"},
        {"2026-02-28", "2026-03-30",
         "received on a Saturday: day of receipt is day 1 -> 28 March (Saturday) -> Monday 30"},
    };
    for (const auto& row : rows) {
        INFO(row.why);
        CHECK(cal.due_date(d(row.received), {DeadlineUnit::CalendarMonths, 1}).iso() == row.due);
    }
    CHECK(cal.due_date(d("2026-01-31"), {DeadlineUnit::CalendarMonths, 3}).iso() == "2026-04-30");
}

TEST_CASE("working-day deadlines skip weekends and bank holidays", "[calendar][deadline][unit]") {
    WorkCalendar cal = england_2026();
    CHECK(cal.due_date(d("2026-03-02"), {DeadlineUnit::WorkingDays, 5}).iso() ==
          "2026-03-09");  // Mon -> next Mon
    CHECK(cal.due_date(d("2026-03-06"), {DeadlineUnit::WorkingDays, 5}).iso() ==
          "2026-03-13");  // Fri -> next Fri
    CHECK(cal.due_date(d("2026-04-01"), {DeadlineUnit::WorkingDays, 5}).iso() ==
          "2026-04-10");  // over Easter
    CHECK(cal.due_date(d("2026-03-07"), {DeadlineUnit::WorkingDays, 1}).iso() ==
          "2026-03-09");  // Saturday receipt
    CHECK(cal.due_date(d("2026-12-23"), {DeadlineUnit::WorkingDays, 10}).iso() == "2027-01-11");
    CHECK(cal.due_date(d("2026-03-02"), {DeadlineUnit::Days, 28}).iso() == "2026-03-30");
}

TEST_CASE("a calendar with other working days follows them", "[calendar][unit]") {
    WorkCalendar cal;
    cal.set_working_weekdays({true, true, true, true, true, true, false});  // Saturday opening
    CHECK(cal.is_working_day(d("2026-03-07")));
    CHECK(cal.due_date(d("2026-09-03"), {DeadlineUnit::CalendarMonths, 1}).iso() == "2026-10-03");
}
