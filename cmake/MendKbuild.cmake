# mend_add_kmodule(<target> MODULE <name> SOURCE_DIR <dir> SOURCES <files...>
#                  [KBUILD <file>] [INSTRUMENTED] [RUNTIME]
#                  [MAKE_ARGS <args...>] [DEPENDS <deps...>])
#
# Builds <name>.ko with Kbuild against MEND_KDIR. Kbuild of this kernel
# writes objects next to the sources, so the sources and the Kbuild file are
# copied into ${CMAKE_CURRENT_BINARY_DIR}/<target> first: the source tree
# stays clean and a plain and an instrumented build of one source can live
# side by side. INSTRUMENTED passes MEND=<checkout> so that the module's
# Kbuild line `ccflags-y += $(shell $(MEND)/tools/mend-config --cflags)`
# turns the plugin on, and rebuilds when the plugin changes. RUNTIME (implied
# by INSTRUMENTED) is for a module that calls into mend.ko, as every
# instrumented one does (__mend_check_report): modpost resolves those
# symbols, with their versions, from mend.ko's Module.symvers
# (KBUILD_EXTRA_SYMBOLS), so mend.ko is built first and a change of its
# exports rebuilds the module. The module lands in
# ${CMAKE_CURRENT_BINARY_DIR}/<target>/<name>.ko.
#
# KBUILD names the Kbuild file to use (default <dir>/Kbuild): a driver whose
# sources must stay untouched, such as one extracted from the kernel source
# at build time, gets its Kbuild file from elsewhere. DEPENDS may name
# targets: a SOURCE_DIR that another target fills at build time is listed
# there, so that it is complete before anything is copied from it.

# The target and the symbol table of mend.ko (runtime/CMakeLists.txt).
set(MEND_RUNTIME_TARGET mend_runtime)
set(MEND_RUNTIME_SYMVERS ${CMAKE_BINARY_DIR}/runtime/mend_runtime/Module.symvers)

function(mend_add_kmodule target)
  cmake_parse_arguments(K "INSTRUMENTED;RUNTIME" "MODULE;SOURCE_DIR;KBUILD"
    "SOURCES;MAKE_ARGS;DEPENDS" ${ARGN})
  if(NOT K_KBUILD)
    set(K_KBUILD ${K_SOURCE_DIR}/Kbuild)
  endif()
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${target})
  set(copies)
  foreach(f Kbuild ${K_SOURCES})
    if(f STREQUAL Kbuild)
      set(src ${K_KBUILD})
    else()
      set(src ${K_SOURCE_DIR}/${f})
    endif()
    add_custom_command(OUTPUT ${dir}/${f}
      COMMAND ${CMAKE_COMMAND} -E copy_if_different ${src} ${dir}/${f}
      DEPENDS ${src} ${K_DEPENDS}
      COMMENT "" VERBATIM)
    list(APPEND copies ${dir}/${f})
  endforeach()
  set(make_args ${K_MAKE_ARGS})
  set(deps ${copies} ${K_DEPENDS})
  if(K_INSTRUMENTED)
    list(APPEND make_args MEND=${MEND_ROOT})
    # Kbuild recompiles an object when its sources, headers or command line
    # change, not when mend.so or the annotations it reads do: a new plugin
    # or description deletes the objects, so that they are compiled again.
    set(objs)
    foreach(f ${K_SOURCES})
      if(f MATCHES "\\.c$")
        string(REGEX REPLACE "\\.c$" ".o" o ${f})
        list(APPEND objs ${dir}/${o})
      endif()
    endforeach()
    add_custom_command(OUTPUT ${dir}/plugin.stamp
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
      COMMAND ${CMAKE_COMMAND} -E rm -f ${objs}
      COMMAND ${CMAKE_COMMAND} -E touch ${dir}/plugin.stamp
      DEPENDS mend_plugin ${MEND_TOOLS}/mend-config
        ${MEND_ROOT}/annotations/kernel-api.mend
        ${MEND_ROOT}/annotations/kernel.mend
      COMMENT "" VERBATIM)
    list(APPEND deps ${dir}/plugin.stamp)
    set(K_RUNTIME TRUE)
  endif()
  if(K_RUNTIME)
    list(APPEND make_args KBUILD_EXTRA_SYMBOLS=${MEND_RUNTIME_SYMVERS})
    # Kbuild does not notice that mend.ko's symbol versions changed: the
    # module would keep the old ones and fail to load ("disagrees about
    # version of symbol"). A new Module.symvers deletes the module's own,
    # modpost's output, so that modpost runs again with the new versions.
    add_custom_command(OUTPUT ${dir}/runtime.stamp
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
      COMMAND ${CMAKE_COMMAND} -E rm -f ${dir}/Module.symvers
      COMMAND ${CMAKE_COMMAND} -E touch ${dir}/runtime.stamp
      DEPENDS ${MEND_RUNTIME_SYMVERS}
      COMMENT "" VERBATIM)
    list(APPEND deps ${MEND_RUNTIME_SYMVERS} ${dir}/runtime.stamp)
  endif()
  # Module.symvers is a product too: modules that call into this one
  # depend on it (see RUNTIME).
  add_custom_command(OUTPUT ${dir}/${K_MODULE}.ko ${dir}/Module.symvers
    COMMAND ${CMAKE_COMMAND} -E env --unset=MAKEFLAGS MEND_BUILD_DIR=${CMAKE_BINARY_DIR}
      make -C ${MEND_KDIR} M=${dir} CC=${MEND_KERNEL_GCC} ${make_args} modules
    DEPENDS ${deps}
    COMMENT "Kbuild ${K_MODULE}.ko (${target})"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${dir}/${K_MODULE}.ko)
  if(K_RUNTIME)
    # Target order, so that the file dependency on mend.ko's Module.symvers
    # (made in another directory) is there when this module builds.
    add_dependencies(${target} ${MEND_RUNTIME_TARGET})
  endif()
endfunction()

# mend_add_kmodule_variants(<prefix> <mend_add_kmodule arguments...>)
#
# A driver's two builds from one source, <prefix>_plain and
# <prefix>_instrumented: what the differential tests and benchmarks compare.
function(mend_add_kmodule_variants prefix)
  mend_add_kmodule(${prefix}_plain ${ARGN})
  mend_add_kmodule(${prefix}_instrumented INSTRUMENTED ${ARGN})
endfunction()
