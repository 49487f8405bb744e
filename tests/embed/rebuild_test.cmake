# embed_rebuild: a throwaway project embeds a folder; the test edits the folder between builds and
# checks when the generated code follows. Run with cmake -P and
#   OB_SOURCE_DIR, OB_WORK_DIR, OB_GENERATOR, OB_CXX_COMPILER
cmake_minimum_required(VERSION 3.19)

set(project "${OB_WORK_DIR}/project")
set(build "${OB_WORK_DIR}/build")
set(folder "${project}/migrations")
set(generated "${build}/ob_migrate_embed/embedded/src/rebuild_db.cpp")
file(REMOVE_RECURSE "${OB_WORK_DIR}")

file(WRITE "${project}/CMakeLists.txt" "cmake_minimum_required(VERSION 3.19)
project(embed_rebuild CXX)
include(\"${OB_SOURCE_DIR}/cmake/ObMigrateEmbed.cmake\")
add_library(embedded OBJECT)
target_include_directories(embedded PRIVATE \"${OB_SOURCE_DIR}/include\")
target_compile_features(embedded PRIVATE cxx_std_17)
ob_migrate_embed(embedded DIRECTORY migrations NAMESPACE rebuild::db)
")

function(write_journal)  # write_journal(<tag>...)
  set(entries "")
  set(idx 0)
  foreach(tag ${ARGN})
    if(idx GREATER 0)
      string(APPEND entries ",")
    endif()
    math(EXPR when "1700000000000 + ${idx}")
    string(APPEND entries "{\"idx\":${idx},\"version\":\"6\",\"when\":${when},\"tag\":\"${tag}\",\"breakpoints\":true}")
    math(EXPR idx "${idx} + 1")
  endforeach()
  file(WRITE "${folder}/meta/_journal.json" "{\"version\":\"7\",\"dialect\":\"sqlite\",\"entries\":[${entries}]}")
endfunction()

# build(<expect: OK|FAIL> <step name>): runs the build, output in BUILD_OUTPUT.
function(build expect step)
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${build}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(expect STREQUAL "OK" AND NOT rc EQUAL 0)
    message(FATAL_ERROR "step '${step}': the build failed:\n${out}")
  elseif(expect STREQUAL "FAIL" AND rc EQUAL 0)
    message(FATAL_ERROR "step '${step}': the build succeeded but should have failed:\n${out}")
  endif()
  set(BUILD_OUTPUT "${out}" PARENT_SCOPE)
  message(STATUS "step '${step}': build ${expect} as expected")
endfunction()

# expect_generated(<step> [CONTAINS <text>...] [LACKS <text>...])
function(expect_generated step)
  cmake_parse_arguments(E "" "" "CONTAINS;LACKS" ${ARGN})
  file(READ "${generated}" code)
  foreach(text ${E_CONTAINS})
    string(FIND "${code}" "${text}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "step '${step}': the generated code lacks '${text}'")
    endif()
  endforeach()
  foreach(text ${E_LACKS})
    string(FIND "${code}" "${text}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "step '${step}': the generated code still has '${text}'")
    endif()
  endforeach()
endfunction()

# expect_output(<step> <text>...): the build output has every text (CMake wraps long messages).
function(expect_output step)
  # CMake wraps long messages at a width that depends on the paths in them: compare with white space folded.
  string(REGEX REPLACE "[ \t\r\n]+" " " flat "${BUILD_OUTPUT}")
  foreach(text ${ARGN})
    string(FIND "${flat}" "${text}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "step '${step}': the build output lacks '${text}':\n${BUILD_OUTPUT}")
    endif()
  endforeach()
endfunction()

# 0. No migrations yet: the folder does not exist, then it is empty. Configuring and building work
#    (a project CLI in the same project must build to write the first migration): an empty set.
execute_process(COMMAND "${CMAKE_COMMAND}" -S "${project}" -B "${build}" -G "${OB_GENERATOR}"
                        "-DCMAKE_CXX_COMPILER=${OB_CXX_COMPILER}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the throwaway project without a migrations folder failed:\n${out}")
endif()
build(OK "no folder yet")
expect_generated("no folder yet" CONTAINS "{\"meta/_journal.json\", nullptr, 0, \"\"}" "nullptr, 0};")
file(MAKE_DIRECTORY "${folder}/meta")
build(OK "empty folder")
expect_generated("empty folder" CONTAINS "nullptr, 0, \"\"}")

# 1. The journal lists a file that does not exist yet: the build stops and names it.
write_journal(0000_a 0001_b)
file(WRITE "${folder}/0000_a.sql" "CREATE TABLE a (x);")
build(FAIL "missing file")
expect_output("missing file" "0001_b.sql:" "missing migration file for journal entry 0001_b")

# 2. The file appears: the build embeds it.
file(WRITE "${folder}/0001_b.sql" "CREATE TABLE b (x);")
file(SHA256 "${folder}/0001_b.sql" b1)
build(OK "file added")
expect_generated("file added" CONTAINS "\"0001_b\"" "${b1}")

# 3. Editing that new file regenerates: it became an input when the build re-ran CMake.
file(WRITE "${folder}/0001_b.sql" "CREATE TABLE b (x, y);")
file(SHA256 "${folder}/0001_b.sql" b2)
build(OK "new file edited")
expect_generated("new file edited" CONTAINS "${b2}" LACKS "${b1}")

# 4. Editing a file known from the start regenerates.
file(SHA256 "${folder}/0000_a.sql" a1)
file(WRITE "${folder}/0000_a.sql" "CREATE TABLE a (x, z);")
file(SHA256 "${folder}/0000_a.sql" a2)
build(OK "file edited")
expect_generated("file edited" CONTAINS "${a2}" LACKS "${a1}")

# 5. A new journal entry and its file, written together.
file(WRITE "${folder}/0002_c.sql" "CREATE TABLE c (x);")
write_journal(0000_a 0001_b 0002_c)
file(SHA256 "${folder}/0002_c.sql" c1)
build(OK "entry added")
expect_generated("entry added" CONTAINS "\"0002_c\"" "${c1}")

# 6. A down migration beside its migration is embedded with it.
file(WRITE "${folder}/0002_c.down.sql" "DROP TABLE c;")
file(SHA256 "${folder}/0002_c.down.sql" d1)
build(OK "down file added")
expect_generated("down file added" CONTAINS "\"0002_c.down\"" "${d1}")

# 7. Nothing changed: nothing is regenerated or compiled.
build(OK "no change")
string(FIND "${BUILD_OUTPUT}" "Embedding migrations" at)
if(NOT at EQUAL -1)
  message(FATAL_ERROR "step 'no change': the build regenerated the code although nothing changed:\n${BUILD_OUTPUT}")
endif()

# 8. A broken journal stops the build with the journal's name.
file(WRITE "${folder}/meta/_journal.json" "{\"version\":\"7\",\"entries\":[")
build(FAIL "broken journal")
expect_output("broken journal" "meta/_journal.json:" "not a Drizzle Kit journal")

file(REMOVE_RECURSE "${OB_WORK_DIR}")
message(STATUS "embed_rebuild: all steps passed")
