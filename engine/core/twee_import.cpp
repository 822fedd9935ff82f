// Twee 3 (the text form of a Twine 2 story) to a scenario draft. The file is read in three passes: check it
// is UTF-8, cut it into passages at their `::` headers, then scan each passage's text for links, comments
// and story-format macros. Every error carries file:line:col; nothing recurses on the input, and every
// nesting the scanner tracks is bounded by kMaxTweeNesting, so no input crashes or hangs it.
//
// Index: [Text positions] [UTF-8] [Ids] [Passage headers] [Passage text] [Building the draft] [Report]
#include "twee_import.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "json_document.hpp"
#include "limits.hpp"
#include "model.hpp"

namespace cp {

namespace {

//-----------------------------------------------------------------------------------------------------------
// [Text positions]
//-----------------------------------------------------------------------------------------------------------

// Offsets to 1-based line and byte column, through the offsets at which lines start.
class LineIndex {
  public:
    explicit LineIndex(std::string_view text) {
        starts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') starts_.push_back(i + 1);
    }
    std::pair<int, int> at(std::size_t offset) const {
        auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
        std::size_t line = static_cast<std::size_t>(it - starts_.begin());
        return {static_cast<int>(line), static_cast<int>(offset - starts_[line - 1] + 1)};
    }

  private:
    std::vector<std::size_t> starts_;
};

bool starts_at(std::string_view text, std::size_t i, std::string_view what) {
    return text.size() >= i + what.size() && text.compare(i, what.size(), what) == 0;
}

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

//-----------------------------------------------------------------------------------------------------------
// [UTF-8]
//-----------------------------------------------------------------------------------------------------------

// The offset of the first byte that is not well-formed UTF-8 (overlong forms, surrogates and code points
// past U+10FFFF included), or npos.
std::size_t first_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        std::size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) n = 1;
        else if (b >= 0xE0 && b <= 0xEF) {
            n = 2;
            if (b == 0xE0) lo = 0xA0;
            if (b == 0xED) hi = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 3;
            if (b == 0xF0) lo = 0x90;
            if (b == 0xF4) hi = 0x8F;
        } else
            return i;
        for (std::size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size()) return i;
            auto c = static_cast<unsigned char>(s[i + k]);
            if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return i;
        }
        i += n + 1;
    }
    return std::string_view::npos;
}

//-----------------------------------------------------------------------------------------------------------
// [Ids]
//-----------------------------------------------------------------------------------------------------------

// A passage name as an id: lower-case ASCII letters and digits joined by single hyphens, at most 60 bytes
// (the scenario format's ids: letters, digits, '-', '_', '.', starting with a letter or digit).
std::string slug(std::string_view name, std::string_view fallback) {
    std::string out;
    for (char ch : name) {
        auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) && c < 0x80) out += static_cast<char>(std::tolower(c));
        else if (!out.empty() && out.back() != '-') out += '-';
        if (out.size() >= 60) break;
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? std::string(fallback) : out;
}

// Hands out ids that are unique across nodes, endings and choices: "triage", then "triage-2", ...
class IdPool {
  public:
    // Ids are at most 100 characters (the loader's rule); a choice's id joins two slugs, so the base is cut to
    // leave room for the "-N" that keeps it unique.
    std::string take(std::string base) {
        if (base.size() > 90) base.resize(90);
        while (base.size() > 1 && (base.back() == '-' || base.back() == '.')) base.pop_back();
        std::string id = base;
        for (int n = 2; used_.count(id); ++n) id = base + "-" + std::to_string(n);
        used_.insert(id);
        return id;
    }

  private:
    std::set<std::string> used_;
};

//-----------------------------------------------------------------------------------------------------------
// [Passage headers]
//-----------------------------------------------------------------------------------------------------------

struct Tag {
    std::string name;
    std::size_t offset = 0;
};

struct Link {
    std::string text, target;
    std::size_t offset = 0;
};

struct Passage {
    std::string name;
    std::vector<Tag> tags;
    std::size_t header = 0;                  // offset of the "::"
    std::size_t body_begin = 0, body_end = 0;  // its text, trailing blank lines included
    std::optional<NodePosition> position;
    // Filled by the text scanner:
    std::vector<std::string> paragraphs;
    std::vector<Link> links;
};

