// valgrind memcheck on the ob-migrate CLI's main paths: migrate, status --json, a failing migration,
// and a no-op re-run. Any memcheck error (invalid read/write, use of uninitialised memory, a
// definite leak) makes valgrind exit 99, which fails the test. Registered only when valgrind exists
// and the build is not a sanitizer build.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "support.hpp"

namespace ob::migrate::test {
namespace {

constexpr int kMemcheckError = 99;

ProcessResult underValgrind(const std::vector<std::string>& args) {
    std::vector<std::string> argv{OB_MIGRATE_VALGRIND, "--tool=memcheck", "--quiet",
                                  fmt::format("--error-exitcode={}", kMemcheckError), "--leak-check=full",
                                  "--errors-for-leak-kinds=definite", "--show-leak-kinds=definite",
                                  "--track-fds=no", cliPath()};
    argv.insert(argv.end(), args.begin(), args.end());
    return runProcess(argv);
}

std::vector<FolderEntry> goodMigrations() {
    return {
        {"0000_users", "CREATE TABLE `users` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`email` text NOT NULL\n);\n"
                       "--> statement-breakpoint\nCREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);",
         0, true},
        {"0001_posts",
         "CREATE TABLE `posts` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`author_id` integer NOT NULL,\n"
         "\tFOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade\n);\n"
         "--> statement-breakpoint\nINSERT INTO `users` (`id`, `email`) VALUES (1, 'a@example.org');",
         0, true},
        {"0002_rebuild",
         "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n"
         "CREATE TABLE `__new_users` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`email` text NOT NULL,\n"
         "\t`name` text DEFAULT 'x' NOT NULL\n);\n--> statement-breakpoint\n"
         "INSERT INTO `__new_users`(\"id\", \"email\") SELECT \"id\", \"email\" FROM `users`;--> statement-breakpoint\n"
         "DROP TABLE `users`;--> statement-breakpoint\n"
         "ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint\n"
         "PRAGMA foreign_keys=ON;",
         0, true},
    };
}

}  // namespace

TEST_CASE("ob-migrate's main paths are clean under valgrind memcheck", "[valgrind]") {
    TempDir dir;
    const auto folder = dir / "migrations";
    const std::string db = (dir / "app.db").string();
    writeFolder(folder, "sqlite", goodMigrations());
    const std::vector<std::string> target{"--db-type", "sqlite", "--url", db, "--dir", folder.string()};
    auto with = [&](std::vector<std::string> tail) {
        std::vector<std::string> args = target;
        args.insert(args.end(), tail.begin(), tail.end());
        return args;
    };

    SECTION("migrate, then status --json, then a no-op migrate") {
        auto r = underValgrind(with({"migrate"}));
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
        REQUIRE(r.out.find("3 migrations applied") != std::string::npos);

        r = underValgrind(with({"status", "--json"}));
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
        REQUIRE(r.out.find("\"state\": \"applied\"") != std::string::npos);

        r = underValgrind(with({"migrate"}));
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
        REQUIRE(r.out.find("nothing to apply") != std::string::npos);
    }

    SECTION("a failing migration: exit 1 with the database's message, no memcheck error") {
        auto entries = goodMigrations();
        entries.push_back({"0003_broken", "CREATE TABLE `ok` (`id` integer);\n--> statement-breakpoint\n"
                                          "INSERT INTO `no_such_table` VALUES (1);",
                           0, true});
        writeFolder(folder, "sqlite", entries);
        auto r = underValgrind(with({"migrate"}));
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 1);  // not kMemcheckError
        REQUIRE(r.err.find("0003_broken") != std::string::npos);
        REQUIRE(r.err.find("no_such_table") != std::string::npos);

        r = underValgrind(with({"status", "--json"}));
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
        REQUIRE(r.out.find("\"state\": \"pending\"") != std::string::npos);
    }

    SECTION("bad usage and a missing folder") {
        auto r = underValgrind({"migrate", "--no-such-flag"});
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 2);
        r = underValgrind({"--db-type", "sqlite", "--url", db, "--dir", (dir / "absent").string(), "migrate"});
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 1);
        REQUIRE(r.err.find("absent") != std::string::npos);
    }
}

}  // namespace ob::migrate::test
