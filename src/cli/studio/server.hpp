// The studio's HTTP server (cpp-httplib): the embedded page and the JSON API, behind the Host
// header check and the access token.
#pragma once

#include <memory>
#include <string>

#include "settings.hpp"

namespace ob::migrate::cli::studio {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 4983;  ///< 0: any free port
    bool allowWrite = false;
};

class Server {
public:
    /// Throws ConfigError for a wildcard address (the Host check needs one address).
    Server(Settings settings, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds the listening socket; throws Error when the address or port cannot be had.
    void bind();
    /// The port bound (after bind()).
    int port() const noexcept;
    /// The address to open, token included: http://127.0.0.1:4983/?token=...
    std::string url() const;
    /// The database as the page names it, or why it cannot be reached now. Throws ConfigError for
    /// settings no retry can mend.
    std::string probe();

    /// Serves until stop(); returns false when the server failed.
    bool listen();
    /// Stops listen() (thread-safe).
    void stop();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ob::migrate::cli::studio
