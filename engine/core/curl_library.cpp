#include "curl_library.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

namespace cp {

namespace {

// What the one load came to: the functions, or why there are none.
struct LoadOutcome {
    CurlLibrary library;
    bool ok = false;
    std::string error;
};

// dlerror()'s text, or a stand-in when the loader gave none.
std::string loader_reason() {
    const char* reason = dlerror();
    return reason ? reason : "no reason given by the dynamic loader";
}

// Resolves `symbol` into `target`; false (with `error` set) when the library lacks it.
template <class Function>
bool resolve(void* handle, const char* symbol, const std::string& name, Function& target,
             std::string& error) {
    dlerror();  // clear any earlier error, so a null result is told apart from a failure
    void* address = dlsym(handle, symbol);
    if (!address) {
        error = name + " was loaded but lacks " + symbol + " (" + loader_reason() + "): it is not libcurl 4";
        return false;
    }
    // POSIX guarantees a function's address survives the trip through void* (dlsym returns it that way).
    target = reinterpret_cast<Function>(address);
    return true;
}

LoadOutcome load() {
    LoadOutcome outcome;
    const char* chosen = std::getenv(kLibcurlEnv);
    const std::string name = chosen && *chosen ? chosen : kLibcurlName;
    // RTLD_LOCAL: libcurl's symbols (and those of what it pulls in) stay out of the global namespace, so
    // nothing else can bind to them by accident. RTLD_NOW: a broken install fails here, not mid-request.
    void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        outcome.error = name + " could not be loaded (" + loader_reason() +
                        "), so nothing can be sent to or read from a learning record store; install libcurl4";
        return outcome;
    }
    CurlLibrary& lib = outcome.library;
    std::string& error = outcome.error;
    if (!resolve(handle, "curl_global_init", name, lib.global_init, error) ||
        !resolve(handle, "curl_easy_init", name, lib.easy_init, error) ||
        !resolve(handle, "curl_easy_setopt", name, lib.easy_setopt, error) ||
        !resolve(handle, "curl_easy_perform", name, lib.easy_perform, error) ||
        !resolve(handle, "curl_easy_getinfo", name, lib.easy_getinfo, error) ||
        !resolve(handle, "curl_easy_reset", name, lib.easy_reset, error) ||
        !resolve(handle, "curl_easy_cleanup", name, lib.easy_cleanup, error) ||
        !resolve(handle, "curl_easy_strerror", name, lib.easy_strerror, error) ||
        !resolve(handle, "curl_slist_append", name, lib.slist_append, error) ||
        !resolve(handle, "curl_slist_free_all", name, lib.slist_free_all, error)) {
        dlclose(handle);  // nothing of it was used
        return outcome;
    }
    // Never unloaded: curl_global_init's state (TLS library included) lives until the process ends.
    if (CURLcode rc = lib.global_init(CURL_GLOBAL_DEFAULT); rc != CURLE_OK) {
        outcome.error = name + " could not start (curl_global_init: " + lib.easy_strerror(rc) + ")";
        return outcome;
    }
    outcome.ok = true;
    return outcome;
}

}  // namespace

const CurlLibrary* curl_library(std::string& error) {
    static std::once_flag once;
    static LoadOutcome outcome;
    // The window app's background sender, witness check and connection test each run off the frame thread.
    std::call_once(once, [] { outcome = load(); });
    if (!outcome.ok) {
        error = outcome.error;
        return nullptr;
    }
    return &outcome.library;
}

}  // namespace cp
