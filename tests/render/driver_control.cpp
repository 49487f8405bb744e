// The control of render_links_no_driver: opens a SQLite database through SQLiteCpp, so the driver
// is surely linked in.
#include <SQLiteCpp/Database.h>

int main() {
    SQLite::Database db(":memory:");
    return db.execAndGet("SELECT 1").getInt() == 1 ? 0 : 1;
}