// Special passages of Twine 1, Twee 2 and SugarCube that hold settings or code, not story.
const std::set<std::string, std::less<>> kFormatSpecialPassages = {
    "StoryAuthor", "StoryBanner", "StoryCaption", "StoryIncludes", "StoryInit", "StoryInterface",
    "StoryMenu", "StorySettings", "StoryShare", "StorySubtitle", "PassageDone", "PassageFooter",
    "PassageHeader", "PassageReady"};
// Tags that make a passage code or decoration in a story format, so its text is not part of the story.
const std::set<std::string, std::less<>> kCodeTags = {
    "script", "stylesheet", "widget", "header", "footer", "startup", "debug-header", "debug-footer",
    "debug-startup", "Twine.image", "Twine.private"};

class Importer {
  public:
    Importer(std::string_view text, const std::string& file, Diagnostics& diags)
        : text_(text), file_(file), diags_(diags), lines_(text) {}

    std::optional<TweeImport> run();

  private:
    std::string_view text_;
    const std::string& file_;
    Diagnostics& diags_;
    LineIndex lines_;
    TweeImport result_;

    bool error(std::size_t offset, const std::string& message) {
        auto [line, column] = lines_.at(offset);
        diags_.error(SourceLoc{file_, line, column, ""}, message);
        return false;
    }
    void unmapped(std::size_t offset, const char* kind, std::string message) {
        auto [line, column] = lines_.at(offset);
        result_.unmapped.push_back({line, column, kind, std::move(message)});
    }
    std::size_t line_end(std::size_t i) const {
        std::size_t e = text_.find('\n', i);
        return e == std::string_view::npos ? text_.size() : e;
    }

    bool split_passages(std::vector<Passage>& out);
    bool parse_header(std::size_t begin, std::size_t end, Passage& p);
    bool parse_metadata(std::size_t begin, std::size_t end, Passage& p);
    bool scan_text(Passage& p);
    bool harlowe_macro(std::size_t i, std::size_t end, std::size_t& close);
    void make_paragraphs(const std::string& prose, Passage& p);
    bool story_data(const Passage& p, std::string& start);
    bool build(std::vector<Passage>& passages);
};

bool Importer::split_passages(std::vector<Passage>& out) {
    std::size_t i = starts_at(text_, 0, "\xEF\xBB\xBF") ? 3 : 0;  // a byte order mark is not text
    bool warned_preamble = false;
    while (i < text_.size()) {
        std::size_t e = line_end(i);
        std::size_t content_end = (e > i && text_[e - 1] == '\r') ? e - 1 : e;
        if (starts_at(text_, i, "::")) {
            if (out.size() >= kMaxTweePassages)
                return error(i, "more than " + std::to_string(kMaxTweePassages) + " passages in one story");
            if (!out.empty()) out.back().body_end = i;
            Passage p;
            p.header = i;
            if (!parse_header(i, content_end, p)) return false;
            p.body_begin = p.body_end = std::min(e + 1, text_.size());
            out.push_back(std::move(p));
        } else if (out.empty() && !warned_preamble && !trim(text_.substr(i, content_end - i)).empty()) {
            unmapped(i, "preamble", "text before the first passage header (Twee ignores it)");
            warned_preamble = true;
        }
        i = e + 1;
    }
    if (!out.empty()) out.back().body_end = text_.size();
    if (out.empty()) return error(0, "no passages: a Twee file has passage headers such as ':: Start'");
    return true;
}

