# Install rules and the CMake package `ob-migrate` (included when OB_MIGRATE_INSTALL is ON).
#
#   find_package(ob-migrate CONFIG REQUIRED COMPONENTS sqlite postgres)
#
# Export sets, one per component, all under the namespace ob:::
#   ob-migrate-targets           ob::migrate            always (the core)
#   ob-migrate-sqlite-targets    ob::migrate_sqlite     component sqlite (the default)
#   ob-migrate-postgres-targets  ob::migrate_postgres   component postgres, when built
#   ob-migrate-cli-targets       ob::migrate_cli        component cli, when built: the command line
#                                                       as a library, for a project's own CLI
# plus the ob-migrate program, the headers, FindPQXX.cmake (Debian's libpqxx has no CMake package)
# and ObMigrateEmbed.cmake (ob_migrate_embed()), which the package config includes.
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(OB_MIGRATE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/ob-migrate"
    CACHE STRING "Where the ob-migrate CMake package is installed, relative to the prefix")

# _ob_migrate_install_component(<target> <export name> <component>)
function(_ob_migrate_install_component target export_name component)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  if(component STREQUAL "core")
    set(set_name ob-migrate-targets)
  else()
    set(set_name ob-migrate-${component}-targets)
  endif()
  install(TARGETS ${target} EXPORT ${set_name}
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(EXPORT ${set_name} NAMESPACE ob:: DESTINATION ${OB_MIGRATE_INSTALL_CMAKEDIR})
endfunction()

# ---- libraries, one export set each ----
set(OB_MIGRATE_PACKAGE_COMPONENTS sqlite)
_ob_migrate_install_component(ob_migrate migrate core)
_ob_migrate_install_component(ob_migrate_sqlite migrate_sqlite sqlite)
set(header_excludes "")
if(TARGET ob_migrate_postgres)
  _ob_migrate_install_component(ob_migrate_postgres migrate_postgres postgres)
  list(APPEND OB_MIGRATE_PACKAGE_COMPONENTS postgres)
  install(FILES "${PROJECT_SOURCE_DIR}/cmake/FindPQXX.cmake" DESTINATION ${OB_MIGRATE_INSTALL_CMAKEDIR})
else()
  list(APPEND header_excludes PATTERN postgres EXCLUDE)
endif()
if(TARGET ob_migrate_cli)
  _ob_migrate_install_component(ob_migrate_cli migrate_cli cli)
  list(APPEND OB_MIGRATE_PACKAGE_COMPONENTS cli)
else()
  list(APPEND header_excludes PATTERN cli.hpp EXCLUDE)
endif()
# The backends ob::migrate_cli links: the config loads them with the cli component.
set(OB_MIGRATE_CLI_BACKENDS ${OB_MIGRATE_PACKAGE_COMPONENTS})
list(REMOVE_ITEM OB_MIGRATE_CLI_BACKENDS cli)

# ---- the program ----
if(TARGET ob-migrate)
  install(TARGETS ob-migrate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# ---- headers ----
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp" ${header_excludes})

# ---- the package ----
set(config_dir "${PROJECT_BINARY_DIR}/ob-migrate-package")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/ob-migrate-config.cmake.in"
                              "${config_dir}/ob-migrate-config.cmake"
                              INSTALL_DESTINATION ${OB_MIGRATE_INSTALL_CMAKEDIR})
# 0.x: minor versions may break the API.
write_basic_package_version_file("${config_dir}/ob-migrate-config-version.cmake"
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES "${config_dir}/ob-migrate-config.cmake" "${config_dir}/ob-migrate-config-version.cmake"
              "${PROJECT_SOURCE_DIR}/cmake/ObMigrateEmbed.cmake"
              "${PROJECT_SOURCE_DIR}/cmake/ObMigrateEmbedGenerate.cmake"
        DESTINATION ${OB_MIGRATE_INSTALL_CMAKEDIR})
