#include "style.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>

namespace ob::migrate::cli {

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

ProgressLine::ProgressLine(std::ostream& stream) : stream_(stream), enabled_(isTerminal(stream)) {
    const char* term = std::getenv("TERM");
    if (term && std::strcmp(term, "dumb") == 0) enabled_ = false;
}

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

}  // namespace ob::migrate::cli
