#include "backend.hpp"

namespace ob::migrate::conformance {

namespace {
std::vector<std::unique_ptr<Backend>>& registry() {
    static std::vector<std::unique_ptr<Backend>> all;
    return all;
}
}  // namespace

bool registerBackend(std::unique_ptr<Backend> backend) {
    registry().push_back(std::move(backend));
    return true;
}

const std::vector<std::unique_ptr<Backend>>& backends() { return registry(); }

}  // namespace ob::migrate::conformance
