# ob-migrate studio (included by src/cli/CMakeLists.txt, in its directory scope): the sources of the
# `studio` subcommand go into ob_migrate_cli, with the page of studio/assets compiled in at build time.
# Needs cpp-httplib (Debian: libcpp-httplib-dev, found by cmake/FindHttplib.cmake) and threads.
find_package(Httplib REQUIRED)
find_package(Threads REQUIRED)

set(_studio_dir "${CMAKE_CURRENT_LIST_DIR}")
set(_studio_assets index.html studio.css studio.js table.js favicon.svg)
set(_studio_asset_files "")
foreach(_a IN LISTS _studio_assets)
  list(APPEND _studio_asset_files "${_studio_dir}/assets/${_a}")
endforeach()
set(_studio_generated "${CMAKE_CURRENT_BINARY_DIR}/studio_generated/studio_assets.cpp")
string(REPLACE ";" "," _studio_asset_arg "${_studio_assets}")
add_custom_command(
  OUTPUT "${_studio_generated}"
  COMMAND "${CMAKE_COMMAND}" "-DSTUDIO_ASSET_DIR=${_studio_dir}/assets" "-DSTUDIO_ASSETS=${_studio_asset_arg}"
          "-DSTUDIO_OUT=${_studio_generated}" -P "${_studio_dir}/embed_assets.cmake"
  DEPENDS ${_studio_asset_files} "${_studio_dir}/embed_assets.cmake"
  COMMENT "Embedding the ob-migrate studio page"
  VERBATIM)

target_sources(ob_migrate_cli PRIVATE
  ${_studio_dir}/command.cpp
  ${_studio_dir}/server.cpp
  ${_studio_dir}/security.cpp
  ${_studio_dir}/api.cpp
  ${_studio_dir}/api_rows.cpp
  ${_studio_dir}/connection.cpp
  ${_studio_dir}/catalog.cpp
  ${_studio_dir}/values.cpp
  ${_studio_dir}/sqlite_source.cpp
  "${_studio_generated}")
if(TARGET ob_migrate_postgres)
  target_sources(ob_migrate_cli PRIVATE ${_studio_dir}/postgres_source.cpp)
endif()
# ob_migrate_cli is installed and exported: it takes Httplib::httplib's parts (the library file, the
# header folder, the defines the library was built with) rather than the imported target, which an
# installed package could not name. Only server.cpp includes httplib.h.
get_target_property(_studio_httplib_library Httplib::httplib IMPORTED_LOCATION)
get_target_property(_studio_httplib_includes Httplib::httplib INTERFACE_INCLUDE_DIRECTORIES)
get_target_property(_studio_httplib_defines Httplib::httplib INTERFACE_COMPILE_DEFINITIONS)
if(_studio_httplib_defines)
  set_property(SOURCE ${_studio_dir}/server.cpp APPEND PROPERTY COMPILE_DEFINITIONS ${_studio_httplib_defines})
endif()
target_include_directories(ob_migrate_cli PRIVATE ${_studio_httplib_includes})
target_link_libraries(ob_migrate_cli PRIVATE ${_studio_httplib_library} Threads::Threads OpenSSL::Crypto)
