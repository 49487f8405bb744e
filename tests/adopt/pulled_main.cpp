// The project CLI of a schema that `ob-migrate pull` wrote (the file built with this one).
#include <ob/migrate/cli.hpp>
#include <ob/migrate/dsl.hpp>

ob::migrate::dsl::Definition appSchema();

int main(int argc, char** argv) { return ob::migrate::cli::run(argc, argv, appSchema); }
