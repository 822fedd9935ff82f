// The studio's inspector: forms, not JSON, for what is selected on the graph (studio_forms.hpp). A choice,
// a node or an ending when one is selected; otherwise the scenario's own settings, customers, policies,
// variables and calendar. The forms themselves live in studio_forms_*.cpp.
#include "studio_forms.hpp"
#include "widgets.hpp"

namespace cp::ui {

void draw_studio_inspector(App& app, Studio& st, std::vector<Intent>& out) {
    (void)app;
    const ScenarioDocument& doc = st.doc;
    const StudioSelection& sel = doc.selection;
    if (!sel.choice.empty()) {
        std::string p = doc.choice_pointer(sel.choice);
        if (!p.empty()) {
            if (button(("< node " + sel.node).c_str())) {
                Intent i(Intent::Kind::StudioSelect, -1, sel.node);
                i.value = "null";
                out.push_back(i);
            }
            choice_form(st, p, doc.json().at(OrderedJson::json_pointer(p)), out);
            return;
        }
    }
    if (!sel.node.empty()) {
        if (std::string p = doc.node_pointer(sel.node); !p.empty()) {
            if (button("< scenario")) out.emplace_back(Intent::Kind::StudioSelect, -1, "");
            node_form(st, p, doc.json().at(OrderedJson::json_pointer(p)), out);
            return;
        }
        if (std::string p = doc.ending_pointer(sel.node); !p.empty()) {
            if (button("< scenario")) out.emplace_back(Intent::Kind::StudioSelect, -1, "");
            ending_form(st, p, doc.json().at(OrderedJson::json_pointer(p)), out);
            return;
        }
    }
    scenario_form(st, out);
}

}  // namespace cp::ui
