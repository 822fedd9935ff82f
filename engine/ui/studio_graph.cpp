// The studio's graph: the scenario as boxes and arrows on a canvas drawn with ImGui draw lists. Pan (drag
// the background, or the middle button), zoom (wheel, around the pointer), drag nodes, shift-drag to
// box-select; what lies outside the canvas is not drawn. Endings are grey double-bordered boxes; each choice
// is an arrow coloured by grade (and labelled with its grade in words), dashed when a condition can hide it.
//
// Index: [Geometry] [Drawing] [Panel]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "app.hpp"
#include "scenario_graph.hpp"
#include "widgets.hpp"

namespace cp::ui {

namespace {

//-----------------------------------------------------------------------------------------------------------
// [Geometry]
//-----------------------------------------------------------------------------------------------------------

struct Box {
    std::string id;
    bool ending = false;
    ImVec2 min, max;  // screen
    const OrderedJson* json = nullptr;
    std::string pointer;
};


bool overlaps(ImVec2 a0, ImVec2 a1, ImVec2 b0, ImVec2 b1) {
    return a0.x <= b1.x && b0.x <= a1.x && a0.y <= b1.y && b0.y <= a1.y;
}

// Where the segment from the centre of `b` towards `to` leaves the box.
ImVec2 border_point(const Box& b, ImVec2 to) {
    ImVec2 c((b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2);
    float dx = to.x - c.x, dy = to.y - c.y;
    float hw = (b.max.x - b.min.x) / 2, hh = (b.max.y - b.min.y) / 2;
    if (dx == 0 && dy == 0) return c;
    float t = std::min(dx != 0 ? hw / std::fabs(dx) : 1e9f, dy != 0 ? hh / std::fabs(dy) : 1e9f);
    return ImVec2(c.x + dx * t, c.y + dy * t);
}

//-----------------------------------------------------------------------------------------------------------
// [Drawing]
//-----------------------------------------------------------------------------------------------------------

void arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, bool dashed, float zoom) {
    float dx = b.x - a.x, dy = b.y - a.y, len = std::sqrt(dx * dx + dy * dy);
    if (len < 1) return;
    float ux = dx / len, uy = dy / len;
    if (dashed) {
        float dash = 8 * zoom, gap = 5 * zoom;
        for (float t = 0; t < len; t += dash + gap) {
            float e = std::min(len, t + dash);
            dl->AddLine(ImVec2(a.x + ux * t, a.y + uy * t), ImVec2(a.x + ux * e, a.y + uy * e), col, thickness);
        }
    } else {
        dl->AddLine(a, b, col, thickness);
    }
    float head = 9 * std::max(0.6f, zoom);
    dl->AddTriangleFilled(b, ImVec2(b.x - ux * head - uy * head * 0.5f, b.y - uy * head + ux * head * 0.5f),
                          ImVec2(b.x - ux * head + uy * head * 0.5f, b.y - uy * head - ux * head * 0.5f), col);
}

}  // namespace

//-----------------------------------------------------------------------------------------------------------
// [Panel]
//-----------------------------------------------------------------------------------------------------------

void draw_studio_graph(App& app, Studio& st, std::vector<Intent>& out) {
    (void)app;
    using K = Intent::Kind;
    auto& v = st.view;
    const Palette& pal = colours();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::GetContentRegionAvail();
    if (size.x < 50 || size.y < 50) return;
    ImVec2 end(origin.x + size.x, origin.y + size.y);
    ImGui::InvisibleButton("canvas", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonMiddle);
    bool hovered = ImGui::IsItemHovered();
    ImGuiIO& io = ImGui::GetIO();
    auto to_screen = [&](NodePosition p) {
        return ImVec2(origin.x + v.pan.x + p.x * v.zoom, origin.y + v.pan.y + p.y * v.zoom);
    };
    auto to_canvas = [&](ImVec2 s) {
        return ImVec2((s.x - origin.x - v.pan.x) / v.zoom, (s.y - origin.y - v.pan.y) / v.zoom);
    };
    // Zoom around the pointer.
    if (hovered && io.MouseWheel != 0) {
        ImVec2 before = to_canvas(io.MousePos);
        v.zoom = std::clamp(v.zoom * (io.MouseWheel > 0 ? 1.15f : 1 / 1.15f), 0.2f, 3.0f);
        v.pan.x = io.MousePos.x - origin.x - before.x * v.zoom;
        v.pan.y = io.MousePos.y - origin.y - before.y * v.zoom;
    }
    dl->PushClipRect(origin, end, true);
    dl->AddRectFilled(origin, end, ImGui::GetColorU32(pal.window_bg));

    // Boxes.
    const OrderedJson& j = st.doc.json();
    std::vector<Box> boxes;
    std::map<std::string, std::size_t> by_id;
    auto add_boxes = [&](const char* list, bool ending) {
        if (!j.contains(list) || !j[list].is_array()) return;
        for (std::size_t i = 0; i < j[list].size(); ++i) {
            const auto& item = j[list][i];
            if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) continue;
            std::string id = item["id"].get<std::string>();
            NodePosition p = st.doc.layout().positions.count(id) ? st.doc.layout().positions.at(id) : NodePosition{};
            ImVec2 a = to_screen(p);
            boxes.push_back({id, ending, a, ImVec2(a.x + kStudioNodeWidth * v.zoom, a.y + kStudioNodeHeight * v.zoom),
                             &item, std::string("/") + list + "/" + std::to_string(i)});
            by_id[id] = boxes.size() - 1;
        }
    };
    add_boxes("nodes", false);
    add_boxes("endings", true);

