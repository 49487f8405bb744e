# Compiler settings shared by every ob::migrate target (kept off the exported targets).
include_guard(GLOBAL)

add_library(ob_migrate_build_options INTERFACE)
target_compile_features(ob_migrate_build_options INTERFACE cxx_std_17)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_compile_options(ob_migrate_build_options INTERFACE -Wall -Wextra -Wpedantic)
endif()
if(OB_MIGRATE_SANITIZE)
  target_compile_options(ob_migrate_build_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(ob_migrate_build_options INTERFACE -fsanitize=address,undefined)
endif()

# ob_migrate_target_defaults(<target>): private build options, not exported.
function(ob_migrate_target_defaults target)
  target_link_libraries(${target} PRIVATE $<BUILD_INTERFACE:ob_migrate_build_options>)
endfunction()
