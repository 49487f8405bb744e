# package_tests, run with cmake -P and
#   OB_SOURCE_DIR, OB_BUILD_DIR   the ob-migrate source tree and this build of it
#   OB_WORK_DIR                   scratch folder (wiped): install prefix and consumer builds
#   OB_GENERATOR, OB_BUILD_TYPE, OB_CXX_COMPILER   as the main build
#   OB_SANITIZE                   the main build uses ASan+UBSan: consumers compile and link with them
#   OB_COMPONENTS                 comma-separated components this build has (sqlite,postgres,cli)
cmake_minimum_required(VERSION 3.19)

string(REPLACE "," ";" components "${OB_COMPONENTS}")
set(prefix "${OB_WORK_DIR}/prefix")
set(package_dir "${OB_SOURCE_DIR}/tests/package")
set(migrations "${package_dir}/common/migrations")
file(REMOVE_RECURSE "${OB_WORK_DIR}")
file(MAKE_DIRECTORY "${OB_WORK_DIR}")

# run(<what> <command>...): runs a command, stops the test with its output when it fails.
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}")
  endif()
  set(RUN_OUTPUT "${out}" PARENT_SCOPE)
  message(STATUS "${what}: ok")
endfunction()

function(expect_in_output what text)
  string(FIND "${RUN_OUTPUT}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what}: the output lacks '${text}':\n${RUN_OUTPUT}")
  endif()
endfunction()

# ---- 1. install this build into a fresh prefix ----
set(config_args "")
if(OB_BUILD_TYPE)
  set(config_args --config "${OB_BUILD_TYPE}")
endif()
run("cmake --install" "${CMAKE_COMMAND}" --install "${OB_BUILD_DIR}" --prefix "${prefix}" ${config_args})

file(GLOB_RECURSE config "${prefix}/*/ob-migrate-config.cmake")
if(NOT config)
  message(FATAL_ERROR "cmake --install did not install ob-migrate-config.cmake under ${prefix}")
endif()
get_filename_component(cmakedir "${config}" DIRECTORY)
set(expected
    "${prefix}/include/ob/migrate.hpp" "${prefix}/include/ob/migrate/embedded.hpp"
    "${prefix}/include/ob/migrate/sqlite/testing.hpp"
    "${cmakedir}/ob-migrate-config.cmake" "${cmakedir}/ob-migrate-config-version.cmake"
    "${cmakedir}/ob-migrate-targets.cmake" "${cmakedir}/ob-migrate-sqlite-targets.cmake"
    "${cmakedir}/ObMigrateEmbed.cmake" "${cmakedir}/ObMigrateEmbedGenerate.cmake")
set(unexpected "")
if("postgres" IN_LIST components)
  list(APPEND expected "${cmakedir}/ob-migrate-postgres-targets.cmake" "${cmakedir}/FindPQXX.cmake"
       "${prefix}/include/ob/migrate/postgres/dialect.hpp")
else()
  list(APPEND unexpected "${cmakedir}/ob-migrate-postgres-targets.cmake" "${prefix}/include/ob/migrate/postgres")
endif()
if("cli" IN_LIST components)
  list(APPEND expected "${cmakedir}/ob-migrate-cli-targets.cmake" "${prefix}/include/ob/migrate/cli.hpp"
       "${prefix}/bin/ob-migrate")
endif()
foreach(file IN LISTS expected)
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "cmake --install did not install ${file}")
  endif()
endforeach()
foreach(file IN LISTS unexpected)
  if(EXISTS "${file}")
    message(FATAL_ERROR "cmake --install installed ${file}, which this build does not have")
  endif()
endforeach()
message(STATUS "installed files: ok")

if("cli" IN_LIST components)
  run("installed ob-migrate --version" "${prefix}/bin/ob-migrate" --version)
  expect_in_output("installed ob-migrate --version" "ob-migrate ")
endif()