    // Which nodes have problems (from the live checks), by pointer prefix.
    std::map<std::string, int> problems;
    if (auto checks = st.checks())
        for (const auto& d : checks->problems) {
            for (const auto& b : boxes)
                if (d.where.json_path.rfind(b.pointer, 0) == 0 &&
                    (d.where.json_path.size() == b.pointer.size() || d.where.json_path[b.pointer.size()] == '/'))
                    problems[b.id] += d.severity == Severity::Error ? 1000 : 1;
        }

    // Edges first, so boxes sit on top.
    float thickness = std::max(1.0f, 1.6f * v.zoom);
    for (const auto& b : boxes) {
        if (b.ending) continue;
        // `choice` null for a node's plain next. The label is built only for an edge on screen: a 2,000-node
        // graph shows a handful, and building every label each frame was most of the frame.
        auto edge = [&](const std::string& target, const std::string& grade, bool conditional,
                        const OrderedJson* choice, bool selected) {
            auto t = by_id.find(target);
            if (t == by_id.end()) return;
            const Box& tb = boxes[t->second];
            ImVec2 lo(std::min(b.min.x, tb.min.x), std::min(b.min.y, tb.min.y));
            ImVec2 hi(std::max(b.max.x, tb.max.x), std::max(b.max.y, tb.max.y));
            if (!overlaps(lo, hi, origin, end)) return;  // culled
            ImVec2 tc((tb.min.x + tb.max.x) / 2, (tb.min.y + tb.max.y) / 2);
            ImVec2 bc((b.min.x + b.max.x) / 2, (b.min.y + b.max.y) / 2);
            ImVec2 a = border_point(b, tc), z = border_point(tb, bc);
            ImU32 col = ImGui::GetColorU32(grade_colour(grade));  // ungraded and plain next: muted
            arrow(dl, a, z, col, selected ? thickness * 2.2f : thickness, conditional, v.zoom);
            if (v.zoom >= 0.6f && choice) {
                const OrderedJson& c = *choice;
                std::string label =
                    "[" + (grade.empty() ? std::string("ungraded") : grade) + "] " +
                    shorten_text(c.value("text", OrderedJson("")).is_string() ? c.value("text", std::string()) : "", 24);
                ImVec2 mid((a.x + z.x) / 2, (a.y + z.y) / 2);
                ImVec2 ts = ImGui::CalcTextSize(label.c_str());
                // The label must fit between the two boxes, or it hides their text: the grade alone, or nothing
                // (the arrow's colour still says the grade, and the inspector names it).
                float room = std::sqrt((z.x - a.x) * (z.x - a.x) + (z.y - a.y) * (z.y - a.y)) - 10;
                if (ts.x > room) {
                    label = "[" + (grade.empty() ? std::string("ungraded") : grade) + "]";
                    ts = ImGui::CalcTextSize(label.c_str());
                }
                if (ts.x > room) return;
                dl->AddRectFilled(ImVec2(mid.x - ts.x / 2 - 3, mid.y - ts.y / 2 - 1),
                                  ImVec2(mid.x + ts.x / 2 + 3, mid.y + ts.y / 2 + 1), ImGui::GetColorU32(pal.card_bg), 3);
                dl->AddText(ImVec2(mid.x - ts.x / 2, mid.y - ts.y / 2), col, label.c_str());
            }
        };
        const OrderedJson& n = *b.json;
        if (n.contains("next") && n["next"].is_string()) edge(n["next"].get<std::string>(), "", false, nullptr, false);
        auto choices = n.find("choices");  // by reference: value() would copy every choice every frame
        if (choices == n.end() || !choices->is_array()) continue;
        for (const auto& c : *choices) {
            if (!c.is_object() || !c.contains("next") || !c["next"].is_string()) continue;
            std::string grade = c.value("grade", OrderedJson("")).is_string() ? c.value("grade", std::string()) : "";
            bool selected = !st.doc.selection.choice.empty() && c.value("id", OrderedJson()) == st.doc.selection.choice;
            edge(c["next"].get<std::string>(), grade, c.contains("condition"), &c, selected);
        }
    }

