#include "expression.hpp"

#include <algorithm>
#include <cctype>

#include "limits.hpp"

namespace cp {

namespace {

struct Token {
    enum Kind { End, Int, Text, Name, Op, LParen, RParen } kind = End;
    std::string text;
    int value = 0;
    std::size_t offset = 0;
};

const char* type_name(ValueType t) {
    switch (t) {
        case ValueType::Bool:
            return "true/false";
        case ValueType::Int:
            return "a whole number";
        case ValueType::Enum:
            return "a choice of names";
        case ValueType::Text:
            return "text";
        case ValueType::TextList:
            return "a list of text";
    }
    return "?";
}

}  // namespace

class ExpressionParser {
  public:
    ExpressionParser(std::string_view src, const std::vector<VariableSymbol>& symbols, Expression& out,
                     const Expression::DoneResolver& done)
        : src_(src), symbols_(symbols), out_(out), done_(done) {}

    bool run(std::string& error, std::size_t& offset) {
        if (!lex()) return fail(error, offset);
        int root = parse_or();
        if (root >= 0 && peek().kind != Token::End) {
            set_error("unexpected '" + peek().text + "'", peek().offset);
            root = -1;
        }
        if (root >= 0 && out_.nodes_[static_cast<std::size_t>(root)].type != ValueType::Bool) {
            set_error("a condition must be true or false, but this is " +
                          std::string(type_name(out_.nodes_[static_cast<std::size_t>(root)].type)),
                      0);
            root = -1;
        }
        if (root < 0) return fail(error, offset);
        out_.root_ = root;
        std::sort(out_.variables_used_.begin(), out_.variables_used_.end());
        out_.variables_used_.erase(std::unique(out_.variables_used_.begin(), out_.variables_used_.end()),
                                   out_.variables_used_.end());
        return true;
    }

  private:
    bool fail(std::string& error, std::size_t& offset) {
        error = error_;
        offset = error_offset_;
        return false;
    }
    void set_error(std::string msg, std::size_t offset) {
        if (error_.empty()) {
            error_ = std::move(msg);
            error_offset_ = offset;
        }
    }

    bool lex() {
        std::size_t i = 0;
        while (i < src_.size()) {
            char c = src_[i];
            if (std::isspace(static_cast<unsigned char>(c))) {
                ++i;
                continue;
            }
            Token t;
            t.offset = i;
            if (std::isdigit(static_cast<unsigned char>(c)) ||
                (c == '-' && i + 1 < src_.size() && std::isdigit(static_cast<unsigned char>(src_[i + 1])))) {
                std::size_t j = i + 1;
                while (j < src_.size() && std::isdigit(static_cast<unsigned char>(src_[j]))) ++j;
                t.kind = Token::Int;
                t.text = std::string(src_.substr(i, j - i));
                if (t.text.size() > 9) {
                    set_error("number too large", i);
                    return false;
                }
                t.value = std::stoi(t.text);
                i = j;
            } else if (c == '\'' || c == '"') {
                std::size_t j = src_.find(c, i + 1);
                if (j == std::string_view::npos) {
                    set_error("text starting here has no closing quote", i);
                    return false;
                }
                t.kind = Token::Text;
                t.text = std::string(src_.substr(i + 1, j - i - 1));
                i = j + 1;
            } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                std::size_t j = i + 1;
                while (j < src_.size() && (std::isalnum(static_cast<unsigned char>(src_[j])) ||
                                           src_[j] == '_' || src_[j] == '.' || src_[j] == '-'))
                    ++j;
                t.kind = Token::Name;
                t.text = std::string(src_.substr(i, j - i));
                i = j;
            } else if (c == '(' || c == ')') {
                t.kind = c == '(' ? Token::LParen : Token::RParen;
                t.text = std::string(1, c);
                ++i;
            } else {
                static constexpr std::string_view kOps[] = {"==", "!=", "<=", ">=", "<", ">"};
                bool found = false;
                for (auto op : kOps) {
                    if (src_.substr(i, op.size()) == op) {
                        t.kind = Token::Op;
                        t.text = std::string(op);
                        i += op.size();
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    set_error(std::string("unexpected character '") + c + "'", i);
                    return false;
                }
            }
            tokens_.push_back(std::move(t));
        }
        Token end;
        end.offset = src_.size();
        end.text = "end of condition";
        tokens_.push_back(end);
        return true;
    }

