# report-skips.cmake - run by ctest after the tests (CTEST_CUSTOM_POST_TEST, written by
# tests/CMakeLists.txt): prints why each skipped test program was skipped, from the log
# they append to (ORETRACE_SKIP_LOG, support/testutil.c) and ctest empties before a run.
# Usage: cmake -DLOG=build/Testing/Temporary/skipped.log -P tests/report-skips.cmake
if(NOT EXISTS "${LOG}")
  return()
endif()
file(STRINGS "${LOG}" reasons)
if(reasons)
  list(REMOVE_DUPLICATES reasons)
  list(SORT reasons)
  string(REPLACE ";" "\n  " text "${reasons}")
  message("Skipped, and why (the reference set is ../shared, or the folder in $ORETRACE_SHARED "
          "or in -DORETRACE_SHARED_DIR):\n  ${text}")
endif()