// ":: Name [tag tag] {"position":"x,y","size":"w,h"}", with \[ \] \{ \} \\ escaped in names and tags.
bool Importer::parse_header(std::size_t begin, std::size_t end, Passage& p) {
    std::size_t i = begin + 2;
    while (i < end && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    std::string name;
    while (i < end && text_[i] != '[' && text_[i] != '{') {
        if (text_[i] == '\\' && i + 1 < end) {
            name += text_[i + 1];
            i += 2;
            continue;
        }
        if (text_[i] == ']' || text_[i] == '}')
            return error(i, std::string("'") + text_[i] + "' in a passage name must be escaped as '\\" +
                                text_[i] + "'");
        name += text_[i++];
    }
    p.name = trim(name);
    if (p.name.size() > kMaxTweeNameBytes)
        return error(begin, "a passage name longer than " + std::to_string(kMaxTweeNameBytes) + " bytes");
    if (p.name.empty()) return error(begin, "a passage header with no passage name (write ':: Name')");
    if (i < end && text_[i] == '[') {
        std::size_t open = i++;
        std::string tag;
        std::size_t tag_at = i;
        bool closed = false;
        auto flush = [&] {
            if (!tag.empty()) p.tags.push_back({tag, tag_at});
            tag.clear();
        };
        while (i < end) {
            char c = text_[i];
            if (c == '\\' && i + 1 < end) {
                if (tag.empty()) tag_at = i;
                tag += text_[i + 1];
                i += 2;
            } else if (c == ']') {
                flush();
                ++i;
                closed = true;
                break;
            } else if (c == '[' || c == '{' || c == '}') {
                return error(i, std::string("'") + c + "' in a tag must be escaped as '\\" + c + "'");
            } else if (c == ' ' || c == '\t') {
                flush();
                ++i;
            } else {
                if (tag.empty()) tag_at = i;
                tag += c;
                ++i;
            }
        }
        if (!closed) return error(open, "the tag block '[' of passage '" + p.name + "' is never closed with ']'");
        while (i < end && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    }
    if (i < end && text_[i] == '{') {
        if (!parse_metadata(i, end, p)) return false;
        i = end;
    }
    if (i < end && !trim(text_.substr(i, end - i)).empty())
        return error(i, "unexpected text after passage '" + p.name +
                            "' header (the order is: name, [tags], {metadata})");
    return true;
}

// The header's metadata: a JSON object on the rest of the line; "position" goes to the layout.
bool Importer::parse_metadata(std::size_t begin, std::size_t end, Passage& p) {
    std::string_view raw = text_.substr(begin, end - begin);
    Diagnostics local;
    auto doc = parse_json_document(raw, file_, local);
    if (!doc) {
        std::size_t at = begin;
        std::string message = "passage metadata is not valid JSON";
        if (!local.items().empty()) {
            const auto& d = local.items().front();
            if (d.where.line == 1 && d.where.column > 0) at = begin + static_cast<std::size_t>(d.where.column - 1);
            message += ": " + d.message;
        }
        return error(std::min(at, end), message);
    }
    if (!doc->root.is_object()) return error(begin, "passage metadata must be a JSON object such as {\"position\":\"100,200\"}");
    if (auto it = doc->root.find("position"); it != doc->root.end()) {
        float x = 0, y = 0;
        char extra = 0;
        if (it->is_string() && std::sscanf(it->get_ref<const std::string&>().c_str(), "%f,%f%c", &x, &y, &extra) == 2)
            p.position = NodePosition{x, y};
        else
            unmapped(begin, "metadata", "passage '" + p.name + "': position is not \"x,y\"; the studio will place it");
    }
    return true;
}

//-----------------------------------------------------------------------------------------------------------
// [Passage text]
//-----------------------------------------------------------------------------------------------------------

// Harlowe's "(name: ...)" from `i`: finds the matching ')' across nested macros and quoted strings.
bool Importer::harlowe_macro(std::size_t i, std::size_t end, std::size_t& close) {
    int depth = 0;
    char quote = 0;
    for (std::size_t j = i; j < end; ++j) {
        char c = text_[j];
        if (quote) {
            if (c == '\\') ++j;
            else if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '(') {
            if (++depth > kMaxTweeNesting)
                return error(j, "macros nested more than " + std::to_string(kMaxTweeNesting) + " deep");
        } else if (c == ')') {
            if (--depth == 0) {
                close = j;
                return true;
            }
        }
    }
    std::string_view shown = text_.substr(i, std::min<std::size_t>(24, end - i));
    shown = shown.substr(0, shown.find('\n'));
    return error(i, "the macro '" + std::string(shown) + "' is never closed with ')'");
}

// Link display text is wrapped in these markers while paragraphs are formed, so a paragraph of nothing but
// links (a list of choices) can be told from prose with a link in it. Control characters from the file are
// dropped, so the markers cannot come from the input.
constexpr char kLinkOpen = '\x01', kLinkClose = '\x02';

bool Importer::scan_text(Passage& p) {
    std::string prose;
    std::vector<std::size_t> hooks;  // offsets of the open Harlowe hooks '['
    bool line_start = true;
    std::size_t i = p.body_begin, end = p.body_end;
    auto is_name_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    while (i < end) {
        char c = text_[i];
        if (line_start && starts_at(text_, i, "\\::")) {  // a text line that starts with "::" is escaped
            ++i;
            c = text_[i];
        }
        line_start = false;
        if (c == '\n') {
            prose += '\n';
            line_start = true;
            ++i;
        } else if (starts_at(text_, i, "<!--") || starts_at(text_, i, "/*") || starts_at(text_, i, "/%")) {
            std::string_view close = text_[i] == '<' ? "-->" : text_[i + 1] == '*' ? "*/" : "%/";
            std::size_t e = text_.find(close, i + 2);
            if (e == std::string_view::npos || e >= end)
                return error(i, "the comment '" + std::string(text_.substr(i, text_[i] == '<' ? 4 : 2)) +
                                    "' is never closed with '" + std::string(close) + "'");
            i = e + close.size();
        } else if (starts_at(text_, i, "[[")) {
            std::size_t close = text_.find("]]", i + 2);
            std::size_t nl = text_.find('\n', i + 2);
            if (close == std::string_view::npos || close >= end || (nl != std::string_view::npos && nl < close))
                return error(i, "the link '[[' is never closed with ']]' on its line");
            std::size_t inner_open = text_.find("[[", i + 2);
            if (inner_open != std::string_view::npos && inner_open < close)
                return error(inner_open, "a link '[[' inside another link");
            std::string inner(text_.substr(i + 2, close - i - 2));
            // SugarCube's setter, [[text|target][$x to 1]]: the link stays, the setter is code.
            if (auto s = inner.find("]["); s != std::string::npos) {
                unmapped(i + 2 + s, "macro", "passage '" + p.name + "': the link's setter '" + inner.substr(s + 1) +
                                                 "]' (story variables are not imported)");
                inner.resize(s);
            }
            Link link;
            link.offset = i;
            if (auto a = inner.rfind("->"); a != std::string::npos) {
                link.text = inner.substr(0, a);
                link.target = inner.substr(a + 2);
            } else if (auto b = inner.find("<-"); b != std::string::npos) {
                link.target = inner.substr(0, b);
                link.text = inner.substr(b + 2);
            } else if (auto v = inner.find('|'); v != std::string::npos) {
                link.text = inner.substr(0, v);
                link.target = inner.substr(v + 1);
            } else {
                link.text = link.target = inner;
            }
            auto clean = [](const std::string& raw) {
                std::string kept;
                std::copy_if(raw.begin(), raw.end(), std::back_inserter(kept), [](char ch) {
                    return !(static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f);
                });
                return trim(kept);
            };
            link.text = clean(link.text);
            link.target = clean(link.target);
            if (link.target.size() > kMaxTweeNameBytes)
                return error(i, "a link target longer than " + std::to_string(kMaxTweeNameBytes) +
                                    " bytes (no passage name may be that long)");
            if (link.target.empty()) {
                unmapped(i, "link", "passage '" + p.name + "': a link with no target passage");
            } else {
                if (link.text.empty()) link.text = link.target;
                prose += kLinkOpen + link.text + kLinkClose;
                p.links.push_back(std::move(link));
            }
            i = close + 2;
        } else if (starts_at(text_, i, "<<")) {
            std::size_t close = text_.find(">>", i + 2);
            if (close == std::string_view::npos || close >= end)
                return error(i, "the macro '<<' is never closed with '>>'");
            std::size_t n = i + 2;
            bool closing = n < close && text_[n] == '/';
            if (closing) ++n;
            std::size_t name_end = n;
            while (name_end < close && (std::isalnum(static_cast<unsigned char>(text_[name_end])) ||
                                        text_[name_end] == '_' || text_[name_end] == '-'))
                ++name_end;
            if (!closing)
                unmapped(i, "macro", "passage '" + p.name + "': SugarCube macro <<" +
                                         std::string(text_.substr(n, name_end - n)) +
                                         ">> (story logic is not imported; use conditions and variables)");
            i = close + 2;
        } else if (c == '(' && i + 1 < end && is_name_start(text_[i + 1])) {
            std::size_t n = i + 1;
            while (n < end && (std::isalnum(static_cast<unsigned char>(text_[n])) || text_[n] == '-' || text_[n] == '_')) ++n;
            if (n < end && text_[n] == ':') {
                std::size_t close = 0;
                if (!harlowe_macro(i, end, close)) return false;
                unmapped(i, "macro", "passage '" + p.name + "': Harlowe macro (" +
                                         std::string(text_.substr(i + 1, n - i - 1)) +
                                         ":) (story logic is not imported; use conditions and variables)");
                i = close + 1;
                // Its hook, "[...]" right after it: the brackets go, the text inside stays.
                if (i < end && text_[i] == '[' && !(starts_at(text_, i, "[[") && !starts_at(text_, i, "[[["))) {
                    if (hooks.size() >= static_cast<std::size_t>(kMaxTweeNesting))
                        return error(i, "hooks nested more than " + std::to_string(kMaxTweeNesting) + " deep");
                    hooks.push_back(i++);
                }
            } else {
                prose += c;
                ++i;
            }
        } else if (c == ']' && !hooks.empty()) {
            hooks.pop_back();
            ++i;
        } else if (c == '$' && i + 1 < end && is_name_start(text_[i + 1])) {
            std::size_t n = i + 1;
            while (n < end && (std::isalnum(static_cast<unsigned char>(text_[n])) || text_[n] == '_')) ++n;
            unmapped(i, "variable", "passage '" + p.name + "': story variable " + std::string(text_.substr(i, n - i)) +
                                        " is printed here (kept as plain text)");
            prose.append(text_.substr(i, n - i));
            i = n;
        } else if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
            ++i;  // control characters (\r included) never reach a scenario's text
        } else {
            prose += c;
            ++i;
        }
    }
    if (!hooks.empty()) return error(hooks.back(), "the hook '[' after a macro is never closed with ']'");
    make_paragraphs(prose, p);
    // A scenario's strings are held to kMaxJsonStringBytes; an ending joins its passage's paragraphs.
    std::size_t whole = 0;
    for (const auto& para : p.paragraphs) whole += para.size() + 2;
    for (const auto& link : p.links) whole = std::max(whole, link.text.size());
    if (whole > kMaxJsonStringBytes)
        return error(p.header, "passage '" + p.name + "' has more than " +
                                   std::to_string(kMaxJsonStringBytes / 1024) + " KiB of text or link text");
    return true;
}

// True for a line with a link and nothing else but list marks and separators: "- [[Go]] | [[Stay]]".
bool only_links(std::string_view line) {
    bool in_link = false, any = false;
    for (char c : line) {
        if (c == kLinkOpen) in_link = any = true;
        else if (c == kLinkClose) in_link = false;
        else if (!in_link && !std::isspace(static_cast<unsigned char>(c)) && c != '-' && c != '*' && c != '|' &&
                 c != '>' && c != '.' && c != ',')
            return false;
    }
    return any;
}

// Paragraphs are separated by blank lines; the lines of one paragraph are joined with spaces. A paragraph
// A line of nothing but links (and list marks) is the passage's list of choices, so it is left out.
void Importer::make_paragraphs(const std::string& prose, Passage& p) {
    std::vector<std::string> raw(1);
    std::size_t start = 0;
    while (start <= prose.size()) {
        std::size_t e = prose.find('\n', start);
        if (e == std::string::npos) e = prose.size();
        std::string line = trim(std::string_view(prose).substr(start, e - start));
        start = e + 1;
        if (only_links(line)) continue;  // a line of choices, not something anyone says
        if (line.empty()) {
            if (!raw.back().empty()) raw.emplace_back();
        } else {
            if (!raw.back().empty()) raw.back() += ' ';
            raw.back() += line;
        }
    }
    for (const auto& para : raw) {
        std::string text;
        std::copy_if(para.begin(), para.end(), std::back_inserter(text),
                     [](char c) { return c != kLinkOpen && c != kLinkClose; });
        if (!text.empty()) p.paragraphs.push_back(text);
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Building the draft]
//-----------------------------------------------------------------------------------------------------------

// StoryData: {"ifid": ..., "format": ..., "format-version": ..., "start": ..., "tag-colors": {...}, "zoom": n}
bool Importer::story_data(const Passage& p, std::string& start) {
    std::string_view raw = text_.substr(p.body_begin, p.body_end - p.body_begin);
    Diagnostics local;
    auto doc = parse_json_document(raw, file_, local);
    if (!doc) {
        std::string message = "StoryData is not valid JSON";
        std::size_t at = p.body_begin;
        if (!local.items().empty()) {
            const auto& d = local.items().front();
            message += ": " + d.message;
            if (d.where.line > 0) {
                auto [header_line, col] = lines_.at(p.body_begin);
                (void)col;
                diags_.error(SourceLoc{file_, header_line + d.where.line - 1, d.where.column, ""}, message);
                return false;
            }
        }
        return error(at, message);
    }
    if (!doc->root.is_object()) return error(p.body_begin, "StoryData must be one JSON object");
    const auto& j = doc->root;
    auto text_field = [&](const char* key) {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    result_.ifid = text_field("ifid");
    if (result_.ifid.empty()) unmapped(p.header, "story-data", "StoryData has no \"ifid\" (Twee 3 requires one)");
    start = text_field("start");
    if (j.contains("tag-colors") && !j["tag-colors"].is_object())
        unmapped(p.header, "story-data", "StoryData \"tag-colors\" is not an object; ignored");
    if (j.contains("zoom") && !j["zoom"].is_number())
        unmapped(p.header, "story-data", "StoryData \"zoom\" is not a number; ignored");
    if (auto format = text_field("format"); !format.empty())
        unmapped(p.header, "story-format", "story format " + format + " " + text_field("format-version") +
                                               ": its macros and styling do not carry over");
    return true;
}

bool Importer::build(std::vector<Passage>& passages) {
    // Special passages, code passages, duplicates; the rest are the story.
    std::string start_name;
    std::map<std::string, const Passage*> by_name;
    std::vector<Passage*> story;
    for (auto& p : passages) {
        if (auto dup = by_name.find(p.name); dup != by_name.end()) {
            unmapped(p.header, "duplicate-passage", "a second passage named '" + p.name + "' (the first, at line " +
                                                        std::to_string(lines_.at(dup->second->header).first) +
                                                        ", is kept)");
            continue;
        }
        by_name.emplace(p.name, &p);
        if (p.name == "StoryTitle") {
            // One line of plain text: it becomes the draft's title and is quoted in its setting.
            std::string title;
            for (char ch : text_.substr(p.body_begin, p.body_end - p.body_begin)) {
                if (ch == '\n' || ch == '\t') ch = ' ';
                if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f) title += ch;
            }
            result_.story_title = trim(title);
            if (result_.story_title.size() > kMaxTweeNameBytes)
                return error(p.header, "the StoryTitle is longer than " + std::to_string(kMaxTweeNameBytes) + " bytes");
            continue;
        }
        if (p.name == "StoryData") {
            if (!story_data(p, start_name)) return false;
            continue;
        }
        const Tag* code = nullptr;
        for (const auto& t : p.tags)
            if (kCodeTags.count(t.name)) code = &t;
        if (code) {
            const char* kind = code->name == "script" ? "script" : code->name == "stylesheet" ? "stylesheet" : "code-passage";
            unmapped(p.header, kind, "passage '" + p.name + "' is tagged '" + code->name +
                                         "': " + (code->name == "stylesheet" ? "styling" : "story-format code") +
                                         " is not imported");
            continue;
        }
        if (kFormatSpecialPassages.count(p.name)) {
            unmapped(p.header, "special-passage", "special passage '" + p.name + "' belongs to a story format; not imported");
            continue;
        }
        for (const auto& t : p.tags)
            unmapped(t.offset, "unknown-tag", "passage '" + p.name + "': tag '" + t.name + "' has no meaning in a scenario");
        if (!scan_text(p)) return false;
        story.push_back(&p);
    }
    if (story.empty()) return error(0, "the story has no passages to import (only special or code passages)");

    // Ids: nodes and endings first (so links can name them), then choices.
    IdPool ids;
    std::map<std::string, std::string> id_of;  // passage name -> node or ending id
    for (auto* p : story) id_of[p->name] = ids.take(slug(p->name, "passage"));

    const Passage* start = nullptr;
    if (!start_name.empty()) {
        for (auto* p : story)
            if (p->name == start_name) start = p;
        if (!start) unmapped(0, "start", "StoryData names the start passage '" + start_name + "', which is not a story passage");
    }
    if (!start)
        for (auto* p : story)
            if (p->name == "Start") start = p;
    if (!start) {
        start = story.front();
        unmapped(start->header, "start", "no start passage named: the first passage, '" + start->name + "', starts the draft");
    }
    if (start->links.empty())
        return error(start->header, "the start passage '" + start->name +
                                        "' has no links, so the story offers no choices to import");

    if (result_.story_title.empty()) {
        result_.story_title = "Imported Twine story";
        unmapped(0, "story-title", "no StoryTitle passage: the draft is titled '" + result_.story_title + "'");
    }
    const std::string& title = result_.story_title;
    OrderedJson nodes = OrderedJson::array(), endings = OrderedJson::array(), placeholders = OrderedJson::array();
    std::map<std::string, std::string> missing_ending;  // missing target -> its placeholder ending id
    for (auto* p : story) {
        const std::string& id = id_of[p->name];
        if (p->position) result_.layout.positions[id] = *p->position;
        if (p->links.empty()) {
            std::string text;
            for (const auto& para : p->paragraphs) text += (text.empty() ? "" : "\n\n") + para;
            if (text.empty()) text = p->name;
            endings.push_back({{"id", id}, {"title", p->name}, {"text", text}});
            ++result_.endings;
            continue;
        }
        OrderedJson lines = OrderedJson::array();
        for (const auto& para : p->paragraphs) {
            // A paragraph in quotation marks is the customer speaking; anything else is narration.
            bool quoted = starts_at(para, 0, "\"") || starts_at(para, 0, "\u201C");
            std::string said = para;
            if (quoted) {
                bool plain = said.size() >= 2 && said.back() == '"' && said.front() == '"' &&
                             said.find('"', 1) == said.size() - 1;
                bool curly = starts_at(said, 0, "\u201C") && said.size() >= 6 &&
                             said.compare(said.size() - 3, 3, "\u201D") == 0 &&
                             said.find("\u201C", 3) == std::string::npos;
                std::string inside = plain ? said.substr(1, said.size() - 2) : curly ? said.substr(3, said.size() - 6) : said;
                if (trim(inside).empty()) quoted = false;  // nobody speaks: it stays narration, as written
                else said = inside;
            }
            lines.push_back({{"speaker", quoted ? "customer" : "narrator"}, {"text", said}});
        }
        if (lines.empty())
            lines.push_back({{"speaker", "narrator"}, {"text", "(The Twine passage '" + p->name + "' has no text.)"}});
        OrderedJson choices = OrderedJson::array();
        for (const auto& link : p->links) {
            std::string next;
            if (auto t = id_of.find(link.target); t != id_of.end()) {
                next = t->second;
            } else {
                auto& placeholder = missing_ending[link.target];
                if (placeholder.empty()) {
                    placeholder = ids.take("missing-" + slug(link.target, "passage"));
                    placeholders.push_back({{"id", placeholder},
                                       {"title", "Missing passage: " + link.target},
                                       {"text", "The Twine story links to a passage '" + link.target +
                                                    "' that it does not have. Write this ending or remove the choice."}});
                    ++result_.endings;
                }
                next = placeholder;
                unmapped(link.offset, "missing-link", "passage '" + p->name + "' links to '" + link.target +
                                                          "', which is not a story passage (the draft ends there)");
            }
            choices.push_back({{"id", ids.take(id + "-to-" + slug(link.target, "passage"))},
                               {"text", link.text},
                               {"next", next}});
            ++result_.choices;
        }
        nodes.push_back({{"id", id}, {"lines", lines}, {"choices", choices}});
        ++result_.nodes;
    }
    result_.passages = story.size();
    for (auto& p : placeholders) endings.push_back(std::move(p));  // after the story's own endings
    if (endings.empty()) {
        // Every passage links on (a story that loops forever): a scenario needs an ending to load, so the draft
        // gets one for the tutor to link to, and the report says so.
        endings.push_back({{"id", ids.take("end")},
                           {"title", "The end"},
                           {"text", "The Twine story has no passage without links, so it never ends. Link the "
                                    "choice that should finish the role-play here, and write what happens."}});
        ++result_.endings;
        unmapped(0, "no-ending", "every passage links on, so the story never ends: the draft has an ending 'end' "
                                 "that nothing leads to yet");
    }

    OrderedJson& s = result_.scenario;
    s = OrderedJson::object();
    s["format_version"] = 1;
    s["id"] = slug(title, "imported-story");
    s["title"] = title;
    s["version"] = "0.1.0";
    s["topics"] = OrderedJson::array({"imported-from-twine"});  // loads; the tutor picks real topics
    s["setting"] = "Imported from the Twine story '" + title + "': say where this happens.";
    s["role"] = "Say who the learner is, for example: You are a customer service officer on the front counter.";
    s["brief"] = "Say what the learner knows before starting: what the customer has come about.";
    // Two minutes a decision, within the format's range (a 400-passage story would otherwise not load).
    s["estimated_minutes"] = std::clamp<std::size_t>(result_.nodes * 2, 5, kMaxEstimatedMinutes);
    s["difficulty"] = "introductory";
    s["pass_mark"] = 80;
    s["customers"] = OrderedJson::array({{{"id", "customer"},
                                          {"name", "The customer"},
                                          {"address_as", "the customer"},
                                          {"language", "English"}}});
    s["policies"] = OrderedJson::array();
    s["calendar"] = {{"start", "2026-01-05T10:00"}};
    s["start"] = id_of[start->name];
    s["nodes"] = std::move(nodes);
    s["endings"] = std::move(endings);
    return true;
}

std::optional<TweeImport> Importer::run() {
    if (text_.size() > kMaxTweeFileBytes) {
        diags_.error(SourceLoc{file_, 0, 0, ""}, "the Twee file is larger than " +
                                                     std::to_string(kMaxTweeFileBytes / (1024 * 1024)) + " MiB");
        return std::nullopt;
    }
    if (auto bad = first_invalid_utf8(text_); bad != std::string_view::npos) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text_[bad]));
        error(bad, std::string("not UTF-8: byte ") + hex + " (save the story as UTF-8)");
        return std::nullopt;
    }
    std::vector<Passage> passages;
    if (!split_passages(passages) || !build(passages)) return std::nullopt;
    std::stable_sort(result_.unmapped.begin(), result_.unmapped.end(), [](const auto& a, const auto& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return std::move(result_);
}

}  // namespace

