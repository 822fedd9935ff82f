#include "calendar.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace cp {

namespace {

// Howard Hinnant's civil-date algorithms (public domain descriptions of the proleptic Gregorian calendar).
int days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(int z, int& y, int& m, int& d) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
}

constexpr const char* kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kWeekdayNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};

bool parse_int(std::string_view s, int& out) {
    if (s.empty()) return false;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

}  // namespace

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

Date Date::from_ymd(int year, int month, int day) {
    return from_days(days_from_civil(year, month, day));
}

std::optional<Date> Date::parse(std::string_view iso) {
    int y, m, d;
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
    if (!parse_int(iso.substr(0, 4), y) || !parse_int(iso.substr(5, 2), m) || !parse_int(iso.substr(8, 2), d))
        return std::nullopt;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
    return from_ymd(y, m, d);
}

int Date::year() const {
    int y, m, d;
    civil_from_days(days_, y, m, d);
    return y;
}
int Date::month() const {
    int y, m, d;
    civil_from_days(days_, y, m, d);
    return m;
}
int Date::day() const {
    int y, m, d;
    civil_from_days(days_, y, m, d);
    return d;
}

int Date::weekday() const {
    // 1970-01-01 was a Thursday (index 3 with Monday = 0).
    int w = (days_ + 3) % 7;
    return w < 0 ? w + 7 : w;
}

std::string Date::iso() const {
    int y, m, d;
    civil_from_days(days_, y, m, d);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

std::string Date::long_text() const {
    int y, m, d;
    civil_from_days(days_, y, m, d);
    return std::string(kWeekdayNames[weekday()]) + ' ' + std::to_string(d) + ' ' + kMonthNames[m - 1] + ' ' +
           std::to_string(y);
}

std::optional<DateTime> DateTime::parse(std::string_view text) {
    if (text.size() != 16 || text[10] != 'T' || text[13] != ':') return std::nullopt;
    auto date = Date::parse(text.substr(0, 10));
    int h, mi;
    if (!date || !parse_int(text.substr(11, 2), h) || !parse_int(text.substr(14, 2), mi) || h > 23 || mi > 59)
        return std::nullopt;
    return DateTime{*date, h * 60 + mi};
}

std::string DateTime::clock_text() const {
    if (minute_of_day >= 0 && minute_of_day < 100 * 60) {  // "HH:MM" without snprintf: the player prints it often
        int h = minute_of_day / 60, m = minute_of_day % 60;
        return {static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':', static_cast<char>('0' + m / 10),
                static_cast<char>('0' + m % 10)};
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minute_of_day / 60, minute_of_day % 60);
    return buf;
}

std::string DateTime::iso() const {
    return date.iso() + 'T' + clock_text();
}
std::string DateTime::long_text() const {
    return date.long_text() + ", " + clock_text();
}

std::string describe_span(const DeadlineSpan& span) {
    std::string n = std::to_string(span.amount);
    bool one = span.amount == 1;
    switch (span.unit) {
        case DeadlineUnit::CalendarMonths:
            return n + (one ? " calendar month" : " calendar months");
        case DeadlineUnit::WorkingDays:
            return n + (one ? " working day" : " working days");
        case DeadlineUnit::Days:
            return n + (one ? " day" : " days");
        case DeadlineUnit::Hours:
            return n + (one ? " hour" : " hours");
        case DeadlineUnit::EndOfWorkingDay:
            return "the end of the working day";
    }
    return n;
}

WorkCalendar::WorkCalendar() {
    working_weekdays_ = {true, true, true, true, true, false, false};
}

bool WorkCalendar::is_working_day(Date d) const {
    return working_weekdays_[static_cast<std::size_t>(d.weekday())] && !bank_holidays_.contains(d);
}

Date WorkCalendar::next_working_day_on_or_after(Date d) const {
    // A calendar with no working weekdays would loop forever; the loader rejects it, this guards anyway.
    for (int i = 0; i < 3660; ++i, d = d.plus_days(1))
        if (is_working_day(d)) return d;
    return d;
}

Date WorkCalendar::add_working_days(Date d, int n) const {
    for (int counted = 0, guard = 0; counted < n && guard < 36600; ++guard) {
        d = d.plus_days(1);
        if (is_working_day(d)) ++counted;
    }
    return d;
}

Date WorkCalendar::due_date(Date received, const DeadlineSpan& span) const {
    switch (span.unit) {
        case DeadlineUnit::CalendarMonths: {
            int months = received.year() * 12 + (received.month() - 1) + span.amount;
            int y = months / 12, m = months % 12 + 1;
            int d = std::min(received.day(), days_in_month(y, m));
            return next_working_day_on_or_after(Date::from_ymd(y, m, d));
        }
        case DeadlineUnit::WorkingDays:
            return add_working_days(received, span.amount);
        case DeadlineUnit::Days:
            return received.plus_days(span.amount);
        case DeadlineUnit::Hours:
        case DeadlineUnit::EndOfWorkingDay:
            return due_time({received, 0}, span).date;
    }
    return received;
}

DateTime WorkCalendar::due_time(DateTime from, const DeadlineSpan& span) const {
    if (span.unit == DeadlineUnit::Hours) {
        int minutes = from.minute_of_day + span.amount * 60;
        return {from.date.plus_days(minutes / 1440), minutes % 1440};
    }
    if (span.unit == DeadlineUnit::EndOfWorkingDay) {
        if (is_working_day(from.date) && from.minute_of_day < working_end_) return {from.date, working_end_};
        return {add_working_days(from.date, 1), working_end_};
    }
    return {due_date(from.date, span), 24 * 60 - 1};
}

int parse_weekday(std::string_view name) {
    static constexpr const char* kShort[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int i = 0; i < 7; ++i) {
        std::string full = kWeekdayNames[i];
        for (auto& c : full) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name == kShort[i] || name == full) return i;
    }
    return -1;
}

}  // namespace cp
