#include "schema.hpp"

namespace badges {

ob::migrate::dsl::Definition badgesSchema() {
    using namespace ob::migrate::dsl;

    auto platformStatus = enumType("platform_status", {"active", "suspended"});
    auto identityType = enumType("identity_type", {"email", "url", "telephone", "did"});
    auto statusPurpose = enumType("status_purpose", {"revocation", "suspension"});

    auto users = table("users", {
        text("id").primaryKey().defaultRandom(),
        varchar("email", 320).notNull().unique(),
        text("display_name"),
        text("password_hash"),
        boolean("is_active").notNull().defaultValue(true),
        timestamp("created_at").notNull().defaultNow(),
        timestamp("updated_at"),
    });

    auto roles = table("roles", {
        serial("id").primaryKey(),
        varchar("name", 64).notNull().unique(),
        text("description"),
    });

    auto userRoles = table("user_roles", {
        text("user_id").notNull().references(users, "id").onDelete(Action::Cascade),
        integer("role_id").notNull().references(roles, "id").onDelete(Action::Cascade),
        timestamp("granted_at").notNull().defaultNow(),
    }).primaryKey({"user_id", "role_id"});

    auto apiKeys = table("api_keys", {
        text("id").primaryKey().defaultRandom(),
        text("user_id").notNull().references(users, "id").onDelete(Action::Cascade),
        text("name").notNull(),
        text("key_hash").notNull().unique(),
        jsonb("scopes").notNull().defaultJson("[]"),
        timestamp("last_used_at"),
        timestamp("expires_at"),
        boolean("revoked").notNull().defaultValue(false),
        timestamp("created_at").notNull().defaultNow(),
    })
        .index("api_keys_user_idx", {"user_id"})
        .index("api_keys_active_idx", {"user_id"}, "\"revoked\" = false");

    auto platforms = table("platforms", {
        text("id").primaryKey().defaultRandom(),
        text("name").notNull(),
        varchar("client_id", 255).notNull().unique(),
        text("client_secret_hash"),
        jsonb("redirect_uris").notNull().defaultJson("[]"),
        platformStatus("status").notNull().defaultValue("active"),
        timestamp("created_at").notNull().defaultNow(),
    });

    auto platformUsers = table("platform_users", {
        text("platform_id").notNull().references(platforms, "id").onDelete(Action::Cascade),
        text("user_id").notNull().references(users, "id").onDelete(Action::Cascade),
        text("external_id").notNull(),
        timestamp("created_at").notNull().defaultNow(),
    })
        .primaryKey({"platform_id", "user_id"})
        .unique({"platform_id", "external_id"});

    auto issuers = table("issuers", {
        text("id").primaryKey(),
        text("name").notNull(),
        text("url"),
        text("email"),
        text("description"),
        text("image"),
        jsonb("public_key"),
        text("owner_id").references(users, "id").onDelete(Action::SetNull),
        timestamp("created_at").notNull().defaultNow(),
        timestamp("updated_at"),
    }).index("issuers_owner_idx", {"owner_id"});

    auto badgeClasses = table("badge_classes", {
        text("id").primaryKey(),
        text("issuer_id").notNull().references(issuers, "id").onDelete(Action::Cascade),
        text("name").notNull(),
        text("description").notNull(),
        text("image"),
        text("criteria_url"),
        text("criteria_narrative"),
        jsonb("tags").notNull().defaultJson("[]"),
        timestamp("created_at").notNull().defaultNow(),
    }).index("badge_class_issuer_idx", {"issuer_id"});

    auto alignments = table("alignments", {
        serial("id").primaryKey(),
        text("badge_class_id").notNull().references(badgeClasses, "id").onDelete(Action::Cascade),
        text("target_name").notNull(),
        text("target_url").notNull(),
        text("target_description"),
        text("target_framework"),
        text("target_code"),
    }).index("alignments_badge_class_idx", {"badge_class_id"});

    auto recipientIdentities = table("recipient_identities", {
        text("id").primaryKey().defaultRandom(),
        text("user_id").references(users, "id").onDelete(Action::SetNull),
        identityType("identity_type").notNull().defaultValue("email"),
        text("identity").notNull(),
        boolean("hashed").notNull().defaultValue(false),
        text("salt"),
        timestamp("created_at").notNull().defaultNow(),
    }).unique({"identity_type", "identity"});

    auto statusLists = table("status_lists", {
        text("id").primaryKey(),
        text("issuer_id").notNull().references(issuers, "id").onDelete(Action::Cascade),
        statusPurpose("purpose").notNull().defaultValue("revocation"),
        text("encoded_list").notNull(),
        integer("next_index").notNull().defaultValue(0),
        integer("size").notNull().defaultValue(131072),
        timestamp("created_at").notNull().defaultNow(),
        timestamp("updated_at"),
    }).check("status_lists_size_check", "\"size\" > 0 AND \"next_index\" >= 0");

    auto assertions = table("assertions", {
        text("id").primaryKey(),
        text("badge_class_id").notNull().references(badgeClasses, "id").onDelete(Action::Cascade),
        text("issuer_id").notNull().references(issuers, "id").onDelete(Action::Cascade),
        text("recipient_id").notNull().references(recipientIdentities, "id").onDelete(Action::Restrict),
        timestamp("issued_on").notNull().defaultNow(),
        timestamp("expires_at"),
        boolean("revoked").notNull().defaultValue(false),
        text("revocation_reason"),
        text("status_list_id").references(statusLists, "id").onDelete(Action::SetNull),
        integer("status_list_index"),
        text("evidence_narrative"),
        jsonb("credential"),
        timestamp("created_at").notNull().defaultNow(),
    })
        .index("assertions_badge_class_idx", {"badge_class_id"})
        .index("assertions_recipient_idx", {"recipient_id"})
        .uniqueIndex("assertions_status_entry_idx", {"status_list_id", "status_list_index"},
                     "\"status_list_id\" IS NOT NULL")
        .check("assertions_status_index_check", "\"status_list_index\" IS NULL OR \"status_list_index\" >= 0");

    auto evidence = table("evidence", {
        serial("id").primaryKey(),
        text("assertion_id").notNull().references(assertions, "id").onDelete(Action::Cascade),
        text("url"),
        text("narrative"),
        text("name"),
        text("description"),
        text("genre"),
        text("audience"),
    }).index("evidence_assertion_idx", {"assertion_id"});

    auto auditLog = table("audit_log", {
        bigserial("id").primaryKey(),
        text("actor_id").references(users, "id").onDelete(Action::SetNull),
        varchar("action", 64).notNull(),
        text("subject_type").notNull(),
        text("subject_id"),
        jsonb("details"),
        timestamptz("at").notNull().defaultNow(),
    }).index("audit_log_subject_idx", {"subject_type", "subject_id"});

    return schema({users, roles, userRoles, apiKeys, platforms, platformUsers, issuers, badgeClasses, alignments,
                   recipientIdentities, statusLists, assertions, evidence, auditLog},
                  {platformStatus, identityType, statusPurpose});
}

}  // namespace badges