std::optional<TweeImport> import_twee(std::string_view text, const std::string& file, Diagnostics& diags) {
    return Importer(text, file, diags).run();
}

std::optional<TweeImport> import_twee_file(const std::string& path, Diagnostics& diags) {
    std::string text, error;
    if (!read_text_file(path, text, error, kMaxTweeFileBytes)) {
        diags.error(SourceLoc{path, 0, 0, ""}, "cannot read the Twee file: " + error);
        return std::nullopt;
    }
    return import_twee(text, path, diags);
}

//-----------------------------------------------------------------------------------------------------------
// [Report]
//-----------------------------------------------------------------------------------------------------------

std::string twee_import_report(const TweeImport& r, const std::string& file) {
    std::string out = "Imported '" + r.story_title + "'" + (r.ifid.empty() ? "" : " (IFID " + r.ifid + ")") + ": " +
                      std::to_string(r.passages) + " passages as " + std::to_string(r.nodes) + " nodes, " +
                      std::to_string(r.endings) + " endings and " + std::to_string(r.choices) + " choices; " +
                      std::to_string(r.layout.positions.size()) + " positions for the studio.\n";
    if (r.unmapped.empty()) {
        out += "Everything in the story was mapped.\n";
    } else {
        out += std::to_string(r.unmapped.size()) + " things could not be mapped:\n";
        for (const auto& u : r.unmapped)
            out += strip_control_chars(file + ":" + std::to_string(u.line) + ":" + std::to_string(u.column) +
                                       ": not mapped (" + u.kind + "): " + u.message) +
                   "\n";
    }
    out += "The draft has no grades and no rules yet. Next: give every choice a \"grade\" and a \"grade_reason\", "
           "set \"format_version\": 2, bring in the policies whose rules judge it, and fill in the setting, role, "
           "brief and customer. `counterpart lint` lists what is still missing.\n";
    return out;
}

}  // namespace cp
