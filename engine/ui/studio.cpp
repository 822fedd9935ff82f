// Index: [Opening] [Palette] [Auto-layout] [Tick]
#include "studio.hpp"

#include <algorithm>
#include <deque>

namespace cp::ui {

//-----------------------------------------------------------------------------------------------------------
// [Opening]
//-----------------------------------------------------------------------------------------------------------

Studio::Studio(ScenarioDocument d, const std::string& policies_dir)
    : doc(std::move(d)), checker(policies_dir), policies_dir_(policies_dir) {
    load_palette(policies_dir);
}

std::unique_ptr<Studio> Studio::open(const std::string& path, std::string& error) {
    Diagnostics diags;
    auto doc = ScenarioDocument::open(path, diags);
    if (!doc) {
        error = diags.items().empty() ? "cannot open " + path : format_diagnostic(diags.items().front());
        return nullptr;
    }
    std::unique_ptr<Studio> studio(new Studio(std::move(*doc), default_policy_dir(path)));
    studio->auto_layout();
    if (studio->doc.recovery_offered())
        studio->status = "Unsaved edits from an earlier session were found. Recover them, or discard them.";
    studio->submit_checks();
    return studio;
}

void Studio::submit_checks() {
    checker.submit(doc.revision(), doc.text(), doc.path());
}

void Studio::policies_changed() {
    checker.reload_policies();
    load_palette(policies_dir_);
    submit_checks();
}

//-----------------------------------------------------------------------------------------------------------
// [Palette]
//-----------------------------------------------------------------------------------------------------------

void Studio::load_palette(const std::string& policies_dir) {
    palette_.clear();
    PolicyLibrary policies;
    Diagnostics ignored;  // lint reports broken policy files; the palette shows what loads
    policies.load_directory(policies_dir, ignored);
    auto judged_by = [](const Policy& p, const std::string& action) {
        std::vector<std::string> out;
        for (const auto& r : p.rules) {
            const auto& b = r.body;
            auto has = [&](const std::vector<std::string>& v) {
                return std::find(v.begin(), v.end(), action) != v.end();
            };
            if (has(b.actions) || has(b.first) || has(b.then) || b.from == action) out.push_back(r.id + " " + r.title);
        }
        return out;
    };
    std::vector<std::shared_ptr<const Policy>> all;
    for (const auto& [id, p] : policies.all()) all.push_back(p);
    for (const auto& p : all)
        for (const auto& a : p->actions) {
            PaletteAction entry{a.id, a.label, p->id, {}};
            for (const auto& q : all)  // rules of any policy may judge an action (common actions above all)
                for (auto& r : judged_by(*q, a.id)) entry.rules.push_back(std::move(r));
            palette_.push_back(std::move(entry));
        }
    const auto& own = doc.json().value("actions", OrderedJson::array());
    for (const auto& a : own)
        if (a.is_object())
            palette_.push_back({a.value("id", ""), a.value("label", ""), "scenario", {}});
}

//-----------------------------------------------------------------------------------------------------------
// [Auto-layout]
//-----------------------------------------------------------------------------------------------------------

void Studio::auto_layout() {
    const OrderedJson& j = doc.json();
    std::map<std::string, int> layer;
    std::vector<std::string> order;
    std::deque<std::string> queue;
    std::string start = j.value("start", OrderedJson("")).is_string() ? j.value("start", std::string()) : "";
    auto node_of = [&](const std::string& id) -> const OrderedJson* {
        std::string p = doc.node_pointer(id);
        return p.empty() ? nullptr : &j.at(OrderedJson::json_pointer(p));
    };
    auto visit = [&](const std::string& id, int l) {
        if (id.empty() || layer.count(id)) return;
        layer[id] = l;
        order.push_back(id);
        queue.push_back(id);
    };
    visit(start, 0);
    // Nodes no path from the start reaches still need a place: they are laid out after the reachable ones.
    std::vector<std::string> all;
    for (const auto& n : j.value("nodes", OrderedJson::array()))
        if (n.is_object() && n.contains("id") && n["id"].is_string()) all.push_back(n["id"].get<std::string>());
    std::size_t next_unreached = 0;
    while (true) {
        while (!queue.empty()) {
            std::string id = queue.front();
            queue.pop_front();
            const OrderedJson* n = node_of(id);
            if (!n) continue;
            if (n->contains("next") && (*n)["next"].is_string()) visit((*n)["next"].get<std::string>(), layer[id] + 1);
            for (const auto& c : n->value("choices", OrderedJson::array()))
                if (c.is_object() && c.contains("next") && c["next"].is_string())
                    visit(c["next"].get<std::string>(), layer[id] + 1);
        }
        while (next_unreached < all.size() && layer.count(all[next_unreached])) ++next_unreached;
        if (next_unreached == all.size()) break;
        visit(all[next_unreached], 0);
    }
    for (const auto& e : j.value("endings", OrderedJson::array()))
        if (e.is_object() && e.contains("id") && e["id"].is_string() && !layer.count(e["id"].get<std::string>())) {
            layer[e["id"].get<std::string>()] = 1;
            order.push_back(e["id"].get<std::string>());
        }
    std::map<int, int> filled;
    for (const auto& id : order) {
        int l = layer[id];
        int row = filled[l]++;
        if (doc.layout().positions.count(id)) continue;
        doc.layout().positions[id] = {static_cast<float>(l) * (kStudioNodeWidth + 170.0f),
                                      static_cast<float>(row) * (kStudioNodeHeight + 70.0f)};
    }
}

//-----------------------------------------------------------------------------------------------------------
// [Tick]
//-----------------------------------------------------------------------------------------------------------

void Studio::tick(std::chrono::steady_clock::time_point now) {
    using namespace std::chrono_literals;
    if (now - last_autosave_ >= 5s) {
        last_autosave_ = now;
        std::string error;
        if (!doc.autosave(error)) status = "Could not write the recovery file: " + error;
    }
    if (now - last_disk_check_ >= 1s) {
        last_disk_check_ = now;
        switch (doc.check_disk()) {
            case DiskChange::Reloaded:
                status = "The file changed on disk and was reloaded (undo brings your version back).";
                auto_layout();
                submit_checks();
                break;
            case DiskChange::Conflict:
                status = "The file changed on disk while you have unsaved edits. Save to keep yours, or reload.";
                break;
            case DiskChange::Missing:
                status = "The file is no longer on disk; saving writes it again.";
                break;
            case DiskChange::Unchanged:
                break;
        }
    }
}

}  // namespace cp::ui