    const Token& peek() const { return tokens_[pos_]; }
    bool is_word(const char* w) const { return peek().kind == Token::Name && peek().text == w; }

    static Expression::Node mk(Expression::Op op, ValueType type, int a = -1, int b = -1, int value = 0) {
        Expression::Node n;
        n.op = op;
        n.type = type;
        n.a = a;
        n.b = b;
        n.value = value;
        return n;
    }

    int add(Expression::Node n) {
        out_.nodes_.push_back(std::move(n));
        return static_cast<int>(out_.nodes_.size()) - 1;
    }
    const Expression::Node& node(int i) const { return out_.nodes_[static_cast<std::size_t>(i)]; }

    // `a or b or c` becomes one Or node whose operands are chained through `next`, so a long chain costs no
    // recursion when parsed or evaluated; only brackets and `not` nest, and kMaxConditionDepth caps those.
    int parse_or() { return parse_chain("or", Expression::Op::Or, &ExpressionParser::parse_and); }
    int parse_and() { return parse_chain("and", Expression::Op::And, &ExpressionParser::parse_unary); }

    int parse_chain(const char* word, Expression::Op op, int (ExpressionParser::*operand)()) {
        int first = (this->*operand)();
        if (first < 0 || !is_word(word)) return first;
        if (!expect_bool(first, peek().offset)) return -1;
        int last = first;
        while (is_word(word)) {
            auto at = peek().offset;
            ++pos_;
            int next = (this->*operand)();
            if (next < 0 || !expect_bool(next, at)) return -1;
            out_.nodes_[static_cast<std::size_t>(last)].next = next;
            last = next;
        }
        return add(mk(op, ValueType::Bool, first));
    }

    int parse_unary() {
        if (is_word("not")) {
            auto at = peek().offset;
            if (!enter_level(at)) return -1;
            ++pos_;
            int inner = parse_unary();
            --depth_;
            if (inner < 0 || !expect_bool(inner, at)) return -1;
            return add(mk(Expression::Op::Not, ValueType::Bool, inner));
        }
        return parse_compare();
    }

    // Brackets and `not` recurse; refuse to go deeper than kMaxConditionDepth so no condition can exhaust
    // the stack while parsing or evaluating.
    bool enter_level(std::size_t at) {
        if (++depth_ <= kMaxConditionDepth) return true;
        set_error("the condition nests deeper than " + std::to_string(kMaxConditionDepth) +
                      " levels of brackets and 'not'; split it up",
                  at);
        return false;
    }

    bool expect_bool(int n, std::size_t at) {
        if (node(n).type == ValueType::Bool) return true;
        set_error(
            "'and', 'or' and 'not' work on true/false values, not on " + std::string(type_name(node(n).type)),
            at);
        return false;
    }

    int parse_compare() {
        int left = parse_term();
        if (left < 0) return -1;
        bool is_in = is_word("in");
        if (peek().kind != Token::Op && !is_in) return left;
        Token op = peek();
        ++pos_;
        int right = parse_term();
        if (right < 0) return -1;
        if (is_in) {
            if (node(right).type != ValueType::TextList) {
                set_error("'in' needs a list on its right, such as customer.needs", op.offset);
                return -1;
            }
            if (node(left).type != ValueType::Text) {
                set_error("'in' needs text on its left, such as 'bsl_interpreter'", op.offset);
                return -1;
            }
            return add(mk(Expression::Op::In, ValueType::Bool, left, right));
        }
        // An enum variable compared with a quoted name: turn the name into the enum's index now.
        resolve_enum_literal(left, right, op.offset);
        resolve_enum_literal(right, left, op.offset);
        if (!error_.empty()) return -1;
        ValueType lt = node(left).type, rt = node(right).type;
        bool same = lt == rt;
        if (!same || lt == ValueType::TextList) {
            set_error("cannot compare " + std::string(type_name(lt)) + " with " + type_name(rt), op.offset);
            return -1;
        }
        Expression::Op code = Expression::Op::Eq;
        if (op.text == "==")
            code = Expression::Op::Eq;
        else if (op.text == "!=")
            code = Expression::Op::Ne;
        else {
            if (lt != ValueType::Int || rt != ValueType::Int) {
                set_error("'" + op.text + "' compares whole numbers only", op.offset);
                return -1;
            }
            code = op.text == "<"    ? Expression::Op::Lt
                   : op.text == "<=" ? Expression::Op::Le
                   : op.text == ">"  ? Expression::Op::Gt
                                     : Expression::Op::Ge;
        }
        return add(mk(code, ValueType::Bool, left, right));
    }

