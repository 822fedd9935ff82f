// Runs a benchmark case in a child process, so the peak memory it reports is its own.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

namespace cp::bench {

template <class F>
void in_child(F f) {
    std::fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        f();
        std::fflush(stdout);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
}

}  // namespace cp::bench
