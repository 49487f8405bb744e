#include "studio_support.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <regex>
#include <stdexcept>

namespace ob::migrate::test::studio {

namespace {
std::vector<std::string> studioArgv(const std::vector<std::string>& settings, const std::vector<std::string>& flags) {
    std::vector<std::string> argv{cliPath()};
    argv.insert(argv.end(), settings.begin(), settings.end());
    argv.insert(argv.end(), {"studio", "--port", "0"});
    argv.insert(argv.end(), flags.begin(), flags.end());
    return argv;
}

HttpResponse convert(const httplib::Result& r) {
    HttpResponse out;
    if (!r) return out;
    out.status = r->status;
    out.body = r->body;
    for (const auto& [k, v] : r->headers) out.headers.emplace(k, v);
    return out;
}

httplib::Client client(int port) {
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(30, 0);
    c.set_write_timeout(10, 0);
    return c;
}

httplib::Headers headersFor(const Headers& extra, bool withToken, const std::string& token) {
    httplib::Headers h;
    for (const auto& [k, v] : extra) h.emplace(k, v);
    if (withToken) h.emplace("X-Studio-Token", token);
    return h;
}
}  // namespace

nlohmann::json HttpResponse::json() const {
    auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded()) FAIL("not JSON (HTTP " << status << "): " << body);
    return doc;
}

std::string HttpResponse::header(const std::string& name) const {
    auto same = [](const std::string& a, const std::string& b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
                   return std::tolower(x) == std::tolower(y);
               });
    };
    for (const auto& [k, v] : headers)
        if (same(k, name)) return v;
    return {};
}

std::string query(const std::vector<std::pair<std::string, std::string>>& params) {
    std::string out;
    for (const auto& [k, v] : params)
        out += (out.empty() ? "" : "&") + httplib::detail::encode_query_param(k) + "=" +
               httplib::detail::encode_query_param(v);
    return out;
}

StudioProcess::StudioProcess(const std::vector<std::string>& settings, const std::vector<std::string>& flags,
                             const std::string& workingDirectory)
    : process_(studioArgv(settings, flags), {}, workingDirectory) {
    static const std::regex printed(R"(http://127\.0\.0\.1:(\d+)/\?token=([0-9a-f]+))");
    for (int i = 0; i < 600; ++i) {  // 30 s at most
        std::smatch m;
        const auto out = process_.output();
        if (std::regex_search(out, m, printed)) {
            url_ = m[0];
            port_ = std::stoi(m[1]);
            token_ = m[2];
            return;
        }
        if (!process_.running())
            throw std::runtime_error("ob-migrate studio exited before printing its URL:\n" + process_.output());
        usleep(50'000);
    }
    throw std::runtime_error("ob-migrate studio printed no URL within 30 s:\n" + process_.output());
}

HttpResponse StudioProcess::get(const std::string& target, const Headers& headers, bool withToken) const {
    auto c = client(port_);
    return convert(c.Get(target.c_str(), headersFor(headers, withToken, token_)));
}

HttpResponse StudioProcess::post(const std::string& target, const nlohmann::json& body, const Headers& headers,
                                 bool withToken) const {
    auto c = client(port_);
    return convert(c.Post(target.c_str(), headersFor(headers, withToken, token_), body.dump(), "application/json"));
}

std::pair<int, std::string> runBounded(const std::vector<std::string>& args, int seconds) {
    std::vector<std::string> argv{cliPath()};
    argv.insert(argv.end(), args.begin(), args.end());
    BackgroundProcess process(argv);
    for (int i = 0; i < seconds * 20 && process.running(); ++i) usleep(50'000);
    const bool ended = !process.running();
    const int code = process.stop();
    INFO("ob-migrate " << fmt::format("{}", fmt::join(args, " ")) << "\n" << process.output());
    REQUIRE(ended);
    return {code, process.output()};
}

ProcessResult cli(const std::vector<std::string>& args) {
    std::vector<std::string> argv{cliPath()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = runProcess(argv);
    INFO("ob-migrate " << fmt::format("{}", fmt::join(args, " ")) << "\nstdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exitCode == 0);
    return r;
}

}  // namespace ob::migrate::test::studio