    void resolve_enum_literal(int var_node, int literal_node, std::size_t at) {
        const auto& v = node(var_node);
        auto& lit = out_.nodes_[static_cast<std::size_t>(literal_node)];
        if (v.op != Expression::Op::Var || v.type != ValueType::Enum || lit.op != Expression::Op::ConstText)
            return;
        const auto& sym = symbols_[static_cast<std::size_t>(v.value)];
        auto it = std::find(sym.enum_values.begin(), sym.enum_values.end(), lit.text);
        if (it == sym.enum_values.end()) {
            std::string values;
            for (const auto& e : sym.enum_values) values += (values.empty() ? "" : ", ") + e;
            set_error("'" + lit.text + "' is not a value of " + sym.id + " (" + values + ")", at);
            return;
        }
        // From here on the comparison is between enum indices.
        lit.op = Expression::Op::ConstInt;
        lit.type = ValueType::Enum;
        lit.value = static_cast<int>(it - sym.enum_values.begin());
    }

    int parse_term() {
        const Token& t = peek();
        switch (t.kind) {
            case Token::Int: {
                ++pos_;
                return add(mk(Expression::Op::ConstInt, ValueType::Int, -1, -1, t.value));
            }
            case Token::Text: {
                ++pos_;
                Expression::Node n = mk(Expression::Op::ConstText, ValueType::Text);
                n.text = t.text;
                return add(std::move(n));
            }
            case Token::LParen: {
                if (!enter_level(t.offset)) return -1;
                ++pos_;
                int inner = parse_or();
                --depth_;
                if (inner < 0) return -1;
                if (peek().kind != Token::RParen) {
                    set_error("expected ')'", peek().offset);
                    return -1;
                }
                ++pos_;
                return inner;
            }
            case Token::Name:
                return parse_name();
            default:
                set_error("expected a value or a name, found '" + t.text + "'", t.offset);
                return -1;
        }
    }

    int parse_name() {
        const Token t = peek();
        ++pos_;
        if (t.text == "true" || t.text == "false")
            return add(mk(Expression::Op::ConstBool, ValueType::Bool, -1, -1, t.text == "true" ? 1 : 0));
        if (t.text == "and" || t.text == "or" || t.text == "not" || t.text == "in") {
            set_error("'" + t.text + "' needs a value before it", t.offset);
            return -1;
        }
        if (t.text == "done" && peek().kind == Token::LParen) return parse_done(t);
        if (t.text.rfind("customer.", 0) == 0) {
            std::string field = t.text.substr(9);
            out_.uses_customer_ = true;
            if (field == "id")
                return add(mk(Expression::Op::Customer, ValueType::Text, -1, -1,
                              static_cast<int>(CustomerField::Id)));
            if (field == "language")
                return add(mk(Expression::Op::Customer, ValueType::Text, -1, -1,
                              static_cast<int>(CustomerField::Language)));
            if (field == "needs")
                return add(mk(Expression::Op::Customer, ValueType::TextList, -1, -1,
                              static_cast<int>(CustomerField::Needs)));
            if (field == "age")
                return add(mk(Expression::Op::Customer, ValueType::Int, -1, -1,
                              static_cast<int>(CustomerField::Age)));
            if (field == "acts_for")
                return add(mk(Expression::Op::Customer, ValueType::Text, -1, -1,
                              static_cast<int>(CustomerField::ActsFor)));
            set_error("unknown customer field '" + field + "' (use id, language, needs, age or acts_for)",
                      t.offset);
            return -1;
        }
        for (std::size_t i = 0; i < symbols_.size(); ++i) {
            if (symbols_[i].id == t.text) {
                out_.variables_used_.push_back(static_cast<int>(i));
                ValueType type = symbols_[i].type;
                return add(mk(Expression::Op::Var, type, -1, -1, static_cast<int>(i)));
            }
        }
        set_error("undefined variable '" + t.text + "'", t.offset);
        return -1;
    }

    // done('action'): a bool variable the caller keeps for that action.
    int parse_done(const Token& name) {
        ++pos_;  // '('
        if (peek().kind != Token::Text) {
            set_error("done(...) needs an action id in quotes, such as done('offer_complaint')", peek().offset);
            return -1;
        }
        Token action = peek();
        ++pos_;
        if (peek().kind != Token::RParen) {
            set_error("expected ')' after done('" + action.text + "'", peek().offset);
            return -1;
        }
        ++pos_;
        if (!done_) {
            set_error("done('" + action.text + "') cannot be used here", name.offset);
            return -1;
        }
        std::string why;
        int var = done_(action.text, why);
        if (var < 0) {
            set_error(why, action.offset);
            return -1;
        }
        out_.variables_used_.push_back(var);
        return add(mk(Expression::Op::Var, ValueType::Bool, -1, -1, var));
    }