# ---- consumers ----
set(common_args -G "${OB_GENERATOR}" "-DCMAKE_CXX_COMPILER=${OB_CXX_COMPILER}")
if(OB_BUILD_TYPE)
  list(APPEND common_args "-DCMAKE_BUILD_TYPE=${OB_BUILD_TYPE}")
endif()
if(OB_SANITIZE)
  # The installed libraries are instrumented: their users compile and link with the sanitizers.
  list(APPEND common_args "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-omit-frame-pointer"
       "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined")
endif()

function(build_consumer name)
  set(build "${OB_WORK_DIR}/${name}")
  run("configure ${name}" "${CMAKE_COMMAND}" -S "${package_dir}/${name}" -B "${build}" ${common_args} ${ARGN})
  run("build ${name}" "${CMAKE_COMMAND}" --build "${build}" -j 2)
  run("run ${name}" "${build}/consumer" "${migrations}")
  expect_in_output("run ${name}" "upToDate applied both migrations")
  set(RUN_OUTPUT "${RUN_OUTPUT}" PARENT_SCOPE)
endfunction()

# ---- 2a. a component the package does not know fails find_package with the reason ----
set(unknown "${OB_WORK_DIR}/unknown_component")
file(WRITE "${unknown}/CMakeLists.txt" "cmake_minimum_required(VERSION 3.19)
project(unknown_component CXX)
find_package(ob-migrate CONFIG REQUIRED COMPONENTS sqlite sqllite)
")
execute_process(COMMAND "${CMAKE_COMMAND}" -S "${unknown}" -B "${unknown}/build" ${common_args}
                        "-DCMAKE_PREFIX_PATH=${prefix}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(REGEX REPLACE "[ \t\r\n]+" " " flat "${out}")
string(FIND "${flat}" "unknown component \"sqllite\": ob-migrate's components are sqlite, postgres and cli" at)
if(rc EQUAL 0 OR at EQUAL -1)
  message(FATAL_ERROR "find_package with an unknown component: expected a failure naming it (${rc}):\n${out}")
endif()
message(STATUS "unknown component refused: ok")

# ---- 2. find_package(ob-migrate CONFIG REQUIRED COMPONENTS sqlite postgres) + ob_migrate_embed ----
set(with_postgres OFF)
set(with_cli OFF)
if("postgres" IN_LIST components)
  set(with_postgres ON)
endif()
if("cli" IN_LIST components)
  set(with_cli ON)
endif()
build_consumer(find_package_consumer "-DCMAKE_PREFIX_PATH=${prefix}" "-DCONSUMER_EXPECTED_PREFIX=${prefix}"
               "-DCONSUMER_WITH_POSTGRES=${with_postgres}" "-DCONSUMER_WITH_CLI=${with_cli}")
if(with_postgres)
  expect_in_output("run find_package_consumer" "ob::migrate_postgres links and runs")
endif()

if(with_cli)
  # The project's own CLI, built on ob::migrate_cli, migrates a file and reports it.
  set(cli "${OB_WORK_DIR}/find_package_consumer/consumer-migrate")
  set(db "${OB_WORK_DIR}/cli.db")
  run("consumer-migrate migrate" "${cli}" --db-type sqlite --url "${db}" --dir "${migrations}" migrate)
  run("consumer-migrate status" "${cli}" --db-type sqlite --url "${db}" --dir "${migrations}" status --json)
  expect_in_output("consumer-migrate status" "\"0001_seed_items\"")
  string(REGEX MATCHALL "\"applied\"" applied "${RUN_OUTPUT}")
  list(LENGTH applied applied_count)
  if(NOT applied_count EQUAL 2)
    message(FATAL_ERROR "consumer-migrate status: expected 2 applied migrations:\n${RUN_OUTPUT}")
  endif()
endif()

# ---- 3. add_subdirectory(<source tree>) + ob_migrate_embed ----
build_consumer(subdirectory_consumer "-DOB_MIGRATE_SOURCE_DIR=${OB_SOURCE_DIR}")

file(REMOVE_RECURSE "${OB_WORK_DIR}")
message(STATUS "package_tests: all passed")