    // Boxes, culled.
    v.nodes_drawn = 0;
    std::string start = j.value("start", OrderedJson("")).is_string() ? j.value("start", std::string()) : "";
    std::string clicked;
    for (const auto& b : boxes) {
        if (!overlaps(b.min, b.max, origin, end)) continue;
        ++v.nodes_drawn;
        bool selected = st.doc.selection.node == b.id || v.box_selected.count(b.id);
        float r = 6 * v.zoom;
        dl->AddRectFilled(b.min, b.max, ImGui::GetColorU32(b.ending ? pal.button : pal.card_bg), b.ending ? 0 : r);
        ImU32 border = ImGui::GetColorU32(selected ? pal.accent : pal.border);
        float w = selected ? 3.0f : (b.id == start ? 2.5f : 1.0f);
        dl->AddRect(b.min, b.max, border, b.ending ? 0 : r, 0, w);
        if (b.ending)  // a second border: endings read as different even in greyscale
            dl->AddRect(ImVec2(b.min.x + 4, b.min.y + 4), ImVec2(b.max.x - 4, b.max.y - 4), border, 0, 0, 1.0f);
        if (v.zoom >= 0.45f) {
            dl->PushClipRect(b.min, b.max, true);
            std::string head = (b.ending ? "END  " : b.id == start ? "START  " : "") + b.id;
            dl->AddText(ImVec2(b.min.x + 8, b.min.y + 6), ImGui::GetColorU32(pal.heading), head.c_str());
            std::string sub;
            if (b.ending)
                sub = b.json->value("title", OrderedJson("")).is_string() ? b.json->value("title", std::string()) : "";
            else if (b.json->contains("lines") && (*b.json)["lines"].is_array() && !(*b.json)["lines"].empty() &&
                     (*b.json)["lines"][0].value("text", OrderedJson("")).is_string())
                sub = (*b.json)["lines"][0].value("text", std::string());
            dl->AddText(ImVec2(b.min.x + 8, b.min.y + 6 + ImGui::GetTextLineHeight()),
                        ImGui::GetColorU32(pal.text_muted), shorten_text(sub, 30).c_str());
            dl->PopClipRect();
        }
        if (auto p = problems.find(b.id); p != problems.end()) {
            bool error = p->second >= 1000;
            ImVec2 c(b.max.x - 8, b.min.y + 8);
            dl->AddCircleFilled(c, 7, ImGui::GetColorU32(error ? pal.broken : pal.pending));
            dl->AddText(ImVec2(c.x - 3, c.y - ImGui::GetTextLineHeight() / 2), ImGui::GetColorU32(pal.banner_text), "!");
        }
        if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && !io.KeyShift &&
            ImGui::IsMouseHoveringRect(b.min, b.max))
            clicked = b.id;
    }

    // Input: click selects, drag moves a node, drag on the background pans, shift-drag box-selects.
    if (!clicked.empty()) {
        v.dragging = clicked;
        v.box_selected.clear();
        out.emplace_back(K::StudioSelect, -1, clicked);
        out.back().value = "null";
    } else if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && io.KeyShift) {
        v.box_selecting = true;
        v.box_start = to_canvas(io.MousePos);
    }
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Left) && ImGui::IsItemActive()) {
        if (!v.dragging.empty()) {
            NodePosition p = st.doc.layout().positions[v.dragging];
            std::vector<std::string> moving = {v.dragging};
            for (const auto& id : v.box_selected)
                if (id != v.dragging) moving.push_back(id);
            for (const auto& id : moving) {
                NodePosition q = id == v.dragging ? p : st.doc.layout().positions[id];
                out.emplace_back(K::StudioMoveNode, -1, id);
                out.back().value = "[" + std::to_string(q.x + io.MouseDelta.x / v.zoom) + "," +
                                   std::to_string(q.y + io.MouseDelta.y / v.zoom) + "]";
            }
        } else if (v.box_selecting) {
            ImVec2 a = to_screen({v.box_start.x, v.box_start.y});
            dl->AddRect(a, io.MousePos, ImGui::GetColorU32(pal.accent), 0, 0, 1.5f);
        } else {
            v.pan.x += io.MouseDelta.x;
            v.pan.y += io.MouseDelta.y;
        }
    }
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Middle) && hovered) {
        v.pan.x += io.MouseDelta.x;
        v.pan.y += io.MouseDelta.y;
    }
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        if (v.box_selecting) {
            ImVec2 a = to_screen({v.box_start.x, v.box_start.y}), b = io.MousePos;
            ImVec2 lo(std::min(a.x, b.x), std::min(a.y, b.y)), hi(std::max(a.x, b.x), std::max(a.y, b.y));
            v.box_selected.clear();
            for (const auto& box : boxes)
                if (overlaps(box.min, box.max, lo, hi)) v.box_selected.insert(box.id);
        }
        v.box_selecting = false;
        v.dragging.clear();
    }
    // Zoom and counts, bottom left.
    char info[96];
    std::snprintf(info, sizeof info, "zoom %.0f%%  ·  %zu boxes, %d shown  ·  shift-drag selects", v.zoom * 100,
                  boxes.size(), v.nodes_drawn);
    dl->AddText(ImVec2(origin.x + 8, end.y - ImGui::GetTextLineHeight() - 6), ImGui::GetColorU32(pal.text_muted), info);
    dl->PopClipRect();
}

}  // namespace cp::ui
