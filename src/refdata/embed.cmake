# Turns a file into a C array: cmake -DIN=file -DOUT=file.c -P embed.cmake
# A missing input gives an empty snapshot (the first build, before data/ is generated).
if(EXISTS "${IN}")
  file(READ "${IN}" hex HEX)
else()
  set(hex "")
endif()
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}" "/* Generated from data/refdata.tsv by embed.cmake. Do not edit. */\n#include <stddef.h>\nconst unsigned char ot_refdata_snapshot[] = {\n${bytes}0x00};\nconst size_t ot_refdata_snapshot_len = ${len};\n")
