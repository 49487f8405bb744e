// Finding the PostgreSQL client programs (pg_dump, pg_restore, psql) that suit a server.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ob::migrate::postgres::detail {

struct ClientTools {
    std::filesystem::path directory;
    int major = 0;  ///< their PostgreSQL major version
    std::string path(const std::string& program) const { return (directory / program).string(); }
};

/// The PostgreSQL major version `pg_dump --version` and friends print ("pg_dump (PostgreSQL) 15.4
/// (Debian ...)": 15), or 0 when the text has none.
int parseClientMajor(const std::string& versionText);

/// A directory holding every one of `programs` fit for a server of major version `serverMajor`:
/// searched in `searchPath`, or when that is empty in Debian's /usr/lib/postgresql/<serverMajor>/bin
/// first, then PATH, then the other /usr/lib/postgresql/<major>/bin. The first directory of the
/// server's major version wins, else the oldest newer one (pg_dump refuses newer servers). Throws
/// Error saying which programs are needed and where they were looked for, for `purpose` (e.g.
/// "to back up postgresql://h:5432/app").
ClientTools findClientTools(const std::vector<std::string>& programs, int serverMajor,
                            const std::vector<std::string>& searchPath, const std::string& purpose);

}  // namespace ob::migrate::postgres::detail
