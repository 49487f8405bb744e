// Helpers of the studio tests: a running `ob-migrate studio` child process with an HTTP client
// (cpp-httplib) that talks to it on 127.0.0.1 only.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "support.hpp"

namespace ob::migrate::test::studio {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
    int status = 0;  ///< 0: no answer
    std::string body;
    std::multimap<std::string, std::string> headers;

    nlohmann::json json() const;
    std::string header(const std::string& name) const;
};

/// `name=value&...`, each part percent-encoded.
std::string query(const std::vector<std::pair<std::string, std::string>>& params);

/// `ob-migrate <settings...> studio --port 0 <flags...>`, started in `workingDirectory`; the
/// constructor waits (at most 30 s) for the URL it prints. Stopped by the destructor.
class StudioProcess {
public:
    StudioProcess(const std::vector<std::string>& settings, const std::vector<std::string>& flags = {},
                  const std::string& workingDirectory = {});
    StudioProcess(const StudioProcess&) = delete;
    StudioProcess& operator=(const StudioProcess&) = delete;

    const std::string& url() const noexcept { return url_; }
    const std::string& token() const noexcept { return token_; }
    int port() const noexcept { return port_; }
    /// "127.0.0.1:<port>": what the studio accepts as Host.
    std::string hostHeader() const { return "127.0.0.1:" + std::to_string(port_); }

    /// GET `target` (path and query) with the X-Studio-Token header unless `withToken` is false.
    HttpResponse get(const std::string& target, const Headers& headers = {}, bool withToken = true) const;
    /// POST `body` as JSON.
    HttpResponse post(const std::string& target, const nlohmann::json& body, const Headers& headers = {},
                      bool withToken = true) const;

    int stop() { return process_.stop(); }
    std::string output() const { return process_.output(); }

private:
    BackgroundProcess process_;
    std::string url_, token_;
    int port_ = 0;
};

/// Runs `ob-migrate <args...>`, which must end within `seconds` (else it is killed and the test
/// fails); returns its exit code and output (stdout then stderr).
std::pair<int, std::string> runBounded(const std::vector<std::string>& args, int seconds = 30);

/// Runs `ob-migrate <args...>` to completion; REQUIREs exit code 0.
ProcessResult cli(const std::vector<std::string>& args);

}  // namespace ob::migrate::test::studio
