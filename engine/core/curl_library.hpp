// libcurl, loaded on first use with dlopen instead of linked. Linking it made every launch of Counterpart
// (terminal player and window app alike) load libcurl and the ~30 libraries it needs (GnuTLS, Kerberos,
// LDAP, ...), relocate them and run their initialisers before main, about 11 ms of CPU per start, although
// only the learning record store (LRS) client uses it. Now it is loaded the first time an LRS operation
// needs it, and a machine without it still runs everything else; each LRS operation then fails with a
// message naming the library and the loader's reason.
//
// Every libcurl call in the project goes through CurlLibrary (the build no longer links libcurl, so a direct
// call would not link). <curl/curl.h> still gives the types and constants.
#pragma once

#include <string>

#include <curl/curl.h>

namespace cp {

// The library file asked for: the soname of Debian's libcurl4 (the ABI <curl/curl.h> describes).
inline constexpr const char* kLibcurlName = "libcurl.so.4";
// A test and diagnostic knob: another library file (name or path) to load instead of kLibcurlName.
inline constexpr const char* kLibcurlEnv = "COUNTERPART_LIBCURL";

// The libcurl functions Counterpart uses, resolved from the loaded library; each has the type the header
// declares for its namesake (curl_easy_setopt and so on).
struct CurlLibrary {
    decltype(&::curl_global_init) global_init = nullptr;
    decltype(&::curl_easy_init) easy_init = nullptr;
    decltype(&::curl_easy_setopt) easy_setopt = nullptr;
    decltype(&::curl_easy_perform) easy_perform = nullptr;
    decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
    decltype(&::curl_easy_reset) easy_reset = nullptr;
    decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
    decltype(&::curl_easy_strerror) easy_strerror = nullptr;
    decltype(&::curl_slist_append) slist_append = nullptr;
    decltype(&::curl_slist_free_all) slist_free_all = nullptr;
};

// libcurl, loaded, resolved and globally initialised once per process (thread-safe; it stays loaded until
// exit). Null when that failed, with `error` saying why: "libcurl.so.4 could not be loaded (DLERROR)...".
// The outcome is kept: a failure is not retried within the process.
const CurlLibrary* curl_library(std::string& error);

}  // namespace cp
