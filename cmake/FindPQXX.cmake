# FindPQXX — libpqxx through pkg-config (Debian's libpqxx-dev ships no CMake package).
# Provides the imported target PQXX::pqxx and PQXX_FOUND / PQXX_VERSION.
include(FindPackageHandleStandardArgs)
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_PQXX QUIET libpqxx)
  pkg_check_modules(PC_PQ QUIET libpq)
endif()

find_path(PQXX_INCLUDE_DIR pqxx/pqxx HINTS ${PC_PQXX_INCLUDE_DIRS})
find_library(PQXX_LIBRARY NAMES pqxx HINTS ${PC_PQXX_LIBRARY_DIRS})
find_library(PQ_LIBRARY NAMES pq HINTS ${PC_PQ_LIBRARY_DIRS})
find_path(PQ_INCLUDE_DIR libpq-fe.h HINTS ${PC_PQ_INCLUDE_DIRS} PATH_SUFFIXES postgresql)
set(PQXX_VERSION "${PC_PQXX_VERSION}")

find_package_handle_standard_args(PQXX
  REQUIRED_VARS PQXX_LIBRARY PQXX_INCLUDE_DIR PQ_LIBRARY
  VERSION_VAR PQXX_VERSION)

if(PQXX_FOUND AND NOT TARGET PQXX::pqxx)
  add_library(PQXX::pqxx UNKNOWN IMPORTED)
  set_target_properties(PQXX::pqxx PROPERTIES
    IMPORTED_LOCATION "${PQXX_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${PQXX_INCLUDE_DIR};${PQ_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${PQ_LIBRARY}")
endif()
mark_as_advanced(PQXX_INCLUDE_DIR PQXX_LIBRARY PQ_LIBRARY PQ_INCLUDE_DIR)
