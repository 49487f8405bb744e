// An API request the studio refuses, with the HTTP status to answer.
#pragma once

#include <string>

#include "ob/migrate/error.hpp"

namespace ob::migrate::cli::studio {

class RequestError : public Error {
public:
    RequestError(int status, const std::string& message) : Error(message), status_(status) {}
    int status() const noexcept { return status_; }

private:
    int status_;
};

inline RequestError badRequest(const std::string& message) { return RequestError(400, message); }
inline RequestError notFound(const std::string& message) { return RequestError(404, message); }

}  // namespace ob::migrate::cli::studio
