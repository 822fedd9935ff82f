// libFuzzer target: session records as `counterpart replay` reads them: read_record, the bundled scenario
// the header names, compare_fingerprints, replay_record and the debrief. Input: a JSON Lines record.
// (The scenarios are loaded once: loading and checking one per input under ASan costs seconds.)
//
// Mutation alone never gets past the hash chain, so every input is RESEALED before it is read: each line
// that parses as a JSON object gets "prev" set to the hash of the line before and "hash" recomputed with the
// project's own sealing code. Its "seq" is kept as the mutator left it (a string seq must reach the reader).
// An input whose first line is exactly "#noreseal" is read as it is, so the chain checks are fuzzed too.
//
// Index: [Reseal] [Target] [Structure-aware mutation]
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "library.hpp"
#include "record.hpp"
#include "sha256.hpp"
#include "text_report.hpp"

namespace {

using nlohmann::json;

constexpr std::string_view kNoReseal = "#noreseal\n";

// Splits on '\n'; the last element is what follows the final newline ("" for a complete record).
std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (true) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            lines.emplace_back(text.substr(pos));
            return lines;
        }
        lines.emplace_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i) out += '\n';
        out += lines[i];
    }
    return out;
}

//-----------------------------------------------------------------------------------------------------------
// [Reseal]
//-----------------------------------------------------------------------------------------------------------

// Brings a header's scenario and policy fingerprints up to date with the bundled files, so seed records
// still reach replay after a scenario is edited. Fingerprints of the wrong type are left for the reader.
const cp::LoadedLibrary& bundled() {
    static const cp::LoadedLibrary library = cp::load_library(COUNTERPART_FUZZ_SCENARIOS);
    return library;
}

void refresh_fingerprints(json& header) {
    const cp::LoadedLibrary& library = bundled();
    if (!header.is_object() || !header.contains("scenario") || !header["scenario"].is_object()) return;
    json& sc = header["scenario"];
    if (!sc.contains("id") || !sc["id"].is_string() || !sc.contains("sha256") || !sc["sha256"].is_string()) return;
    for (const auto& scenario : library.scenarios) {
        if (scenario->id != sc["id"].get<std::string>()) continue;
        sc["sha256"] = scenario->sha256;
        if (!header.contains("policies") || !header["policies"].is_array()) return;
        for (json& p : header["policies"]) {
            if (!p.is_object() || !p.contains("id") || !p["id"].is_string() || !p.contains("sha256") ||
                !p["sha256"].is_string())
                continue;
            for (const auto& policy : scenario->policies)
                if (policy->id == p["id"].get<std::string>()) p["sha256"] = policy->sha256;
        }
        return;
    }
}

// Recomputes the chain over every complete line that is a JSON object; other lines are left as they are
// (and break the chain, as they should).
std::string reseal(std::string_view text) {
    std::vector<std::string> lines = split_lines(text);
    std::string prev = cp::kGenesisHash;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {  // the part after the last newline is a torn tail
        json value = cp::fuzz::parse_or_discarded(lines[i]);
        if (!value.is_object()) continue;
        if (i == 0) refresh_fingerprints(value);
        std::string hash;
        if (value.contains("seq") && value["seq"].is_number_integer()) {
            int seq = value["seq"].get<int>();
            lines[i] = cp::seal_record_line(std::move(value), seq, prev, &hash);
        } else {  // the same sealing, keeping a seq of the wrong type (or none) as it is
            value.erase("hash");
            value["prev"] = prev;
            hash = cp::sha256_hex(value.dump());
            value["hash"] = hash;
            lines[i] = value.dump();
        }
        prev = hash;
    }
    return join_lines(lines);
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Target]
//-----------------------------------------------------------------------------------------------------------

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static cp::fuzz::MemoryFile file;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string record = input.substr(0, kNoReseal.size()) == kNoReseal
                             ? std::string(input.substr(kNoReseal.size()))
                             : reseal(input);
    cp::RecordFile read = cp::read_record(file.write(record));
    if (!read.ok) return 0;
    const json& header = read.header();
    if (!header.contains("scenario") || !header["scenario"].is_object()) return 0;
    const json& id = header["scenario"].value("id", json());
    if (!id.is_string()) return 0;
    for (const auto& scenario : bundled().scenarios) {
        if (scenario->id != id.get<std::string>()) continue;
        if (!cp::compare_fingerprints(header, *scenario).empty()) return 0;
        cp::ReplayResult result = cp::replay_record(read, scenario);
        if (result.ok && result.session) (void)cp::debrief_text(*result.session, 80);
    }
    return 0;
}

//-----------------------------------------------------------------------------------------------------------
// [Structure-aware mutation]
//-----------------------------------------------------------------------------------------------------------

// Mutates one line's JSON structure (type swaps, dropped keys, deep nesting), or the line structure itself
// (drop, repeat or swap lines, tear the last one), or falls back to libFuzzer's byte mutation.
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
    std::mt19937 rng(seed);
    std::vector<std::string> lines = split_lines({reinterpret_cast<const char*>(data), size});
    if (lines.size() >= 2 && rng() % 4 != 0) {
        std::size_t complete = lines.size() - 1;
        std::size_t at = rng() % complete;
        bool changed = true;
        switch (rng() % 8) {
            case 0: lines.erase(lines.begin() + static_cast<long>(at)); break;
            case 1: lines.insert(lines.begin() + static_cast<long>(at), lines[rng() % complete]); break;
            case 2: std::swap(lines[at], lines[rng() % complete]); break;
            case 3: lines.back() = lines[at].substr(0, rng() % (lines[at].size() + 1)); break;  // torn tail
            default: {
                json value = cp::fuzz::parse_or_discarded(lines[at]);
                changed = !value.is_discarded() && cp::fuzz::mutate_json(value, rng);
                if (changed) lines[at] = value.dump();
            }
        }
        if (changed)
            if (std::size_t n = cp::fuzz::emit(join_lines(lines), data, max_size)) return n;
    }
    return LLVMFuzzerMutate(data, size, max_size);
}
