#include "style.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace ob::migrate::cli {

namespace {
std::string& program() {
    static std::string name = "ob-migrate";
    return name;
}
}  // namespace

const std::string& programName() { return program(); }

void setProgramName(const char* argv0) {
    std::string name = argv0 ? argv0 : "";
    const std::size_t slash = name.find_last_of('/');
    if (slash != std::string::npos) name.erase(0, slash + 1);
    program() = name.empty() ? "ob-migrate" : name;
}

std::string withProgramName(std::string text) {
    if (program() == "ob-migrate") return text;  // the plain binary: its examples of a project CLI stay
    std::string out;
    for (std::size_t at = 0; at < text.size();) {
        bool replaced = false;
        for (std::string_view from : {"my-app-migrate ", "ob-migrate "})
            if (text.compare(at, from.size(), from) == 0) {
                out += program() + " ";
                at += from.size();
                replaced = true;
                break;
            }
        if (!replaced) out += text[at++];
    }
    return out;
}

bool isDumbTerminal() {
    const char* term = std::getenv("TERM");
    return term && std::strcmp(term, "dumb") == 0;
}

bool isTerminal(const std::ostream& stream) {
    if (&stream == &std::cout) return ::isatty(STDOUT_FILENO) == 1;
    if (&stream == &std::cerr || &stream == &std::clog) return ::isatty(STDERR_FILENO) == 1;
    return false;
}

Style::Style(const std::ostream& stream) {
    const char* noColor = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    colour_ = isTerminal(stream) && !(noColor && *noColor) && !(term && std::strcmp(term, "dumb") == 0);
}

std::string Style::paint(const char* code, std::string_view text) const {
    if (!colour_) return std::string(text);
    return std::string("\x1b[") + code + "m" + std::string(text) + "\x1b[0m";
}

ProgressLine::ProgressLine(std::ostream& stream) : stream_(stream), enabled_(isTerminal(stream) && !isDumbTerminal()) {}

ProgressLine::~ProgressLine() {
    try {
        clear();
    } catch (...) {
    }
}

void ProgressLine::update(const std::string& text) {
    if (!enabled_) return;
    std::string line = text.size() > 100 ? text.substr(0, 97) + "..." : text;
    stream_ << '\r' << line;
    if (line.size() < width_) stream_ << std::string(width_ - line.size(), ' ');
    stream_.flush();
    width_ = line.size();
}

void ProgressLine::clear() {
    if (!enabled_ || width_ == 0) return;
    stream_ << '\r' << std::string(width_, ' ') << '\r';
    stream_.flush();
    width_ = 0;
}

ElapsedLine::ElapsedLine(std::ostream& stream)
    : stream_(stream), terminal_(isTerminal(stream) && !isDumbTerminal()) {}

ElapsedLine::~ElapsedLine() {
    stopThread();
    try {
        if (width_ > 0) stream_ << '\n' << std::flush;
    } catch (...) {
    }
}

void ElapsedLine::start(std::string text) {
    finish();
    if (!terminal_) {
        stream_ << text << '\n' << std::flush;
        return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    text_ = std::move(text);
    started_ = std::chrono::steady_clock::now();
    running_ = true;
    draw();
    thread_ = std::thread([this] {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return !running_; })) draw();
    });
}

void ElapsedLine::finish() {
    stopThread();
    if (width_ == 0) return;
    stream_ << '\r' << std::string(width_, ' ') << '\r' << std::flush;
    width_ = 0;
}

void ElapsedLine::stopThread() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        running_ = false;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ElapsedLine::draw() {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::string line = fmt::format("{} {:.1f} s", text_, seconds);
    const std::size_t width = line.size();
    if (width < width_) line.append(width_ - width, ' ');
    stream_ << '\r' << line << std::flush;
    width_ = std::max(width, width_);
}

}  // namespace ob::migrate::cli
