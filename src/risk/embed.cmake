# Turns a data file into a C byte array named NAME (with NAME_len), NUL-terminated:
#   cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed.cmake
# (refdata's embed.cmake does the same for its one snapshot.)
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
get_filename_component(base "${IN}" NAME)
file(WRITE "${OUT}" "/* Generated from data/${base} by src/risk/embed.cmake. Do not edit. */\n#include <stddef.h>\nconst unsigned char ${NAME}[] = {\n${bytes}0x00};\nconst size_t ${NAME}_len = ${len};\n")
