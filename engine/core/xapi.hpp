// Learning records for a college's learning record store (LRS): one session record turned into the ordered
// xAPI 1.0.3 statements that describe it (issue 13). The record is read, chain-checked and re-run by
// review_record (record_review.hpp) first, so a statement never says more than the record proves. Sending
// is not here (see the LRS sender); this only builds and checks statements.
//
// The statement profile (README, "Learning records (xAPI)"):
//   header           -> initialized (object: the scenario)
//   choice           -> answered (object: the decision at the node, a cmi.interaction "choice")
//   policy_consulted -> viewed (object: the policy rule)
//   exhibit_viewed   -> viewed (object: the document shown at the node)
//   resumed          -> resumed (object: the scenario)
//   ended            -> completed, then passed or failed, then terminated (object: the scenario)
// Every statement's id is a name-based UUID of the hash of the record line it comes from (and its place
// among that line's statements), so sending a record twice, or a cut-off record and later the finished
// one, creates no duplicates. Altered records and records whose scenario version is not available are
// refused; a cut-off record gives its statements so far, with no completed, passed/failed or terminated.
//
// Index: [Vocabulary] [Building statements] [Checking statements]
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "record_review.hpp"

namespace cp {

//-----------------------------------------------------------------------------------------------------------
// [Vocabulary]
//-----------------------------------------------------------------------------------------------------------

// Where Counterpart's activity ids live. `.example` is reserved (RFC 2606), so these ids can never collide
// with anyone's real pages; they name things, they are not meant to resolve.
inline constexpr const char* kXapiActivityBase = "https://counterpart.example/xapi/";
// Extension keys: kXapiExtensionBase + "grade", "verdicts", "think-time-ms", "line-hash", ... (README).
inline constexpr const char* kXapiExtensionBase = "https://counterpart.example/xapi/ext/";
// The actor's account homePage when none is configured: the system in which the learner's name is valid.
// A college sets its own (counterpart xapi --home-page URL).
inline constexpr const char* kXapiDefaultHomePage = "https://counterpart.example/learners";
// The language of every language map (the scenarios are written in British English).
inline constexpr const char* kXapiLanguage = "en-GB";

//-----------------------------------------------------------------------------------------------------------
// [Building statements]
//-----------------------------------------------------------------------------------------------------------

struct XapiOptions {
    std::string home_page = kXapiDefaultHomePage;  // actor.account.homePage
};

// The statements of one record, or why there are none.
struct XapiStatements {
    bool ok = false;
    std::string error;         // when !ok: "path:line: error: why" (altered), or "path: error: why"
    std::string registration;  // the session's UUID (context.registration of every statement)
    bool complete = false;     // the record ends: completed, passed/failed and terminated are included
    int cut_off_after = -1;    // when !complete: choices recorded before the record stops
    std::vector<nlohmann::json> statements;  // in record order
};

// Builds the statements of a reviewed record (review_record). Refuses (ok false, with the reason naming
// the file and line) an unreadable or altered record, one whose scenario version is not available, and
// one that names no learner (an actor needs a name; none is invented).
XapiStatements xapi_statements(const ReviewedRecord& review, const XapiOptions& options = {});
// The same for the record at `path`, reviewed over the user's library and version store.
XapiStatements xapi_statements_for(const std::string& path, const XapiOptions& options = {});

// A name-based UUID of `name`: the first 16 bytes of its SHA-256, with the RFC 4122 variant and version 5
// bits set (version 5 so that LRSs that accept only versions 1 to 5 take it; the hash is SHA-256, not
// SHA-1). The same name always gives the same UUID.
std::string xapi_uuid(std::string_view name);
// The registration of the session whose record's first line (the header) has hash `header_hash`: fixed
// when the session starts, so a resumed session keeps it.
std::string xapi_registration(const std::string& header_hash);
// The id of the `index`-th statement (0-based) built from the record line with hash `line_hash`.
std::string xapi_statement_id(const std::string& line_hash, int index);

//-----------------------------------------------------------------------------------------------------------
// [Checking statements]
//-----------------------------------------------------------------------------------------------------------

// True for a UUID in canonical form (lower or upper hex, RFC 4122 variant, version 1 to 5).
bool is_xapi_uuid(const std::string& text);
// True for an absolute IRI with a scheme and, for http(s), an authority ("https://host/..."); no spaces.
bool is_xapi_iri(const std::string& text);
// The xAPI 1.0.3 structural rules a statement breaks that can be checked without an LRS, each as
// "/json/pointer: why": id a UUID; actor an Agent with exactly one identifier (here an account with
// homePage IRI and name); verb with an IRI id and a display map; object an Activity with an IRI id;
// interaction definitions (interactionType known, choices with ids, correctResponsesPattern strings);
// result.score.scaled within -1..1 and raw within min..max; result.duration ISO 8601; extension keys IRIs;
// context.registration a UUID; contextActivities lists of activities; timestamp ISO 8601; no "stored",
// "authority" or "version" set by us. Empty when none.
std::vector<std::string> xapi_statement_problems(const nlohmann::json& statement);

}  // namespace cp
