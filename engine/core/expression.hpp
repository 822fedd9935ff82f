// Conditions: a small declarative expression language over scenario variables and the customer profile.
// Compiled and type-checked once at load time; evaluation allocates nothing. Hostile conditions are refused
// at compile time (limits.hpp: kMaxConditionBytes, kMaxConditionDepth), and evaluation recurses only per
// level of brackets or `not`, so its stack use is bounded by that cap.
//
//   expr   := or
//   or     := and ('or' and)*
//   and    := unary ('and' unary)*
//   unary  := 'not' unary | compare
//   compare:= term (('=='|'!='|'<'|'<='|'>'|'>='|'in') term)?
//   term   := INT | 'true' | 'false' | 'text' | "text" | NAME | customer.FIELD | done('action') | '(' expr ')'
//
// done('action') is true once the learner has taken that action in the session. The caller says what it
// means: `done` maps the action id to the index of a bool variable that records it (or -1 with a message).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cp {

enum class ValueType { Bool, Int, Enum, Text, TextList };

// What a condition may refer to.
struct VariableSymbol {
    std::string id;
    ValueType type = ValueType::Bool;      // Bool, Int or Enum
    std::vector<std::string> enum_values;  // for Enum
};

// The customer fields conditions can use.
enum class CustomerField { Id, Language, Needs, Age, ActsFor };

struct CustomerView {
    std::string_view id;
    std::string_view language;
    const std::vector<std::string>* needs = nullptr;
    int age = 0;
    std::string_view acts_for;
};

// Variable values are stored as ints: bool 0/1, int as is, enum as the index of its value.
struct EvalContext {
    std::span<const int> variables;
    const CustomerView* customer = nullptr;
};

class Expression {
  public:
    // Compiles `source`; on failure returns nullopt and sets `error` and `error_offset` (byte offset in
    // source).
    // `done` (optional) resolves done('action') terms; without it they are an error.
    using DoneResolver = std::function<int(const std::string& action, std::string& error)>;
    static std::optional<Expression> compile(std::string_view source,
                                             const std::vector<VariableSymbol>& symbols, std::string& error,
                                             std::size_t& error_offset, const DoneResolver& done = {});

    bool evaluate(const EvalContext& ctx) const;
    const std::string& source() const { return source_; }
    // Indices of the variables this condition reads (sorted, unique).
    const std::vector<int>& variables_used() const { return variables_used_; }
    bool uses_customer() const { return uses_customer_; }

    enum class Op : std::uint8_t {
        ConstBool,
        ConstInt,
        ConstText,
        Var,
        Customer,
        Not,
        And,
        Or,
        Eq,
        Ne,
        Lt,
        Le,
        Gt,
        Ge,
        In
    };
    struct Node {
        Op op;
        ValueType type;
        int a = -1, b = -1;  // child node indices; And/Or: `a` is the first operand
        int next = -1;       // the following operand of the enclosing And/Or chain
        int value = 0;       // ConstBool/ConstInt value, Var index, Customer field
        std::string text;    // ConstText
    };

  private:
    friend class ExpressionParser;
    bool eval_bool(int node, const EvalContext& ctx) const;
    int eval_int(int node, const EvalContext& ctx) const;
    std::string_view eval_text(int node, const EvalContext& ctx) const;

    std::string source_;
    std::vector<Node> nodes_;
    int root_ = -1;
    std::vector<int> variables_used_;
    bool uses_customer_ = false;
};

}  // namespace cp
