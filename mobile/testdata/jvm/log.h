/* A stand-in for the NDK's <android/log.h>, which gobind's JNI glue
 * includes: TestJVMBinding copies it to android/log.h in an include
 * directory so that the glue compiles for a desktop JVM. Messages go to
 * standard error. */
#ifndef OCTET_STUB_ANDROID_LOG_H
#define OCTET_STUB_ANDROID_LOG_H

#include <stdio.h>

#define ANDROID_LOG_UNKNOWN 0
#define ANDROID_LOG_DEFAULT 1
#define ANDROID_LOG_VERBOSE 2
#define ANDROID_LOG_DEBUG 3
#define ANDROID_LOG_INFO 4
#define ANDROID_LOG_WARN 5
#define ANDROID_LOG_ERROR 6
#define ANDROID_LOG_FATAL 7
#define ANDROID_LOG_SILENT 8

#define __android_log_print(prio, tag, ...) \
	(fprintf(stderr, "%s: ", (tag)), fprintf(stderr, __VA_ARGS__), fputc('\n', stderr))
#define __android_log_write(prio, tag, text) fprintf(stderr, "%s: %s\n", (tag), (text))

#endif
