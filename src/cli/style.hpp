// Terminal conventions of the ob-migrate CLI: colour only on a terminal and never with NO_COLOR
// set (or TERM=dumb); a progress line that rewrites itself on a terminal and stays silent elsewhere.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

namespace ob::migrate::cli {

/// True when `stream` is std::cout or std::cerr writing to a terminal.
bool isTerminal(const std::ostream& stream);

class Style {
public:
    /// Colour when `stream` is a terminal, NO_COLOR is unset or empty, and TERM is not "dumb".
    explicit Style(const std::ostream& stream);
    bool colour() const noexcept { return colour_; }
    std::string red(std::string_view text) const { return paint("31", text); }
    std::string green(std::string_view text) const { return paint("32", text); }
    std::string yellow(std::string_view text) const { return paint("33", text); }
    std::string bold(std::string_view text) const { return paint("1", text); }

private:
    std::string paint(const char* code, std::string_view text) const;
    bool colour_;
};

/// "[3/40] applying 0002_x" on one rewritten terminal line; nothing when not a terminal. The
/// destructor clears the line.
class ProgressLine {
public:
    explicit ProgressLine(std::ostream& stream);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;
    void update(const std::string& text);
    /// Clears the line (before printing something else).
    void clear();

private:
    std::ostream& stream_;
    bool enabled_;
    std::size_t width_ = 0;
};

}  // namespace ob::migrate::cli
