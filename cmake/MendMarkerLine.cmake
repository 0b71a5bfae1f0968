# mend_marker_line(<var> <file> <marker>): the number of the line of <file>
# that holds <marker>, so that a build or a test names a source line
# without hard-coding it. <file> becomes a configure dependency: when it
# changes, the number is found again.
function(mend_marker_line var file marker)
  file(READ ${file} text)
  string(FIND "${text}" "${marker}" at)
  if(at LESS 0)
    message(FATAL_ERROR "${file}: no line holds '${marker}'")
  endif()
  string(SUBSTRING "${text}" 0 ${at} before)
  string(REGEX MATCHALL "\n" newlines "${before}")
  list(LENGTH newlines n)
  math(EXPR n "${n} + 1")
  set(${var} ${n} PARENT_SCOPE)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
endfunction()
