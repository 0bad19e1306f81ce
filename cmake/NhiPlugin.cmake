# SPDX-License-Identifier: Apache-2.0
# nhi_add_plugin(NAME SOURCE...): target nhi_plugin_NAME, the plugin NAME.so,
# written in C99 against nhi/plugin.h alone, as docs/plugins.md describes.
include_guard(GLOBAL)

function(nhi_add_plugin name)
  set(target nhi_plugin_${name})
  add_library(${target} MODULE ${ARGN})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME ${name}
    PREFIX ""  # loaded by explicit path: acme_detector.so, not libacme_detector.so
    C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/libnhi/include)
  target_compile_options(${target} PRIVATE -Wall -Wextra -pedantic -Werror)
  # A plugin links no host symbol; -z defs turns an attempt into a link error.
  # (Sanitizer runtimes are resolved from the host, so not with NHI_SANITIZE.)
  if(NOT APPLE AND NOT NHI_SANITIZE AND CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_link_options(${target} PRIVATE -Wl,-z,defs)
  endif()
  # nhi refuses a plugin writable by group or others; with a umask of 002 the
  # linker would create exactly that.
  add_custom_command(TARGET ${target} POST_BUILD COMMAND chmod go-w $<TARGET_FILE:${target}> VERBATIM)
endfunction()
