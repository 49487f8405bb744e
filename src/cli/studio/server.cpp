#include "studio/server.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include "ob/migrate/error.hpp"
#include "studio/api.hpp"
#include "studio/assets.hpp"
#include "studio/connection.hpp"
#include "studio/security.hpp"

namespace ob::migrate::cli::studio {

namespace {
constexpr const char* kTokenHeader = "X-Studio-Token";
constexpr const char* kTokenPlaceholder = "__OB_STUDIO_TOKEN__";

void sendJson(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    // Database text need not be valid UTF-8: replace what is not rather than fail.
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

/// JSON for the API, plain text for a browser's page load.
void refuse(httplib::Response& res, bool isApi, int status, const std::string& message) {
    if (isApi) {
        sendJson(res, status, {{"error", message}});
    } else {
        res.status = status;
        res.set_content(message + "\n", "text/plain; charset=utf-8");
    }
}

bool isWildcard(const std::string& host) { return host.empty() || host == "0.0.0.0" || host == "::" || host == "*"; }
}  // namespace

class Server::Impl {
public:
    Impl(Settings settings, ServerOptions options)
        : options_(std::move(options)),
          connection_(std::move(settings), options_.allowWrite),
          api_(connection_, options_.allowWrite),
          token_(generateToken()) {
        if (isWildcard(options_.host))
            throw ConfigError(fmt::format("ob-migrate studio listens on one address, not the wildcard \"{}\": give "
                                          "--host 127.0.0.1 (the default) or the one address to serve on",
                                          options_.host));
        if (options_.port < 0 || options_.port > 65535)
            throw ConfigError(fmt::format("--port {} is not a TCP port (0 picks a free one)", options_.port));
        configure();
    }

    void bind() {
        if (options_.port == 0) {
            port_ = server_.bind_to_any_port(options_.host);
            if (port_ < 0) throw Error(fmt::format("cannot listen on {}: no free port", options_.host));
        } else {
            if (!server_.bind_to_port(options_.host, options_.port))
                throw Error(fmt::format("cannot listen on {}:{} (is the port in use? --port 0 picks a free one)",
                                        options_.host, options_.port));
            port_ = options_.port;
        }
        expectedHost_ = hostHeaderFor(options_.host, port_);
        cookieName_ = fmt::format("ob_studio_{}", port_);
    }

    int port() const noexcept { return port_; }

    std::string url() const { return fmt::format("http://{}/?token={}", expectedHost_, token_); }

    std::string probe() {
        try {
            return connection_.read([](Source& source) { return source.dialect().describe(); });
        } catch (const ConfigError&) {
            throw;  // bad settings (a malformed URL, a backend this build lacks): not worth serving
        } catch (const std::exception& e) {
            return fmt::format("(not reachable now: {})", e.what());
        }
    }

    bool listen() { return server_.listen_after_bind(); }
    void stop() { server_.stop(); }

private:
    void configure() {
        // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second process listen on
        // the same port and take part of the studio's connections.
        server_.set_socket_options([](socket_t sock) {
            int yes = 1;
            setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        });
        server_.set_payload_max_length(1 << 20);
        server_.set_read_timeout(10, 0);
        server_.set_write_timeout(10, 0);
        server_.set_default_headers({
            {"Cache-Control", "no-store"},
            {"X-Content-Type-Options", "nosniff"},
            {"X-Frame-Options", "DENY"},
            {"Referrer-Policy", "no-referrer"},
            {"Content-Security-Policy",
             "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
             "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"},
        });
        server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            return guard(req, res) ? httplib::Server::HandlerResponse::Unhandled
                                   : httplib::Server::HandlerResponse::Handled;
        });
        auto api = [this](const httplib::Request& req, httplib::Response& res) { serveApi(req, res); };
        server_.Get("/api/.*", api);
        server_.Post("/api/.*", api);
        server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { serveAsset(req, res); });
    }

    /// Host header first (DNS rebinding), then the token: the header for /api/, else the
    /// ?token= of the printed URL or the cookie the page set.
    bool guard(const httplib::Request& req, httplib::Response& res) {
        const bool isApi = req.path.rfind("/api/", 0) == 0;
        if (!hostMatches(req.get_header_value("Host"), expectedHost_)) {
            const auto message = fmt::format("the Host header must be {} (the address ob-migrate studio serves)",
                                             expectedHost_);
            refuse(res, isApi, 403, message);
            return false;
        }
        std::string given;
        if (isApi) {
            given = req.get_header_value(kTokenHeader);
        } else if (req.has_param("token")) {
            given = req.get_param_value("token");
        } else if (auto cookie = cookieValue(req.get_header_value("Cookie"), cookieName_)) {
            given = *cookie;
        }
        if (tokensEqual(given, token_)) return true;
        const std::string message = "ob-migrate studio needs its access token: open the URL `ob-migrate studio` "
                                    "printed (http://.../?token=...)";
        refuse(res, isApi, 401, message);
        return false;
    }

    void serveApi(const httplib::Request& req, httplib::Response& res) {
        ApiRequest request;
        request.method = req.method;
        request.path = req.path.substr(4);
        for (const auto& [name, value] : req.params) request.params.emplace(name, value);  // first value wins
        request.body = req.body;
        const auto response = api_.handle(request);
        sendJson(res, response.status, response.body);
    }

    void serveAsset(const httplib::Request& req, httplib::Response& res) {
        const bool page = req.path == "/" || req.path == "/index.html";
        const auto asset = findAsset(page ? "/index.html" : req.path);
        if (!asset) {
            res.status = 404;
            res.set_content("not found\n", "text/plain; charset=utf-8");
            return;
        }
        if (!page) {
            res.set_content(std::string(asset->body), std::string(asset->contentType));
            return;
        }
        std::string html(asset->body);
        if (auto at = html.find(kTokenPlaceholder); at != std::string::npos)
            html.replace(at, std::string_view(kTokenPlaceholder).size(), token_);
        // Later loads of the page (a reload after the token left the address bar) carry the cookie.
        res.set_header("Set-Cookie", fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict", cookieName_, token_));
        res.set_content(html, std::string(asset->contentType));
    }

    ServerOptions options_;
    Connection connection_;
    Api api_;
    std::string token_;
    httplib::Server server_;
    int port_ = -1;
    std::string expectedHost_, cookieName_;
};

Server::Server(Settings settings, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(options))) {}
Server::~Server() = default;
void Server::bind() { impl_->bind(); }
int Server::port() const noexcept { return impl_->port(); }
std::string Server::url() const { return impl_->url(); }
std::string Server::probe() { return impl_->probe(); }
bool Server::listen() { return impl_->listen(); }
void Server::stop() { impl_->stop(); }

}  // namespace ob::migrate::cli::studio
