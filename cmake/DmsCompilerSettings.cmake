# SPDX-License-Identifier: GPL-3.0-or-later
# One place for warnings and sanitizers, applied to every target we build.

# dms_apply_warnings(<target> [TEST]): a TEST target may build QStrings from
# plain literals, which keeps data tables readable.
function(dms_apply_warnings target)
    cmake_parse_arguments(ARG "TEST" "" "" ${ARGN})
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
        -Wcast-align -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
    if(DMS_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    # Qt's string literals must be explicit about their encoding.
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING QT_NO_CAST_FROM_BYTEARRAY
        QT_USE_QSTRINGBUILDER QT_NO_KEYWORDS)
    if(NOT ARG_TEST)
        target_compile_definitions(${target} PRIVATE QT_NO_CAST_FROM_ASCII)
    endif()
endfunction()

if(DMS_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
endif()
