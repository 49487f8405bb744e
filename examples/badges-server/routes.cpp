#include "routes.hpp"

#include <nlohmann/json.hpp>
#include <random>

namespace badges {

using Json = nlohmann::json;

namespace {

std::string newId() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_int_distribution<unsigned> hex(0, 15);
    std::string id;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) id += '-';
        unsigned v = hex(rng);
        if (i == 12) v = 4;                     // version 4
        if (i == 16) v = 8 + (v & 3);           // variant
        id += "0123456789abcdef"[v];
    }
    return id;
}

Json toJson(const Row& row) {
    Json out = Json::object();
    for (const auto& [key, value] : row) out[key] = value ? Json(*value) : Json(nullptr);
    return out;
}

void reply(httplib::Response& res, int status, const Json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

void problem(httplib::Response& res, int status, const std::string& message) {
    reply(res, status, Json{{"error", message}});
}

/// Parses the body as a JSON object, or answers 400 and returns nullopt.
std::optional<Json> body(const httplib::Request& req, httplib::Response& res) {
    Json doc = Json::parse(req.body, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        problem(res, 400, "the body must be a JSON object");
        return std::nullopt;
    }
    return doc;
}

/// A required non-empty string field, or 400.
std::optional<std::string> field(const Json& doc, const char* name, httplib::Response& res) {
    auto it = doc.find(name);
    if (it == doc.end() || !it->is_string() || it->get<std::string>().empty()) {
        problem(res, 400, std::string("\"") + name + "\" is required and must be a string");
        return std::nullopt;
    }
    return it->get<std::string>();
}

Value optionalField(const Json& doc, const char* name) {
    auto it = doc.find(name);
    if (it == doc.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

/// Runs a handler; a database error becomes a 500 with its message, never a crash.
template <class F>
httplib::Server::Handler guarded(F f) {
    return [f](const httplib::Request& req, httplib::Response& res) {
        try {
            f(req, res);
        } catch (const std::exception& e) {
            problem(res, 500, e.what());
        }
    };
}

Json assertionDocument(const Row& a, const std::string& base) {
    return Json{{"@context", "https://w3id.org/openbadges/v2"},
                {"type", "Assertion"},
                {"id", base + "/v2/assertions/" + a.at("id").value_or("")},
                {"recipient",
                 {{"type", a.at("identity_type").value_or("email")},
                  {"identity", a.at("identity").value_or("")},
                  {"hashed", a.at("hashed").value_or("0") == "1" || a.at("hashed").value_or("") == "t"}}},
                {"badge", base + "/v2/badge-classes/" + a.at("badge_class_id").value_or("")},
                {"issuedOn", a.at("issued_on").value_or("")},
                {"revoked", a.at("revoked").value_or("0") == "1" || a.at("revoked").value_or("") == "t"},
                {"verification", {{"type", "hosted"}}}};
}

}  // namespace

void registerRoutes(httplib::Server& server, Database& db, std::size_t migrationCount) {
    server.Get("/health", guarded([&db, migrationCount](const httplib::Request&, httplib::Response& res) {
        auto rows = db.query("SELECT count(*) AS issuers FROM issuers");
        reply(res, 200,
              Json{{"status", "ok"},
                   {"database", db.dialect()},
                   {"migrations", migrationCount},
                   {"issuers", std::stoll(rows.at(0).at("issuers").value_or("0"))}});
    }));

    server.Get("/v2/issuers", guarded([&db](const httplib::Request&, httplib::Response& res) {
        Json out = Json::array();
        for (const auto& row : db.query("SELECT id, name, url, email, description FROM issuers ORDER BY name, id"))
            out.push_back(toJson(row));
        reply(res, 200, out);
    }));

    server.Post("/v2/issuers", guarded([&db](const httplib::Request& req, httplib::Response& res) {
        auto doc = body(req, res);
        if (!doc) return;
        auto name = field(*doc, "name", res);
        if (!name) return;
        const std::string id = newId();
        db.exec("INSERT INTO issuers (id, name, url, email, description) VALUES (?, ?, ?, ?, ?)",
                {id, *name, optionalField(*doc, "url"), optionalField(*doc, "email"),
                 optionalField(*doc, "description")});
        reply(res, 201, toJson(db.query("SELECT id, name, url, email, description FROM issuers WHERE id = ?", {id}).at(0)));
    }));

    server.Get(R"(/v2/issuers/([^/]+))", guarded([&db](const httplib::Request& req, httplib::Response& res) {
        auto rows = db.query("SELECT id, name, url, email, description FROM issuers WHERE id = ?", {req.matches[1].str()});
        if (rows.empty()) return problem(res, 404, "no such issuer");
        reply(res, 200, toJson(rows[0]));
    }));

    server.Get(R"(/v2/issuers/([^/]+)/badge-classes)", guarded([&db](const httplib::Request& req, httplib::Response& res) {
        Json out = Json::array();
        for (const auto& row : db.query("SELECT id, issuer_id, name, description, criteria_url FROM badge_classes "
                                        "WHERE issuer_id = ? ORDER BY name, id",
                                        {req.matches[1].str()}))
            out.push_back(toJson(row));
        reply(res, 200, out);
    }));

    server.Post("/v2/badge-classes", guarded([&db](const httplib::Request& req, httplib::Response& res) {
        auto doc = body(req, res);
        if (!doc) return;
        auto issuer = field(*doc, "issuerId", res);
        if (!issuer) return;
        auto name = field(*doc, "name", res);
        if (!name) return;
        auto description = field(*doc, "description", res);
        if (!description) return;
        if (db.query("SELECT id FROM issuers WHERE id = ?", {*issuer}).empty())
            return problem(res, 422, "no such issuer");
        const std::string id = newId();
        db.exec("INSERT INTO badge_classes (id, issuer_id, name, description, criteria_url) VALUES (?, ?, ?, ?, ?)",
                {id, *issuer, *name, *description, optionalField(*doc, "criteriaUrl")});
        reply(res, 201, toJson(db.query("SELECT id, issuer_id, name, description, criteria_url FROM badge_classes "
                                        "WHERE id = ?",
                                        {id})
                                   .at(0)));
    }));

    server.Post("/v2/assertions", guarded([&db](const httplib::Request& req, httplib::Response& res) {
        auto doc = body(req, res);
        if (!doc) return;
        auto badgeClass = field(*doc, "badgeClassId", res);
        if (!badgeClass) return;
        auto recipient = doc->find("recipient");
        if (recipient == doc->end() || !recipient->is_object()) return problem(res, 400, "\"recipient\" is required");
        auto identity = field(*recipient, "identity", res);
        if (!identity) return;
        std::string type = optionalField(*recipient, "type").value_or("email");
        auto badge = db.query("SELECT issuer_id FROM badge_classes WHERE id = ?", {*badgeClass});
        if (badge.empty()) return problem(res, 422, "no such badge class");
        auto existing = db.query("SELECT id FROM recipient_identities WHERE identity_type = ? AND identity = ?",
                                 {type, *identity});
        std::string recipientId = existing.empty() ? newId() : *existing[0].at("id");
        if (existing.empty())
            db.exec("INSERT INTO recipient_identities (id, identity_type, identity) VALUES (?, ?, ?)",
                    {recipientId, type, *identity});
        const std::string id = newId();
        db.exec("INSERT INTO assertions (id, badge_class_id, issuer_id, recipient_id, evidence_narrative) "
                "VALUES (?, ?, ?, ?, ?)",
                {id, *badgeClass, badge[0].at("issuer_id"), recipientId, optionalField(*doc, "evidence")});
        res.set_header("Location", "/v2/assertions/" + id);
        reply(res, 201, Json{{"id", id}});
    }));

    server.Get(R"(/v2/assertions/([^/]+))", guarded([&db](const httplib::Request& req, httplib::Response& res) {
        auto rows = db.query(
            "SELECT a.id, a.badge_class_id, a.issued_on, a.revoked, r.identity_type, r.identity, r.hashed "
            "FROM assertions a JOIN recipient_identities r ON r.id = a.recipient_id WHERE a.id = ?",
            {req.matches[1].str()});
        if (rows.empty()) return problem(res, 404, "no such assertion");
        reply(res, 200, assertionDocument(rows[0], "http://" + req.get_header_value("Host")));
    }));
}

}  // namespace badges
