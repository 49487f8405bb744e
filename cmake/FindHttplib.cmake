# FindHttplib — cpp-httplib as Debian ships it (libcpp-httplib-dev: a compiled library, a pkg-config
# file and no CMake package). Provides the imported target Httplib::httplib.
include(FindPackageHandleStandardArgs)
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_HTTPLIB QUIET cpp-httplib)
endif()
find_path(HTTPLIB_INCLUDE_DIR httplib.h HINTS ${PC_HTTPLIB_INCLUDE_DIRS})
find_library(HTTPLIB_LIBRARY NAMES cpp-httplib HINTS ${PC_HTTPLIB_LIBRARY_DIRS})
set(Httplib_VERSION "${PC_HTTPLIB_VERSION}")
find_package_handle_standard_args(Httplib REQUIRED_VARS HTTPLIB_INCLUDE_DIR HTTPLIB_LIBRARY VERSION_VAR Httplib_VERSION)
if(Httplib_FOUND AND NOT TARGET Httplib::httplib)
  find_package(Threads REQUIRED)
  add_library(Httplib::httplib UNKNOWN IMPORTED)
  set_target_properties(Httplib::httplib PROPERTIES
    IMPORTED_LOCATION "${HTTPLIB_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${HTTPLIB_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES Threads::Threads)
  # The library was built with these (SSL, zlib, brotli); the header must see the same.
  set(defines)
  foreach(flag ${PC_HTTPLIB_CFLAGS_OTHER})
    if(flag MATCHES "^-D(.+)")
      list(APPEND defines "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  if(defines)
    set_property(TARGET Httplib::httplib PROPERTY INTERFACE_COMPILE_DEFINITIONS "${defines}")
  endif()
endif()
mark_as_advanced(HTTPLIB_INCLUDE_DIR HTTPLIB_LIBRARY)
