# render_links_no_driver, run with cmake -P and
#   RENDER_EXE   the render_tests executable (links ob::migrate only)
#   DRIVER_EXE   an executable that does link the SQLite driver (the control: proves the check sees one)
# Fails when RENDER_EXE loads a driver's shared library (ldd) or holds a driver's symbols (nm: a
# static SQLiteCpp or libpqxx linked in), or when the same check finds nothing in DRIVER_EXE.
cmake_minimum_required(VERSION 3.16)
set(driver_pattern "(libSQLiteCpp|libsqlite3|libpqxx|libpq\\.)|(SQLite::|pqxx::|sqlite3_|PQexec)")

# drivers_in(<exe> <out var>): the driver libraries and symbols found in <exe>, empty when none.
function(drivers_in exe out)
  execute_process(COMMAND ldd "${exe}" OUTPUT_VARIABLE libs RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ldd ${exe} failed: ${err}")
  endif()
  execute_process(COMMAND nm -C "${exe}" OUTPUT_VARIABLE symbols RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nm ${exe} failed: ${err}")
  endif()
  string(REGEX MATCHALL "${driver_pattern}" found "${libs}\n${symbols}")
  list(REMOVE_DUPLICATES found)
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

drivers_in("${DRIVER_EXE}" control)
if(NOT control)
  message(FATAL_ERROR "the check is blind: it finds no driver in ${DRIVER_EXE}, which links SQLiteCpp")
endif()
drivers_in("${RENDER_EXE}" found)
if(found)
  message(FATAL_ERROR "${RENDER_EXE} renders SQL but pulls in a database driver: ${found}")
endif()
message(STATUS "no driver in ${RENDER_EXE} (the control ${DRIVER_EXE} has: ${control})")
