# ob_migrate_embed(<target> DIRECTORY <folder> NAMESPACE <ns> [HEADER <file>])
#
# Compiles a Drizzle Kit migrations folder (meta/_journal.json and every .sql file it lists) into
# <target> as generated C++ byte arrays, each with the SHA-256 CMake computes for it, and declares
#
#   namespace <ns> {
#   const ob::migrate::EmbeddedFolder& embeddedFolder() noexcept;
#   ob::migrate::MigrationSet migrations();   // through ob::migrate::loadEmbedded()
#   }
#
# in the generated header HEADER (default: the namespace as a path, app::db -> "app/db.hpp"), which
# <target> and whatever links it (in the build tree) can include. <target> must link ob::migrate
# (any backend target brings it). The code is regenerated at build time whenever a file of the
# folder changes; a file added to the folder makes the build re-run CMake first (CONFIGURE_DEPENDS).
# A folder that has no meta/_journal.json yet (or does not exist yet) gives an empty set, until the
# first migration is written into it.
# Needs CMake 3.19 or newer (string(JSON)).
include_guard(GLOBAL)

set_property(GLOBAL PROPERTY OB_MIGRATE_EMBED_GENERATOR "${CMAKE_CURRENT_LIST_DIR}/ObMigrateEmbedGenerate.cmake")

function(ob_migrate_embed target)
  cmake_parse_arguments(PARSE_ARGV 1 EMBED "" "DIRECTORY;NAMESPACE;HEADER" "")
  set(where "ob_migrate_embed(${target})")
  if(EMBED_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${where}: unexpected arguments: ${EMBED_UNPARSED_ARGUMENTS}")
  endif()
  if(CMAKE_VERSION VERSION_LESS 3.19)
    message(FATAL_ERROR "${where}: needs CMake 3.19 or newer (this is ${CMAKE_VERSION})")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "${where}: no target named ${target}")
  endif()
  if(NOT EMBED_DIRECTORY)
    message(FATAL_ERROR "${where}: DIRECTORY <migrations folder> is required")
  endif()
  if(NOT EMBED_NAMESPACE MATCHES "^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$")
    message(FATAL_ERROR "${where}: NAMESPACE must be a C++ namespace such as app::db (got \"${EMBED_NAMESPACE}\")")
  endif()

  get_filename_component(dir "${EMBED_DIRECTORY}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  # A folder with no migrations yet (missing, empty, or without meta/_journal.json) embeds an empty
  # set, so that a project CLI built in the same project can write the first one. A path that is
  # not a folder is a mistake.
  if(EXISTS "${dir}" AND NOT IS_DIRECTORY "${dir}")
    message(FATAL_ERROR "${where}: DIRECTORY ${dir} is a file, not a migrations folder")
  endif()

  string(REPLACE "::" "_" stem "${EMBED_NAMESPACE}")
  if(EMBED_HEADER)
    set(header "${EMBED_HEADER}")
  else()
    string(REPLACE "::" "/" header "${EMBED_NAMESPACE}")
    string(APPEND header ".hpp")
  endif()

  # The name errors and Migration::file show: the folder relative to the project, never a build path.
  file(RELATIVE_PATH origin "${PROJECT_SOURCE_DIR}" "${dir}")
  if(origin MATCHES "^\\.\\./" OR origin STREQUAL "")
    get_filename_component(origin "${dir}" NAME)
  endif()

  set(gen "${CMAKE_CURRENT_BINARY_DIR}/ob_migrate_embed/${target}")
  set(cpp "${gen}/src/${stem}.cpp")
  set(hpp "${gen}/include/${header}")

  # Every file of the folder is an input; adding or removing one re-runs CMake at build time.
  file(GLOB_RECURSE inputs CONFIGURE_DEPENDS LIST_DIRECTORIES false "${dir}/*")
  get_property(generator GLOBAL PROPERTY OB_MIGRATE_EMBED_GENERATOR)

  add_custom_command(
    OUTPUT "${cpp}" "${hpp}"
    COMMAND "${CMAKE_COMMAND}" "-DOB_EMBED_DIR=${dir}" "-DOB_EMBED_NAMESPACE=${EMBED_NAMESPACE}"
            "-DOB_EMBED_ORIGIN=embedded:${origin}" "-DOB_EMBED_HEADER=${header}"
            "-DOB_EMBED_CPP=${cpp}" "-DOB_EMBED_HPP=${hpp}" -P "${generator}"
    DEPENDS ${inputs} "${generator}"
    COMMENT "Embedding migrations ${origin} into ${target} (${EMBED_NAMESPACE})"
    VERBATIM)
  target_sources(${target} PRIVATE "${cpp}" "${hpp}")
  target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${gen}/include>")
endfunction()
