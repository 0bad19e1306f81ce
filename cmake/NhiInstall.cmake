# SPDX-License-Identifier: Apache-2.0
# Install helpers shared by the library and the CLI.
include_guard(GLOBAL)

# nhi_install_debug_info(TARGET DESTINATION COMPONENT): when NHI_SPLIT_DEBUG_INFO
# is on and the build has debug info, the installed TARGET (installed to
# DESTINATION by COMPONENT) is stripped. Its debug info is kept, by the
# `debug` component, in DESTINATION/.debug/NAME.debug and linked with
# .gnu_debuglink, where gdb looks first: a release install is small and a
# crash in it can still be debugged. Packages leave the debug component out.
# A static library is only stripped of its debug info.
function(nhi_install_debug_info target destination component)
  if(NOT NHI_SPLIT_DEBUG_INFO OR NOT CMAKE_OBJCOPY OR NOT CMAKE_BUILD_TYPE MATCHES "RelWithDebInfo|Debug")
    return()
  endif()
  set(file "\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${destination}/$<TARGET_FILE_NAME:${target}>")
  set(debug "\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${destination}/.debug/$<TARGET_FILE_NAME:${target}>.debug")
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "STATIC_LIBRARY")
    install(CODE "
      execute_process(COMMAND \"${CMAKE_OBJCOPY}\" --strip-debug \"${file}\" RESULT_VARIABLE r)
      if(r)
        message(FATAL_ERROR \"stripping ${file} failed\")
      endif()
    " COMPONENT ${component})
    return()
  endif()
  # Runs before the strip below (install rules run in order).
  install(CODE "
    get_filename_component(dir \"${debug}\" DIRECTORY)
    file(MAKE_DIRECTORY \"\${dir}\")
    execute_process(COMMAND \"${CMAKE_OBJCOPY}\" --only-keep-debug \"${file}\" \"${debug}\" RESULT_VARIABLE r)
    if(r)
      message(FATAL_ERROR \"keeping the debug info of ${file} failed\")
    endif()
    file(CHMOD \"${debug}\" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
  " COMPONENT debug)
  install(CODE "
    set(link \"\")
    if(EXISTS \"${debug}\")
      set(link \"--add-gnu-debuglink=${debug}\")
    endif()
    execute_process(COMMAND \"${CMAKE_OBJCOPY}\" --strip-debug --strip-unneeded \${link} \"${file}\" RESULT_VARIABLE r)
    if(r)
      message(FATAL_ERROR \"stripping ${file} failed\")
    endif()
  " COMPONENT ${component})
endfunction()
