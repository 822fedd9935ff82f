// Runs a benchmark case in a child process, so the peak memory it reports is its own. A case that crashes,
// is killed or fails makes the whole benchmark fail: figures from a broken case are not figures.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace cp::bench {

// Cases that did not finish cleanly so far in this process.
inline int& failed_cases() {
    static int count = 0;
    return count;
}

// Ends the current case as a failure (from inside the child), saying why.
[[noreturn]] inline void fail_case(const char* why) {
    std::fprintf(stderr, "benchmark case failed: %s\n", why);
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(1);
}

// Runs `f` in a child and waits for it; returns false (and counts a failure) unless it exited with 0.
template <class F>
bool in_child(F f) {
    std::fflush(stdout);
    std::fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        std::fprintf(stderr, "benchmark case failed: cannot fork: %s\n", std::strerror(errno));
        ++failed_cases();
        return false;
    }
    if (pid == 0) {
        f();
        std::fflush(stdout);
        _exit(0);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            std::fprintf(stderr, "benchmark case failed: waitpid: %s\n", std::strerror(errno));
            ++failed_cases();
            return false;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
    if (WIFSIGNALED(status))
        std::fprintf(stderr, "benchmark case failed: killed by signal %d (%s)\n", WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
    else
        std::fprintf(stderr, "benchmark case failed: exit status %d\n", WEXITSTATUS(status));
    ++failed_cases();
    return false;
}

// The benchmark's exit status: 1 when any case failed.
inline int exit_status() {
    if (failed_cases() > 0) std::fprintf(stderr, "%d benchmark case(s) failed\n", failed_cases());
    return failed_cases() > 0 ? 1 : 0;
}

}  // namespace cp::bench