    std::string_view src_;
    const std::vector<VariableSymbol>& symbols_;
    Expression& out_;
    const Expression::DoneResolver& done_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    int depth_ = 0;  // brackets and `not`s open at this point
    std::string error_;
    std::size_t error_offset_ = 0;
};

std::optional<Expression> Expression::compile(std::string_view source,
                                              const std::vector<VariableSymbol>& symbols, std::string& error,
                                              std::size_t& error_offset, const DoneResolver& done) {
    if (source.size() > kMaxConditionBytes) {
        error = "the condition is " + std::to_string(source.size()) + " bytes long; the limit is " +
                std::to_string(kMaxConditionBytes) + ": split it up";
        error_offset = 0;
        return std::nullopt;
    }
    Expression e;
    e.source_ = std::string(source);
    ExpressionParser parser(source, symbols, e, done);
    if (!parser.run(error, error_offset)) return std::nullopt;
    return e;
}

bool Expression::evaluate(const EvalContext& ctx) const {
    return eval_bool(root_, ctx);
}

std::string_view Expression::eval_text(int n, const EvalContext& ctx) const {
    const Node& node = nodes_[static_cast<std::size_t>(n)];
    if (node.op == Op::ConstText) return node.text;
    if (node.op == Op::Customer && ctx.customer) {
        switch (static_cast<CustomerField>(node.value)) {
            case CustomerField::Id:
                return ctx.customer->id;
            case CustomerField::Language:
                return ctx.customer->language;
            case CustomerField::ActsFor:
                return ctx.customer->acts_for;
            default:
                break;
        }
    }
    return {};
}

int Expression::eval_int(int n, const EvalContext& ctx) const {
    const Node& node = nodes_[static_cast<std::size_t>(n)];
    switch (node.op) {
        case Op::ConstInt:
        case Op::ConstBool:
            return node.value;
        case Op::Var:
            return ctx.variables[static_cast<std::size_t>(node.value)];
        case Op::Customer:
            return ctx.customer ? ctx.customer->age : 0;
        default:
            return eval_bool(n, ctx) ? 1 : 0;
    }
}

bool Expression::eval_bool(int n, const EvalContext& ctx) const {
    const Node& node = nodes_[static_cast<std::size_t>(n)];
    switch (node.op) {
        case Op::ConstBool:
            return node.value != 0;
        case Op::Var:
            return ctx.variables[static_cast<std::size_t>(node.value)] != 0;
        case Op::Not:
            return !eval_bool(node.a, ctx);
        case Op::And:  // operands chained through `next`; a loop, not recursion
            for (int c = node.a; c >= 0; c = nodes_[static_cast<std::size_t>(c)].next)
                if (!eval_bool(c, ctx)) return false;
            return true;
        case Op::Or:
            for (int c = node.a; c >= 0; c = nodes_[static_cast<std::size_t>(c)].next)
                if (eval_bool(c, ctx)) return true;
            return false;
        case Op::In: {
            if (!ctx.customer || !ctx.customer->needs) return false;
            auto needle = eval_text(node.a, ctx);
            const auto& list = *ctx.customer->needs;
            return std::find(list.begin(), list.end(), needle) != list.end();
        }
        case Op::Eq:
        case Op::Ne: {
            const Node& l = nodes_[static_cast<std::size_t>(node.a)];
            bool equal = l.type == ValueType::Text ? eval_text(node.a, ctx) == eval_text(node.b, ctx)
                                                   : eval_int(node.a, ctx) == eval_int(node.b, ctx);
            return node.op == Op::Eq ? equal : !equal;
        }
        case Op::Lt:
            return eval_int(node.a, ctx) < eval_int(node.b, ctx);
        case Op::Le:
            return eval_int(node.a, ctx) <= eval_int(node.b, ctx);
        case Op::Gt:
            return eval_int(node.a, ctx) > eval_int(node.b, ctx);
        case Op::Ge:
            return eval_int(node.a, ctx) >= eval_int(node.b, ctx);
        default:
            return false;
    }
}

}  // namespace cp
