// The counterpart command line: one function per subcommand, each taking its arguments and streams so
// tests can drive them without a terminal.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cp::cli {

using Args = std::vector<std::string>;

int play(const Args& args, std::istream& in, std::ostream& out, std::ostream& err);
int lint(const Args& args, std::ostream& out, std::ostream& err);
int replay(const Args& args, std::ostream& out, std::ostream& err);
int list_scenarios(const Args& args, std::ostream& out, std::ostream& err);
int coverage(const Args& args, std::ostream& out, std::ostream& err);

// Usage text for the whole tool or one command.
std::string usage(const std::string& command = "");

// Reads the value after an option such as --mode; returns false (with a message) if it is missing.
bool option_value(const Args& args, std::size_t& i, std::string& value, std::ostream& err);

}  // namespace cp::cli
