# mend_add_kmodule(<target> MODULE <name> SOURCE_DIR <dir> SOURCES <files...>
#                  [INSTRUMENTED] [MAKE_ARGS <args...>] [DEPENDS <deps...>])
#
# Builds <name>.ko with Kbuild against MEND_KDIR. Kbuild of this kernel
# writes objects next to the sources, so the sources and the Kbuild file are
# copied into ${CMAKE_CURRENT_BINARY_DIR}/<target> first: the source tree
# stays clean and a plain and an instrumented build of one source can live
# side by side. INSTRUMENTED passes MEND=<checkout> so that the module's
# Kbuild line `ccflags-y += $(shell $(MEND)/tools/mend-config --cflags)`
# turns the plugin on, and rebuilds when the plugin changes. The module
# lands in ${CMAKE_CURRENT_BINARY_DIR}/<target>/<name>.ko.
function(mend_add_kmodule target)
  cmake_parse_arguments(K "INSTRUMENTED" "MODULE;SOURCE_DIR"
    "SOURCES;MAKE_ARGS;DEPENDS" ${ARGN})
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${target})
  set(copies)
  foreach(f Kbuild ${K_SOURCES})
    add_custom_command(OUTPUT ${dir}/${f}
      COMMAND ${CMAKE_COMMAND} -E copy_if_different ${K_SOURCE_DIR}/${f} ${dir}/${f}
      DEPENDS ${K_SOURCE_DIR}/${f}
      COMMENT "" VERBATIM)
    list(APPEND copies ${dir}/${f})
  endforeach()
  set(make_args ${K_MAKE_ARGS})
  set(deps ${copies} ${K_DEPENDS})
  if(K_INSTRUMENTED)
    list(APPEND make_args MEND=${MEND_ROOT})
    list(APPEND deps mend_plugin ${MEND_TOOLS}/mend-config)
  endif()
  add_custom_command(OUTPUT ${dir}/${K_MODULE}.ko
    COMMAND ${CMAKE_COMMAND} -E env --unset=MAKEFLAGS MEND_BUILD_DIR=${CMAKE_BINARY_DIR}
      make -C ${MEND_KDIR} M=${dir} CC=${MEND_KERNEL_GCC} ${make_args} modules
    DEPENDS ${deps}
    COMMENT "Kbuild ${K_MODULE}.ko (${target})"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${dir}/${K_MODULE}.ko)
endfunction()
