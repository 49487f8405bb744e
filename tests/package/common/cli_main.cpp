// A project's own migration command line, built on ob::migrate_cli.
#include <ob/migrate/cli.hpp>

int main(int argc, char** argv) { return ob::migrate::cli::run(argc, argv); }
