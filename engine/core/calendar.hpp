// The simulated calendar: civil dates, working days, bank holidays, and the statutory ways of counting a
// deadline (calendar months the ICO way, working days, plain days).
#pragma once

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace cp {

// A proleptic Gregorian date stored as days since 1970-01-01 (so arithmetic is plain integer maths).
class Date {
  public:
    Date() = default;
    static Date from_days(int days) {
        Date d;
        d.days_ = days;
        return d;
    }
    static Date from_ymd(int year, int month, int day);
    // Parses "YYYY-MM-DD"; nullopt when malformed or not a real date (2026-02-30).
    static std::optional<Date> parse(std::string_view iso);

    int days() const { return days_; }
    int year() const;
    int month() const;              // 1..12
    int day() const;                // 1..31
    int weekday() const;            // 0 = Monday .. 6 = Sunday
    std::string iso() const;        // "2026-03-03"
    std::string long_text() const;  // "Tuesday 3 March 2026"

    Date plus_days(int n) const { return from_days(days_ + n); }
    auto operator<=>(const Date&) const = default;

  private:
    int days_ = 0;
};

int days_in_month(int year, int month);

// Minutes since midnight of a date; the simulated clock.
struct DateTime {
    Date date;
    int minute_of_day = 0;  // 0..1439

    // Parses "YYYY-MM-DDTHH:MM".
    static std::optional<DateTime> parse(std::string_view text);
    std::string iso() const;         // "2026-03-03T10:15"
    std::string long_text() const;   // "Tuesday 3 March 2026, 10:15"
    std::string clock_text() const;  // "10:15"
    auto operator<=>(const DateTime&) const = default;
};

// How a deadline is counted. Hours and the end of the working day are same-day deadlines: they judge the
// simulated time at which the action is done, not a promised date.
enum class DeadlineUnit { CalendarMonths, WorkingDays, Days, Hours, EndOfWorkingDay };

struct DeadlineSpan {
    DeadlineUnit unit = DeadlineUnit::Days;
    int amount = 0;
    bool timed() const { return unit == DeadlineUnit::Hours || unit == DeadlineUnit::EndOfWorkingDay; }
};

std::string describe_span(const DeadlineSpan& span);  // "1 calendar month", "5 working days"

class WorkCalendar {
  public:
    WorkCalendar();  // Monday to Friday, no bank holidays

    void set_working_weekdays(const std::array<bool, 7>& days) { working_weekdays_ = days; }
    void add_bank_holiday(Date d) { bank_holidays_.insert(d); }
    const std::set<Date>& bank_holidays() const { return bank_holidays_; }
    const std::array<bool, 7>& working_weekdays() const { return working_weekdays_; }

    bool is_working_day(Date d) const;
    Date next_working_day_on_or_after(Date d) const;
    // The date `n` working days after `d` (d itself is not counted).
    Date add_working_days(Date d, int n) const;

    // The due date of a deadline that starts on `received` (day 1 for calendar months).
    //  - calendar months: the corresponding date `n` months later; if that month has no such date, its last
    //    day; then moved to the next working day if it is a weekend day or bank holiday (ICO guidance).
    //  - working days: `n` working days after the day of receipt.
    //  - days: `n` calendar days after the day of receipt.
    Date due_date(Date received, const DeadlineSpan& span) const;
    // The due time of a timed deadline that starts at `from`:
    //  - hours: `n` hours later, on the clock (nights and weekends count);
    //  - end of the working day: the end of working hours that day if it is a working day and they have not
    //    ended yet, else the end of working hours on the next working day.
    DateTime due_time(DateTime from, const DeadlineSpan& span) const;
    void set_working_hours(int start_minute, int end_minute) {
        working_start_ = start_minute;
        working_end_ = end_minute;
    }
    int working_start() const { return working_start_; }  // minutes since midnight (default 09:00)
    int working_end() const { return working_end_; }      // (default 17:00)

  private:
    std::array<bool, 7> working_weekdays_{};
    std::set<Date> bank_holidays_;
    int working_start_ = 9 * 60, working_end_ = 17 * 60;
};

// Parses a weekday name: "mon".."sun" (also full names); returns 0..6 or -1.
int parse_weekday(std::string_view name);

}  // namespace cp
