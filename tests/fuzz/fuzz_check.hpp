// A property check for fuzz targets: a violated property aborts with a message (libFuzzer then
// saves the input as a crash). Exceptions other than ob::migrate::Error escape the targets on
// purpose: anything else thrown on bad input is a bug.
#pragma once

#include <cstdio>
#include <cstdlib>

#define OB_FUZZ_CHECK(condition, what)                                                        \
    do {                                                                                      \
        if (!(condition)) {                                                                   \
            std::fprintf(stderr, "property violated: %s (%s:%d): %s\n", #condition, __FILE__, \
                         __LINE__, what);                                                     \
            std::abort();                                                                     \
        }                                                                                     \
    } while (false)
