# Finds cpp-httplib for the studio and its tests. Sets
#   OB_MIGRATE_HTTPLIB_INCLUDE_DIRS  where httplib.h is
#   OB_MIGRATE_HTTPLIB_LIBRARIES     what to link (Debian builds the implementation into libcpp-httplib)
#   OB_MIGRATE_HTTPLIB_DEFINITIONS   the CPPHTTPLIB_* switches that library was built with (they change
#                                    its classes' layout, so every user must compile with the same ones)
# through pkg-config (cpp-httplib.pc), else a header-only httplib.h on the include path. Include it
# wherever these are needed (it sets plain variables in the including scope).

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(OB_MIGRATE_HTTPLIB_PC QUIET cpp-httplib)
endif()
if(OB_MIGRATE_HTTPLIB_PC_FOUND)
  set(OB_MIGRATE_HTTPLIB_INCLUDE_DIRS ${OB_MIGRATE_HTTPLIB_PC_INCLUDE_DIRS})
  set(OB_MIGRATE_HTTPLIB_LIBRARIES ${OB_MIGRATE_HTTPLIB_PC_LINK_LIBRARIES})
  set(OB_MIGRATE_HTTPLIB_DEFINITIONS "")
  foreach(_flag IN LISTS OB_MIGRATE_HTTPLIB_PC_CFLAGS_OTHER)
    if(_flag MATCHES "^-D(.+)$")
      list(APPEND OB_MIGRATE_HTTPLIB_DEFINITIONS "${CMAKE_MATCH_1}")
    endif()
  endforeach()
else()
  find_path(OB_MIGRATE_HTTPLIB_INCLUDE_DIR httplib.h DOC "folder of cpp-httplib's httplib.h")
  if(NOT OB_MIGRATE_HTTPLIB_INCLUDE_DIR)
    message(FATAL_ERROR "ob-migrate studio needs cpp-httplib (Debian: libcpp-httplib-dev); "
                        "set OB_MIGRATE_HTTPLIB_INCLUDE_DIR to the folder of httplib.h")
  endif()
  set(OB_MIGRATE_HTTPLIB_INCLUDE_DIRS ${OB_MIGRATE_HTTPLIB_INCLUDE_DIR})
  set(OB_MIGRATE_HTTPLIB_LIBRARIES "")
  set(OB_MIGRATE_HTTPLIB_DEFINITIONS "")
endif()
find_package(Threads REQUIRED)
