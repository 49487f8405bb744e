// Terminal conventions of the ob-migrate CLI: colour only on a terminal and never with NO_COLOR
// set (or TERM=dumb); a progress line that rewrites itself on a terminal and stays silent elsewhere.
#pragma once

#include <chrono>
#include <condition_variable>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace ob::migrate::cli {

/// The name the CLI calls itself in help, usage and errors: the basename of argv[0] ("ob-migrate"
/// for the plain binary, the project's own name for a project CLI). Set by cli::run().
const std::string& programName();
void setProgramName(const char* argv0);
/// `text` with every "ob-migrate " (and "my-app-migrate ") in it naming programName() instead.
std::string withProgramName(std::string text);

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

/// "applying 0002_x [3/40]" before long work. On a terminal (and TERM is not dumb) a thread of its
/// own rewrites the line with the time elapsed ("... 4.2 s") until finish() clears it; elsewhere
/// the text is printed once, as a line of its own, and nothing else is.
class ElapsedLine {
public:
    explicit ElapsedLine(std::ostream& stream);
    /// Stops the thread; a line still showing ends with a newline (an error is printed next).
    ~ElapsedLine();
    ElapsedLine(const ElapsedLine&) = delete;
    ElapsedLine& operator=(const ElapsedLine&) = delete;
    void start(std::string text);
    /// Stops the clock and clears the line (on a terminal) before the outcome is printed.
    void finish();

private:
    void stopThread();
    void draw();  // with mutex_ held

    std::ostream& stream_;
    bool terminal_;
    std::string text_;
    std::chrono::steady_clock::time_point started_;
    std::size_t width_ = 0;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool running_ = false;
    std::thread thread_;
};

}  // namespace ob::migrate::cli
